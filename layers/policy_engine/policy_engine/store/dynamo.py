"""Small helpers over the DynamoDB resource: transactions with readable failures."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError


class TransactionConflict(Exception):
    """A condition of a transaction failed; ``failed`` holds the indexes of the items that failed."""

    def __init__(self, failed: set[int]) -> None:
        super().__init__(f"transaction condition failed for items {sorted(failed)}")
        self.failed = failed


def transact_write(table: Any, items: list[dict[str, Any]]) -> None:
    """Run ``items`` (each ``{"Put"|"Update"|"Delete"|"ConditionCheck": {...}}``) atomically.

    The table name is filled in; values are plain Python (the resource's client serializes them).
    """
    for item in items:
        for operation in item.values():
            operation["TableName"] = table.name
    try:
        table.meta.client.transact_write_items(TransactItems=items)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
            raise
        reasons = exc.response.get("CancellationReasons") or []
        failed = {i for i, reason in enumerate(reasons) if reason.get("Code") == "ConditionalCheckFailed"}
        if not failed:
            raise
        raise TransactionConflict(failed) from None


def query_all(table: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of a query, following LastEvaluatedKey."""
    items: list[dict[str, Any]] = []
    while True:
        page = table.query(**kwargs)
        items.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
