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


def test_audit_routes_page_newest_first_and_verify_the_chain(call: Any, aws: Any) -> None:
    # Given five admin writes
    for name in "abcde":
        call("create_policy", body={"name": name, "action": "block"})
    # When the log is read two entries at a time
    first = call("list_audit", query={"limit": "2"}, scopes="audit:read")
    second = call("list_audit", query={"limit": "2", "cursor": first.body["next_cursor"]}, scopes="audit:read")
    third = call("list_audit", query={"limit": "2", "cursor": second.body["next_cursor"]}, scopes="audit:read")
    # Then it comes newest first, each entry once, with the documented fields
    seqs = [e["seq"] for page in (first, second, third) for e in page.body["items"]]
    assert seqs == [5, 4, 3, 2, 1]
    assert third.body["has_more"] is False
    assert set(first.body["items"][0]) == {
        "id", "seq", "at", "actor", "action", "resource_type", "resource_id",
        "before_version", "after_version", "prev_hash", "hash",
    }  # fmt: skip
    verified = call("verify_audit", scopes="audit:read")
    assert verified.status == 200
    assert verified.body == {"valid": True, "entries": 5, "first_bad": None}
    # When an entry is edited directly in the table, verify names it
    table = aws.Table("governance-test")
    item = table.get_item(Key={"pk": "ORG#org-a#AUDIT", "sk": "000000000003"})["Item"]
    doc = json.loads(item["doc"])
    table.put_item(Item={**item, "doc": json.dumps({**doc, "action": "policy.delete"})})
    assert call("verify_audit").body == {"valid": False, "entries": 3, "first_bad": doc["id"]}
    # And a deleted entry breaks the chain at the next one
    table.put_item(Item=item)
    table.delete_item(Key={"pk": "ORG#org-a#AUDIT", "sk": "000000000002"})
    assert call("verify_audit").body["first_bad"] == json.loads(item["doc"])["id"]


def test_audit_routes_need_audit_read_and_stay_in_the_org(call: Any) -> None:
    call("create_policy", body={"name": "a", "action": "block"})
    assert call("list_audit", scopes="policies:write").status == 403
    assert call("verify_audit", scopes="evaluate").status == 403
    assert call("list_audit", org="org-b").body["items"] == []
    assert call("verify_audit", org="org-b").body == {"valid": True, "entries": 0, "first_bad": None}
