"""banned_patterns that RE2 cannot run: on the regex package, time-bounded, answered by on_timeout."""

from __future__ import annotations

import pytest

from policy_engine.errors import ValidationFailed
from policy_engine.models.policy import validate_policy_content
from tests.unit.engine.helpers import make_policy, run

# Passes the write probe (fast on short runs) but backtracks on a long run of word characters.
SLOW = r"(?=a)\w*\d$"
LONG = "a" * 20_000 + "!"


def test_lookbehind_and_backreference_patterns_match_with_spans() -> None:
    # Given patterns RE2 cannot run: a lookbehind and a backreference
    policy = make_policy(
        {"type": "banned_patterns", "action": "redact", "patterns": [r"(?<=code: )\d{4}", r"\b(\w+) \1\b"]}
    )
    # When both occur
    result = run(policy, prompt="the code: 1234 was the the answer")
    # Then both are reported with their spans and redacted, RE2 patterns untouched
    matches = [(m.kind, m.start, m.end) for m in result.violations[0].matches]
    assert sorted(matches) == [("patterns[0]", 10, 14), ("patterns[1]", 19, 26)]
    assert result.modified_request is not None
    assert result.modified_request.prompt == "the code: [REDACTED] was [REDACTED] answer"
    assert result.timeouts == []


def test_python_pattern_sees_the_normalised_text() -> None:
    # Given a lookahead pattern for a banned phrase
    policy = make_policy({"type": "banned_patterns", "patterns": [r"drop(?= table)"]})
    # When the phrase is disguised with a zero-width space and Cyrillic letters
    result = run(policy, prompt="please dr\u043e\u200bp table users")
    # Then it is caught, the span covering the disguised word in the original text
    assert result.verdict == "blocked"
    [match] = result.violations[0].matches
    assert (match.start, match.end) == (7, 12)


def test_timeout_with_on_timeout_match_fails_closed_and_says_so() -> None:
    # Given a policy (default on_timeout: match) whose pattern backtracks on long input
    policy = make_policy({"type": "banned_patterns", "action": "block", "patterns": ["ok", SLOW]}, id="slow")
    # When a long text runs it out of time
    result = run(policy, prompt=LONG)
    # Then the rule fires on the whole text and the decision names the pattern that timed out
    assert result.verdict == "blocked"
    [match] = result.violations[0].matches
    assert (match.kind, match.start, match.end) == ("patterns[1]", 0, len(LONG))
    [timeout] = result.timeouts
    assert (timeout.policy_id, timeout.rule_index, timeout.pattern, timeout.target, timeout.on_timeout) == (
        "slow",
        0,
        "patterns[1]",
        "prompt",
        "match",
    )


def test_timeout_with_on_timeout_skip_lets_the_request_through_and_says_so() -> None:
    # Given the same pattern in a policy with on_timeout: skip
    policy = make_policy({"type": "banned_patterns", "action": "block", "patterns": [SLOW]}, on_timeout="skip")
    # When it runs out of time
    result = run(policy, prompt=LONG)
    # Then the pattern counts as not matching, and the decision says it was skipped
    assert result.verdict == "allowed"
    assert [(t.pattern, t.on_timeout) for t in result.timeouts] == [("patterns[0]", "skip")]


def test_the_budget_is_shared_by_the_whole_evaluation() -> None:
    # Given two policies, each with a slow pattern (different texts, so nothing is cached)
    first = make_policy({"type": "banned_patterns", "action": "alert", "patterns": [SLOW]}, id="a")
    second = make_policy({"type": "banned_patterns", "action": "alert", "patterns": [SLOW + "|zz"]}, id="b")
    # When both run on a text that exhausts the budget
    result = run([first, second], prompt=LONG)
    # Then both answer as timed out: the second had no budget left
    assert sorted(t.policy_id for t in result.timeouts) == ["a", "b"]
    assert result.verdict == "flagged"


def test_on_timeout_is_validated() -> None:
    # Given a policy with an unknown on_timeout
    body = {"name": "p", "on_timeout": "retry", "rules": [{"type": "banned_patterns", "patterns": ["x"]}]}
    # When it is validated, then it is refused naming the field
    with pytest.raises(ValidationFailed) as refused:
        validate_policy_content({**body, "action": "block"})
    assert "on_timeout" in str(refused.value.details)


def test_re2_patterns_never_use_the_fallback() -> None:
    # Given a pattern RE2 runs ((a+)+$ is linear there)
    policy = make_policy({"type": "banned_patterns", "patterns": [r"(a+)+$"]})
    # When it runs on a long text that would be catastrophic for a backtracking engine
    result = run(policy, prompt="a" * 50_000 + "!")
    # Then it simply does not match, and nothing timed out
    assert result.verdict == "allowed"
    assert result.timeouts == []
