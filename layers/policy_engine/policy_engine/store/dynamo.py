"""Small helpers over the DynamoDB resource: transactions with readable failures."""

from __future__ import annotations

from collections.abc import Iterator
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
        codes = [reason.get("Code") for reason in reasons]
        failed = {i for i, code in enumerate(codes) if code == "ConditionalCheckFailed"}
        # Another transaction touching the same item at the same moment (typically the org's META
        # item) cancels with TransactionConflict: that is a lost race, safe to retry, not a failure.
        if failed or "TransactionConflict" in codes:
            raise TransactionConflict(failed) from None
        raise


def condition_failed(exc: ClientError) -> bool:
    """A single-item write refused by its ConditionExpression (not a failure of the store)."""
    return bool(exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException")


_SORT_KEY_CONDITIONS = {
    "begins_with": "begins_with(#sk, :sk)",
    "lt": "#sk < :sk",
    "gt": "#sk > :sk",
}


def key_condition(
    pk: str, sk: tuple[str, str] | None = None, *, pk_name: str = "pk", sk_name: str = "sk"
) -> dict[str, Any]:
    """Query arguments for ``pk = value`` and optionally a sort-key test such as ``("begins_with", "POLICY#")``.

    Plain expression strings keep ``boto3.dynamodb.conditions`` (and with it boto3) out of the
    import path of every handler.
    """
    names, values = {"#pk": pk_name}, {":pk": pk}
    expression = "#pk = :pk"
    if sk is not None:
        operator, operand = sk
        names["#sk"] = sk_name
        values[":sk"] = operand
        expression += f" AND {_SORT_KEY_CONDITIONS[operator]}"
    return {
        "KeyConditionExpression": expression,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def iter_query(table: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every item of a query, page by page, following LastEvaluatedKey."""
    while True:
        page = table.query(**kwargs)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
