"""Reading the admin audit log: pages, newest first, and verification of the hash chain."""

from __future__ import annotations

from typing import Any

from policy_engine.caller import Caller
from policy_engine.logic.paging import Page, take
from policy_engine.store import audit_table
from policy_engine.store.audit import first_broken, iter_entries


def list_entries(caller: Caller, *, limit: int, before_seq: int | None) -> Page:
    entries = iter_entries(audit_table(), caller.org_id, newest_first=True, before_seq=before_seq)
    return take(entries, limit, lambda _: True)


def verify(caller: Caller) -> dict[str, Any]:
    """Recompute the chain from the first entry: every link and every hash."""
    count, bad = first_broken(iter_entries(audit_table(), caller.org_id))
    return {"valid": bad is None, "entries": count, "first_bad": bad}
