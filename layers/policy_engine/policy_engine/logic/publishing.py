"""Events the service publishes on its EventBridge bus (source ``policy-governance``).

- ``PolicyDecision``: a stored decision with violations, or one an alert rule matched. The
  detail is the decision summary (``logic.alerts.decision_summary``: verdict, risk, the
  violations without their spans, the request's non-text fields) plus ``org_id``,
  ``created_at``, ``enforced``, ``event_id``, ``approval_id``, ``alert_rules`` (references to
  the org's matching alert rules) and ``alerting`` (true when there are any: the bus rule that
  feeds AlertsQueue matches on it).
- ``ApprovalDecided``: published by the approval workflow: ``org_id``, ``approval_id``, ``status``.

Other services subscribe with their own rules on the bus. No event carries request text.
"""

from __future__ import annotations

from typing import Any

from policy_engine.logic import alerts
from policy_engine.models.evaluate import Decision, EvaluateRequest
from policy_engine.models.org_policy import OrgPolicy
from policy_engine.store import messaging

DECISION_EVENT = "PolicyDecision"
APPROVAL_EVENT = "ApprovalDecided"
USAGE_EVENT = "LLMUsageEvent"  # what producers put on the bus to have usage judged (detection only)


def decision_event(
    org_id: str,
    decision: Decision,
    request: EvaluateRequest,
    org_policy: OrgPolicy,
    *,
    created_at: str,
    stored: bool,
    enforced: bool = True,
    event_id: str | None = None,
) -> dict[str, Any] | None:
    """The ``PolicyDecision`` detail of a decision, or None when nothing calls for publishing it
    (neither stored with violations nor matched by an alert rule). Nothing is built for the
    common clean decision: this runs on the evaluate hot path."""
    # A request held for approval is announced by the review request, not as an alert.
    may_alert = bool(org_policy.alert_rules and decision.violations) and decision.approval is None
    recorded = stored and bool(decision.violations)
    if not (may_alert or recorded):
        return None
    summary = alerts.decision_summary(decision, request)
    alert_rules = alerts.matching_rules(org_policy, summary) if may_alert else []
    if not (alert_rules or recorded):
        return None
    return {
        **summary,
        "org_id": org_id,
        "created_at": created_at,
        "enforced": enforced,
        "event_id": event_id,
        "approval_id": decision.approval.id if decision.approval else None,
        "alert_rules": alert_rules,
        "alerting": bool(alert_rules),
    }


def publish_decision(detail: dict[str, Any]) -> None:
    messaging.put_events(DECISION_EVENT, [detail])
