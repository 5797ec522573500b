"""Stored decisions: spans and metadata only, never the text they were found in."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from policy_engine.jsonio import dumps
from policy_engine.store import keys
from policy_engine.store.dynamo import condition_failed, iter_query, key_condition


class DecisionStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    def put(self, org_id: str, decision: dict[str, Any], expires_at: int) -> None:
        self._table.put_item(Item=self._item(org_id, decision, expires_at))

    def put_once(self, org_id: str, decision: dict[str, Any], expires_at: int, *, unpublished: bool) -> bool:
        """Store a decision whose id is derived from its source (a captured event): False when
        it is stored already. ``unpublished`` marks it until ``mark_published``, so a retry after
        a failed publish knows to publish again."""
        item = self._item(org_id, decision, expires_at)
        if unpublished:
            item["unpublished"] = True
        try:
            self._table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def is_unpublished(self, org_id: str, decision_id: str) -> bool:
        item = self._table.get_item(
            Key={"pk": keys.decision_pk(org_id, decision_id), "sk": "DECISION"},
            ProjectionExpression="unpublished",
            ConsistentRead=True,
        ).get("Item")
        return bool(item and item.get("unpublished"))

    def mark_published(self, org_id: str, decision_id: str) -> None:
        self._table.update_item(
            Key={"pk": keys.decision_pk(org_id, decision_id), "sk": "DECISION"},
            UpdateExpression="REMOVE unpublished",
        )

    @staticmethod
    def _item(org_id: str, decision: dict[str, Any], expires_at: int) -> dict[str, Any]:
        return {
            "pk": keys.decision_pk(org_id, decision["decision_id"]),
            "sk": "DECISION",
            "gsi2pk": keys.decisions_feed(org_id, keys.decision_feed_shard(decision["decision_id"])),
            "gsi2sk": f"{decision['created_at']}#{decision['decision_id']}",
            "doc": dumps(decision),
            "expires_at": expires_at,
        }

    def get(self, org_id: str, decision_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": keys.decision_pk(org_id, decision_id), "sk": "DECISION"}).get("Item")
        return json.loads(item["doc"]) if item else None

    def iter_feed(
        self, org_id: str, *, before: str | None = None, since: str | None = None, page_size: int = 100
    ) -> Iterator[dict[str, Any]]:
        """The org's stored decisions newest first, each with its feed position ``gsi2sk``.

        Every shard is read newest first (GSI2) and the shards are merged on the position, which
        is unique (``<created_at>#<id>``), so the order is total and a cursor (an exclusive
        ``before`` position) means the same across shards. ``page_size`` bounds each shard's
        first read: a page needs at most that many items from any one shard. Iteration stops at
        the first decision created before ``since``.
        """
        shards = (self._iter_shard(feed, before, page_size) for feed in keys.decisions_feeds(org_id))
        for item in heapq.merge(*shards, key=lambda item: str(item["gsi2sk"]), reverse=True):
            position = str(item["gsi2sk"])
            if since is not None and position < since:
                return
            yield {"position": position, "doc": json.loads(item["doc"])}

    def _iter_shard(self, feed: str, before: str | None, page_size: int) -> Iterator[dict[str, Any]]:
        bound = ("lt", before) if before is not None else None
        kwargs = key_condition(feed, bound, pk_name="gsi2pk", sk_name="gsi2sk")
        limit = max(1, min(page_size, 100))
        yield from iter_query(
            self._table, IndexName=keys.DECISIONS_INDEX, ScanIndexForward=False, Limit=limit, **kwargs
        )
