"""The local stack's data keeper: a snapshot round-trips the tables, and expired items are pruned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3

from local_stack.persist import DataKeeper


def put(client: Any, pk: str, expires_at: int | None = None) -> None:
    item: dict[str, Any] = {"pk": {"S": pk}, "sk": {"S": "X"}}
    if expires_at is not None:
        item["expires_at"] = {"N": str(expires_at)}
    client.put_item(TableName="governance-test", Item=item)


def keys(client: Any) -> set[str]:
    return {i["pk"]["S"] for i in client.scan(TableName="governance-test")["Items"]}


def test_saved_items_come_back_and_expired_ones_do_not(aws: Any, tmp_path: Path) -> None:
    client = boto3.client("dynamodb")
    # Given a live item, one expiring later and one already expired
    put(client, "ORG#a", None)
    put(client, "ORG#b", 4_000_000_000)
    put(client, "ORG#c", 1_000)
    keeper = DataKeeper(client, ["governance-test"], tmp_path)
    # When the expired are pruned and the tables saved, emptied and restored
    assert keeper.prune() == 1
    assert keeper.save() is True and keeper.save() is False  # nothing changed: nothing written
    for pk in keys(client):
        client.delete_item(TableName="governance-test", Key={"pk": {"S": pk}, "sk": {"S": "X"}})
    assert DataKeeper(client, ["governance-test"], tmp_path).restore() == 2
    # Then the live items are back
    assert keys(client) == {"ORG#a", "ORG#b"}
