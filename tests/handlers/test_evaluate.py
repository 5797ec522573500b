"""Evaluate routes and the policy-types catalog through their handlers (moto in-process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

PII_POLICY = {"name": "Redact PII", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
PROMPT = "Write to jane.doe@example.com about the refund."


@pytest.fixture
def dynamodb_calls(aws: Any) -> list[str]:
    """Every DynamoDB operation the service's client sends, by name."""
    from policy_engine.store import _table

    calls: list[str] = []
    client = _table().meta.client
    client.meta.events.register("before-call.dynamodb.*", lambda model, **_: calls.append(model.name))
    return calls


def stored_items(aws: Any) -> list[dict[str, Any]]:
    return [i for i in aws.Table("governance-test").scan()["Items"] if i["sk"] == "DECISION"]


def test_pii_redaction_end_to_end(call: Any, aws: Any) -> None:
    # Given a PII redact policy
    assert call("create_policy", body=PII_POLICY).status == 201
    # When a prompt with an email is evaluated
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": PROMPT})
    # Then the verdict is modified, the email is masked, and the span points at it
    assert reply.status == 200
    decision = reply.body
    assert decision["verdict"] == "modified"
    assert decision["risk_level"] == "high"
    assert decision["modified_request"]["prompt"] == "Write to [EMAIL] about the refund."
    match = decision["violations"][0]["matches"][0]
    assert (match["kind"], match["start"], match["end"], match["target"]) == ("email", 9, 29, "prompt")
    assert "jane.doe" not in json.dumps(decision)
    assert decision["evaluated_policies"] == 1
    # And the decision is stored (standard logging keeps PII decisions) without the text
    items = stored_items(aws)
    assert len(items) == 1
    assert json.loads(items[0]["doc"])["decision_id"] == decision["decision_id"]
    assert "jane.doe" not in items[0]["doc"]
    assert "refund" not in items[0]["doc"]


def test_sample_event_evaluates(call: Any) -> None:
    call("create_policy", body=PII_POLICY)
    reply = call("evaluate")  # events/evaluate.json as it is
    assert reply.status == 200
    assert reply.body["verdict"] == "modified"


def test_allowed_low_risk_decisions_are_not_stored_and_dry_run_stores_nothing(call: Any, aws: Any) -> None:
    call("create_policy", body=PII_POLICY)
    assert call("evaluate", body={"model": "gpt-4o", "prompt": "hello"}).body["verdict"] == "allowed"
    assert call("evaluate", body={"model": "gpt-4o", "prompt": PROMPT, "dry_run": True}).body["verdict"] == "modified"
    assert stored_items(aws) == []


def test_a_warm_cache_hit_reads_nothing_from_dynamodb(call: Any, dynamodb_calls: list[str]) -> None:
    # Given a warm evaluate function that has loaded the org's policies once
    call("create_policy", body=PII_POLICY)
    first = call("evaluate", body={"model": "gpt-4o", "prompt": "hello"})
    assert first.status == 200
    assert "Query" in dynamodb_calls
    # When it evaluates again within the staleness bound
    dynamodb_calls.clear()
    for _ in range(5):
        assert call("evaluate", body={"model": "gpt-4o", "prompt": "hello"}).status == 200
    # Then no DynamoDB call at all was made
    assert dynamodb_calls == []


def test_cache_staleness_is_bounded_and_invalidated_by_policy_writes(
    call: Any, dynamodb_calls: list[str], monkeypatch: Any
) -> None:
    from policy_engine.logic import evaluate as logic

    clock = [1000.0]
    monkeypatch.setattr(logic.time, "monotonic", lambda: clock[0])
    block = {"name": "no secrets", "rules": [{"type": "banned_patterns", "action": "block", "patterns": ["aurora"]}]}
    request = {"model": "gpt-4o", "prompt": "tell me about project aurora"}
    assert call("evaluate", body=request).body["verdict"] == "allowed"
    # When a policy is written, a warm function keeps its set for at most the bound (5 s)
    assert call("create_policy", body=block).status == 201
    clock[0] += 4.0
    assert call("evaluate", body=request).body["verdict"] == "allowed"
    # Then after the bound the version check sees the write and reloads
    clock[0] += 1.5
    dynamodb_calls.clear()
    assert call("evaluate", body=request).body["verdict"] == "blocked"
    assert dynamodb_calls.count("GetItem") == 1 and dynamodb_calls.count("Query") == 1
    # And an unchanged version costs one small read, no reload
    clock[0] += 6.0
    dynamodb_calls.clear()
    assert call("evaluate", body=request).body["verdict"] == "blocked"
    assert dynamodb_calls.count("GetItem") == 1 and "Query" not in dynamodb_calls


@pytest.fixture
def environment(monkeypatch: Any) -> Iterator[Any]:
    """Environment variables for one test, with the settings read again before and after it."""
    from policy_engine.settings import get_settings

    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def test_the_warm_cache_evicts_by_estimated_memory_and_keeps_the_newest_set(call: Any, environment: Any) -> None:
    from policy_engine.logic import evaluate as logic
    from policy_engine.settings import get_settings

    # Given a cache bound of 16 MB, and orgs whose sets are estimated at 5.4 to 8 MB each
    environment.setenv("POLICY_CACHE_MAX_MB", "16")
    get_settings.cache_clear()
    words = [f"codeword{i:05d}" for i in range(4000)]
    for org in ("org-a", "org-b", "org-c"):
        rule = {"type": "word_list", "words": words, "action": "alert"}
        assert call("create_policy", body={"name": "w", "rules": [rule]}, org=org).status == 201
        assert call("evaluate", body={"model": "gpt-4o", "prompt": "codeword00042"}, org=org).status == 200
    assert all(16 / 3 < entry.size / 2**20 <= 8 for entry in logic._cache.values())
    # Then the least recently used org was evicted once the estimates passed the bound
    assert list(logic._cache) == ["org-b", "org-c"]
    assert sum(entry.size for entry in logic._cache.values()) <= 16 * 1024 * 1024
    # And it is compiled again on its next evaluate, with the same verdict
    again = call("evaluate", body={"model": "gpt-4o", "prompt": "codeword00042"}, org="org-a")
    assert again.body["verdict"] == "flagged"
    assert list(logic._cache) == ["org-c", "org-a"]
    # And a set larger than the whole bound is still kept, on its own
    for part in range(2):
        many = [f"token{part}{i:05d}" for i in range(8_000)]
        rule = {"type": "word_list", "words": many, "action": "alert"}
        assert call("create_policy", body={"name": f"big {part}", "rules": [rule]}, org="org-d").status == 201
    assert call("evaluate", body={"model": "gpt-4o", "prompt": "token100042"}, org="org-d").body["verdict"] == "flagged"
    assert list(logic._cache) == ["org-d"]


def test_the_cache_bound_defaults_to_half_the_function_memory(environment: Any) -> None:
    from policy_engine.settings import get_settings

    environment.delenv("POLICY_CACHE_MAX_MB", raising=False)
    environment.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
    get_settings.cache_clear()
    assert get_settings().policy_cache_bytes == 512 * 1024 * 1024
    environment.setenv("POLICY_CACHE_MAX_MB", "100")
    get_settings.cache_clear()
    assert get_settings().policy_cache_bytes == 100 * 1024 * 1024


def test_disabled_policies_are_skipped_by_evaluate_but_single_policy_evaluate_applies_them(call: Any, aws: Any) -> None:
    policy = call("create_policy", body={**PII_POLICY, "enabled": False}).body
    assert call("evaluate", body={"model": "gpt-4o", "prompt": PROMPT}).body["verdict"] == "allowed"
    one = call("evaluate_policy", path={"id": policy["id"]}, body={"model": "gpt-4o", "prompt": PROMPT})
    assert one.status == 200
    assert one.body["verdict"] == "modified"
    assert stored_items(aws) == []
    foreign = call(
        "evaluate_policy", path={"id": policy["id"]}, body={"model": "gpt-4o", "prompt": PROMPT}, org="org-b"
    )
    assert foreign.status == 404


def test_single_policy_require_approval_is_pending_without_an_approval(call: Any) -> None:
    policy = call(
        "create_policy",
        body={
            "name": "costly",
            "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
        },
    ).body
    request = {"model": "gpt-4o", "prompt": "x", "cost_usd": 2.5}
    reply = call("evaluate_policy", path={"id": policy["id"]}, body=request)
    assert reply.body["verdict"] == "pending_approval"
    assert reply.body["approval"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"prompt": "no model"},
        {"model": "gpt-4o", "prompt": "a", "messages": [{"role": "user", "content": "b"}]},
        {"model": "gpt-4o", "messages": [{"role": "wizard", "content": "b"}]},
        {"model": "gpt-4o", "prompt": "a", "surprise": 1},
    ],
)
def test_invalid_evaluate_requests_answer_422(call: Any, body: dict[str, Any]) -> None:
    reply = call("evaluate", body=body)
    assert reply.status == 422
    assert reply.body["error"]["details"]


def test_adversarial_user_regex_on_100kb_input_completes(call: Any) -> None:
    # RE2 is linear: the classic catastrophic pattern on a long near-miss input just runs.
    rule = {"type": "banned_patterns", "action": "block", "patterns": ["(a|aa)+$"]}
    call("create_policy", body={"name": "redos", "rules": [rule]})
    near_miss = call("evaluate", body={"model": "m", "prompt": "a" * 100_000 + "!"})
    assert near_miss.status == 200
    assert near_miss.body["verdict"] == "allowed"
    hit = call("evaluate", body={"model": "m", "prompt": "b" + "a" * 100_000})
    assert hit.body["verdict"] == "blocked"


def test_policy_types_catalog(call: Any) -> None:
    reply = call("list_policy_types", scopes="evaluate")
    assert reply.status == 200
    items = {item["type"]: item for item in reply.body["items"]}
    assert len(items) == 15
    assert items["pii"]["default_action"] == "redact"
    assert set(items["pii"]["available_actions"]) == {"block", "alert", "redact"}
    assert "entities" in items["pii"]["config_schema"]["properties"]
    assert items["grounding"]["stages"] == ["response"]
    assert call("list_policy_types", scopes="audit:read").status == 200
