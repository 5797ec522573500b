"""Which webhooks already took a message: SQS delivers at least once, and a message that
failed on one webhook comes back for all of them. Each webhook that answered is recorded,
by the SHA-256 of its URL (the URL itself is a secret and is never stored here), so a
redelivery posts only to the webhooks that have not answered yet."""

from __future__ import annotations

from typing import Any

from policy_engine.store import keys
from policy_engine.store.dynamo import key_condition


class DeliveryStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    def delivered(self, org_id: str, subject: str) -> set[str]:
        """The webhook digests recorded for ``subject`` (one partition, one consistent query)."""
        found: set[str] = set()
        kwargs: dict[str, Any] = {
            **key_condition(keys.delivery_pk(org_id, subject)),
            "ProjectionExpression": "sk",
            "ConsistentRead": True,
        }
        while True:
            page = self._table.query(**kwargs)
            found.update(str(item["sk"]).removeprefix(keys.WEBHOOK_PREFIX) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def record(self, org_id: str, subject: str, digest: str, *, expires_at: int) -> None:
        self._table.put_item(
            Item={
                "pk": keys.delivery_pk(org_id, subject),
                "sk": f"{keys.WEBHOOK_PREFIX}{digest}",
                "expires_at": expires_at,
            }
        )
