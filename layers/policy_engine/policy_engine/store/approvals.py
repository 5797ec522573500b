"""Approvals: one item each, listed newest first through GSI2.

The status moves once, from ``pending`` to ``approved``, ``rejected`` (a reviewer, audited)
or ``expired`` (the workflow, on timeout); every move is a conditional write, so exactly
one wins. ``deadline`` (epoch seconds) is when a pending approval stops being decidable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from policy_engine.store import keys
from policy_engine.store.audit import AuditEvent, transact_audited
from policy_engine.store.dynamo import condition_failed, iter_query, key_condition

Item = dict[str, Any]
STATUS_NAMES = {"#status": "status"}


def _key(org_id: str, approval_id: str) -> dict[str, str]:
    return {"pk": keys.approval_pk(org_id, approval_id), "sk": keys.APPROVAL_SK}


def from_item(item: Item) -> Item:
    """The stored attributes under their API names (``expires_at`` is the approval's deadline
    as a timestamp; the item's own ``expires_at`` is its TTL and is not returned)."""
    out = {k: v for k, v in item.items() if k not in ("pk", "sk", "gsi2pk", "gsi2sk", "summary", "expires_at")}
    out["request_summary"] = json.loads(item.get("summary") or "{}")
    out["expires_at"] = out.pop("deadline_at", None)
    out["deadline"] = int(out["deadline"])
    out["policy_ids"] = [str(p) for p in out.get("policy_ids", [])]
    return out


class ApprovalStore:
    def __init__(self, table: Any) -> None:
        self._table = table

    def create(self, org_id: str, approval: Item, *, deadline: int, expires_at: int) -> None:
        """Store a new pending approval (``approval`` holds the API fields plus ``fingerprint``);
        ``deadline`` ends its decidability, ``expires_at`` (the TTL) its retention."""
        item = {k: v for k, v in approval.items() if v is not None and k not in ("request_summary", "expires_at")}
        item.update(
            _key(org_id, approval["id"]),
            deadline_at=approval["expires_at"],
            gsi2pk=keys.approvals_feed(org_id),
            gsi2sk=f"{approval['created_at']}#{approval['id']}",
            summary=json.dumps(approval["request_summary"], separators=(",", ":")),
            deadline=deadline,
            expires_at=expires_at,
        )
        self._table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")

    def get(self, org_id: str, approval_id: str, *, consistent: bool = False) -> Item | None:
        item = self._table.get_item(Key=_key(org_id, approval_id), ConsistentRead=consistent).get("Item")
        return from_item(item) if item else None

    def iter_feed(self, org_id: str, *, before: str | None = None) -> Iterator[Item]:
        """Newest first, each as ``{"position", "item"}``."""
        bound = ("lt", before) if before is not None else None
        kwargs = key_condition(keys.approvals_feed(org_id), bound, pk_name="gsi2pk", sk_name="gsi2sk")
        for item in iter_query(
            self._table, IndexName=keys.DECISIONS_INDEX, ScanIndexForward=False, Limit=100, **kwargs
        ):
            yield {"position": str(item["gsi2sk"]), "item": from_item(item)}

    def decide(
        self, org_id: str, approval_id: str, *, status: str, reviewer: str, comment: str | None, at: str, now: int
    ) -> None:
        """pending -> ``status`` if still before the deadline, with its audit entry, atomically.
        A lost condition raises ``TransactionConflict``."""
        update = {
            "Update": {
                "Key": _key(org_id, approval_id),
                "UpdateExpression": (
                    "SET #status = :status, reviewer = :reviewer, #comment = :comment, decided_at = :at"
                ),
                "ConditionExpression": "#status = :pending AND deadline > :now",
                "ExpressionAttributeNames": {**STATUS_NAMES, "#comment": "comment"},
                "ExpressionAttributeValues": {
                    ":status": status,
                    ":reviewer": reviewer,
                    ":comment": comment,
                    ":at": at,
                    ":pending": "pending",
                    ":now": now,
                },
            }
        }
        verb = {"approved": "approve", "rejected": "reject"}[status]
        event = AuditEvent(actor=reviewer, action=f"approval.{verb}", resource_type="approval", resource_id=approval_id)
        transact_audited(self._table, org_id, event, [update])

    def store_task_token(self, org_id: str, approval_id: str, token: str) -> bool:
        """Keep the workflow's task token while the approval is pending; False once decided."""
        return self._conditional_update(
            org_id,
            approval_id,
            "SET task_token = :token",
            "#status = :pending",
            {":token": token, ":pending": "pending"},
        )

    def redeem(self, org_id: str, approval_id: str, *, fingerprint: str, at: str) -> bool:
        """Consume an approved approval for the request it was granted for; False if it cannot be."""
        return self._conditional_update(
            org_id,
            approval_id,
            "SET redeemed_at = :at",
            "#status = :approved AND fingerprint = :fp AND attribute_not_exists(redeemed_at)",
            {":at": at, ":approved": "approved", ":fp": fingerprint},
        )

    def _conditional_update(
        self, org_id: str, approval_id: str, expression: str, condition: str, values: dict[str, Any]
    ) -> bool:
        try:
            self._table.update_item(
                Key=_key(org_id, approval_id),
                UpdateExpression=expression,
                ConditionExpression=f"attribute_exists(pk) AND {condition}",
                ExpressionAttributeNames=STATUS_NAMES,
                ExpressionAttributeValues=values,
            )
        except ClientError as exc:
            if condition_failed(exc):
                return False
            raise
        return True
