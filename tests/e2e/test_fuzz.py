"""Fuzzing the running local stack over HTTP: schemathesis over the committed spec with every
check, positive and negative data included (no 5xx, responses as specified, schema-valid requests
accepted and invalid ones refused, except for the few documented rules in STATE_RULES), and
hostile bodies on every route that takes one (deep nesting, non-finite numbers, huge integers,
invalid UTF-8, lone surrogates): never a 5xx, never an answer a strict JSON parser refuses."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case, checks
from schemathesis.config._checks import NegativeDataRejectionConfig

from local_stack.openapi import SPEC_FILE
from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e

EXAMPLES_PER_ROUTE = 20

schema = schemathesis.openapi.from_path(SPEC_FILE)
# Unknown query parameters are ignored, as most HTTP APIs do; API.md does not make them errors.
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
# A body over MAX_BODY_BYTES is refused with 413 before validation, as API.md says; a malformed
# If-Match names no version, so it fails the precondition (412).
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*NegativeDataRejectionConfig._DEFAULT_EXPECTED_STATUSES, "412", "413"]
)


@dataclass(frozen=True)
class StateRule:
    """A rule a schema-valid request can still break, because it depends on state or on a computation
    JSON Schema cannot state. A positive example refused for exactly this reason (the status, and
    every detail explained by one of the rules) is not held against the spec; every other
    check still runs on it, and every other refusal of positive data fails."""

    operations: frozenset[str]
    status: int
    fields: str | None  # a regular expression every detail's field matches; None: no details
    reason: str
    message: str = ".*"  # a regular expression every detail's message matches

    def applies(self, operation_id: str, status: int) -> bool:
        return operation_id in self.operations and status == self.status

    def explains(self, detail: dict[str, Any]) -> bool:
        return self.fields is not None and bool(
            re.fullmatch(self.fields, str(detail.get("field")))
            and re.fullmatch(self.message, str(detail.get("message")))
        )


SPEC = json.loads(SPEC_FILE.read_text())
WITH_A_BODY = frozenset(
    op["operationId"] for ops in SPEC["paths"].values() for op in ops.values() if "requestBody" in op
)
MAX_SAFE_INTEGER = 2**53 - 1
LISTINGS = frozenset(
    {"list_policies", "list_versions", "list_api_keys", "list_approvals", "list_violations", "list_audit"}
)
STATE_RULES = (
    StateRule(
        LISTINGS,
        400,
        "cursor",
        "a cursor is valid only as the service signed it (HMAC over the org, the listing and the position); "
        "the spec states its format, no schema can state its signature",
    ),
    StateRule(
        frozenset({"list_violations"}),
        400,
        "until",
        "until must be later than since: JSON Schema cannot compare two parameters",
    ),
    StateRule(
        frozenset({"put_org_policy"}),
        422,
        r"alert_rules\[\d+\]\.notify\.slack_webhook_url",
        "a masked webhook URL stands for the stored URL it masks: a fact of the stored org policy",
        message="a masked URL must be one GET returned.*",
    ),
    StateRule(
        frozenset({"update_policy", "delete_policy", "rollback_policy"}),
        412,
        None,
        "If-Match must name the policy's current version: a fact of the stored policy, not of the request",
    ),
    StateRule(
        WITH_A_BODY,
        422,
        r".+",
        "JSON Schema's integer admits 2.0; the service takes an integer only as written without a fraction "
        "or exponent, a lexical form no JSON Schema keyword sees",
        message="Input should be a valid integer",
    ),
    StateRule(
        frozenset({"create_policy", "update_policy", "rollback_policy"}),
        422,
        r"max_(policies_per_org|patterns_per_set|words_per_set|compiled_instructions|compile_seconds)",
        "the per-org limits count what the org holds with the write (its policies, the patterns and words "
        "of its set, the set's compiled size and compile time, measured on this machine): a fact of the "
        "stored policies, not of the request",
    ),
    StateRule(
        frozenset({"create_policy"}),
        422,
        r"rules\[\d+\]\.action",
        "a rule without an action of its own inherits the policy's, which must be one of the rule type's "
        "available_actions: a constraint between two fields, one branch per action and rule type, that "
        "the spec leaves to GET /v1/policy-types (a rule's own action is stated as its type's enum)",
        message=r"no action: .*|the policy's action '\w+' is not available for \w+ rules; .*",
    ),
    StateRule(
        frozenset({"create_policy"}),
        422,
        r"rules\[\d+\]\.entities",
        "an entity may be listed once, as a name or as an object: uniqueness across the two forms is "
        "not a JSON Schema keyword (uniqueItems compares whole items)",
        message=r"entity '\w+' is listed more than once",
    ),
    StateRule(
        frozenset({"create_policy"}),
        422,
        r"conditions(\.\w+|\[\d+\])*\.matches|rules\[\d+\]\.(patterns|allow|models)\[\d+\]|model",
        "a pattern or an allow entry must compile as RE2 (or, for banned_patterns, as a Python-compatible "
        "pattern), and a model glob's brackets must balance: no JSON Schema keyword states which strings compile",
    ),
)


def _holds_a_large_float(value: Any) -> bool:
    if isinstance(value, float):
        return abs(value) > MAX_SAFE_INTEGER
    if isinstance(value, dict):
        return any(_holds_a_large_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_a_large_float(v) for v in value)
    return False


def _lexically_accepted(case: Case, response: Any) -> bool:
    """A free JSON value (gateway payloads' own fields) may hold any finite number written as a
    float; written as an integer it must be within 2**53 (the request parser). JSON Schema sees
    values, not how they are written, so the spec bounds every number there by 2**53, and a
    negative example that breaks only that bound with a float literal is accepted by design."""
    return response.status_code < 300 and _holds_a_large_float(case.body)


def _explained(case: Case, response: Any) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    operation_id = case.operation.definition.raw["operationId"]
    rules = [rule for rule in STATE_RULES if rule.applies(operation_id, response.status_code)]
    details = (body or {}).get("error", {}).get("details", [])
    if not details:
        return any(rule.fields is None for rule in rules)
    # Every problem the answer names is one of the documented rules (a body may break several).
    return all(any(rule.explains(detail) for rule in rules) for detail in details)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_ROUTE,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_api(case: Case, fuzz_stack: RunningStack) -> None:
    headers = {"Authorization": f"Bearer {fuzz_stack.key}"}
    response = case.call(base_url=fuzz_stack.api_url, headers=headers)
    excluded = [checks.positive_data_acceptance] if _explained(case, response) else []
    if _lexically_accepted(case, response):
        excluded.append(checks.negative_data_rejection)
    case.validate_response(
        response, headers=headers, excluded_checks=excluded, transport_kwargs={"base_url": fuzz_stack.api_url}
    )
    if case.operation.definition.raw["operationId"] == "create_policy" and response.status_code == 201:
        # Each example is judged against the same small org: a created policy is deleted again, so
        # the org's set (compiled on every write) does not grow with the examples.
        status, _ = _send(fuzz_stack, "DELETE", f"/v1/policies/{response.json()['id']}")
        assert status == 204, status


def test_every_state_rule_names_real_operations() -> None:
    operations = {
        op["operationId"] for ops in json.loads(SPEC_FILE.read_text())["paths"].values() for op in ops.values()
    }
    for rule in STATE_RULES:
        assert rule.operations <= operations, rule.operations - operations


# -- hostile bodies on every route with a body --

POISONS: dict[str, bytes] = {
    "deep-array": b"[" * 5000 + b"]" * 5000,
    "deep-object": b'{"a":' * 3000 + b"1" + b"}" * 3000,
    "nan": b"NaN",
    "infinity": b"Infinity",
    "minus-infinity": b"-Infinity",
    "overflowing-float": b"1e999",
    "huge-integer": b"1" + b"0" * 400,
    "integer-past-the-digit-limit": b"9" * 5000,
    "invalid-utf8": b'"\xff\xfe\xfd"',
    "truncated-utf8": b'"caf\xc3"',
    "escaped-lone-surrogate": b'"\\ud800"',
    "encoded-surrogate": b'"\xed\xa0\x80"',
}
TEMPLATES = [
    b"%s",
    b'{"a": %s}',
    b'{"name": "n", "action": "block", "conditions": {"cost_usd": {"gt": %s}}}',
    b'{"model": "m", "prompt": "x", "metadata": {"k": %s}}',
    b'{"events": [{"event_id": "e", "model": "m", "prompt": "x", "max_tokens": %s}]}',
]


def _routes_with_a_body() -> list[tuple[str, str]]:
    spec = json.loads(SPEC_FILE.read_text())
    return [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]


def _strict(text: bytes) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON in an answer: {constant}")

    return json.loads(text.decode("utf-8"), parse_constant=refuse)


def _send(stack: RunningStack, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {stack.key}", "Content-Type": "application/json"}
    request = urllib.request.Request(stack.api_url + path, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_route_with_a_body_has_routes_to_fuzz() -> None:
    assert len(_routes_with_a_body()) >= 10


@pytest.mark.parametrize(("method", "path"), _routes_with_a_body())
def test_hostile_bodies_never_get_a_5xx_or_non_standard_json(fuzz_stack: RunningStack, method: str, path: str) -> None:
    concrete = path.replace("{id}", str(uuid.uuid4())).replace("{n}", "1")
    for name, poison in POISONS.items():
        for template in TEMPLATES:
            body = template.replace(b"%s", poison)
            status, answer = _send(fuzz_stack, method, concrete, body)
            assert status < 500, (name, template, status, answer[:300])
            error = _strict(answer)["error"]
            # refused at the edge, in the service's own words
            assert 400 <= status < 500 and error["code"] in ("bad_request", "validation_error", "not_found")
            assert "set_int_max_str_digits" not in error["message"] and "base64" not in error["message"]


def test_what_the_fuzzing_stored_reads_back_as_standard_json(fuzz_stack: RunningStack) -> None:
    for path in ("/v1/violations", "/v1/policies", "/v1/approvals", "/v1/audit", "/v1/api-keys", "/v1/org/policy"):
        status, answer = _send(fuzz_stack, "GET", path)
        assert status == 200
        _strict(answer)
