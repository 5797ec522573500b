"""Policy use cases: create, read, list, update, delete, versions, rollback.

Every write stores a new immutable version in the same transaction as the policy
itself. Updates are optimistic: a write succeeds only if the policy is still at the
version it was read at; without ``If-Match`` a lost race is retried on fresh data,
with it the caller gets 412.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from policy_engine.caller import Caller
from policy_engine.clock import now_iso
from policy_engine.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from policy_engine.logic import limits
from policy_engine.logic.paging import Page, take
from policy_engine.models.policy import PolicyContent, validate_policy_content
from policy_engine.store import get_policy_store
from policy_engine.store.policies import IdempotencyClaim, IdempotencyReplay, PolicyDoc, VersionConflict

CONTENT_FIELDS = tuple(PolicyContent.model_fields)
MAX_POLICY_BYTES = 300_000  # a DynamoDB item holds 400 KB; keep room for keys and attributes
UPDATE_ATTEMPTS = 5


def _content_doc(content: PolicyContent) -> dict[str, Any]:
    doc: dict[str, Any] = content.model_dump(mode="json")
    if len(json.dumps(doc)) > MAX_POLICY_BYTES:
        raise ValidationFailed(
            "the policy is too large",
            [{"field": "body", "message": f"a policy may hold at most {MAX_POLICY_BYTES} bytes of JSON"}],
        )
    return doc


def _version_doc(policy: PolicyDoc) -> PolicyDoc:
    """A PolicyVersion: the writable fields as they were, plus id, version, created_at/by."""
    doc = {field: policy[field] for field in CONTENT_FIELDS}
    doc.update(
        id=policy["id"], version=policy["version"], created_at=policy["updated_at"], created_by=policy["updated_by"]
    )
    return doc


def body_hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def create_policy(caller: Caller, body: Any, idempotency_key: str | None, idempotency_ttl: int) -> PolicyDoc:
    store = get_policy_store()
    claim = None
    if idempotency_key is not None:
        key_hash = hashlib.sha256(idempotency_key.encode()).hexdigest()
        claim = IdempotencyClaim(key_hash=key_hash, body_hash=body_hash(body), ttl_seconds=idempotency_ttl)
        replay = _replay(store.get_idempotency(caller.org_id, key_hash), claim)
        if replay is not None:
            return replay
    content = _content_doc(validate_policy_content(body))
    policy_id = str(uuid.uuid4())
    limits.check_policy_write(caller.org_id, policy_id, content, creating=True)
    now = now_iso()
    policy: PolicyDoc = {
        "id": policy_id,
        "org_id": caller.org_id,
        **content,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "created_by": caller.key_id,
        "updated_by": caller.key_id,
    }
    try:
        store.create(policy, _version_doc(policy), claim)
    except IdempotencyReplay as used:
        assert claim is not None
        replayed = _replay(used.record, claim)
        if replayed is not None:
            return replayed
        raise Conflict("this Idempotency-Key is expiring; retry the request") from None
    return policy


def _replay(record: dict[str, Any] | None, claim: IdempotencyClaim) -> PolicyDoc | None:
    if record is None or int(record.get("expires_at", 0)) < time.time():
        return None
    if record["body_hash"] != claim.body_hash:
        raise Conflict("this Idempotency-Key was already used with a different body")
    replayed: PolicyDoc = json.loads(record["response"])
    return replayed


def get_policy(caller: Caller, policy_id: str) -> PolicyDoc:
    policy = get_policy_store().get(caller.org_id, policy_id)
    if policy is None:
        raise NotFound("no such policy")
    return policy


def _matches_filters(policy: PolicyDoc, enabled: bool | None, rule_type: str | None, model: str | None) -> bool:
    if enabled is not None and policy["enabled"] is not enabled:
        return False
    if rule_type is not None and not any(rule["type"] == rule_type for rule in policy["rules"]):
        return False
    return model is None or policy["model"] is None or fnmatch.fnmatchcase(model.lower(), policy["model"].lower())


def list_policies(
    caller: Caller,
    *,
    limit: int,
    after_id: str | None,
    enabled: bool | None,
    rule_type: str | None,
    model: str | None,
) -> Page:
    items = get_policy_store().iter_policies(caller.org_id, after_id)
    return take(items, limit, lambda p: _matches_filters(p, enabled, rule_type, model))


def _check_if_match(policy: PolicyDoc, if_match: str | None) -> None:
    if if_match is None:
        return
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if "*" not in tags and str(policy["version"]) not in tags:
        raise PreconditionFailed(
            f"the policy is at version {policy['version']}", [{"field": "If-Match", "message": "stale version"}]
        )


def _write_next_version(
    caller: Caller, policy_id: str, if_match: str | None, action: str, next_content: Callable[[PolicyDoc], Any]
) -> PolicyDoc:
    """Read, build the next content, write conditionally; retry a lost race unless If-Match pins the version."""
    store = get_policy_store()
    for _ in range(UPDATE_ATTEMPTS):
        current = get_policy(caller, policy_id)
        _check_if_match(current, if_match)
        content = _content_doc(validate_policy_content(next_content(current)))
        limits.check_policy_write(caller.org_id, policy_id, content, creating=False)
        policy = {
            **current,
            **content,
            "version": current["version"] + 1,
            "updated_at": now_iso(),
            "updated_by": caller.key_id,
        }
        try:
            store.replace(policy, _version_doc(policy), expected_version=current["version"], action=action)
        except VersionConflict:
            if if_match is not None:
                raise PreconditionFailed("the policy changed while it was being updated") from None
            continue
        return policy
    raise Conflict("the policy is being changed by other requests; retry")


def update_policy(caller: Caller, policy_id: str, patch: Any, if_match: str | None) -> PolicyDoc:
    if not isinstance(patch, dict):
        raise ValidationFailed("the body must be a JSON object", [{"field": "body", "message": "expected an object"}])

    def patched(current: PolicyDoc) -> dict[str, Any]:
        return {**{field: current[field] for field in CONTENT_FIELDS}, **patch}

    return _write_next_version(caller, policy_id, if_match, "policy.update", patched)


def rollback_policy(caller: Caller, policy_id: str, version: int, if_match: str | None) -> PolicyDoc:
    get_policy(caller, policy_id)
    old = get_policy_store().get_version(caller.org_id, policy_id, version)
    if old is None:
        raise NotFound(f"the policy has no version {version}")
    return _write_next_version(
        caller, policy_id, if_match, "policy.rollback", lambda _: {field: old[field] for field in CONTENT_FIELDS}
    )


def delete_policy(caller: Caller, policy_id: str, if_match: str | None) -> None:
    store = get_policy_store()
    for _ in range(UPDATE_ATTEMPTS):
        current = get_policy(caller, policy_id)
        _check_if_match(current, if_match)
        try:
            store.delete(caller.org_id, policy_id, expected_version=current["version"], actor=caller.key_id)
        except VersionConflict:
            if if_match is not None:
                raise PreconditionFailed("the policy changed while it was being deleted") from None
            continue
        return
    raise Conflict("the policy is being changed by other requests; retry")


def list_versions(caller: Caller, policy_id: str, *, limit: int, before: int | None) -> Page:
    get_policy(caller, policy_id)
    return take(get_policy_store().iter_versions(caller.org_id, policy_id, before), limit, lambda _: True)


def get_version(caller: Caller, policy_id: str, version: int) -> PolicyDoc:
    get_policy(caller, policy_id)
    found = get_policy_store().get_version(caller.org_id, policy_id, version)
    if found is None:
        raise NotFound(f"the policy has no version {version}")
    return found
