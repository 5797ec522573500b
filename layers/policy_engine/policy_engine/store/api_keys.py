"""API keys: stored only as a SHA-256 hash, found by that hash through GSI1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policy_engine.store import keys
from policy_engine.store.audit import AuditEvent, transact_audited
from policy_engine.store.dynamo import TransactionConflict, iter_query, key_condition

KeyRecord = dict[str, Any]
_PUBLIC = ("id", "name", "scopes", "prefix", "created_at", "created_by", "revoked_at")


def public_view(item: dict[str, Any]) -> KeyRecord:
    """What a client may see of a key: never its hash."""
    view = {field: item.get(field) for field in _PUBLIC}
    view["scopes"] = sorted(item.get("scopes") or [])
    return view


class ApiKeyStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    def put(self, org_id: str, record: KeyRecord, key_hash: str, event: AuditEvent) -> None:
        item = {
            "pk": keys.org_pk(org_id),
            "sk": keys.api_key_sk(record["id"]),
            **{k: v for k, v in record.items() if v is not None},  # revoked_at is set only on revocation
            "scopes": sorted(record["scopes"]),
            "hash": key_hash,
            "gsi1pk": keys.key_hash_gsi(key_hash),
            "gsi1sk": "APIKEY",
        }
        put = {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}
        transact_audited(self._table, org_id, event, [put])

    def get(self, org_id: str, key_id: str) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self._table.get_item(
            Key={"pk": keys.org_pk(org_id), "sk": keys.api_key_sk(key_id)}, ConsistentRead=True
        ).get("Item")
        return item

    def find_by_hash(self, key_hash: str) -> dict[str, Any] | None:
        """The key item whose hash this is: index lookup, then a consistent read of the item."""
        index_key = key_condition(keys.key_hash_gsi(key_hash), pk_name="gsi1pk")
        found = self._table.query(IndexName=keys.KEY_INDEX, Limit=1, **index_key).get("Items", [])
        if not found:
            return None
        item: dict[str, Any] | None = self._table.get_item(
            Key={"pk": found[0]["pk"], "sk": found[0]["sk"]}, ConsistentRead=True
        ).get("Item")
        return item

    def iter_keys(self, org_id: str, after_id: str | None = None) -> Iterator[KeyRecord]:
        kwargs = key_condition(keys.org_pk(org_id), ("begins_with", keys.API_KEY_PREFIX))
        if after_id is not None:
            kwargs["ExclusiveStartKey"] = {"pk": keys.org_pk(org_id), "sk": keys.api_key_sk(after_id)}
        for item in iter_query(self._table, Limit=100, **kwargs):
            yield public_view(item)

    def revoke(self, org_id: str, key_id: str, at: str, event: AuditEvent, *, keep_active: str | None = None) -> bool:
        """Mark a live key revoked; False if it already was, or if ``keep_active`` (a key that must
        stay active in the same transaction) no longer is. Missing keys raise ``KeyError``."""
        update = {
            "Update": {
                "Key": {"pk": keys.org_pk(org_id), "sk": keys.api_key_sk(key_id)},
                "UpdateExpression": "SET revoked_at = :at",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(revoked_at)",
                "ExpressionAttributeValues": {":at": at},
            }
        }
        operations: list[dict[str, Any]] = [update]
        if keep_active is not None:
            check = {
                "Key": {"pk": keys.org_pk(org_id), "sk": keys.api_key_sk(keep_active)},
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(revoked_at)",
            }
            operations.append({"ConditionCheck": check})
        try:
            transact_audited(self._table, org_id, event, operations)
        except TransactionConflict:
            if self.get(org_id, key_id) is None:
                raise KeyError(key_id) from None
            return False
        return True
