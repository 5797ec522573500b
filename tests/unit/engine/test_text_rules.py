"""banned_patterns, word_list and content_filter: one scan, spans, targets, redaction."""

from __future__ import annotations

from tests.unit.engine.helpers import kinds, make_policy, run


def test_banned_pattern_blocks_and_names_the_pattern() -> None:
    # Given two banned patterns
    policy = make_policy({"type": "banned_patterns", "patterns": [r"project\s+falcon", r"\bDROP\s+TABLE\b"]})
    # When the second occurs
    result = run(policy, prompt="please DROP TABLE users")
    # Then the request is blocked and the match names the pattern by index
    assert result.verdict == "blocked"
    [match] = result.violations[0].matches
    assert (match.kind, match.start, match.end) == ("patterns[1]", 7, 17)


def test_banned_pattern_negative() -> None:
    # Given a banned pattern
    policy = make_policy({"type": "banned_patterns", "patterns": [r"project\s+falcon"]})
    # When it does not occur
    result = run(policy, prompt="project eagle status")
    # Then the request is allowed
    assert result.verdict == "allowed"
    assert result.risk_level == "none"


def test_banned_pattern_targets_select_texts() -> None:
    # Given a pattern that only applies to the system text
    policy = make_policy({"type": "banned_patterns", "patterns": ["secret"], "targets": ["system"], "action": "alert"})
    messages = [{"role": "system", "content": "no secret here"}, {"role": "user", "content": "tell me a secret"}]
    # When both system and user texts contain it
    result = run(policy, messages=messages)
    # Then only the system message is reported
    assert [m.target for m in result.violations[0].matches] == ["messages[0]"]


def test_banned_pattern_on_response_stage() -> None:
    # Given a response-stage evaluation (response only)
    policy = make_policy({"type": "banned_patterns", "patterns": ["internal use only"], "action": "redact"})
    # When the response contains the pattern
    result = run(policy, response="This is INTERNAL use only. internal use only.")
    # Then the response is redacted (RE2 is case-sensitive unless the pattern says (?i))
    assert result.modified_request is not None
    assert result.modified_request.response == "This is INTERNAL use only. [REDACTED]."
    assert result.violations[0].matches[0].target == "response"


def test_scan_limit_only_sees_the_first_characters() -> None:
    # Given a pattern scanned in the first 10 characters only
    policy = make_policy({"type": "banned_patterns", "patterns": ["bad"], "scan_limit_chars": 10})
    # When it occurs after the limit, then before it
    late = run(policy, prompt="0123456789 bad")
    early = run(policy, prompt="bad 0123456789 bad")
    # Then only the early one fires, with only the span inside the limit
    assert late.verdict == "allowed"
    assert [(m.start, m.end) for m in early.violations[0].matches] == [(0, 3)]


def test_catastrophic_backtracking_pattern_is_linear() -> None:
    # Given the classic ReDoS pattern
    policy = make_policy({"type": "banned_patterns", "patterns": ["(a|aa)+$"]})
    # When the adversarial 100 KB input arrives (no match), then a matching one
    miss = run(policy, prompt="a" * 100_000 + "!")
    hit = run(policy, prompt="b" + "a" * 100_000)
    # Then both complete with the right answer
    assert miss.verdict == "allowed"
    assert hit.verdict == "blocked"
    assert (hit.violations[0].matches[0].start, hit.violations[0].matches[0].end) == (1, 100_001)


def test_same_pattern_in_two_policies_reports_both() -> None:
    # Given two policies sharing a pattern (scanned once)
    first = make_policy({"type": "banned_patterns", "patterns": ["zebra"], "action": "alert"})
    second = make_policy({"type": "banned_patterns", "patterns": ["zebra"], "action": "block"})
    # When it occurs
    result = run([first, second], prompt="a zebra")
    # Then both policies report it
    assert sorted(v.action for v in result.violations) == ["alert", "block"]


def test_word_list_csv_whole_words_case_insensitive() -> None:
    # Given a CSV word list (whole words, case-insensitive by default)
    policy = make_policy({"type": "word_list", "words": "acme, Project Blue", "action": "alert"})
    text = "ACME and project blue; acmes and subproject blues do not count"
    # When evaluated
    result = run(policy, prompt=text)
    # Then only whole-word occurrences are reported
    assert [text[m.start : m.end] for m in result.violations[0].matches] == ["ACME", "project blue"]
    assert result.verdict == "flagged"
    assert result.alerts == result.violations


def test_word_list_substring_and_case_sensitive() -> None:
    # Given a case-sensitive substring list
    policy = make_policy(
        {"type": "word_list", "words": ["Acme"], "match": "substring", "case_sensitive": True, "action": "redact"}
    )
    # When the word occurs glued and in another case
    result = run(policy, prompt="AcmeCorp and acme")
    # Then only the exact-case occurrence is redacted
    assert result.modified_request is not None
    assert result.modified_request.prompt == "[REDACTED]Corp and acme"


def test_word_list_spans_count_code_points_and_overlapping_words_both_hit() -> None:
    # Given a substring list whose words overlap ("secret" contains "cret")
    policy = make_policy({"type": "word_list", "words": ["secret", "cret"], "match": "substring", "action": "alert"})
    # When they follow accented letters and an emoji (multi-byte in UTF-8)
    text = "héllo 😀 secret"
    result = run(policy, prompt=text)
    # Then both are reported, at code-point offsets of the text
    spans = sorted((m.start, m.end) for m in result.violations[0].matches)
    assert spans == [(8, 14), (10, 14)]
    assert [text[s:e] for s, e in spans] == ["secret", "cret"]


def test_word_list_negative() -> None:
    # Given a word list
    policy = make_policy({"type": "word_list", "words": ["acme"]})
    # When no listed word occurs
    # Then nothing fires
    assert run(policy, prompt="a fine day").violations == []


def test_content_filter_categories() -> None:
    # Given a content filter on violence and self-harm only
    policy = make_policy({"type": "content_filter", "categories": ["violence", "self_harm"], "action": "alert"})
    # When one text has a violence phrase and profanity
    result = run(policy, prompt="how to build a bomb, damn it, shit")
    # Then only the configured category is reported
    assert kinds(result) == ["violence"]


def test_content_filter_negative_and_redact() -> None:
    # Given a redacting content filter
    policy = make_policy({"type": "content_filter", "action": "redact"})
    # When the text is clean, then profane
    clean = run(policy, prompt="the shitake mushroom soup")
    dirty = run(policy, prompt="this is bullshit")
    # Then the clean text passes and the profane word is masked
    assert clean.verdict == "allowed"
    assert dirty.modified_request is not None
    assert dirty.modified_request.prompt == "this is [REDACTED]"
