"""Policies, their immutable versions, the org's policy-set version and idempotency records."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policy_engine.store import keys
from policy_engine.store.audit import GENESIS_HASH, AuditEvent, ChainHead, transact_audited
from policy_engine.store.dynamo import TransactionConflict, iter_query, key_condition

PolicyDoc = dict[str, Any]


@dataclass(frozen=True)
class OrgMeta:
    policy_set_version: int
    org_policy: dict[str, Any] | None  # None: the org never wrote one (the defaults apply)
    audit_head: ChainHead  # read with the rest: writes of META attributes are conditional on it


class VersionConflict(Exception):
    """The policy changed (or vanished) since it was read."""


@dataclass(frozen=True)
class IdempotencyClaim:
    key_hash: str
    body_hash: str
    ttl_seconds: int


class IdempotencyReplay(Exception):
    """The idempotency key was used before; ``record`` is what the first request stored."""

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__("idempotency key already used")
        self.record = record


def _dumps(doc: PolicyDoc) -> str:
    return json.dumps(doc, separators=(",", ":"))


class PolicyStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    # reads

    def get(self, org_id: str, policy_id: str) -> PolicyDoc | None:
        item = self._table.get_item(Key={"pk": keys.org_pk(org_id), "sk": keys.policy_sk(policy_id)}).get("Item")
        return json.loads(item["doc"]) if item else None

    def iter_policies(self, org_id: str, after_id: str | None = None, page_size: int = 100) -> Iterator[PolicyDoc]:
        """The org's policies in id order, starting after ``after_id``, fetched page by page."""
        kwargs = key_condition(keys.org_pk(org_id), ("begins_with", keys.POLICY_PREFIX))
        if after_id is not None:
            kwargs["ExclusiveStartKey"] = {"pk": keys.org_pk(org_id), "sk": keys.policy_sk(after_id)}
        for item in iter_query(self._table, Limit=page_size, **kwargs):
            yield json.loads(item["doc"])

    def get_version(self, org_id: str, policy_id: str, version: int) -> PolicyDoc | None:
        key = {"pk": keys.versions_pk(org_id, policy_id), "sk": keys.version_sk(version)}
        item = self._table.get_item(Key=key).get("Item")
        return json.loads(item["doc"]) if item else None

    def iter_versions(self, org_id: str, policy_id: str, before: int | None = None) -> Iterator[PolicyDoc]:
        """Versions newest first, starting below version ``before``."""
        below = ("lt", keys.version_sk(before)) if before is not None else None
        kwargs = key_condition(keys.versions_pk(org_id, policy_id), below)
        for item in iter_query(self._table, ScanIndexForward=False, Limit=100, **kwargs):
            yield json.loads(item["doc"])

    def org_meta(self, org_id: str, *, consistent: bool = False) -> OrgMeta:
        """The org's META item in one read: the policy-set version (bumped by every policy and
        org-policy write, in the same transaction) and the stored org policy document."""
        item = self._table.get_item(
            Key={"pk": keys.org_pk(org_id), "sk": keys.META},
            ProjectionExpression="policy_set_version, org_policy, audit_seq, audit_hash",
            ConsistentRead=consistent,
        ).get("Item")
        if not item:
            return OrgMeta(0, None, ChainHead(0, GENESIS_HASH))
        raw = item.get("org_policy")
        head = ChainHead(int(item["audit_seq"]), str(item["audit_hash"])) if "audit_seq" in item else None
        return OrgMeta(
            int(item.get("policy_set_version", 0)),
            json.loads(raw) if raw else None,
            head or ChainHead(0, GENESIS_HASH),
        )

    def put_org_policy(self, org_id: str, doc: dict[str, Any], actor: str, read_with: ChainHead) -> None:
        """Store the org policy on the META item, audited, bumping the policy-set version so
        warm evaluate functions reload it within their staleness bound.

        Conditional on the audit head ``read_with`` the caller read the previous policy with:
        raises ``AuditContention`` when META changed since, so a merge never loses a write.
        """
        event = AuditEvent(actor, "org_policy.update", "org_policy", org_id)
        transact_audited(
            self._table,
            org_id,
            event,
            [],
            bump_policy_set=True,
            meta_set={"org_policy": _dumps(doc)},
            head=read_with,
        )

    def get_idempotency(self, org_id: str, key_hash: str) -> dict[str, Any] | None:
        key = {"pk": keys.org_pk(org_id), "sk": keys.idempotency_sk(key_hash)}
        item: dict[str, Any] | None = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
        return item

    # writes: each one a transaction that also bumps the org's policy-set version

    def create(self, policy: PolicyDoc, version: PolicyDoc, claim: IdempotencyClaim | None = None) -> None:
        org_id, policy_id = policy["org_id"], policy["id"]
        items = [
            self._put_head(policy, condition="attribute_not_exists(pk)"),
            self._put_version(org_id, policy_id, version),
        ]
        if claim is not None:
            now = int(time.time())
            items.append(
                {
                    "Put": {
                        "Item": {
                            "pk": keys.org_pk(org_id),
                            "sk": keys.idempotency_sk(claim.key_hash),
                            "body_hash": claim.body_hash,
                            "response": _dumps(policy),
                            "expires_at": now + claim.ttl_seconds,
                        },
                        "ConditionExpression": "attribute_not_exists(pk) OR expires_at < :now",
                        "ExpressionAttributeValues": {":now": now},
                    }
                }
            )
        event = _event(policy, "policy.create", before=None)
        try:
            transact_audited(self._table, org_id, event, items, bump_policy_set=True)
        except TransactionConflict as conflict:
            if claim is not None and 2 in conflict.failed:
                record = self.get_idempotency(org_id, claim.key_hash)
                if record is not None:
                    raise IdempotencyReplay(record) from None
            raise

    def replace(self, policy: PolicyDoc, version: PolicyDoc, expected_version: int, action: str) -> None:
        """Write the next version of a policy if it is still at ``expected_version``."""
        org_id = policy["org_id"]
        items = [
            self._put_head(policy, condition="version = :expected", values={":expected": expected_version}),
            self._put_version(org_id, policy["id"], version),
        ]
        try:
            transact_audited(
                self._table, org_id, _event(policy, action, before=expected_version), items, bump_policy_set=True
            )
        except TransactionConflict:
            raise VersionConflict from None

    def delete(self, org_id: str, policy_id: str, expected_version: int, actor: str) -> None:
        """Delete the policy if still at ``expected_version``, then its versions."""
        items = [
            {
                "Delete": {
                    "Key": {"pk": keys.org_pk(org_id), "sk": keys.policy_sk(policy_id)},
                    "ConditionExpression": "version = :expected",
                    "ExpressionAttributeValues": {":expected": expected_version},
                }
            }
        ]
        event = AuditEvent(actor, "policy.delete", "policy", policy_id, before_version=expected_version)
        try:
            transact_audited(self._table, org_id, event, items, bump_policy_set=True)
        except TransactionConflict:
            raise VersionConflict from None
        # Versions are unreachable once the head is gone; remove them so nothing lingers.
        version_keys = list(iter_query(self._table, **key_condition(keys.versions_pk(org_id, policy_id))))
        with self._table.batch_writer() as batch:
            for key in version_keys:
                batch.delete_item(Key={"pk": key["pk"], "sk": key["sk"]})

    # transaction items

    def _put_head(self, policy: PolicyDoc, condition: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
        put: dict[str, Any] = {
            "Item": {
                "pk": keys.org_pk(policy["org_id"]),
                "sk": keys.policy_sk(policy["id"]),
                "version": policy["version"],
                "doc": _dumps(policy),
            },
            "ConditionExpression": condition,
        }
        if values:
            put["ExpressionAttributeValues"] = values
        return {"Put": put}

    @staticmethod
    def _put_version(org_id: str, policy_id: str, version: PolicyDoc) -> dict[str, Any]:
        return {
            "Put": {
                "Item": {
                    "pk": keys.versions_pk(org_id, policy_id),
                    "sk": keys.version_sk(version["version"]),
                    "doc": _dumps(version),
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }


def _event(policy: PolicyDoc, action: str, before: int | None) -> AuditEvent:
    return AuditEvent(
        actor=policy["updated_by"],
        action=action,
        resource_type="policy",
        resource_id=policy["id"],
        before_version=before,
        after_version=policy["version"],
    )
