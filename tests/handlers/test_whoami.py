"""GET /v1/whoami: a client learns its own key's org and scopes, from the authorizer only."""

from __future__ import annotations

from typing import Any


def test_whoami_names_the_org_key_and_scopes_of_the_presented_key(call: Any) -> None:
    # Given a key of org-a holding two scopes
    reply = call("whoami", org="org-a", key="key-7", scopes="approvals:read approvals:decide")
    # Then it is told exactly that, sorted, and the answer is not cached
    assert reply.status == 200
    assert reply.body == {"org_id": "org-a", "key_id": "key-7", "scopes": ["approvals:decide", "approvals:read"]}
    assert reply.headers["Cache-Control"] == "no-store"


def test_whoami_ignores_an_org_named_in_the_request(call: Any) -> None:
    # Given a request that names another org in its query and headers
    reply = call("whoami", org="org-a", query={"org_id": "org-b"}, headers={"X-Org-Id": "org-b"})
    # Then the org is still the key's own
    assert reply.body["org_id"] == "org-a"


def test_whoami_without_an_authorizer_context_is_401(call: Any) -> None:
    reply = call("whoami", authorizer={})
    assert reply.status == 401
    assert reply.error_code == "unauthorized"
