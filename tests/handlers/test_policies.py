"""Policies routes through their Lambda handlers, DynamoDB from moto, events from events/."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.conftest import Reply, invoke

PII_POLICY = {"name": "PII", "action": "Mask", "rules": [{"type": "pii", "entities": ["email"]}]}


def create(call: Any, body: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    reply = call("create_policy", body=body or {"name": "p", "action": "block"}, **kwargs)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def ids(page: Reply) -> list[str]:
    return [item["id"] for item in page.body["items"]]


def test_create_stores_canonical_policy_with_version_1(call: Any) -> None:
    # Given a policy using aliases and a CSV word list
    body = {
        "name": "Guard",
        "action": "WARN",
        "model": "gpt-4*",
        "rules": [
            {"type": "pii", "action": "mask"},
            {"type": "word_list", "words": "alpha, beta ,gamma"},
        ],
    }
    # When it is created
    reply = call("create_policy", body=body)
    # Then it is stored canonical: actions resolved, defaults filled, CSV split, version 1
    assert reply.status == 201
    policy = reply.body
    assert policy["version"] == 1
    assert reply.headers["ETag"] == '"1"'
    assert policy["action"] == "alert"
    assert policy["rules"][0]["action"] == "redact"
    assert policy["rules"][0]["severity"] == "high"
    assert policy["rules"][0]["mask"] == "[{entity}]"
    assert policy["rules"][1]["words"] == ["alpha", "beta", "gamma"]
    assert policy["org_id"] == "org-a"
    assert policy["created_by"] == policy["updated_by"] == "key-a"
    assert policy["enabled"] is True and policy["priority"] == 100
    fetched = call("get_policy", path={"id": policy["id"]})
    assert fetched.status == 200 and fetched.body == policy


def test_sample_event_creates_a_policy(call: Any) -> None:
    # Given the sample event of events/create_policy.json, as `sam local invoke -e` would send it
    reply = call("create_policy", headers={"Content-Type": "application/json"})
    # Then the policy it describes is created
    assert reply.status == 201
    assert reply.body["name"] == "Redact PII in prompts"


def test_250_policies_listed_with_limit_7_return_each_exactly_once(call: Any) -> None:
    # Given 250 policies
    created = {create(call, {"name": f"p{i}", "action": "block"})["id"] for i in range(250)}
    # When they are listed 7 at a time following next_cursor
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": "7"} | ({"cursor": cursor} if cursor else {})
        page = call("list_policies", query=query)
        assert page.status == 200
        assert len(page.body["items"]) <= 7
        seen += ids(page)
        pages += 1
        cursor = page.body["next_cursor"]
        assert page.body["has_more"] is (cursor is not None)
        if cursor is None:
            break
    # Then every policy appears exactly once, in 36 pages
    assert len(seen) == 250
    assert set(seen) == created
    assert pages == 36


def test_list_filters_by_enabled_type_and_model(call: Any) -> None:
    # Given policies with different models, rule types and states
    any_model = create(call, {"name": "all models", "action": "block"})
    gpt = create(call, {"name": "gpt", "model": "gpt-4*", "rules": [{"type": "pii", "action": "redact"}]})
    claude = create(call, {"name": "claude", "model": "claude-*", "action": "alert", "enabled": False})
    # Then each filter keeps what it should
    assert set(ids(call("list_policies", query={"model": "gpt-4o"}))) == {any_model["id"], gpt["id"]}
    assert ids(call("list_policies", query={"type": "pii"})) == [gpt["id"]]
    assert ids(call("list_policies", query={"enabled": "false"})) == [claude["id"]]
    assert len(ids(call("list_policies", query={"enabled": "true"}))) == 2


def test_filtered_pages_are_complete_and_has_more_is_exact(call: Any) -> None:
    # Given 9 policies of which 5 are disabled
    disabled = {create(call, {"name": f"d{i}", "action": "block", "enabled": False})["id"] for i in range(5)}
    for i in range(4):
        create(call, {"name": f"e{i}", "action": "block"})
    # When disabled ones are listed 5 at a time
    page = call("list_policies", query={"enabled": "false", "limit": "5"})
    # Then one full page holds all of them and says nothing more follows
    assert set(ids(page)) == disabled
    assert page.body["has_more"] is False and page.body["next_cursor"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "ten"},
        {"enabled": "perhaps"},
        {"type": "nonsense"},
        {"cursor": "not-a-cursor"},
    ],
)
def test_bad_query_parameters_answer_400(call: Any, query: dict[str, str]) -> None:
    reply = call("list_policies", query=query)
    assert reply.status == 400
    assert reply.error_code == "bad_request"
    assert isinstance(reply.body["error"]["details"], list)
    assert reply.body["request_id"]


def test_tampered_or_foreign_cursor_answers_400(call: Any) -> None:
    # Given a valid cursor of org-a
    for i in range(3):
        create(call, {"name": f"p{i}", "action": "block"})
    cursor = call("list_policies", query={"limit": "1"}).body["next_cursor"]
    assert cursor
    payload, mac = cursor.split(".")
    tampered_payload = ("A" if payload[0] != "A" else "B") + payload[1:]
    tampered_mac = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    # Then any change to it, use by another org, or use on another listing is refused
    for bad in (f"{tampered_payload}.{mac}", f"{payload}.{tampered_mac}", cursor + "x", payload):
        assert call("list_policies", query={"cursor": bad}).status == 400
    assert call("list_policies", query={"cursor": cursor}, org="org-b").status == 400
    assert call("list_policies", query={"cursor": cursor, "enabled": "true"}).status == 400
    # And the untouched cursor still works
    assert call("list_policies", query={"cursor": cursor}).status == 200


def test_patch_creates_a_new_version_and_honours_if_match(call: Any) -> None:
    policy = create(call)
    # When patched with the current version
    reply = call("update_policy", path={"id": policy["id"]}, body={"priority": 5}, headers={"If-Match": '"1"'})
    # Then version 2 holds the change and the rest is kept
    assert reply.status == 200
    assert reply.body["version"] == 2 and reply.body["priority"] == 5 and reply.body["name"] == "p"
    assert reply.headers["ETag"] == '"2"'
    assert reply.body["created_at"] == policy["created_at"]
    # When patched again with the stale version
    stale = call("update_policy", path={"id": policy["id"]}, body={"priority": 9}, headers={"If-Match": '"1"'})
    # Then 412 and nothing changes
    assert stale.status == 412
    assert stale.error_code == "precondition_failed"
    assert call("get_policy", path={"id": policy["id"]}).body["priority"] == 5


def test_patch_model_null_clears_and_invalid_patch_changes_nothing(call: Any) -> None:
    policy = create(call, {"name": "p", "action": "block", "model": "gpt-4"})
    cleared = call("update_policy", path={"id": policy["id"]}, body={"model": None})
    assert cleared.status == 200 and cleared.body["model"] is None
    bad = call(
        "update_policy", path={"id": policy["id"]}, body={"rules": [{"type": "banned_patterns", "patterns": ["("]}]}
    )
    assert bad.status == 422
    assert bad.body["error"]["details"][0]["field"] == "rules[0].patterns[0]"
    assert call("get_policy", path={"id": policy["id"]}).body["version"] == 2


def race_after_first_read(monkeypatch: Any, patch: dict[str, Any]) -> None:
    """Make another writer apply ``patch`` right after the next policy read, before that reader writes."""
    from policy_engine.store.policies import PolicyStore

    original_get = PolicyStore.get
    raced = threading.Event()

    def get_then_race(self: PolicyStore, org_id: str, policy_id: str) -> Any:
        current = original_get(self, org_id, policy_id)
        if not raced.is_set():
            raced.set()
            assert invoke("update_policy", path={"id": policy_id}, body=patch).status == 200
        return current

    monkeypatch.setattr(PolicyStore, "get", get_then_race)


def test_concurrent_patches_never_lose_an_update(call: Any, monkeypatch: Any) -> None:
    # Given a policy, and a second writer that slips in right after the first one reads it
    policy = create(call)
    race_after_first_read(monkeypatch, {"description": "from B"})
    # When the first writer patches another field without If-Match
    reply = call("update_policy", path={"id": policy["id"]}, body={"priority": 7})
    # Then it retries on fresh data: both changes survive, in two versions
    assert reply.status == 200
    assert reply.body["version"] == 3
    assert reply.body["priority"] == 7 and reply.body["description"] == "from B"


def test_concurrent_patch_with_if_match_gets_412(call: Any, monkeypatch: Any) -> None:
    policy = create(call)
    race_after_first_read(monkeypatch, {"description": "B"})
    reply = call("update_policy", path={"id": policy["id"]}, body={"priority": 7}, headers={"If-Match": '"1"'})
    assert reply.status == 412
    final = call("get_policy", path={"id": policy["id"]}).body
    assert final["version"] == 2 and final["priority"] == 100


def test_versions_rollback_and_version_reads(call: Any) -> None:
    # Given a policy changed twice
    policy = create(call, {"name": "v1", "action": "block"})
    pid = policy["id"]
    call("update_policy", path={"id": pid}, body={"name": "v2"})
    call("update_policy", path={"id": pid}, body={"name": "v3", "enabled": False})
    # Then versions list newest first, each the full policy as it was
    versions = call("list_versions", path={"id": pid}).body
    assert [v["version"] for v in versions["items"]] == [3, 2, 1]
    assert [v["name"] for v in versions["items"]] == ["v3", "v2", "v1"]
    assert versions["items"][0]["enabled"] is False
    assert versions["has_more"] is False
    paged = call("list_versions", path={"id": pid}, query={"limit": "2"}).body
    rest = call("list_versions", path={"id": pid}, query={"cursor": paged["next_cursor"]}).body
    assert [v["version"] for v in paged["items"] + rest["items"]] == [3, 2, 1]
    first = call("get_version", path={"id": pid, "n": "1"})
    assert first.status == 200
    assert first.body["name"] == "v1" and first.body["enabled"] is True and first.body["created_by"] == "key-a"
    # When rolled back to version 1
    rolled = call("rollback_policy", path={"id": pid}, body={"version": 1})
    # Then a new version 4 equals version 1's content
    assert rolled.status == 200
    assert rolled.body["version"] == 4
    assert rolled.body["name"] == "v1" and rolled.body["enabled"] is True
    assert call("get_version", path={"id": pid, "n": "4"}).body["name"] == "v1"
    # And missing versions are 404, with stale If-Match 412
    assert call("rollback_policy", path={"id": pid}, body={"version": 99}).status == 404
    assert call("get_version", path={"id": pid, "n": "99"}).status == 404
    assert call("get_version", path={"id": pid, "n": "zero"}).status == 404
    stale = call("rollback_policy", path={"id": pid}, body={"version": 2}, headers={"If-Match": '"1"'})
    assert stale.status == 412
    assert call("rollback_policy", path={"id": pid}, body={"version": 0}).status == 422


def test_delete_removes_policy_and_versions(call: Any) -> None:
    policy = create(call)
    pid = policy["id"]
    call("update_policy", path={"id": pid}, body={"name": "again"})
    assert call("delete_policy", path={"id": pid}, headers={"If-Match": '"1"'}).status == 412
    reply = call("delete_policy", path={"id": pid})
    assert reply.status == 204 and reply.body is None
    assert call("get_policy", path={"id": pid}).status == 404
    assert call("list_versions", path={"id": pid}).status == 404
    assert call("delete_policy", path={"id": pid}).status == 404


def test_delete_leaves_no_version_items(call: Any, aws: Any) -> None:
    policy = create(call)
    call("update_policy", path={"id": policy["id"]}, body={"name": "again"})
    call("delete_policy", path={"id": policy["id"]})
    items = aws.Table("governance-test").scan()["Items"]
    assert not [i for i in items if policy["id"] in i["pk"] or policy["id"] in i["sk"]]


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
def test_catastrophic_backtracking_patterns_are_accepted_on_re2(call: Any, pattern: str) -> None:
    # RE2 runs these in linear time, so they are safe to store as they are.
    reply = call(
        "create_policy",
        body={"name": "p", "rules": [{"type": "banned_patterns", "action": "block", "patterns": [pattern]}]},
    )
    assert reply.status == 201
    assert reply.body["rules"][0]["patterns"] == [pattern]


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("(", "missing )"), ("(?=a)(a|aa)+$", "backtracks catastrophically"), (r"^(a|aa)+\1$", "catastrophically")],
)
def test_invalid_and_catastrophic_patterns_are_refused_and_never_stored(call: Any, pattern: str, reason: str) -> None:
    # Given a rule whose second pattern is invalid, or needs Python's engine and backtracks catastrophically
    body = {"name": "p", "rules": [{"type": "banned_patterns", "action": "block", "patterns": ["ok", pattern]}]}
    # When it is created
    reply = call("create_policy", body=body)
    # Then 422 names the rule and the pattern, and nothing is stored
    assert reply.status == 422
    assert reply.error_code == "validation_error"
    detail = reply.body["error"]["details"][0]
    assert detail["field"] == "rules[0].patterns[1]"
    assert reason in detail["message"]
    assert call("list_policies").body["items"] == []


@pytest.mark.parametrize("pattern", ["(?=secret)", r"(a)\1", "(?<!x)y", r"(?i)\b(\w+)\s+\1\b"])
def test_python_compatible_patterns_re2_cannot_run_are_stored(call: Any, pattern: str) -> None:
    # Given a pattern with lookaround or a backreference (not RE2, fine for Python's regex)
    body = {"name": "p", "on_timeout": "skip", "rules": [{"type": "banned_patterns", "patterns": [pattern]}]}
    # When it is created
    reply = call("create_policy", body={**body, "action": "block"})
    # Then it is stored as written, with the policy's on_timeout
    assert reply.status == 201
    assert reply.body["rules"][0]["patterns"] == [pattern]
    assert reply.body["on_timeout"] == "skip"


def test_invalid_values_answer_422_with_field_paths(call: Any) -> None:
    body = {
        "name": "",
        "action": "explode",
        "conditions": {"metadata.team": {"in": "eng"}},
        "rules": [{"type": "pii", "entities": ["email", "dna"]}, {"type": "telepathy"}],
    }
    reply = call("create_policy", body=body)
    assert reply.status == 422
    fields = {d["field"] for d in reply.body["error"]["details"]}
    assert {"name", "action", "rules[0].entities[1]", "rules[1].type"} <= fields


def test_rule_action_must_suit_its_type(call: Any) -> None:
    reply = call("create_policy", body={"name": "p", "action": "allow", "rules": [{"type": "secrets"}]})
    assert reply.status == 422
    assert reply.body["error"]["details"] == [
        {
            "field": "rules[0].action",
            "message": "the policy's action 'allow' is not available for secrets rules; "
            "set the rule's action to one of: block, alert, redact",
        }
    ]
    own = call(
        "create_policy", body={"name": "p", "rules": [{"type": "max_tokens", "action": "redact", "max_tokens": 5}]}
    )
    assert own.status == 422 and own.body["error"]["details"][0]["field"] == "rules[0].action"
    assert call("create_policy", body={"name": "p"}).status == 422  # no action anywhere


def test_conditions_nested_deeper_than_10_answer_422(call: Any) -> None:
    node: dict[str, Any] = {"model": {"eq": "x"}}
    for _ in range(10):
        node = {"not": node}
    reply = call("create_policy", body={"name": "p", "action": "block", "conditions": node})
    assert reply.status == 422
    assert "deeper than 10" in reply.body["error"]["details"][0]["message"]
    ok = call("create_policy", body={"name": "p", "action": "block", "conditions": node["not"]})
    assert ok.status == 201


@pytest.mark.parametrize(
    ("raw", "headers", "status"),
    [
        ("{not json", {"Content-Type": "application/json"}, 400),
        ('{"name": "p", "action": "block"}', {"Content-Type": "text/plain"}, 400),
        ("[1, 2]", {"Content-Type": "application/json"}, 422),
        ('"just a string"', {"Content-Type": "application/json"}, 422),
    ],
)
def test_malformed_bodies(call: Any, raw: str, headers: dict[str, str], status: int) -> None:
    reply = call("create_policy", raw_body=raw, headers=headers)
    assert reply.status == status
    assert set(reply.body) == {"error", "request_id"}
    assert set(reply.body["error"]) == {"code", "message", "details"}


def test_body_over_the_limit_answers_413(call: Any) -> None:
    reply = call("create_policy", raw_body='{"name": "' + "x" * 1_100_000 + '"}')
    assert reply.status == 413 and reply.error_code == "payload_too_large"


def test_unknown_and_malformed_ids_answer_404(call: Any) -> None:
    for pid in ("7d9f5f4c-56a0-4a43-9a0f-2f0c9b1d7a11", "not-a-uuid", "' OR 1=1"):
        reply = call("get_policy", path={"id": pid})
        assert reply.status == 404 and reply.error_code == "not_found"


def test_idempotency_key_replays_the_first_result(call: Any) -> None:
    body = {"name": "once", "action": "block"}
    first = call("create_policy", body=body, headers={"Idempotency-Key": "k-1"})
    again = call("create_policy", body=body, headers={"Idempotency-Key": "k-1"})
    assert first.status == again.status == 201
    assert again.body == first.body
    other = call("create_policy", body={"name": "twice", "action": "block"}, headers={"Idempotency-Key": "k-1"})
    assert other.status == 409 and other.error_code == "conflict"
    # The key is scoped to the org: another org creates its own policy
    foreign = call("create_policy", body=body, headers={"Idempotency-Key": "k-1"}, org="org-b")
    assert foreign.status == 201 and foreign.body["id"] != first.body["id"]
    assert len(call("list_policies").body["items"]) == 1


def test_idempotency_race_replays_instead_of_duplicating(call: Any, monkeypatch: Any) -> None:
    # Given two requests with the same key that both miss the record before either writes
    from policy_engine.store.policies import PolicyStore

    monkeypatch.setattr(PolicyStore, "get_idempotency", lambda self, org, key: None)
    body = {"name": "once", "action": "block"}
    first = call("create_policy", body=body, headers={"Idempotency-Key": "race"})
    monkeypatch.undo()
    # When the second one writes, its transaction fails on the record
    from policy_engine.store.policies import PolicyStore as Store

    original = Store.get_idempotency
    calls = {"n": 0}

    def miss_first_time(self: Store, org: str, key: str) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else original(self, org, key)

    monkeypatch.setattr(Store, "get_idempotency", miss_first_time)
    second = call("create_policy", body=body, headers={"Idempotency-Key": "race"})
    # Then it returns the first result and no duplicate exists
    assert second.status == 201 and second.body == first.body
    assert len(call("list_policies").body["items"]) == 1


def test_another_orgs_policy_is_404_everywhere_and_unchanged(call: Any) -> None:
    # Given a policy of org-a
    policy = create(call)
    pid = policy["id"]
    # When org-b reaches for it by id on every route
    attempts = [
        call("get_policy", path={"id": pid}, org="org-b"),
        call("update_policy", path={"id": pid}, body={"name": "stolen"}, org="org-b"),
        call("delete_policy", path={"id": pid}, org="org-b"),
        call("list_versions", path={"id": pid}, org="org-b"),
        call("get_version", path={"id": pid, "n": "1"}, org="org-b"),
        call("rollback_policy", path={"id": pid}, body={"version": 1}, org="org-b"),
    ]
    # Then every answer is 404 and org-a's policy is untouched
    assert [r.status for r in attempts] == [404] * 6
    assert call("get_policy", path={"id": pid}).body == policy
    assert call("list_policies", org="org-b").body["items"] == []


def test_tenancy_comes_only_from_the_authorizer(call: Any) -> None:
    # A body naming another org is ignored (org_id is read-only), and no authorizer means 401
    reply = call("create_policy", body={"name": "p", "action": "block", "org_id": "org-b"})
    assert reply.status == 201 and reply.body["org_id"] == "org-a"
    assert call("list_policies", authorizer={}).status == 401
    assert call("list_policies", authorizer={"org_id": "../x", "key_id": "k", "scopes": "admin"}).status == 401


@pytest.mark.parametrize(
    ("function", "scope", "allowed"),
    [
        ("list_policies", "policies:read", True),
        ("list_policies", "policies:write", False),
        ("list_policies", "evaluate", False),
        ("create_policy", "policies:write", True),
        ("create_policy", "policies:read", False),
        ("create_policy", "admin", True),
    ],
)
def test_scopes_are_enforced(call: Any, function: str, scope: str, allowed: bool) -> None:
    reply = call(function, scopes=scope)
    assert (reply.status < 300) is allowed
    if not allowed:
        assert reply.status == 403 and reply.error_code == "forbidden"


def test_health_needs_no_key(call: Any) -> None:
    reply = call("health", authorizer={})
    assert reply.status == 200 and reply.body["status"] == "ok"
