"""Alert rules: which decisions they match, and the Slack message a match posts.

A rule matches a decision that has at least one violation and meets every condition it
sets (absent conditions do not constrain):

- ``risk_level_gte``: the decision's risk level is at or above it;
- ``action_contains``: some violation's final action contains the text (``block`` matches
  ``block``; ``approval`` matches ``require_approval``);
- ``pii_detected``: whether some violation is of rule type ``pii``;
- ``agent_id_eq``: the request's ``metadata.agent_id`` equals it.

Summaries (``decision_summary``) carry what alerting needs and never the request's text.
"""

from __future__ import annotations

from typing import Any

from policy_engine.models.evaluate import Decision, EvaluateRequest
from policy_engine.models.org_policy import AlertCondition, AlertRule, OrgPolicy
from policy_engine.rules.base import SEVERITY_RANK, Severity

Summary = dict[str, Any]
_RISK_RANK = {"none": 0, **{s.value: rank for s, rank in SEVERITY_RANK.items()}}
MAX_LISTED_VIOLATIONS = 10


def decision_summary(decision: Decision, request: EvaluateRequest) -> Summary:
    agent_id = request.metadata.get("agent_id")
    return {
        "decision_id": decision.decision_id,
        "verdict": decision.verdict.value,
        "risk_level": decision.risk_level.value,
        "model": request.model,
        "environment": request.environment,
        "end_user_id": request.end_user_id,
        "connection_id": request.connection_id,
        "agent_id": None if agent_id is None else str(agent_id),
        "violations": [
            v.model_dump(mode="json", exclude={"matches", "rule_index"}) | {"matches": len(v.matches)}
            for v in decision.violations
        ],
    }


def _meets(condition: AlertCondition, summary: Summary) -> bool:
    violations = summary.get("violations") or []
    if not violations:
        return False
    risk = _RISK_RANK.get(str(summary.get("risk_level")), 0)
    if condition.risk_level_gte is not None and risk < Severity(condition.risk_level_gte).rank:
        return False
    if condition.action_contains is not None:
        wanted = condition.action_contains.lower()
        if not any(wanted in str(v.get("action")) for v in violations):
            return False
    pii = any(v.get("rule_type") == "pii" for v in violations)
    if condition.pii_detected is not None and condition.pii_detected != pii:
        return False
    return condition.agent_id_eq is None or summary.get("agent_id") == condition.agent_id_eq


def matching_rules(org_policy: OrgPolicy, summary: Summary) -> list[dict[str, Any]]:
    """The org's alert rules the decision matches, as references ``{"index", "name"}`` (the
    webhook URL stays in the org policy: it is a secret and is looked up when posting)."""
    return [
        {"index": index, "name": rule.name}
        for index, rule in enumerate(org_policy.alert_rules)
        if _meets(rule.condition, summary)
    ]


def resolve(org_policy: OrgPolicy, reference: dict[str, Any]) -> AlertRule | None:
    """The rule a reference names: same place and name, else the first of that name, else None
    (the rule was removed since; its alert is dropped)."""
    rules = org_policy.alert_rules
    index = reference.get("index")
    if isinstance(index, int) and 0 <= index < len(rules) and rules[index].name == reference.get("name"):
        return rules[index]
    return next((rule for rule in rules if rule.name == reference.get("name")), None)


def slack_text(value: Any) -> str:
    """Caller or policy text as Slack shows it literally: ``&``, ``<`` and ``>`` escaped (the
    only characters Slack's format gives a meaning to: links, mentions such as ``<!channel>``)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_code(value: Any) -> str:
    """An identifier as inline code: escaped, and without backticks, so it cannot end the code
    span and start formatting of its own."""
    return f"`{slack_text(value).replace('`', "'")}`"


def _violation_lines(summary: Summary) -> list[str]:
    violations = summary.get("violations") or []
    lines = [
        f"• {slack_text(v.get('policy_name'))} ({slack_code(v.get('rule_type'))}, {slack_text(v.get('severity'))}, "
        f"{slack_text(v.get('action'))}): {slack_text(v.get('message'))}"
        for v in violations[:MAX_LISTED_VIOLATIONS]
    ]
    if len(violations) > MAX_LISTED_VIOLATIONS:
        lines.append(f"• and {len(violations) - MAX_LISTED_VIOLATIONS} more")
    return lines


def alert_message(rule_name: str, summary: Summary) -> dict[str, Any]:
    """Slack message for a matched decision: policy, severity, verdict, decision id; no text.
    Every value that comes from a caller or a policy is escaped; identifiers are code."""
    mode = "" if summary.get("enforced", True) else " (detection only: not enforced)"
    head = (
        f"*Policy alert: {slack_text(rule_name)}*\n"
        f"Verdict *{slack_text(summary.get('verdict'))}*{mode} · risk *{slack_text(summary.get('risk_level'))}* · "
        f"decision {slack_code(summary.get('decision_id'))} · model {slack_code(summary.get('model'))}"
    )
    return {"text": "\n".join([head, *_violation_lines(summary)])}


def review_message(approval: dict[str, Any]) -> dict[str, Any]:
    """Slack message asking reviewers to decide an approval (escaped as ``alert_message``)."""
    summary = approval.get("request_summary") or {}
    approval_id = approval.get("id")
    head = (
        f"*Approval needed* {slack_code(approval_id)} · risk *{slack_text(summary.get('risk_level'))}* · "
        f"model {slack_code(summary.get('model'))} · expires {slack_text(approval.get('expires_at'))}\n"
        f"Decide with {slack_code(f'POST /v1/approvals/{approval_id}/approve')} or {slack_code('/reject')}"
    )
    return {"text": "\n".join([head, *_violation_lines(summary)])}
