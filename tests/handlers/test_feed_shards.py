"""The violations feed over sharded index keys: exactly the stored decisions, newest first, with
cursors and filters, including decisions created in the same millisecond and ones stored before
the feed was sharded."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from policy_engine.store import get_decision_store, keys
from tests.handlers.decisions import stored


def read_all(call: Any, limit: int, query: dict[str, str] | None = None) -> list[str]:
    seen, cursor = [], None
    while True:
        params = {"limit": str(limit), **(query or {})} | ({"cursor": cursor} if cursor else {})
        page = call("list_violations", query=params)
        assert page.status == 200
        seen += [d["decision_id"] for d in page.body["items"]]
        cursor = page.body["next_cursor"]
        assert page.body["has_more"] is (cursor is not None)
        if cursor is None:
            return seen


def test_every_decision_once_in_order_across_shards(call: Any, aws: Any) -> None:
    # Given 120 decisions over 12 milliseconds (10 per millisecond), spread over the shards, and
    # 5 decisions stored under the feed key from before sharding
    store = get_decision_store()
    decisions = [stored(n, f"2026-12-01T10:00:00.{n // 10:03d}+00:00") for n in range(120)]
    for decision in decisions:
        store.put("org-a", decision, expires_at=4_000_000_000)
    table = aws.Table("governance-test")
    for n in range(120, 125):
        legacy = stored(n, f"2026-12-01T09:59:59.{n:03d}+00:00")
        table.put_item(
            Item={
                "pk": keys.decision_pk("org-a", legacy["decision_id"]),
                "sk": "DECISION",
                "gsi2pk": keys.decisions_feed("org-a"),
                "gsi2sk": f"{legacy['created_at']}#{legacy['decision_id']}",
                "doc": json.dumps(legacy),
                "expires_at": 4_000_000_000,
            }
        )
        decisions.append(legacy)
    shards = Counter(keys.decision_feed_shard(d["decision_id"]) for d in decisions[:120])
    assert len(shards) == keys.DECISION_FEED_SHARDS  # every shard holds some
    newest_first = sorted(decisions, key=lambda d: (d["created_at"], d["decision_id"]), reverse=True)
    expected = [d["decision_id"] for d in newest_first]
    # When the feed is read in pages of 7, and of 100
    # Then each decision appears exactly once, newest first, ties broken by id
    assert read_all(call, 7) == expected
    assert read_all(call, 100) == expected
    # And bounds and filters keep their meaning across shards
    since = decisions[60]["created_at"]
    assert read_all(call, 9, {"since": since}) == [d["decision_id"] for d in newest_first if d["created_at"] >= since]
