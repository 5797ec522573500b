"""Who the caller is, from the authorizer's context alone: no store read, no secret."""

from __future__ import annotations

from policy_engine.caller import Caller
from policy_engine.models.identity import Identity


def identity(caller: Caller) -> Identity:
    return Identity(org_id=caller.org_id, key_id=caller.key_id, scopes=sorted(caller.scopes))
