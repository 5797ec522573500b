"""Every route x every scope, as API.md's "Scopes per route" says; and nothing secret in the logs."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import pytest

from local_stack.template import api_routes
from policy_engine.caller import SCOPES

# API.md, "Scopes per route" (None: no key needed).
REQUIRED_SCOPE: dict[str, str | None] = {
    "list_policies": "policies:read",
    "get_policy": "policies:read",
    "list_versions": "policies:read",
    "get_version": "policies:read",
    "create_policy": "policies:write",
    "update_policy": "policies:write",
    "delete_policy": "policies:write",
    "rollback_policy": "policies:write",
    "create_api_key": "admin",
    "list_api_keys": "admin",
    "revoke_api_key": "admin",
    "evaluate": "evaluate",
    "evaluate_policy": "evaluate",
    "list_policy_types": "any",
    "whoami": "any",
    "get_org_policy": "policies:read",
    "put_org_policy": "admin",
    "list_violations": "audit:read",
    "get_decision": "audit:read",
    "list_audit": "audit:read",
    "verify_audit": "audit:read",
    "list_approvals": "approvals:read",
    "get_approval": "approvals:read",
    "approve_approval": "approvals:decide",
    "reject_approval": "approvals:decide",
    "ingest_events": "evaluate",
    "litellm_guardrail": "evaluate",
    "portkey_guardrail": "evaluate",
    "health": None,
}


def folder(code_uri: str) -> str:
    return code_uri.rstrip("/").rsplit("/", 1)[-1]


def test_every_api_function_of_the_template_is_in_the_scope_table() -> None:
    routed = {folder(r.code_uri) for r in api_routes()}
    assert routed <= set(REQUIRED_SCOPE), f"add the new routes to REQUIRED_SCOPE: {routed - set(REQUIRED_SCOPE)}"


@pytest.mark.parametrize("function", [f for f, s in REQUIRED_SCOPE.items() if s is not None])
@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_scope_matrix(call: Any, function: str, scope: str) -> None:
    # Given a key holding only `scope`, calling the route's sample event
    reply = call(function, scopes=scope)
    # Then it is refused with 403 exactly when API.md says the scope does not grant the route
    granted = REQUIRED_SCOPE[function] == "any" or scope in ("admin", REQUIRED_SCOPE[function])
    assert reply.status != 401
    assert (reply.status == 403) is not granted, (function, scope, reply.status, reply.body)


def test_no_key_hash_or_prompt_text_in_logs(call: Any, capsys: Any, caplog: Any) -> None:
    from tests.handlers.test_api_keys import authorize

    caplog.set_level(logging.INFO)  # the service's level; botocore's wire-level DEBUG logs stay off
    secret_text = "jane.doe@example.com call 415-555-0100"
    # When keys are created, used, refused and revoked, and a policy carrying text is written
    created = call("create_api_key", body={"name": "gw", "scopes": ["evaluate"]}).body
    key = created["key"]
    authorize(f"Bearer {key}")
    call("revoke_api_key", path={"id": created["id"]})
    with pytest.raises(Exception, match="Unauthorized"):
        authorize(f"Bearer {key}")
    call("create_policy", body={"name": secret_text, "action": "block", "description": secret_text})
    call("create_policy", raw_body='{"name": "' + secret_text + '", oops}')
    # Then no log line holds the key, its hash or the text
    logs = capsys.readouterr()
    records = "\n".join(json.dumps(record.__dict__, default=str) for record in caplog.records)
    output = logs.out + logs.err + records
    assert output.strip(), "the handlers log something (otherwise this test proves nothing)"
    for needle in (key, key[4:30], hashlib.sha256(key.encode()).hexdigest(), "jane.doe", "415-555"):
        assert needle not in output
