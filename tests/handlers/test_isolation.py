"""Isolation matrix: with keys of two orgs, no route reaches the other org's resources."""

from __future__ import annotations

from typing import Any

import pytest

from local_stack.template import api_routes
from policy_engine.store import audit

ROUTES_WITH_ID = sorted({(r.code_uri.rstrip("/").rsplit("/", 1)[-1], r.path) for r in api_routes() if "{id}" in r.path})
LIST_ROUTES = sorted(
    {r.code_uri.rstrip("/").rsplit("/", 1)[-1] for r in api_routes() if r.method == "GET" and "{" not in r.path}
    - {"health", "list_policy_types", "whoami", "get_org_policy", "verify_audit"}
)


@pytest.fixture
def org_a_resources(call: Any, stack: Any) -> dict[str, str]:
    policy = call("create_policy", body={"name": "a-secret", "action": "alert"}).body
    call("update_policy", path={"id": policy["id"]}, body={"priority": 3})
    call("put_org_policy", body={"logging_level": "full"})
    rule = {"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}
    call("create_policy", body={"name": "costly", "rules": [rule]})
    key = call("create_api_key", body={"name": "a-key", "scopes": ["evaluate"]}).body
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": "hello", "cost_usd": 5}).body
    assert decision["verdict"] == "pending_approval"
    return {
        "/v1/policies/": policy["id"],
        "/v1/api-keys/": key["id"],
        "/v1/decisions/": decision["decision_id"],
        "/v1/approvals/": decision["approval"]["id"],
    }


def snapshot(call: Any, aws: Any) -> Any:
    return (
        call("list_approvals").body,
        call("list_policies").body,
        call("list_versions", path={"id": call("list_policies").body["items"][0]["id"]}).body,
        call("list_api_keys").body,
        list(audit.iter_entries(aws.Table("governance-test"), "org-a")),
    )


@pytest.mark.parametrize(("function", "path"), ROUTES_WITH_ID)
def test_routes_with_an_id_of_another_org_answer_404_and_change_nothing(
    call: Any, aws: Any, org_a_resources: dict[str, str], function: str, path: str
) -> None:
    # Given org-a's resources and a record of how they look
    prefix = next((p for p in org_a_resources if path.startswith(p)), None)
    assert prefix is not None, f"add a resource of org-a for {path}"
    before = snapshot(call, aws)
    # When org-b (an admin of its own org) calls the route with org-a's id
    reply = call(function, org="org-b", key="key-b", path={"id": org_a_resources[prefix], "n": "1"})
    # Then it is 404, exactly as for a missing resource, and nothing of org-a changed
    assert reply.status == 404, (function, reply.body)
    assert reply.error_code == "not_found"
    assert snapshot(call, aws) == before


@pytest.mark.parametrize("function", LIST_ROUTES)
def test_list_routes_never_show_another_orgs_items(call: Any, org_a_resources: dict[str, str], function: str) -> None:
    mine = call(function, org="org-b", key="key-b")
    assert mine.status == 200
    assert mine.body["items"] == []
    assert call(function).body["items"]


def test_the_matrix_covers_every_id_route() -> None:
    assert {f for f, _ in ROUTES_WITH_ID} >= {
        "get_policy",
        "update_policy",
        "delete_policy",
        "list_versions",
        "get_version",
        "rollback_policy",
        "evaluate_policy",
        "revoke_api_key",
        "get_approval",
        "approve_approval",
        "reject_approval",
    }
    assert set(LIST_ROUTES) >= {"list_policies", "list_api_keys", "list_audit", "list_violations", "list_approvals"}


def test_the_org_policy_is_per_org(call: Any) -> None:
    # Given org-a changed its org policy
    assert call("put_org_policy", body={"logging_level": "full", "retention_days": 7}).status == 200
    # Then org-b still has the defaults, and its own write leaves org-a's alone
    assert call("get_org_policy", org="org-b", key="key-b").body["logging_level"] == "standard"
    assert call("put_org_policy", org="org-b", key="key-b", body={"logging_level": "minimal"}).status == 200
    assert call("get_org_policy").body["logging_level"] == "full"
    assert call("get_org_policy").body["retention_days"] == 7
