"""Evaluate under the org policy: logging levels, retention, blocking escalation, fail_mode."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

PII = {"name": "PII", "rules": [{"type": "pii", "action": "redact", "entities": ["email"], "severity": "low"}]}
WORDS = {"name": "Words", "rules": [{"type": "word_list", "action": "alert", "words": ["lowrisk"], "severity": "low"}]}
MEDIUM = {"name": "Medium", "rules": [{"type": "word_list", "action": "alert", "words": ["medrisk"]}]}

PII_PROMPT = "mail jane.doe@example.com"  # PII, risk low
LOW_PROMPT = "a lowrisk word"  # no PII, risk low
MEDIUM_PROMPT = "a medrisk word"  # no PII, risk medium
CLEAN_PROMPT = "hello"  # nothing


def stored(aws: Any) -> list[dict[str, Any]]:
    items = [i for i in aws.Table("governance-test").scan()["Items"] if i["sk"] == "DECISION"]
    return [{**json.loads(i["doc"]), "_expires_at": int(i["expires_at"])} for i in items]


def stored_verdict_prompts(call: Any, aws: Any, level: str) -> set[str]:
    for policy in (PII, WORDS, MEDIUM):
        assert call("create_policy", body=policy).status == 201
    assert call("put_org_policy", body={"logging_level": level}).status == 200
    kept = set()
    for prompt in (PII_PROMPT, LOW_PROMPT, MEDIUM_PROMPT, CLEAN_PROMPT):
        before = len(stored(aws))
        assert call("evaluate", body={"model": "gpt-4o", "prompt": prompt}).status == 200
        if len(stored(aws)) > before:
            kept.add(prompt)
    return kept


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("minimal", {PII_PROMPT}),
        ("standard", {PII_PROMPT, MEDIUM_PROMPT}),
        ("full", {PII_PROMPT, LOW_PROMPT, MEDIUM_PROMPT, CLEAN_PROMPT}),
        ("paranoid", {PII_PROMPT, LOW_PROMPT, MEDIUM_PROMPT, CLEAN_PROMPT}),
    ],
)
def test_logging_level_decides_what_is_stored(call: Any, aws: Any, level: str, expected: set[str]) -> None:
    assert stored_verdict_prompts(call, aws, level) == expected
    for doc in stored(aws):
        assert "jane.doe" not in json.dumps(doc)


def test_stored_decisions_expire_after_retention_days(call: Any, aws: Any) -> None:
    call("put_org_policy", body={"logging_level": "full", "retention_days": 7})
    call("evaluate", body={"model": "gpt-4o", "prompt": CLEAN_PROMPT})
    (doc,) = stored(aws)
    assert abs(doc["_expires_at"] - (time.time() + 7 * 86_400)) < 60


def test_paranoid_forces_blocking_with_the_stored_block_on(call: Any) -> None:
    call("create_policy", body=MEDIUM)
    call(
        "put_org_policy", body={"logging_level": "paranoid", "blocking_rules": {"enabled": False, "block_on": "medium"}}
    )
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": MEDIUM_PROMPT}).body
    assert decision["verdict"] == "blocked"
    assert decision["violations"][0]["escalated"] is True


RULES_BY_SEVERITY = {
    severity: {
        "name": severity,
        "rules": [{"type": "word_list", "action": "alert", "words": [f"w{severity}"], "severity": severity}],
    }
    for severity in ("low", "medium", "high", "critical")
}


@pytest.mark.parametrize(
    ("block_on", "escalated"),
    [
        ("medium", {"medium", "high", "critical"}),
        ("high", {"high", "critical"}),
        ("critical", {"critical"}),
    ],
)
def test_blocking_escalates_violations_at_or_above_block_on(call: Any, block_on: str, escalated: set[str]) -> None:
    for policy in RULES_BY_SEVERITY.values():
        call("create_policy", body=policy)
    call("put_org_policy", body={"blocking_rules": {"enabled": True, "block_on": block_on}})
    for severity in RULES_BY_SEVERITY:
        decision = call("evaluate", body={"model": "gpt-4o", "prompt": f"say w{severity}"}).body
        (violation,) = decision["violations"]
        if severity in escalated:
            assert (decision["verdict"], violation["action"], violation["escalated"]) == ("blocked", "block", True)
            assert decision["alerts"] == []
        else:
            assert (decision["verdict"], violation["action"], violation["escalated"]) == ("flagged", "alert", False)
            assert decision["alerts"] == [violation]


def test_escalation_drops_the_rewrite_and_disabled_blocking_changes_nothing(call: Any) -> None:
    call("create_policy", body={"name": "p", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]})
    assert call("evaluate", body={"model": "m", "prompt": PII_PROMPT}).body["verdict"] == "modified"
    call("put_org_policy", body={"blocking_rules": {"enabled": True, "block_on": "high"}})
    from policy_engine.logic.evaluate import clear_cache

    clear_cache()
    decision = call("evaluate", body={"model": "m", "prompt": PII_PROMPT}).body
    assert decision["verdict"] == "blocked"
    assert decision["modified_request"] is None


@pytest.fixture
def failing_store(monkeypatch: Any) -> None:
    """The table is unreachable: every read of the policy store raises as botocore does."""
    from policy_engine.store.policies import PolicyStore

    def unreachable(*_args: Any, **_kwargs: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(PolicyStore, "org_meta", unreachable)
    monkeypatch.setattr(PolicyStore, "iter_policies", unreachable)


def test_fail_mode_closed_blocks_when_the_store_is_unreachable(call: Any, failing_store: None) -> None:
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": CLEAN_PROMPT})
    assert reply.status == 200
    assert reply.body["verdict"] == "blocked"
    assert reply.body["risk_level"] == "critical"
    (violation,) = reply.body["violations"]
    assert (violation["rule_type"], violation["action"], violation["severity"]) == ("fail_mode", "block", "critical")


def test_fail_mode_open_allows_when_the_store_is_unreachable(call: Any, monkeypatch: Any) -> None:
    # Given an org whose fail_mode is open, known to a warm function whose staleness bound passed
    call("create_policy", body=MEDIUM)
    call("put_org_policy", body={"fail_mode": "open"})
    assert call("evaluate", body={"model": "gpt-4o", "prompt": MEDIUM_PROMPT}).body["verdict"] == "flagged"
    from policy_engine.logic.evaluate import _cache
    from policy_engine.store.policies import PolicyStore

    for entry in _cache.values():
        entry.checked_at = -1e9

    def unreachable(*_args: Any, **_kwargs: Any) -> Any:
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException"}}, "GetItem")

    monkeypatch.setattr(PolicyStore, "org_meta", unreachable)
    # When the store fails, evaluate answers allowed (200, never 5xx)
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": MEDIUM_PROMPT})
    assert reply.status == 200
    assert (reply.body["verdict"], reply.body["violations"]) == ("allowed", [])


def test_fail_mode_closed_when_the_decision_cannot_be_stored(call: Any, monkeypatch: Any) -> None:
    from policy_engine.store.decisions import DecisionStore

    def unreachable(*_args: Any, **_kwargs: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(DecisionStore, "put", unreachable)
    call("create_policy", body=MEDIUM)
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": MEDIUM_PROMPT})
    assert (reply.status, reply.body["verdict"]) == (200, "blocked")
    assert reply.body["violations"][0]["rule_type"] == "fail_mode"
    # A decision the logging level does not keep needs no store
    assert call("evaluate", body={"model": "gpt-4o", "prompt": CLEAN_PROMPT}).body["verdict"] == "allowed"
