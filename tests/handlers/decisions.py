"""Stored decisions written straight to the table, complete as the service stores them."""

from __future__ import annotations

from typing import Any


def stored(n: int, created_at: str, risk: str = "high") -> dict[str, Any]:
    """A stored decision as the service writes one (the feed answers it as a StoredDecision)."""
    violation = {
        "policy_id": "p",
        "policy_name": "words",
        "policy_version": 1,
        "rule_type": "word_list",
        "action": "block",
        "severity": risk,
        "message": "a listed word",
    }
    return {
        "decision_id": f"00000000-0000-4000-8000-{n:012d}",
        "created_at": created_at,
        "verdict": "blocked",
        "risk_level": risk,
        "violations": [violation],
        "alerts": [],
        "evaluated_policies": 1,
        "latency_ms": 0.1,
        "enforced": True,
        "event_id": None,
        "model": "gpt-4o",
    }
