"""API keys routes and the Lambda authorizer, through their handlers (moto in-process)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.conftest import LambdaContext, load_event


def authorize(token: str | None) -> dict[str, Any]:
    from functions.authorizer.app import lambda_handler

    event = copy.deepcopy(load_event("authorizer"))
    event["headers"] = {"Host": "api.example.com"} | ({"Authorization": token} if token is not None else {})
    result: dict[str, Any] = lambda_handler(event, LambdaContext())
    return result


def mint(call: Any, scopes: list[str], org: str = "org-a") -> dict[str, Any]:
    reply = call("create_api_key", body={"name": "gw", "scopes": scopes}, org=org)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_created_key_is_shown_once_and_stored_only_as_a_hash(call: Any, aws: Any) -> None:
    # When an admin creates a key
    created = mint(call, ["evaluate", "policies:read"])
    key = created["key"]
    # Then it is high-entropy, recognisable, and never stored or listed in clear
    assert key.startswith("pgk_")
    assert len(key) >= 70
    assert created["scopes"] == ["evaluate", "policies:read"]
    listed = call("list_api_keys").body["items"]
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0] and "hash" not in listed[0]
    stored = json.dumps(aws.Table("governance-test").scan()["Items"], default=str)
    assert key not in stored
    assert key[20:] not in stored


def test_authorizer_maps_a_key_to_org_key_and_scopes(call: Any) -> None:
    created = mint(call, ["evaluate"])
    result = authorize(f"Bearer {created['key']}")
    assert result["principalId"] == created["id"]
    assert result["context"] == {"org_id": "org-a", "key_id": created["id"], "scopes": "evaluate"}
    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*"


@pytest.mark.parametrize(
    "token",
    [None, "", "Bearer", "Basic abc", "Bearer short", "Bearer pgk_unknown_key_that_nobody_has_minted_0000"],
)
def test_missing_malformed_and_unknown_keys_are_unauthorized(call: Any, token: str | None) -> None:
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(token)


def test_revocation_is_effective_at_once(call: Any) -> None:
    created = mint(call, ["evaluate"])
    assert authorize(f"Bearer {created['key']}")["context"]["org_id"] == "org-a"
    assert call("revoke_api_key", path={"id": created["id"]}).status == 204
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(f"Bearer {created['key']}")
    listed = call("list_api_keys").body["items"]
    assert listed[0]["revoked_at"] is not None


def test_keys_of_another_org_cannot_be_seen_or_revoked(call: Any) -> None:
    created = mint(call, ["evaluate"], org="org-a")
    assert call("revoke_api_key", path={"id": created["id"]}, org="org-b").status == 404
    assert call("list_api_keys", org="org-b").body["items"] == []
    assert authorize(f"Bearer {created['key']}")["context"]["org_id"] == "org-a"


def test_invalid_scopes_are_refused(call: Any) -> None:
    reply = call("create_api_key", body={"name": "gw", "scopes": ["root"]})
    assert reply.status == 422
    assert reply.body["error"]["details"][0]["field"] == "scopes"
    assert call("create_api_key", body={"name": "gw", "scopes": []}).status == 422


@pytest.mark.parametrize("function", ["create_api_key", "list_api_keys", "revoke_api_key"])
@pytest.mark.parametrize("scope", ["policies:read", "policies:write", "evaluate", "audit:read"])
def test_api_key_routes_need_admin(call: Any, function: str, scope: str) -> None:
    reply = call(function, scopes=scope)
    assert reply.status == 403
    assert reply.error_code == "forbidden"


def test_a_minted_key_works_end_to_end_through_authorizer_context(call: Any) -> None:
    # Given a read-only key, its authorizer context is what the handlers trust
    created = mint(call, ["policies:read"])
    context = authorize(f"Bearer {created['key']}")["context"]
    # Then it can list but not create policies
    assert call("list_policies", authorizer=context).status == 200
    assert call("create_policy", authorizer=context).status == 403


def test_create_key_script_prints_the_key_alone_on_its_last_line(aws: Any, capsys: Any) -> None:
    from scripts.create_key import main

    # When the bootstrap script mints an admin key for a new org
    assert main(["--org", "acme", "--scopes", "admin", "--name", "ops", "--table", "governance-test"]) == 0
    # Then the last line is exactly the key, and the authorizer accepts it for that org
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("pgk_") and " " not in key
    assert authorize(f"Bearer {key}")["context"]["org_id"] == "acme"
    assert main(["--org", "acme", "--scopes", "root", "--table", "governance-test"]) == 2
