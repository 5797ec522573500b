"""Feeds over stored decisions: the violations feed (newest first) and one decision by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policy_engine.caller import Caller
from policy_engine.errors import NotFound
from policy_engine.logic.paging import Page, take
from policy_engine.rules.base import SEVERITY_RANK, Severity
from policy_engine.store import get_decision_store

_RISK_RANK = {"none": 0, **{s.value: rank for s, rank in SEVERITY_RANK.items()}}


@dataclass(frozen=True)
class ViolationFilters:
    since: str | None = None  # inclusive bound on created_at
    until: str | None = None  # exclusive bound on created_at
    policy_id: str | None = None
    severity: Severity | None = None  # risk_level at or above
    event_id: str | None = None

    def keep(self) -> Callable[[dict[str, Any]], bool]:
        floor = self.severity.rank if self.severity is not None else 0

        def keep(entry: dict[str, Any]) -> bool:
            doc = entry["doc"]
            violations = doc.get("violations") or []
            if not violations:
                return False
            if self.policy_id is not None and all(v.get("policy_id") != self.policy_id for v in violations):
                return False
            if self.event_id is not None and doc.get("event_id") != self.event_id:
                return False
            return _RISK_RANK.get(str(doc.get("risk_level")), 0) >= floor

        return keep


def list_violations(caller: Caller, filters: ViolationFilters, *, limit: int, after: str | None) -> Page:
    """Stored decisions that had violations, newest first; items are ``{"position", "doc"}``."""
    before = after if after is not None else filters.until
    entries = get_decision_store().iter_feed(caller.org_id, before=before, since=filters.since, page_size=limit + 1)
    return take(entries, limit, filters.keep())


def get_decision(caller: Caller, decision_id: str) -> dict[str, Any]:
    decision = get_decision_store().get(caller.org_id, decision_id)
    if decision is None:
        raise NotFound("no such decision")
    return decision
