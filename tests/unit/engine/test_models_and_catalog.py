"""EvaluateRequest validation and the policy-types catalog."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from policy_engine.engine.catalog import policy_types
from policy_engine.models.evaluate import Decision, EvaluateRequest, ModifiedRequest
from policy_engine.rules import RULE_TYPES
from policy_engine.rules.pii import PiiEntity


@pytest.mark.parametrize(
    "body",
    [
        {"model": "m", "prompt": "p"},
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
        {"model": "m", "response": "r", "context": "c"},
        {"model": "m", "prompt": "p", "response": "r", "metadata": {"a": 1, "b": "x", "c": None}},
    ],
)
def test_valid_requests(body: dict[str, Any]) -> None:
    # Given a well-formed body, when validated, then it is accepted
    assert EvaluateRequest.model_validate(body).model == "m"


@pytest.mark.parametrize(
    "body",
    [
        {"prompt": "p"},  # no model
        {"model": "m"},  # nothing to judge
        {"model": "m", "context": "c"},  # context alone
        {"model": "m", "prompt": "p", "messages": [{"role": "user", "content": "x"}]},  # both
        {"model": "m", "messages": []},
        {"model": "m", "messages": [{"role": "robot", "content": "x"}]},
        {"model": "m", "prompt": "p", "surprise": 1},  # extra field
        {"model": "m", "prompt": "p", "max_tokens": 0},
        {"model": "m", "prompt": "p", "cost_usd": -1},
        {"model": "m", "prompt": "p", "metadata": {"k": {"nested": 1}}},
    ],
)
def test_invalid_requests(body: dict[str, Any]) -> None:
    # Given a malformed body, when validated, then it is refused
    with pytest.raises(ValidationError):
        EvaluateRequest.model_validate(body)


def test_decision_json_keeps_only_rewritten_fields() -> None:
    # Given a decision with a clamp only
    decision = Decision(
        decision_id="d",
        verdict="modified",
        risk_level="low",
        violations=[],
        alerts=[],
        modified_request=ModifiedRequest(max_tokens=5),
        evaluated_policies=1,
        latency_ms=0.1,
    )
    # When serialised, then modified_request holds only max_tokens
    assert decision.to_json()["modified_request"] == {"max_tokens": 5}


def test_catalog_lists_every_type_with_its_config_schema() -> None:
    # Given the catalog
    items = {item["type"]: item for item in policy_types()}
    # Then every rule type is there, without the common fields in its schema
    assert set(items) == set(RULE_TYPES)
    pii = items["pii"]
    assert pii["default_action"] == "redact"
    assert pii["default_severity"] == "high"
    assert set(pii["available_actions"]) == {"block", "alert", "redact"}
    assert pii["stages"] == ["request", "response"]
    assert set(pii["config_schema"]["properties"]) == {"entities", "regions", "mask", "allow", "min_confidence"}
    assert items["banned_patterns"]["config_schema"]["required"] == ["patterns"]
    assert "required" not in items["end_user_required"]["config_schema"]
    for item in items.values():
        assert {"type", "action", "severity"}.isdisjoint(item["config_schema"]["properties"])
        assert item["default_action"] in item["available_actions"]


def test_catalog_lists_every_pii_entity_with_its_description() -> None:
    # Given the catalog
    pii = next(item for item in policy_types() if item["type"] == "pii")
    # Then every entity is listed once, each with a description
    listed = {entry["type"]: entry["description"] for entry in pii["entities"]}
    assert set(listed) == {e.value for e in PiiEntity}
    assert len(pii["entities"]) == len(PiiEntity)
    assert all(len(text) > 20 for text in listed.values())
    assert "uk_nino" in listed and "us_bank_routing" in listed
