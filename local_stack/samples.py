"""What an id-based sample event needs, made on the running local stack before ``make invoke``.

The sample events in events/ name fixed ids. When one of them does not exist in the event's org
(the seeded dev org), ``make invoke`` makes the record through the service's own functions and
their sample events, and puts its id (and current version, for If-Match) into the event:

- a policy, for the policy routes (with a second version for a rollback to version 1);
- a pending approval, for the approval routes: a policy holding requests to a sample model, and
  an evaluate of that model;
- a stored decision, for ``GET /v1/decisions/{id}``;
- a new key, for ``DELETE /v1/api-keys/{id}``, and for the authorizer's sample event in place of
  its placeholder key (an ``evaluate`` key of the stack's org).

Events that consume their record (delete, revoke, approve, reject) get a new one each time; the
others reuse what an earlier invoke made while it still exists (``.local/samples.json``).
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from local_stack.template import ROOT

EVENTS = ROOT / "events"
HELD_MODEL = "sample-held-model"
PLACEHOLDER_KEY = "pgk_demo_key_replace_with_a_real_one"  # events/authorizer.json
HELD_POLICY = {
    "name": "Sample: hold requests to the sample model for approval",
    "description": "Made by make invoke for the approval sample events; only the sample model is in scope.",
    "model": HELD_MODEL,
    "action": "require_approval",
}
WAIT_SECONDS = 60  # for what the stack's workers file from their queues
Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]


def _event(name: str, org_id: str, **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    event["requestContext"]["authorizer"]["org_id"] = org_id
    if "body" in changes and "Idempotency-Key" in event.get("headers", {}):
        # A record of its own: the sample's fixed key would replay the sample's record (or refuse)
        event["headers"] = {**event["headers"], "Idempotency-Key": str(uuid.uuid4())}
    for key, value in changes.items():
        event[key] = json.dumps(value) if key == "body" else value
    return event


def _body(response: dict[str, Any], expect: int, what: str) -> Any:
    if response.get("statusCode") != expect:
        raise RuntimeError(
            f"could not make {what} for this sample event: {response.get('statusCode')} {response.get('body')}"
        )
    return json.loads(response["body"])


class Samples:
    def __init__(self, run: Invoke, made_file: Path) -> None:
        self.run = run
        self.made_file = made_file
        self.made: dict[str, dict[str, str]] = json.loads(made_file.read_text()) if made_file.exists() else {}

    def _remember(self, org_id: str, kind: str, record_id: str) -> str:
        self.made.setdefault(org_id, {})[kind] = record_id
        self.made_file.parent.mkdir(parents=True, exist_ok=True)
        self.made_file.write_text(json.dumps(self.made, indent=2))
        return record_id

    def _exists(self, function: str, name: str, org_id: str, record_id: str) -> dict[str, Any] | None:
        reply = self.run(function, _event(name, org_id, pathParameters={"id": record_id}))
        return json.loads(reply["body"]) if reply.get("statusCode") == 200 else None

    def policy(self, org_id: str, *, fresh: bool = False, versions: int = 1) -> dict[str, Any]:
        known = None if fresh else self.made.get(org_id, {}).get("policy")
        policy = self._exists("GetPolicyFunction", "get_policy", org_id, known) if known else None
        if policy is None:
            sample = json.loads(_event("create_policy", org_id)["body"])
            made = _event("create_policy", org_id, body=sample)
            policy = _body(self.run("CreatePolicyFunction", made), 201, "a policy")
            if not fresh:
                self._remember(org_id, "policy", policy["id"])
        while policy["version"] < versions:
            update = _event(
                "update_policy", org_id, pathParameters={"id": policy["id"]},
                headers={**_event("update_policy", org_id)["headers"], "If-Match": f'"{policy["version"]}"'},
                body={"description": f"version {policy['version'] + 1}, made by make invoke"},
            )  # fmt: skip
            policy = _body(self.run("UpdatePolicyFunction", update), 200, "a second policy version")
        return policy

    def approval(self, org_id: str, *, fresh: bool) -> str:
        known = None if fresh else self.made.get(org_id, {}).get("approval")
        if known and self._exists("GetApprovalFunction", "get_approval", org_id, known):
            return known
        approval_id = self.pending_approval(org_id)
        return approval_id if fresh else self._remember(org_id, "approval", approval_id)

    def pending_approval(self, org_id: str) -> str:
        listed = _body(self.run("ListPoliciesFunction", _event("list_policies", org_id, queryStringParameters=None)),
                       200, "the policy list")  # fmt: skip
        if not any(p["name"] == HELD_POLICY["name"] for p in listed.get("items", [])):
            _body(self.run("CreatePolicyFunction", _event("create_policy", org_id, body=HELD_POLICY)), 201, "a policy")
        request = {"model": HELD_MODEL, "prompt": "A sample request held for approval.", "cost_usd": 0.01}
        held = _event("evaluate", org_id, body=request)
        # Requested by another key than the sample reviewer's: approvals need a distinct reviewer
        held["requestContext"]["authorizer"]["key_id"] = "sample-requester"
        decision = _body(self.run("EvaluateFunction", held), 200, "a held request")
        approval_id = (decision.get("approval") or {}).get("id")
        if not approval_id:
            raise RuntimeError(f"the sample request was not held for approval: verdict {decision.get('verdict')}")
        deadline = time.monotonic() + WAIT_SECONDS
        while self._exists("GetApprovalFunction", "get_approval", org_id, approval_id) is None:
            if time.monotonic() > deadline:  # the approval workflow files it from its queue
                raise RuntimeError(f"approval {approval_id} was not filed within {WAIT_SECONDS} s")
            time.sleep(0.25)
        return str(approval_id)

    def decision(self, org_id: str) -> str:
        known = self.made.get(org_id, {}).get("decision")
        if known and self._exists("GetDecisionFunction", "get_decision", org_id, known):
            return known
        self.pending_approval(org_id)  # held requests are always stored
        feed = _event("list_violations", org_id, queryStringParameters=None)
        deadline = time.monotonic() + WAIT_SECONDS
        while not (items := _body(self.run("ListViolationsFunction", feed), 200, "the violations feed")["items"]):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no decision in the violations feed within {WAIT_SECONDS} s")
            time.sleep(0.25)
        return self._remember(org_id, "decision", items[0]["decision_id"])

    def api_key(self, org_id: str, name: str) -> dict[str, Any]:
        body = {"name": name, "scopes": ["evaluate"]}
        created: dict[str, Any] = _body(
            self.run("CreateApiKeyFunction", _event("create_api_key", org_id, body=body)), 201, "a key"
        )
        return created


def prepare(
    function: str, event: dict[str, Any], run: Invoke, stack_org: str | None, made_file: Path
) -> dict[str, Any]:
    """``event`` with the ids it names replaced by records that exist in its org."""
    resource = str(event.get("resource") or "")
    event = copy.deepcopy(event)
    samples = Samples(run, made_file)
    if function == "AuthorizerFunction" and stack_org and PLACEHOLDER_KEY in json.dumps(event.get("headers")):
        previous = samples.made.get(stack_org, {}).get("authorizer_key")
        if previous:  # one sample key at a time: the one minted for the last invoke is revoked
            samples.run("RevokeApiKeyFunction", _event("revoke_api_key", stack_org, pathParameters={"id": previous}))
        minted = samples.api_key(stack_org, "sample-authorizer")
        samples._remember(stack_org, "authorizer_key", minted["id"])  # the id only, never the key
        key = minted["key"]
        for headers in (event.get("headers") or {}, event.get("multiValueHeaders") or {}):
            for name, value in headers.items():
                if name.lower() == "authorization":
                    headers[name] = [f"Bearer {key}"] if isinstance(value, list) else f"Bearer {key}"
        return event
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    org_id = authorizer.get("org_id")
    if not org_id or "{id}" not in resource:
        return event
    path = dict(event.get("pathParameters") or {})
    if resource.startswith("/v1/policies/"):
        policy = samples.policy(
            org_id, fresh=function == "DeletePolicyFunction", versions=2 if resource.endswith("/rollback") else 1
        )
        path["id"] = policy["id"]
        if any(k.lower() == "if-match" for k in event.get("headers") or {}):
            event["headers"] = {k: v for k, v in event["headers"].items() if k.lower() != "if-match"}
            event["headers"]["If-Match"] = f'"{policy["version"]}"'
    elif resource.startswith("/v1/approvals/"):
        path["id"] = samples.approval(org_id, fresh=function != "GetApprovalFunction")
    elif resource.startswith("/v1/decisions/"):
        path["id"] = samples.decision(org_id)
    elif resource.startswith("/v1/api-keys/"):
        path["id"] = samples.api_key(org_id, "sample-revocable")["id"]
    event["pathParameters"] = path
    return event
