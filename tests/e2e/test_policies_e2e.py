"""The REST contract over real HTTP against the local stack serving template.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Reply, RunningStack

pytestmark = pytest.mark.e2e

PII_POLICY = {
    "name": "Redact PII in prompts",
    "description": "Mask personal data before it reaches the model",
    "model": "gpt-4*",
    "priority": 50,
    "rules": [{"type": "pii", "action": "redact", "entities": ["email", "phone"]}],
}


def create(stack: RunningStack, **overrides: Any) -> dict[str, Any]:
    reply = stack.request("POST", "/v1/policies", body={**PII_POLICY, **overrides})
    assert reply.status == 201, reply.body
    policy: dict[str, Any] = reply.body
    return policy


def all_pages(stack: RunningStack, path: str, limit: int) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        separator = "&" if "?" in path else "?"
        query = f"{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        reply = stack.request("GET", path + query)
        assert reply.status == 200, reply.body
        pages.append(reply.body["items"])
        assert reply.body["has_more"] is (reply.body["next_cursor"] is not None)
        cursor = reply.body["next_cursor"]
        if cursor is None:
            return pages


def error(reply: Reply, status: int, code: str) -> None:
    assert reply.status == status, reply.body
    assert reply.body["error"]["code"] == code
    assert isinstance(reply.body["error"]["details"], list)
    assert reply.body["request_id"]


def test_health_needs_no_key(stack: RunningStack) -> None:
    reply = stack.request("GET", "/v1/health", key=None)
    assert reply.status == 200
    assert reply.body["status"] == "ok"


def test_keys_are_checked_by_the_authorizer(stack: RunningStack) -> None:
    error(stack.request("GET", "/v1/policies", key=None), 401, "unauthorized")
    error(stack.request("GET", "/v1/policies", key="pgk_not_a_real_key_0000000000"), 401, "unauthorized")
    error(stack.request("GET", "/v1/policies", headers={"Authorization": "Basic abc"}), 401, "unauthorized")


def test_unknown_route_and_wrong_method(stack: RunningStack) -> None:
    error(stack.request("GET", "/v1/nothing-here"), 404, "not_found")
    reply = stack.request("PUT", "/v1/policies")
    assert reply.status == 405
    assert set(reply.headers["Allow"].split(", ")) == {"GET", "POST"}


def test_create_get_and_idempotent_retry(stack: RunningStack) -> None:
    reply = stack.request("POST", "/v1/policies", body=PII_POLICY, headers={"Idempotency-Key": "e2e-create-1"})
    assert reply.status == 201, reply.body
    policy = reply.body
    assert policy["version"] == 1
    assert policy["org_id"] == "org-dev"
    assert reply.headers["ETag"] == '"1"'
    assert reply.headers["Location"] == f"/v1/policies/{policy['id']}"

    again = stack.request("POST", "/v1/policies", body=PII_POLICY, headers={"Idempotency-Key": "e2e-create-1"})
    assert again.status == 201
    assert again.body["id"] == policy["id"]
    other = stack.request(
        "POST", "/v1/policies", body={**PII_POLICY, "name": "x"}, headers={"Idempotency-Key": "e2e-create-1"}
    )
    error(other, 409, "conflict")

    got = stack.request("GET", f"/v1/policies/{policy['id']}")
    assert got.status == 200
    assert got.body == policy
    assert got.headers["ETag"] == '"1"'


def test_invalid_bodies(stack: RunningStack) -> None:
    error(
        stack.request("POST", "/v1/policies", raw=b"{not json", headers={"Content-Type": "application/json"}),
        400,
        "bad_request",
    )
    error(stack.request("POST", "/v1/policies", body=["a list"]), 422, "validation_error")
    bad_regex = {
        "name": "bad",
        "rules": [{"type": "banned_patterns", "action": "block", "patterns": ["ok", "(?=a)(a|aa)+$"]}],
    }
    reply = stack.request("POST", "/v1/policies", body=bad_regex)
    error(reply, 422, "validation_error")
    assert any(d["field"].startswith("rules[0].patterns[1]") for d in reply.body["error"]["details"])


def test_list_in_pages(stack: RunningStack) -> None:
    created = {create(stack, name=f"paged {i}")["id"] for i in range(5)}
    pages = all_pages(stack, "/v1/policies", limit=2)
    seen = [p["id"] for page in pages for p in page]
    assert len(seen) == len(set(seen)), "a policy appeared on two pages"
    assert created <= set(seen)
    assert all(len(page) <= 2 for page in pages)
    error(stack.request("GET", "/v1/policies?limit=0"), 400, "bad_request")
    error(stack.request("GET", "/v1/policies?limit=101"), 400, "bad_request")
    error(stack.request("GET", "/v1/policies?cursor=forged"), 400, "bad_request")


def test_patch_with_if_match_versions_and_rollback(stack: RunningStack) -> None:
    policy = create(stack, name="versioned")
    url = f"/v1/policies/{policy['id']}"

    patched = stack.request("PATCH", url, body={"priority": 7, "model": None}, headers={"If-Match": '"1"'})
    assert patched.status == 200, patched.body
    assert patched.body["version"] == 2
    assert patched.body["priority"] == 7
    assert patched.body["model"] is None
    assert patched.headers["ETag"] == '"2"'

    stale = stack.request("PATCH", url, body={"priority": 8}, headers={"If-Match": '"1"'})
    error(stale, 412, "precondition_failed")

    versions = all_pages(stack, f"{url}/versions", limit=1)
    assert [page[0]["version"] for page in versions] == [2, 1]

    first = stack.request("GET", f"{url}/versions/1")
    assert first.status == 200
    assert first.body["priority"] == 50
    assert first.body["model"] == "gpt-4*"
    error(stack.request("GET", f"{url}/versions/9"), 404, "not_found")

    rolled = stack.request("POST", f"{url}/rollback", body={"version": 1}, headers={"If-Match": '"2"'})
    assert rolled.status == 200, rolled.body
    assert rolled.body["version"] == 3
    assert rolled.body["priority"] == 50
    assert rolled.body["model"] == "gpt-4*"
    error(stack.request("POST", f"{url}/rollback", body={"version": 99}), 404, "not_found")


def test_delete(stack: RunningStack) -> None:
    policy = create(stack, name="doomed")
    url = f"/v1/policies/{policy['id']}"
    error(stack.request("DELETE", url, headers={"If-Match": '"5"'}), 412, "precondition_failed")
    reply = stack.request("DELETE", url)
    assert reply.status == 204
    assert reply.body is None
    error(stack.request("GET", url), 404, "not_found")
    error(stack.request("GET", f"{url}/versions/1"), 404, "not_found")
    error(stack.request("GET", "/v1/policies/not-a-uuid"), 404, "not_found")


def test_scopes_with_a_minted_read_only_key(stack: RunningStack) -> None:
    minted = stack.request("POST", "/v1/api-keys", body={"name": "reader", "scopes": ["policies:read"]})
    assert minted.status == 201, minted.body
    reader = minted.body["key"]
    assert stack.request("GET", "/v1/policies", key=reader).status == 200
    error(stack.request("POST", "/v1/policies", body=PII_POLICY, key=reader), 403, "forbidden")
    assert stack.request("DELETE", f"/v1/api-keys/{minted.body['id']}").status == 204
    error(stack.request("GET", "/v1/policies", key=reader), 401, "unauthorized")


def test_evaluate_redacts_an_email(stack: RunningStack) -> None:
    policy = create(stack, name="pii for evaluate", model=None)
    request = {"model": "gpt-4o", "prompt": "mail me at jane.doe@example.com please"}
    for path in (f"/v1/policies/{policy['id']}/evaluate", "/v1/evaluate"):
        reply = stack.request("POST", path, body=request)
        assert reply.status == 200, reply.body
        assert reply.body["verdict"] == "modified", path
        assert "jane.doe@example.com" not in str(reply.body)
        assert "[email]" in reply.body["modified_request"]["prompt"].lower()


def test_openapi_is_served(stack: RunningStack) -> None:
    reply = stack.request("GET", "/openapi.json", key=None)
    assert reply.status == 200
    assert reply.body["openapi"].startswith("3.1")
    assert "/v1/policies/{id}" in reply.body["paths"]
