"""Cost grows linearly with the number of matches, and memory stays bounded.

The work is counted, never timed: every Python and C function call the evaluation makes is
counted through ``sys.setprofile``, which gives the same number on a busy machine as on an idle
one. A per-match loop over all earlier matches would make 8x the matches cost about 64x the
calls. Times against a baseline are in ``make bench`` (section 3)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

from policy_engine.engine import compile_policy_set
from policy_engine.engine.scanner import SPAN_CAP, resolve_overlaps
from policy_engine.models.evaluate import EvaluateRequest
from tests.unit.engine.helpers import make_policy, run

MAX_RATIO = 9.0  # 8x the matches may cost at most 9x the calls


def _calls(call: Callable[[], object]) -> int:
    """How many function calls (Python and C) ``call`` makes."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    call()  # warm: lazy tables and caches are built outside the count
    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(previous)
    return count


def _ratio(policies: list[dict[str, object]], prompt_of: Callable[[int], str], n: int) -> float:
    compiled = compile_policy_set(policies)
    small = EvaluateRequest(model="m", prompt=prompt_of(n))
    large = EvaluateRequest(model="m", prompt=prompt_of(8 * n))
    return _calls(lambda: compiled.evaluate(large)) / _calls(lambda: compiled.evaluate(small))


def test_eight_times_the_emails_cost_at_most_nine_times_the_calls() -> None:
    # Given a pii redact policy and secrets detection
    policies = [make_policy({"type": "pii", "action": "redact"}), make_policy({"type": "secrets"})]
    # When 1,000 and then 8,000 emails are evaluated
    ratio = _ratio(policies, lambda n: " ".join(f"user{i}@example.com" for i in range(n)), 1000)
    # Then the work grows linearly (quadratic growth would be about 64x)
    assert ratio <= MAX_RATIO, f"8x the matches cost {ratio:.1f}x the calls"


def test_eight_times_the_disguised_matches_cost_at_most_nine_times_the_calls() -> None:
    # Given the same on text that needs its normalised view (zero-width spaces in each email)
    policies = [make_policy({"type": "pii", "action": "redact"})]
    ratio = _ratio(policies, lambda n: " ".join(f"us\u200ber{i}@example.com" for i in range(n)), 1000)
    # Then the offset conversion stays linear too
    assert ratio <= MAX_RATIO, f"8x the matches cost {ratio:.1f}x the calls"


def test_eight_times_the_disguised_matches_with_the_injection_rule_cost_at_most_nine_times_the_calls() -> None:
    # Given an injection rule too: each zero-width space is one of its lexical signals, and the
    # learned tier's windows each look up the signals that reach them
    policies = [make_policy({"type": "pii", "action": "redact"}), make_policy({"type": "injection"})]
    ratio = _ratio(policies, lambda n: " ".join(f"us\u200ber{i}@example.com" for i in range(n)), 1000)
    # Then that lookup stays linear too (it was once made over every signal of the text per window)
    assert ratio <= MAX_RATIO, f"8x the matches cost {ratio:.1f}x the calls"


def test_eight_times_the_words_and_patterns_cost_at_most_nine_times_the_calls() -> None:
    policies = [
        make_policy({"type": "word_list", "action": "redact", "words": ["falcon", "eagle"]}),
        make_policy({"type": "banned_patterns", "action": "redact", "patterns": [r"\bproj-\d+\b"]}),
    ]
    ratio = _ratio(policies, lambda n: " ".join(f"falcon proj-{i} eagle" for i in range(n)), 1000)
    assert ratio <= MAX_RATIO, f"8x the matches cost {ratio:.1f}x the calls"


def test_overlap_resolution_keeps_the_longest_and_drops_duplicates() -> None:
    # Given many findings, one long finding covering the first three, and a duplicate
    found = [("email", 10 * i, 10 * i + 8) for i in range(5000)] + [("credit_card", 0, 25), ("email", 40, 48)]
    # When overlaps are resolved
    kept = resolve_overlaps(found)
    # Then the long one wins over those it covers, the duplicate is kept once, in text order
    assert kept[:3] == [("credit_card", 0, 25), ("email", 30, 38), ("email", 40, 48)]
    assert len(kept) == 5000 - 3 + 1


def test_a_pattern_listed_thirty_times_runs_once_and_memory_stays_bounded() -> None:
    # Given a rule listing the same one-letter pattern 30 times
    policy = make_policy({"type": "banned_patterns", "action": "redact", "patterns": ["a"] * 30})
    text = "a" * 200_000
    # When a text of 200,000 hits is evaluated
    result = run(policy, prompt=text)
    # Then the pattern is reported once, every hit is counted, at most 100 are listed
    [violation] = result.violations
    assert violation.message == "banned pattern matched: patterns[0] x200000"
    assert len(violation.matches) == 100
    assert {m.kind for m in violation.matches} == {"patterns[0]"}
    # And the redaction leaves none of it: past the span cap the rest of the text is masked whole
    assert result.modified_request is not None
    redacted = result.modified_request.prompt
    assert redacted is not None
    assert "a" not in redacted.replace("[REDACTED]", "")
    assert redacted.count("[REDACTED]") == SPAN_CAP + 1


def test_past_the_cap_pii_is_counted_and_masked() -> None:
    # Given more emails than the span cap, redacted
    policy = make_policy({"type": "pii", "action": "redact", "entities": ["email"]})
    emails = [f"u{i}@example.com" for i in range(SPAN_CAP + 500)]
    result = run(policy, prompt=" ".join(emails))
    # Then all are counted and none is left in the rewritten prompt
    assert result.violations[0].message == f"PII detected: email x{SPAN_CAP + 500}"
    assert result.modified_request is not None
    assert "@" not in (result.modified_request.prompt or "")
