"""User control of false positives: allow, min_confidence and per-entity actions, through evaluate."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from policy_engine.models.errors import pydantic_details
from policy_engine.models.policy import PolicyContent
from tests.unit.engine.helpers import make_policy, run


def values(result: object, text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for v in result.violations for m in v.matches]  # type: ignore[attr-defined]


def test_allow_skips_exact_values_and_patterns_on_pii_rules() -> None:
    # Given a rule that allows one address exactly, a whole domain by pattern, and a test card
    rule = {
        "type": "pii",
        "action": "redact",
        "entities": ["email", "credit_card"],
        "allow": ["support@example.com", r"[a-z.]+@corp\.example", "4111111111111111"],
    }
    text = "ask support@example.com, jane@corp.example or bob@other.example; card 4111 1111 1111 1111"
    # When evaluated
    result = run(make_policy(rule), prompt=text)
    # Then only the value nobody allowed is reported and redacted (a card matches without its spaces)
    assert values(result, text) == [("email", "bob@other.example")]
    assert result.modified_request is not None
    assert result.modified_request.prompt == (
        "ask support@example.com, jane@corp.example or [EMAIL]; card 4111 1111 1111 1111"
    )


def test_allow_on_secrets_rules() -> None:
    # Given a secrets rule that allows the documentation's example key
    rule = {"type": "secrets", "action": "block", "kinds": ["aws_access_key"], "allow": ["AKIAIOSFODNN7EXAMPLE"]}
    # When the example key and another key occur
    result = run(make_policy(rule), prompt="AKIAIOSFODNN7EXAMPLE and AKIAZ7Q3LJ5V2KXWMRTB")
    # Then only the other one is reported
    assert [(m.start, m.end) for v in result.violations for m in v.matches] == [(25, 45)]
    # And allowing it too leaves nothing
    rule["allow"] = ["AKIAIOSFODNN7EXAMPLE", "AKIA[A-Z0-9]{16}"]
    assert run(make_policy(rule), prompt="AKIAIOSFODNN7EXAMPLE and AKIAZ7Q3LJ5V2KXWMRTB").verdict == "allowed"


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"type": "pii", "allow": ["ok", "+1 415"]}, "rules[0].allow[1]"),
        ({"type": "secrets", "allow": ["(a"]}, "rules[0].allow[0]"),
        ({"type": "pii", "allow": ["(?=x)"]}, "rules[0].allow[0]"),
        ({"type": "pii", "min_confidence": 1.5}, "rules[0].min_confidence"),
        ({"type": "pii", "regions": ["GB", "XX"]}, "rules[0].regions"),
        ({"type": "pii", "entities": ["email", {"type": "email", "action": "alert"}]}, "rules[0].entities"),
        ({"type": "pii", "entities": [{"type": "phone", "action": "require_approval"}]}, "rules[0].entities"),
        ({"type": "pii", "entities": [{"type": "fingerprint"}]}, "rules[0].entities[0]"),
        ({"type": "pii", "entities": ["email", "dna"]}, "rules[0].entities[1]"),
    ],
)
def test_bad_options_are_refused_on_write_with_a_field_path(rule: dict[str, object], field: str) -> None:
    # Given a policy with one bad option
    # When it is validated as a write would
    with pytest.raises(ValidationError) as caught:
        PolicyContent.model_validate({"name": "p", "action": "alert", "rules": [rule]})
    # Then the problem names the field
    assert field in [d["field"] for d in pydantic_details(caught.value)], pydantic_details(caught.value)


def test_min_confidence_filters_context_dependent_entities() -> None:
    # Given a 9-digit number without context, and one after "SSN"
    text = "ticket 078051121; SSN 536228410"
    base = {"type": "pii", "action": "alert", "entities": ["ssn"]}
    # When the default applies, then only the one after its context word is reported
    assert values(run(make_policy(base), prompt=text), text) == [("ssn", "536228410")]
    # When min_confidence is 0.2, then the bare one is reported too
    low = run(make_policy({**base, "min_confidence": 0.2}), prompt=text)
    assert values(low, text) == [("ssn", "078051121"), ("ssn", "536228410")]
    # When min_confidence is 1, then even checksummed context-dependent values are held back
    assert run(make_policy({**base, "min_confidence": 1}), prompt=text).violations == []


def test_min_confidence_keeps_structured_entities() -> None:
    # Given the strictest setting
    rule = {"type": "pii", "action": "alert", "entities": ["email", "iban"], "min_confidence": 1}
    text = "jane@example.com DE89 3704 0044 0532 0130 00"
    # Then structured, checksummed values (confidence 1) are still reported
    assert [k for k, _ in values(run(make_policy(rule), prompt=text), text)] == ["email", "iban"]


def test_per_entity_actions_make_a_violation_per_action_group() -> None:
    # Given a redacting rule whose phones only alert and whose cards block
    rule = {
        "type": "pii",
        "action": "redact",
        "entities": ["email", {"type": "phone", "action": "alert"}, {"type": "credit_card", "action": "block"}],
    }
    text = "mail jane@example.com or call +44 20 7946 0958"
    # When the prompt has an email and a phone
    result = run(make_policy(rule), prompt=text)
    # Then one violation per action: the email redacted, the phone alerted
    by_action = {v.action.value: values_of(v, text) for v in result.violations}
    assert by_action == {"redact": [("email", "jane@example.com")], "alert": [("phone", "+44 20 7946 0958")]}
    assert result.verdict == "modified"
    assert result.modified_request is not None
    assert result.modified_request.prompt == "mail [EMAIL] or call +44 20 7946 0958"
    assert [v.action.value for v in result.alerts] == ["alert"]
    # When a card occurs too, then its group blocks the request
    blocked = run(make_policy(rule), prompt=text + " card 4111 1111 1111 1111")
    assert blocked.verdict == "blocked" and blocked.modified_request is None


def test_entity_without_its_own_action_takes_the_policy_action() -> None:
    # Given a rule without an action in a blocking policy, with one entity that only alerts
    rule = {"type": "pii", "entities": ["ssn", {"type": "email", "action": "alert"}]}
    policy = make_policy(rule, action="block")
    # When both occur
    result = run(policy, prompt="ssn 536-22-8410, mail jane@example.com")
    # Then the SSN blocks (the policy's action) and the email alerts (its own)
    assert sorted(v.action.value for v in result.violations) == ["alert", "block"]


def values_of(violation: object, text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in violation.matches]  # type: ignore[attr-defined]


def test_entities_keep_their_written_form() -> None:
    # Given entities as names and objects, in any case
    # Then they are stored canonical: lower-case names, an object only for an entity with its own action
    content = PolicyContent.model_validate(
        {
            "name": "p",
            "action": "alert",
            "rules": [{"type": "pii", "entities": ["EMAIL", {"type": "Phone"}, {"type": "ssn", "action": "Block"}]}],
        }
    )
    dumped = content.model_dump(mode="json")["rules"][0]["entities"]
    assert dumped == ["email", "phone", {"type": "ssn", "action": "block"}]
