"""Posting to the org's Slack webhooks: the alert rules' messages and review requests."""

from __future__ import annotations

from typing import Any

from policy_engine.logic import alerts
from policy_engine.models.org_policy import AlertRule, OrgPolicy
from policy_engine.observability import logger, metrics
from policy_engine.settings import get_settings
from policy_engine.webhook import WebhookError, WebhookOptions, post_json


def webhook_options() -> WebhookOptions:
    settings = get_settings()
    return WebhookOptions(
        timeout_seconds=settings.webhook_timeout_seconds,
        attempts=settings.webhook_attempts,
        backoff_seconds=settings.webhook_backoff_seconds,
        allow_loopback=settings.local_stack,
        allowed_hosts=settings.webhook_hosts,
    )


def rules_for(org_policy: OrgPolicy, references: list[dict[str, Any]]) -> list[AlertRule]:
    """The rules the references name; a rule removed since is skipped."""
    found = []
    for reference in references:
        rule = alerts.resolve(org_policy, reference)
        if rule is None:
            logger.warning("alert rule no longer exists; its alert is dropped", extra={"rule": reference.get("name")})
            metrics.add_metric(name="AlertsDropped", unit="Count", value=1)
        else:
            found.append(rule)
    return found


def post(rules: list[AlertRule], message_for: Any) -> None:
    """Post to each distinct webhook of ``rules``; ``message_for(rule)`` builds the message.
    Every webhook is tried, so one that fails never keeps the others from their message; if
    any failed, the whole message fails afterwards and SQS delivers it again (at least once)."""
    posted: set[str] = set()
    failures: list[str] = []
    for rule in rules:
        url = rule.notify.slack_webhook_url
        if url in posted:
            continue
        posted.add(url)
        try:
            post_json(url, message_for(rule), webhook_options())
        except WebhookError as error:
            failures.append(f"{rule.name}: {error}")
            continue
        metrics.add_metric(name="WebhooksPosted", unit="Count", value=1)
    if failures:
        metrics.add_metric(name="WebhooksFailed", unit="Count", value=len(failures))
        raise WebhookError("; ".join(failures))
