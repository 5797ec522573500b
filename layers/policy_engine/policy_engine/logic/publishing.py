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

from policy_engine.store import messaging

DECISION_EVENT = "PolicyDecision"
APPROVAL_EVENT = "ApprovalDecided"
USAGE_EVENT = "LLMUsageEvent"  # what producers put on the bus to have usage judged (detection only)


def decision_detail(
    org_id: str,
    summary: dict[str, Any],
    *,
    created_at: str,
    enforced: bool,
    event_id: str | None,
    approval_id: str | None,
    alert_rules: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        **summary,
        "org_id": org_id,
        "created_at": created_at,
        "enforced": enforced,
        "event_id": event_id,
        "approval_id": approval_id,
        "alert_rules": alert_rules,
        "alerting": bool(alert_rules),
    }


def publish_decision(detail: dict[str, Any]) -> None:
    messaging.put_events(DECISION_EVENT, [detail])
