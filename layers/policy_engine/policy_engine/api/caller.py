"""Who is calling: taken only from the authorizer's context, never from the request itself."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policy_engine.caller import SCOPES, Caller
from policy_engine.errors import Unauthorized

ORG_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def parse_scopes(raw: Any) -> frozenset[str]:
    """Authorizer context values are strings: scopes travel space- or comma-separated."""
    if isinstance(raw, list | tuple | set | frozenset):
        items = [str(s) for s in raw]
    else:
        items = str(raw or "").replace(",", " ").split()
    return frozenset(s for s in items if s in SCOPES)


def caller_from_event(event: Mapping[str, Any]) -> Caller:
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    org_id = str(authorizer.get("org_id") or "")
    key_id = str(authorizer.get("key_id") or "")
    if not ORG_ID_PATTERN.match(org_id) or not key_id:
        raise Unauthorized("a valid API key is required")
    return Caller(org_id=org_id, key_id=key_id, scopes=parse_scopes(authorizer.get("scopes")))
