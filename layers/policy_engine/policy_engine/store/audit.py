"""The admin audit log: one hash-chained sequence of entries per org.

Each entry carries ``seq``, the previous entry's hash and its own hash (SHA-256 over the
canonical JSON of every other field), so an edited, removed or reordered entry breaks the
chain. The head of the chain (``audit_seq``, ``audit_hash``) lives on the org's META item
and is advanced conditionally in the same transaction as the change being audited: two
concurrent admin writes cannot both extend the same head, so the chain never forks (the
loser re-reads the head and retries).
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policy_engine.clock import now_iso
from policy_engine.store import keys
from policy_engine.store.dynamo import TransactionConflict, iter_query, key_condition, transact_write

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    action: str  # e.g. "policy.create", "apikey.revoke"
    resource_type: str
    resource_id: str
    before_version: int | None = None
    after_version: int | None = None


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def read_head(table: Any, org_id: str) -> ChainHead:
    item = table.get_item(
        Key={"pk": keys.org_pk(org_id), "sk": keys.META},
        ProjectionExpression="audit_seq, audit_hash",
        ConsistentRead=True,
    ).get("Item")
    if not item or "audit_seq" not in item:
        return ChainHead(0, GENESIS_HASH)
    return ChainHead(int(item["audit_seq"]), str(item["audit_hash"]))


def meta_update(
    org_id: str,
    *,
    bump_policy_set: bool,
    entry: dict[str, Any] | None,
    meta_set: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The single update of the org's META item a transaction may carry (DynamoDB allows one
    operation per item per transaction): bump the policy-set version, advance the audit head,
    set attributes of the META item itself (``meta_set``, such as the org policy), or all of them."""
    update: dict[str, Any] = {"Key": {"pk": keys.org_pk(org_id), "sk": keys.META}}
    adds, sets, values = [], [], {}
    if bump_policy_set:
        adds.append("policy_set_version :one")
        values[":one"] = 1
    names: dict[str, str] = {}
    for index, (name, value) in enumerate(sorted((meta_set or {}).items())):
        sets.append(f"#meta{index} = :meta{index}")
        names[f"#meta{index}"] = name
        values[f":meta{index}"] = value
    if names:
        update["ExpressionAttributeNames"] = names
    if entry is not None:
        sets.append("audit_seq = :seq, audit_hash = :hash")
        values.update({":seq": entry["seq"], ":hash": entry["hash"]})
        if entry["seq"] == 1:
            update["ConditionExpression"] = "attribute_not_exists(audit_seq)"
        else:
            update["ConditionExpression"] = "audit_seq = :prev"
            values[":prev"] = entry["seq"] - 1
    clauses = [f"ADD {', '.join(adds)}" if adds else "", f"SET {', '.join(sets)}" if sets else ""]
    expression = " ".join(clause for clause in clauses if clause)
    update.update(UpdateExpression=expression, ExpressionAttributeValues=values)
    return {"Update": update}


def new_entry(head: ChainHead, event: AuditEvent) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "seq": head.seq + 1,
        "at": now_iso(),
        "actor": event.actor,
        "action": event.action,
        "resource_type": event.resource_type,
        "resource_id": event.resource_id,
        "before_version": event.before_version,
        "after_version": event.after_version,
        "prev_hash": head.hash,
    }
    entry["hash"] = entry_hash(entry)
    return entry


def put_entry(org_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "Put": {
            "Item": {"pk": keys.audit_pk(org_id), "sk": keys.audit_sk(entry["seq"]), "doc": json.dumps(entry)},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def iter_entries(
    table: Any, org_id: str, *, after_seq: int = 0, newest_first: bool = False, before_seq: int | None = None
) -> Iterator[dict[str, Any]]:
    """Entries in chain order (or newest first, starting below ``before_seq``)."""
    if newest_first:
        bound = ("lt", keys.audit_sk(before_seq)) if before_seq is not None else None
        kwargs = key_condition(keys.audit_pk(org_id), bound)
    else:
        kwargs = key_condition(keys.audit_pk(org_id), ("gt", keys.audit_sk(after_seq)))
    for item in iter_query(table, Limit=100, ScanIndexForward=not newest_first, **kwargs):
        yield json.loads(item["doc"])


class AuditContention(Exception):
    """The audit head kept moving under concurrent admin writes; the caller may retry."""


def transact_audited(
    table: Any,
    org_id: str,
    event: AuditEvent,
    items: list[dict[str, Any]],
    *,
    bump_policy_set: bool = False,
    meta_set: Mapping[str, Any] | None = None,
    head: ChainHead | None = None,
    attempts: int = 8,
) -> dict[str, Any]:
    """Run ``items`` atomically with the META update and the audit entry that records them.

    A failed condition on one of ``items`` propagates as ``TransactionConflict`` (indexes into
    ``items``); a lost race for the audit head is retried on the new head. Returns the entry.
    With ``head`` (the audit head the caller read its META data with), the write happens only
    if the head is still there, and is not retried: ``AuditContention`` tells the caller that
    META changed since it read it, so it must read again (no lost update of META attributes).
    """
    chain = {len(items), len(items) + 1}
    for _ in range(attempts if head is None else 1):
        entry = new_entry(head if head is not None else read_head(table, org_id), event)
        batch = [
            *copy.deepcopy(items),
            meta_update(org_id, bump_policy_set=bump_policy_set, entry=entry, meta_set=meta_set),
        ]
        batch.append(put_entry(org_id, entry))
        try:
            transact_write(table, batch)
        except TransactionConflict as conflict:
            if conflict.failed <= chain:
                continue
            raise TransactionConflict(conflict.failed - chain) from None
        return entry
    raise AuditContention("the audit log is under heavy concurrent writes; retry")


def first_broken(entries: Iterator[dict[str, Any]]) -> tuple[int, str | None]:
    """Walk the chain in order: (entries checked, id of the first entry that does not verify)."""
    previous = ChainHead(0, GENESIS_HASH)
    count = 0
    for entry in entries:
        count += 1
        if entry.get("seq") != previous.seq + 1 or entry.get("prev_hash") != previous.hash:
            return count, str(entry.get("id"))
        if entry_hash(entry) != entry.get("hash"):
            return count, str(entry.get("id"))
        previous = ChainHead(int(entry["seq"]), str(entry["hash"]))
    return count, None
