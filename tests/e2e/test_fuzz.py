"""Fuzzing the running local stack over HTTP: schemathesis over the committed spec (no 5xx,
responses as specified), and hostile bodies on every route that takes one (deep nesting,
non-finite numbers, huge integers, invalid UTF-8, lone surrogates): never a 5xx, never an
answer a strict JSON parser refuses."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
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
# A body over MAX_BODY_BYTES is refused with 413 before validation, as API.md says.
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*NegativeDataRejectionConfig._DEFAULT_EXPECTED_STATUSES, "413"]
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_ROUTE,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_api(case: Case, fuzz_stack: RunningStack) -> None:
    case.call_and_validate(
        base_url=fuzz_stack.api_url,
        headers={"Authorization": f"Bearer {fuzz_stack.key}"},
        # Semantic validation (known scopes, rule/action combinations, signed cursors) answers 422/400
        # to schema-valid bodies by design; the spec documents those statuses.
        excluded_checks=[checks.positive_data_acceptance],
    )


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
