"""Posting to the org's Slack webhooks: the alert rules' messages and review requests."""

from __future__ import annotations

import hashlib
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from policy_engine.clock import epoch_now
from policy_engine.logic import alerts
from policy_engine.models.org_policy import AlertRule, OrgPolicy
from policy_engine.observability import logger, metrics
from policy_engine.settings import get_settings
from policy_engine.store import get_delivery_store
from policy_engine.webhook import WebhookError, WebhookOptions, post_json

# Longer than a message can live in SQS (14 days at most), so no redelivery outlives its record.
DELIVERY_RECORD_SECONDS = 15 * 86_400


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


def post(org_id: str, subject: str, rules: list[AlertRule], message_for: Any) -> None:
    """Post to each distinct webhook of ``rules``; ``message_for(rule)`` builds the message.

    Every webhook is tried, so one that fails never keeps the others from their message; if
    any failed, the whole message fails afterwards and SQS delivers it again. Each webhook that
    answered is recorded under ``subject`` (``alert:<decision id>``, ``review:<approval id>``),
    so the redelivery posts only to the ones still owed: one post per webhook, short of a
    crash between a post and its record."""
    if not rules:
        return
    deliveries = get_delivery_store()
    done = deliveries.delivered(org_id, subject)
    expires_at = int(epoch_now()) + DELIVERY_RECORD_SECONDS
    failures: list[str] = []
    for rule in rules:
        url = rule.notify.slack_webhook_url
        digest = hashlib.sha256(url.encode()).hexdigest()
        if digest in done:
            continue
        done.add(digest)
        try:
            post_json(url, message_for(rule), webhook_options())
        except WebhookError as error:
            failures.append(f"{rule.name}: {error}")
            continue
        metrics.add_metric(name="WebhooksPosted", unit="Count", value=1)
        try:
            deliveries.record(org_id, subject, digest, expires_at=expires_at)
        except (BotoCoreError, ClientError) as exc:  # posted all the same: a redelivery may post it again
            logger.warning("webhook delivery not recorded", extra={"rule": rule.name, "error_type": type(exc).__name__})
    if failures:
        metrics.add_metric(name="WebhooksFailed", unit="Count", value=len(failures))
        raise WebhookError("; ".join(failures))
