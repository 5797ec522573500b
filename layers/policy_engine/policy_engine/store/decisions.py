"""Stored decisions: spans and metadata only, never the text they were found in."""

from __future__ import annotations

import json
from typing import Any

from policy_engine.store import keys


class DecisionStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    def put(self, org_id: str, decision: dict[str, Any], expires_at: int) -> None:
        self._table.put_item(
            Item={
                "pk": keys.decision_pk(org_id, decision["decision_id"]),
                "sk": "DECISION",
                "gsi2pk": keys.decisions_feed(org_id),
                "gsi2sk": f"{decision['created_at']}#{decision['decision_id']}",
                "doc": json.dumps(decision, separators=(",", ":")),
                "expires_at": expires_at,
            }
        )

    def get(self, org_id: str, decision_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": keys.decision_pk(org_id, decision_id), "sk": "DECISION"}).get("Item")
        return json.loads(item["doc"]) if item else None
