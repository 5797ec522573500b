"""API keys: minted with high entropy, shown once, stored only as a hash, revoked at once.

A key reads ``pgk_<key id, 32 hex>_<secret, 43 base62>``: the prefix makes a leaked key easy
to recognise (secret scanners), the id ties it to its record. Keys are found by the SHA-256
of the whole key, so any high-entropy string (such as a local DEV_API_KEY) can be registered.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from collections.abc import Iterable
from typing import Any

from policy_engine.caller import SCOPES, Caller
from policy_engine.clock import now_iso
from policy_engine.errors import Conflict, NotFound, ValidationFailed, field_error
from policy_engine.logic.paging import Page, take
from policy_engine.observability import logger
from policy_engine.settings import get_settings
from policy_engine.store import get_api_key_store, usage_plans
from policy_engine.store.audit import AuditEvent

KEY_PREFIX = "pgk_"
_ALPHABET = string.ascii_letters + string.digits
_SECRET_LENGTH = 43  # 43 base62 characters carry 256 bits
MIN_KEY_LENGTH, MAX_KEY_LENGTH = 20, 200
ADMIN = "admin"
SELF = "self"
REVOKE_ATTEMPTS = 5
DEFAULT_TIER = "standard"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check_secret(secret: str) -> None:
    if not (MIN_KEY_LENGTH <= len(secret) <= MAX_KEY_LENGTH) or not all(32 < ord(c) < 127 for c in secret):
        raise ValidationFailed(
            "invalid key", [{"field": "key", "message": "a key is 20 to 200 printable ASCII characters, no spaces"}]
        )


def usage_key_for(key_id: str) -> str:
    """The key's usage identifier in API Gateway: derived from the id, no secret (API Gateway takes
    it only from the authorizer, so a client can never present it)."""
    return f"{KEY_PREFIX}usage_{key_id.replace('-', '')}"


def create_key(
    org_id: str,
    name: str,
    scopes: Iterable[str],
    *,
    secret: str | None = None,
    actor: str = "bootstrap",
    tier: str = DEFAULT_TIER,
) -> tuple[dict[str, Any], str]:
    """Mint (or register ``secret`` as) a key of ``org_id``; returns the public record and the key.
    Where usage plans are configured the key is attached to its tier's plan first, so a key that
    exists is always throttled as its own."""
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        message = f"unknown scopes {unknown}" if unknown else "at least one scope is required"
        raise ValidationFailed("invalid scopes", [{"field": "scopes", "message": f"{message}; use {sorted(SCOPES)}"}])
    key_id = str(uuid.uuid4())
    if secret is None:
        secret = (
            f"{KEY_PREFIX}{uuid.UUID(key_id).hex}_{''.join(secrets.choice(_ALPHABET) for _ in range(_SECRET_LENGTH))}"
        )
    _check_secret(secret)
    record = {
        "id": key_id,
        "name": name,
        "scopes": wanted,
        "prefix": public_prefix(key_id),
        "created_at": now_iso(),
        "created_by": actor,
        "revoked_at": None,
    }
    event = AuditEvent(actor=actor, action="apikey.create", resource_type="api_key", resource_id=key_id)
    plans = get_settings().usage_plans
    stored = dict(record)
    if plans:
        if tier not in plans:
            raise ValidationFailed("invalid tier", [field_error("tier", f"use one of {sorted(plans)}")])
        stored.update(usage_tier=tier, usage_key_id=usage_plans.attach(key_id, usage_key_for(key_id), plans[tier]))
    try:
        get_api_key_store().put(org_id, stored, hash_key(secret), event)
    except Exception:
        if plans:
            _detach(stored)
        raise
    return record, secret


def _detach(record: dict[str, Any]) -> None:
    """Take a key's usage identifier out of its plan; a failure is logged (the authorizer refuses a
    revoked key whatever its plan says)."""
    plan = get_settings().usage_plans.get(str(record.get("usage_tier")))
    if plan is None or not record.get("usage_key_id"):
        return
    try:
        usage_plans.detach(str(record["usage_key_id"]), plan)
    except Exception as exc:
        logger.warning("usage identifier not detached", extra={"error_type": type(exc).__name__})


def authenticate(authorization: str | None) -> Caller | None:
    """The caller a ``Bearer`` header stands for, or None if missing, malformed, unknown or revoked."""
    found = identify(authorization)
    return found[0] if found else None


def identify(authorization: str | None) -> tuple[Caller, str] | None:
    """The caller and the usage identifier API Gateway meters it by: its own when the key is
    attached to a plan, else the shared one (empty where no usage plans are deployed)."""
    item = _live_key(authorization)
    if item is None:
        return None
    org_id = str(item["pk"]).removeprefix("ORG#")
    caller = Caller(org_id=org_id, key_id=str(item["id"]), scopes=frozenset(item.get("scopes") or []))
    usage = usage_key_for(caller.key_id) if item.get("usage_key_id") else get_settings().shared_usage_key
    return caller, usage


def _live_key(authorization: str | None) -> dict[str, Any] | None:
    if not authorization:
        return None
    scheme, _, presented = authorization.strip().partition(" ")
    presented = presented.strip()
    if scheme.lower() != "bearer" or not (MIN_KEY_LENGTH <= len(presented) <= MAX_KEY_LENGTH):
        return None
    digest = hash_key(presented)
    item = get_api_key_store().find_by_hash(digest)
    if item is None or not hmac.compare_digest(str(item.get("hash", "")), digest) or item.get("revoked_at"):
        return None
    return item


def public_prefix(key_id: str) -> str:
    """What a listing shows to tell keys apart: from the key id only, never the secret. For a
    minted key it is also how the key itself begins (``pgk_`` and the id's first 8 hex digits)."""
    return f"{KEY_PREFIX}{key_id.replace('-', '')[:8]}"


def list_keys(caller: Caller, *, limit: int, after_id: str | None) -> Page:
    # The prefix is derived when listing, so records written with an older prefix never show it.
    records = (
        {**record, "prefix": public_prefix(record["id"])}
        for record in get_api_key_store().iter_keys(caller.org_id, after_id)
    )
    return take(records, limit, lambda _: True)


def _other_active_admin(org_id: str, key_id: str) -> str | None:
    for record in get_api_key_store().iter_keys(org_id):
        if record["id"] != key_id and not record.get("revoked_at") and ADMIN in record["scopes"]:
            return str(record["id"])
    return None


def revoke_key(caller: Caller, key_id: str, *, confirm: str | None = None) -> None:
    """Revoke a key of the caller's org. The org's last active admin key cannot be revoked (409):
    that would lock the org out of its own administration. Revoking the key the request is made
    with needs ``confirm="self"``.

    When the key is an admin key, another active admin key is found and checked to stay active
    in the same transaction, so two admins revoking each other at once cannot both succeed."""
    if key_id == caller.key_id and confirm != SELF:
        raise Conflict(
            "this request is made with the key it would revoke; send ?confirm=self to revoke it",
            [{"field": "confirm", "message": "must be 'self' to revoke the calling key"}],
        )
    store = get_api_key_store()
    event = AuditEvent(actor=caller.key_id, action="apikey.revoke", resource_type="api_key", resource_id=key_id)
    for _ in range(REVOKE_ATTEMPTS):
        target = store.get(caller.org_id, key_id)
        if target is None:
            raise NotFound("no such key")
        if target.get("revoked_at"):
            return
        keeper = None
        if ADMIN in (target.get("scopes") or []):
            keeper = _other_active_admin(caller.org_id, key_id)
            if keeper is None:
                raise Conflict(
                    "this is the org's last active admin key; create another admin key before revoking it",
                    [{"field": "id", "message": "the last active admin key cannot be revoked"}],
                )
        try:
            if store.revoke(caller.org_id, key_id, now_iso(), event, keep_active=keeper):
                _detach(target)
                return
        except KeyError:
            raise NotFound("no such key") from None
    raise Conflict("the org's keys are being changed by other requests; retry")
