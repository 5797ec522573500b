"""Every admin write appends a hash-chained audit entry in the same transaction as the change."""

from __future__ import annotations

import json
from typing import Any

from policy_engine.store import audit


def entries(aws: Any, org: str = "org-a") -> list[dict[str, Any]]:
    return list(audit.iter_entries(aws.Table("governance-test"), org))


def test_admin_writes_are_recorded_in_one_unbroken_chain(call: Any, aws: Any) -> None:
    # Given a sequence of admin writes by key-a
    policy = call("create_policy", body={"name": "p", "action": "block"}).body
    call("update_policy", path={"id": policy["id"]}, body={"priority": 1})
    call("rollback_policy", path={"id": policy["id"]}, body={"version": 1})
    call("delete_policy", path={"id": policy["id"]})
    key = call("create_api_key", body={"name": "gw", "scopes": ["evaluate"]}).body
    call("revoke_api_key", path={"id": key["id"]})
    call("revoke_api_key", path={"id": key["id"]})  # already revoked: nothing new to record
    # Then the org's log holds one entry per change, in order, chained
    log = entries(aws)
    assert [e["action"] for e in log] == [
        "policy.create",
        "policy.update",
        "policy.rollback",
        "policy.delete",
        "apikey.create",
        "apikey.revoke",
    ]
    assert [e["seq"] for e in log] == [1, 2, 3, 4, 5, 6]
    assert [(e["before_version"], e["after_version"]) for e in log[:4]] == [(None, 1), (1, 2), (2, 3), (3, None)]
    assert {e["actor"] for e in log} == {"key-a"}
    assert log[0]["resource_id"] == policy["id"] and log[4]["resource_id"] == key["id"]
    assert audit.first_broken(iter(log)) == (6, None)
    # And another org's log is separate
    call("create_policy", body={"name": "q", "action": "block"}, org="org-b")
    assert [e["seq"] for e in entries(aws, "org-b")] == [1]


def test_an_edited_entry_is_detected(call: Any, aws: Any) -> None:
    for name in ("a", "b", "c"):
        call("create_policy", body={"name": name, "action": "block"})
    table = aws.Table("governance-test")
    item = table.get_item(Key={"pk": "ORG#org-a#AUDIT", "sk": "000000000002"})["Item"]
    doc = json.loads(item["doc"])
    doc["actor"] = "someone-else"
    table.put_item(Item={**item, "doc": json.dumps(doc)})
    assert audit.first_broken(iter(entries(aws))) == (2, doc["id"])


def test_concurrent_admin_writes_never_fork_the_chain(call: Any, aws: Any, monkeypatch: Any) -> None:
    # Given a writer that read the chain head just before another writer extended it
    call("create_policy", body={"name": "first", "action": "block"})
    real_read_head = audit.read_head
    stale = {"served": False}

    def stale_once(table: Any, org_id: str) -> audit.ChainHead:
        head = real_read_head(table, org_id)
        if not stale["served"]:
            stale["served"] = True
            assert call("create_policy", body={"name": "racer", "action": "block"}).status == 201
        return head

    monkeypatch.setattr(audit, "read_head", stale_once)
    # When it writes
    assert call("create_policy", body={"name": "late", "action": "block"}).status == 201
    # Then its first attempt lost the head, it retried, and the chain is linear
    log = entries(aws)
    assert [e["seq"] for e in log] == [1, 2, 3]
    assert len({e["prev_hash"] for e in log}) == 3
    assert audit.first_broken(iter(log)) == (3, None)
    assert len(call("list_policies").body["items"]) == 3
