"""Approvals: held requests a human decides, redeemable once for exactly that request.

Evaluate opens an approval when a ``require_approval`` rule holds a request: the item is
stored pending, bound to a fingerprint of the request, and one message asks ApprovalIntake
to start the workflow (named by the approval id). The workflow hands ReviewNotifier a task
token; a reviewer's decision completes the task. Whichever of the two comes second
completes it: the decision is a conditional write on a pending approval, the token is
stored only while the approval is pending, so exactly one of them sees the other.

Redemption (evaluate with ``approval_id``): an approved approval for the same request waives
the rules that held it, once; rejected or expired blocks; a pending one is answered again
instead of opening another; unknown, foreign, consumed or another request's: ignored.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from policy_engine.caller import Caller
from policy_engine.clock import epoch_now, iso_at, now_iso
from policy_engine.errors import Conflict, Forbidden, NotFound
from policy_engine.logic import org_policy as org_policies
from policy_engine.logic.alerts import decision_summary
from policy_engine.logic.paging import Page, take
from policy_engine.models.approval import Approval, ApprovalStatus
from policy_engine.models.evaluate import ApprovalRef, Decision, EvaluateRequest, Violation
from policy_engine.models.ids import is_canonical_uuid
from policy_engine.models.integrations import CALL_METADATA_KEYS
from policy_engine.models.org_policy import OrgPolicy
from policy_engine.observability import logger, metrics
from policy_engine.rules.base import Action, Severity
from policy_engine.settings import get_settings
from policy_engine.store import get_approval_store, keys, messaging
from policy_engine.store.audit import AuditContention
from policy_engine.store.dynamo import TransactionConflict

# Every request field a rule or a condition can look at: an approval given for one request
# cannot be redeemed for a costlier one, another response, or the same text under another key.
# Only ``approval_id`` and ``dry_run`` (how to evaluate, not what) are left out.
FINGERPRINT_FIELDS = frozenset(
    {
        "model",
        "prompt",
        "messages",
        "response",
        "context",
        "max_tokens",
        "cost_usd",
        "api_key_prefix",
        "environment",
        "end_user_id",
        "connection_id",
        "metadata",
    }
)
APPROVAL_RULE = "approval"


def fingerprint(request: EvaluateRequest) -> str:
    doc = request.model_dump(mode="json", include=set(FINGERPRINT_FIELDS))
    doc["metadata"] = {k: v for k, v in doc["metadata"].items() if k not in CALL_METADATA_KEYS}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def status_of(item: dict[str, Any], now: float) -> ApprovalStatus:
    """A pending approval past its deadline is expired, whether or not the workflow recorded it."""
    status = ApprovalStatus(item["status"])
    if status is ApprovalStatus.PENDING and now >= item["deadline"]:
        return ApprovalStatus.EXPIRED
    return status


def view(item: dict[str, Any], now: float | None = None) -> Approval:
    fields = {name: item.get(name) for name in Approval.model_fields}
    fields["status"] = status_of(item, epoch_now() if now is None else now)
    return Approval.model_validate(fields)


# -- evaluate: redeem and open --


@dataclass(frozen=True)
class Redemption:
    """What an ``approval_id`` on an evaluate contributes."""

    waived: frozenset[str] = frozenset()  # policies whose approval rules no longer hold the request
    refused: Approval | None = None  # rejected or expired: the request is blocked
    pending: Approval | None = None  # still waiting: answer it again, open no other


def redemption_for(org_id: str, request: EvaluateRequest) -> Redemption:
    approval_id = request.approval_id or ""
    if not is_canonical_uuid(approval_id):
        return Redemption()
    store = get_approval_store()
    item = store.get(org_id, approval_id, consistent=True)
    bound_to = fingerprint(request)
    if item is None or item.get("fingerprint") != bound_to:
        return Redemption()
    status = status_of(item, epoch_now())
    if status is ApprovalStatus.PENDING:
        return Redemption(pending=view(item))
    if status in (ApprovalStatus.REJECTED, ApprovalStatus.EXPIRED):
        return Redemption(refused=view(item))
    if item.get("redeemed_at"):
        return Redemption()
    waived = frozenset(item["policy_ids"])
    if request.dry_run or store.redeem(org_id, approval_id, fingerprint=bound_to, at=now_iso()):
        return Redemption(waived=waived)
    return Redemption()  # a concurrent evaluate redeemed it first


def refusal(approval: Approval) -> Violation:
    return Violation(
        policy_id=APPROVAL_RULE,
        policy_name=f"Approval {approval.id}",
        policy_version=0,
        rule_type=APPROVAL_RULE,
        action=Action.BLOCK,
        severity=Severity.HIGH,
        message=f"the approval for this request was {approval.status.value}",
    )


def ref(approval: Approval) -> ApprovalRef:
    return ApprovalRef(id=approval.id, status=approval.status.value, expires_at=approval.expires_at)


def request_summary(decision: Decision, request: EvaluateRequest) -> dict[str, Any]:
    """What a reviewer sees: why the request was held and its non-text fields."""
    texts = [request.prompt] if request.prompt is not None else [m.content for m in request.messages or ()]
    return {
        **decision_summary(decision, request),
        "max_tokens": request.max_tokens,
        "cost_usd": request.cost_usd,
        "prompt_chars": sum(len(t) for t in texts),
        "message_count": len(request.messages or ()),
        "metadata": request.metadata,
    }


def open_approval(
    caller: Caller, request: EvaluateRequest, decision: Decision, policy_ids: list[str], org_policy: OrgPolicy
) -> ApprovalRef:
    """Store a pending approval and ask for its workflow. Store errors propagate (the caller's
    fail_mode answers); a workflow that cannot be asked for is logged: the approval can still
    be decided through the API and expires by its deadline."""
    now = epoch_now()
    deadline = int(now) + org_policy.approval_ttl_seconds
    approval = {
        "id": str(uuid.uuid4()),
        "status": ApprovalStatus.PENDING.value,
        "decision_id": decision.decision_id,
        "policy_ids": policy_ids,
        "request_summary": request_summary(decision, request),
        "requested_by": caller.key_id,
        "created_at": iso_at(now),
        "expires_at": iso_at(deadline),
        "fingerprint": fingerprint(request),
    }
    get_approval_store().create(
        caller.org_id, approval, deadline=deadline, expires_at=deadline + org_policy.retention_days * 86_400
    )
    unsent = messaging.send_messages(
        get_settings().require("approval_queue_url"),
        [{"org_id": caller.org_id, "approval_id": approval["id"], "deadline": deadline}],
    )
    if unsent:
        logger.error("approval workflow could not be requested", extra={"approval_id": approval["id"]})
        metrics.add_metric(name="ApprovalEnqueueFailed", unit="Count", value=1)
    return ApprovalRef(id=approval["id"], status="pending", expires_at=approval["expires_at"])


# -- the routes --


def get_approval(caller: Caller, approval_id: str) -> Approval:
    item = get_approval_store().get(caller.org_id, approval_id)
    if item is None:
        raise NotFound("no such approval")
    return view(item)


def list_approvals(caller: Caller, status: ApprovalStatus | None, *, limit: int, after: str | None) -> Page:
    """Newest first, items ``{"position", "doc"}``, filtered by the status a reader would see."""
    now = epoch_now()
    entries = (
        {"position": entry["position"], "doc": view(entry["item"], now).model_dump(mode="json")}
        for entry in get_approval_store().iter_feed(caller.org_id, before=after)
    )
    return take(entries, limit, lambda entry: status is None or entry["doc"]["status"] == status.value)


def outcome(item: dict[str, Any]) -> dict[str, Any]:
    """The task output the workflow branches on."""
    return {"status": item["status"], "reviewer": item.get("reviewer"), "decided_at": item.get("decided_at")}


def decide(caller: Caller, approval_id: str, status: ApprovalStatus, comment: str | None) -> Approval:
    """Exactly one decision wins; any later one (or one after the deadline) is a 409. With the
    org's ``approvals.require_distinct_reviewer`` (the default) the key whose request is held
    cannot decide it (403): a reviewer is someone else."""
    store = get_approval_store()
    now = epoch_now()
    held = store.get(caller.org_id, approval_id, consistent=True)
    if held is None:
        raise NotFound("no such approval")
    distinct = org_policies.current(caller.org_id).approvals.require_distinct_reviewer
    if distinct and held.get("requested_by") == caller.key_id:
        raise Forbidden(
            "the key that made the held request cannot decide its approval; another key must review it",
            [{"field": "approvals.require_distinct_reviewer", "message": "the org policy asks for another reviewer"}],
        )
    try:
        store.decide(
            caller.org_id,
            approval_id,
            status=status.value,
            reviewer=caller.key_id,
            comment=comment,
            at=iso_at(now),
            now=int(now),
        )
    except TransactionConflict:
        current = store.get(caller.org_id, approval_id, consistent=True)
        if current is None:
            raise NotFound("no such approval") from None
        raise Conflict(f"the approval is already {status_of(current, now).value}") from None
    except AuditContention:
        raise Conflict("the org's audit log is busy; retry the decision") from None
    item = store.get(caller.org_id, approval_id, consistent=True)
    assert item is not None  # just decided, and approvals are never deleted before their TTL
    token = item.get("task_token")
    if token:
        _complete(str(token), item)
    return view(item)


def _complete(token: str, item: dict[str, Any]) -> None:
    """Hand the decision to the waiting workflow. If that fails the decision still stands: the
    workflow times out, finds the recorded decision and publishes it."""
    try:
        if not messaging.send_task_success(token, outcome(item)):
            logger.warning("approval workflow task already gone", extra={"approval_id": item["id"]})
    except Exception as exc:
        logger.error("approval workflow could not be completed", extra={"error_type": type(exc).__name__})
        metrics.add_metric(name="ApprovalCompletionFailed", unit="Count", value=1)


# -- the workers --


class IntakeMessage(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    org_id: str = Field(min_length=1, max_length=128)
    approval_id: uuid.UUID
    deadline: int = Field(ge=0)


def start_workflow(message: IntakeMessage) -> bool:
    """Start the approval's workflow (a duplicate delivery starts nothing: False)."""
    approval_id = str(message.approval_id)
    timeout = max(1, int(message.deadline - epoch_now()))
    return messaging.start_execution(
        approval_id,
        {
            "org_id": message.org_id,
            "approval_id": approval_id,
            "key": {"pk": keys.approval_pk(message.org_id, approval_id), "sk": keys.APPROVAL_SK},
            "timeout_seconds": timeout,
        },
    )


class ReviewTask(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    org_id: str = Field(min_length=1, max_length=128)
    approval_id: uuid.UUID
    task_token: str = Field(min_length=1, max_length=8192)


def accept_review_task(task: ReviewTask) -> Approval | None:
    """Keep the workflow's task token on a pending approval and return it (to notify reviewers).
    If it was decided already, complete the task now and return None."""
    store = get_approval_store()
    approval_id = str(task.approval_id)
    if store.store_task_token(task.org_id, approval_id, task.task_token):
        item = store.get(task.org_id, approval_id, consistent=True)
        return view(item) if item is not None else None
    item = store.get(task.org_id, approval_id, consistent=True)
    if item is not None and item["status"] in (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED):
        messaging.send_task_success(task.task_token, outcome(item))
    else:
        messaging.send_task_failure(task.task_token, "ApprovalNotPending", "the approval is missing or not pending")
    return None
