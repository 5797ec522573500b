"""Scope (model globs, conditions), allow and priority, verdict precedence, approvals waived."""

from __future__ import annotations

from typing import Any

import pytest

from policy_engine.engine import compile_policy, compile_policy_set
from policy_engine.models.evaluate import EvaluateRequest
from tests.unit.engine.helpers import make_policy, run

BLOCK_ALL = {"type": "banned_patterns", "patterns": ["."]}


def conditions_policy(conditions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return make_policy(conditions=conditions, action=fields.pop("action", "block"), **fields)


def test_conditions_only_policy_reports_one_conditions_violation() -> None:
    # Given a policy with conditions and no rules
    policy = conditions_policy({"environment": {"eq": "prod"}, "metadata.department": {"in": ["finance", "hr"]}})
    # When the request matches, then when one condition does not
    hit = run(policy, prompt="x", environment="prod", metadata={"department": "hr"})
    miss = run(policy, prompt="x", environment="prod", metadata={"department": "eng"})
    # Then one violation of rule_type "conditions" fires only on the match
    assert [(v.rule_type, v.action, v.rule_index) for v in hit.violations] == [("conditions", "block", None)]
    assert miss.violations == []


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ({"cost_usd": {"gt": 1}}, True),
        ({"cost_usd": {"lte": 1}}, False),
        ({"max_tokens": {"gte": 100, "lt": 1000}}, True),
        ({"environment": {"ne": "prod"}}, True),
        ({"environment": "staging"}, True),  # a bare scalar is eq
        ({"environment": {"not_in": ["staging"]}}, False),
        ({"prompt": {"contains": "salary"}}, True),
        ({"prompt": {"not_contains": "salary"}}, False),
        ({"prompt": {"matches": "(?i)SALARY\\s+data"}}, True),
        ({"end_user_id": {"exists": False}}, True),
        ({"connection_id": {"exists": True}}, True),
        ({"metadata.team": {"exists": True}}, False),
        ({"metadata.tier": {"gte": 2}}, True),
        ({"any": [{"environment": "prod"}, {"metadata.tier": 3}]}, True),
        ({"all": [{"environment": "staging"}, {"not": {"model": {"eq": "gpt-4o"}}}]}, False),
        ({"not": {"cost_usd": {"gt": 5}}}, True),
        ({"metadata.flag": {"eq": 1}}, False),  # true is not 1
    ],
)
def test_condition_operators(conditions: dict[str, Any], expected: bool) -> None:
    # Given a conditions policy
    policy = conditions_policy(conditions, action="alert")
    # When a fixed request is evaluated
    result = run(
        policy,
        prompt="export the salary data",
        cost_usd=2.5,
        max_tokens=500,
        environment="staging",
        connection_id="c-1",
        metadata={"tier": 3, "flag": True},
    )
    # Then the policy fires exactly when the conditions hold
    assert bool(result.violations) is expected


def test_model_scope_glob() -> None:
    # Given a policy scoped to gpt-4* models
    policy = make_policy(BLOCK_ALL, model="gpt-4*", action="block")
    # Then it applies to matching models only, case-insensitively
    assert run(policy, model="GPT-4o", prompt="x").verdict == "blocked"
    assert run(policy, model="gpt-3.5", prompt="x").verdict == "allowed"


def test_allow_skips_lower_precedence() -> None:
    # Given an allow policy at priority 10 and a block at 100
    allow = conditions_policy({"metadata.team": "security"}, action="allow", priority=10)
    block = make_policy(BLOCK_ALL, action="block", priority=100)
    # When the allow policy's scope matches
    allowed = run([block, allow], prompt="x", metadata={"team": "security"})
    other = run([block, allow], prompt="x", metadata={"team": "sales"})
    # Then the block is skipped; otherwise it applies
    assert allowed.verdict == "allowed"
    assert allowed.evaluated_policies == 1
    assert other.verdict == "blocked"
    assert other.evaluated_policies == 2


def test_allow_does_not_skip_higher_precedence() -> None:
    # Given a block at priority 1 and an allow at priority 50
    block = make_policy(BLOCK_ALL, action="block", priority=1)
    allow = make_policy(action="allow", priority=50)
    # Then the block still applies
    assert run([allow, block], prompt="x").verdict == "blocked"


def test_priority_ties_go_to_the_more_specific_scope() -> None:
    # Given an allow and a block at the same priority: the allow for one exact model
    allow = make_policy(action="allow", model="gpt-4o", priority=100)
    block = make_policy(BLOCK_ALL, action="block", model="gpt-*", priority=100)
    # When the exact model is used, the allow is more specific and wins; another model is blocked
    assert run([block, allow], model="gpt-4o", prompt="x").verdict == "allowed"
    assert run([block, allow], model="gpt-4-turbo", prompt="x").verdict == "blocked"


def test_priority_ties_on_conditions_count() -> None:
    # Given a block with one condition and an allow with two, same priority, same model scope
    block = conditions_policy({"environment": "prod"}, priority=5)
    allow = conditions_policy({"environment": "prod", "metadata.team": "sre"}, action="allow", priority=5)
    # Then the allow (more conditions) takes precedence
    assert run([block, allow], prompt="x", environment="prod", metadata={"team": "sre"}).verdict == "allowed"


def test_equal_precedence_both_apply() -> None:
    # Given an allow and a block of exactly equal precedence
    allow = make_policy(action="allow", priority=7)
    block = make_policy(BLOCK_ALL, action="block", priority=7)
    # Then the block is not skipped
    assert run([allow, block], prompt="x").verdict == "blocked"


def test_verdict_precedence_and_risk_level() -> None:
    alert = make_policy({"type": "end_user_required", "action": "alert", "severity": "low"})
    redact = make_policy({"type": "pii", "action": "redact", "severity": "medium"})
    approve = make_policy({"type": "cost_threshold", "threshold_cents": 1, "severity": "high"})
    block = make_policy({"type": "word_list", "words": ["forbidden"], "severity": "critical"})
    request = {"prompt": "mail a@b.io forbidden", "cost_usd": 1.0}
    # Given growing sets of firing policies, each verdict beats the ones below it
    assert run([alert], **request).verdict == "flagged"
    assert run([alert, redact], **request).verdict == "modified"
    assert run([alert, redact, approve], **request).verdict == "pending_approval"
    result = run([alert, redact, approve, block], **request)
    assert result.verdict == "blocked"
    # Then risk_level is the highest severity; alerts hold the alert violations; blocked has no rewrite
    assert result.risk_level == "critical"
    assert [v.rule_type for v in result.alerts] == ["end_user_required"]
    assert result.modified_request is None
    assert run([alert], **request).risk_level == "low"


def test_waived_policy_does_not_fire_require_approval() -> None:
    # Given a policy requiring approval over a cost, and an alert rule in the same policy
    policy = make_policy(
        {"type": "cost_threshold", "threshold_cents": 10},
        {"type": "end_user_required", "action": "alert"},
        id="pol-a",
        action="require_approval",
    )
    compiled = compile_policy_set([policy])
    request = EvaluateRequest(model="m", prompt="x", cost_usd=1.0)
    # When evaluated normally, then with the policy waived (an approval redeemed)
    normal = compiled.evaluate(request)
    waived = compiled.evaluate(request, waived_policy_ids=frozenset({"pol-a"}))
    # Then only the approval rule stops firing
    assert normal.verdict == "pending_approval"
    assert normal.approval_required_policy_ids == ["pol-a"]
    assert waived.verdict == "flagged"
    assert waived.approval_required_policy_ids == []


def test_disabled_policies_are_skipped_in_a_set_but_single_evaluate_applies() -> None:
    # Given a disabled blocking policy
    policy = make_policy(BLOCK_ALL, action="block", enabled=False)
    request = EvaluateRequest(model="m", prompt="x")
    # Then the set ignores it and single-policy evaluate applies it
    assert compile_policy_set([policy]).evaluate(request).verdict == "allowed"
    assert compile_policy(policy).evaluate(request).verdict == "blocked"


def test_rule_inherits_policy_action_and_reports_identity() -> None:
    # Given a policy whose rule has no action of its own
    policy = make_policy({"type": "word_list", "words": ["x"]}, id="pid", name="words", version=7, action="alert")
    # When it fires
    [violation] = run(policy, prompt="x").violations
    # Then the policy's action, identity and the rule index are reported
    assert (violation.action, violation.policy_id, violation.policy_name, violation.policy_version) == (
        "alert",
        "pid",
        "words",
        7,
    )
    assert (violation.rule_index, violation.escalated, violation.severity) == (0, False, "medium")


def test_redact_and_truncate_and_clamp_compose() -> None:
    # Given redaction, truncation and a clamp together
    policy = make_policy(
        {"type": "pii", "entities": ["email"], "action": "redact"},
        {"type": "max_prompt_chars", "max_chars": 10, "action": "modify"},
        {"type": "max_tokens", "max_tokens": 10},
    )
    text = "hi bob@example.com and more text"
    # When all three fire
    result = run(policy, prompt=text, max_tokens=50)
    # Then the first 10 characters are kept, the email (crossing the cut) is masked whole, tokens clamped
    assert result.modified_request is not None
    assert result.modified_request.model_dump(exclude_none=True) == {"prompt": "hi [EMAIL]", "max_tokens": 10}


def test_overlapping_redactions_do_not_leak() -> None:
    # Given a banned pattern and a pii rule that overlap on one email
    policy = make_policy(
        {"type": "banned_patterns", "patterns": ["contact: \\S+"], "action": "redact"},
        {"type": "pii", "action": "redact"},
    )
    # When both fire
    result = run(policy, prompt="contact: a@b.io now")
    # Then the earlier, longer span wins and nothing of the email is left
    assert result.modified_request is not None
    assert result.modified_request.prompt == "[REDACTED] now"


def test_allowed_request_has_no_modified_request() -> None:
    result = run(make_policy({"type": "pii"}), prompt="nothing personal")
    assert (result.verdict, result.risk_level, result.modified_request) == ("allowed", "none", None)
