"""Captured usage events: accepted in batches, judged after the fact, never enforced.

``POST /v1/events`` validates each event and queues the valid ones on EventsQueue (the org
comes from the caller's key); producers inside AWS put ``LLMUsageEvent`` events on the bus,
whose rule feeds the same queue (their detail names the org: the bus's PutEvents permission
is the trust boundary). EventEvaluator judges each one in detection-only mode: the decision
is stored with ``enforced: false`` and the verdict that would have applied, alert rules fire,
no approval is opened. The decision id is derived from the org and ``event_id``, so the same
event is stored (and alerted) once however often it is delivered.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from pydantic import ValidationError

from policy_engine.caller import Caller
from policy_engine.clock import now_iso
from policy_engine.errors import ValidationFailed, field_error
from policy_engine.logic import frameworks, publishing
from policy_engine.logic.evaluate import decision_of, judge, policy_set_for, stored_view
from policy_engine.models.errors import pydantic_details
from policy_engine.models.events import MAX_EVENTS, CapturedEvent, EventsAccepted, UsageEvent
from policy_engine.settings import get_settings
from policy_engine.store import get_decision_store, messaging

# SQS and EventBridge carry at most 256 KiB per message; the envelope needs some of it.
MAX_EVENT_BYTES = 240 * 1024
EVENT_NAMESPACE = uuid.UUID("6f1c2f0e-33a5-4c8e-9a43-8d1b7e0c2b51")


def decision_id_for(org_id: str, event_id: str) -> str:
    return str(uuid.uuid5(EVENT_NAMESPACE, f"{org_id}/{event_id}"))


def ingest(caller: Caller, body: Any) -> EventsAccepted:
    """Queue every valid event; each invalid (or unqueueable) one is reported by its index."""
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list) or not events:
        raise ValidationFailed('the body must be {"events": [...]}', [field_error("events", "a non-empty list")])
    if len(events) > MAX_EVENTS:
        raise ValidationFailed(
            f"at most {MAX_EVENTS} events per request", [field_error("events", f"has {len(events)} events")]
        )
    rejected: list[dict[str, Any]] = []
    queued: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(events):
        try:
            event = CapturedEvent.model_validate(raw)
        except ValidationError as exc:
            first = pydantic_details(exc)[0]
            rejected.append({"index": index, "error": f"{first['field']}: {first['message']}"})
            continue
        message = {"org_id": caller.org_id, **event.model_dump(mode="json", exclude={"approval_id", "dry_run"})}
        if len(json.dumps(message, separators=(",", ":")).encode()) > MAX_EVENT_BYTES:
            rejected.append({"index": index, "error": f"the event is larger than {MAX_EVENT_BYTES} bytes"})
            continue
        queued.append((index, message))
    unsent = (
        messaging.send_messages(get_settings().require("events_queue_url"), [message for _, message in queued])
        if queued
        else []
    )
    for position in unsent:
        rejected.append({"index": queued[position][0], "error": "the event could not be queued; send it again"})
    return EventsAccepted(accepted=len(queued) - len(unsent), rejected=sorted(rejected, key=lambda r: r["index"]))


def judge_event(event: UsageEvent) -> bool:
    """Judge and record one event; False when it was recorded and published before. Store or
    bus errors propagate, so the message is retried (and ends in the DLQ if it never works)."""
    started = time.perf_counter()
    org_id = event.org_id
    entry = policy_set_for(org_id)
    decision = decision_of(judge(entry, event), started, decision_id_for(org_id, event.event_id))
    created_at = now_iso()
    detail = publishing.decision_event(
        org_id,
        decision,
        event,
        entry.org_policy,
        created_at=created_at,
        stored=True,
        enforced=False,
        event_id=event.event_id,
    )
    doc = stored_view(decision, event, created_at, enforced=False, event_id=event.event_id)
    doc["occurred_at"] = event.model_dump(mode="json")["occurred_at"]
    expires_at = int(time.time()) + frameworks.retention_days(entry.org_policy) * 86_400
    store = get_decision_store()
    # Delivered again: publish only if the first delivery stored it but could not publish.
    if not store.put_once(org_id, doc, expires_at, unpublished=detail is not None) and not store.is_unpublished(
        org_id, decision.decision_id
    ):
        return False
    if detail is not None:
        publishing.publish_decision(detail)
        store.mark_published(org_id, decision.decision_id)
    return True
