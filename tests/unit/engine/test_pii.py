"""PII detection: every entity, validators, and the look-alikes that must not fire."""

from __future__ import annotations

import pytest

from tests.unit.engine.helpers import kinds, make_policy, run

PII_ALERT = make_policy({"type": "pii", "action": "alert"})


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("write to jane.doe+news@example.co.uk today", "email", "jane.doe+news@example.co.uk"),
        ("mailto:ops@example.com", "email", "ops@example.com"),
        ("call +1 415-555-0132 now", "phone", "+1 415-555-0132"),
        ("E.164 +14155550132 is fine", "phone", "+14155550132"),
        ("office (415) 555-0132 ext", "phone", "(415) 555-0132"),
        ("ring 415.555.0132 please", "phone", "415.555.0132"),
        ("UK line 020 7946 0958 works", "phone", "020 7946 0958"),
        ("Paris 01 42 68 53 00 bureau", "phone", "01 42 68 53 00"),
        ("+44 20 7946 0958 is London", "phone", "+44 20 7946 0958"),
        ("my ssn is 536-22-8410.", "ssn", "536-22-8410"),
        ("SSN: 536228410", "ssn", "536228410"),
        ("card 4111 1111 1111 1111 exp", "credit_card", "4111 1111 1111 1111"),
        ("amex 378282246310005 ok", "credit_card", "378282246310005"),
        ("mc 5555-5555-5555-4444", "credit_card", "5555-5555-5555-4444"),
        ("host 192.168.10.254 down", "ip_address", "192.168.10.254"),
        ("v6 2001:db8:85a3::8a2e:370:7334 up", "ip_address", "2001:db8:85a3::8a2e:370:7334"),
        ("iban DE89 3704 0044 0532 0130 00 thanks", "iban", "DE89 3704 0044 0532 0130 00"),
        ("GB82WEST12345698765432", "iban", "GB82WEST12345698765432"),
        ("passport number: 533380006 issued", "passport", "533380006"),
        ("Passport no. C01X00T47", "passport", "C01X00T47"),
        ("DOB: 1985-03-12", "date_of_birth", "1985-03-12"),
        ("born on 12 March 1985 in Leeds", "date_of_birth", "12 March 1985"),
        ("date of birth is 03/12/1985", "date_of_birth", "03/12/1985"),
    ],
)
def test_each_entity_is_detected_with_its_span(text: str, entity: str, value: str) -> None:
    # Given a pii rule over every entity
    # When a prompt carries one entity
    result = run(PII_ALERT, prompt=text)
    # Then exactly that entity is reported, with the span of the value alone
    [violation] = result.violations
    [match] = violation.matches
    assert (match.kind, text[match.start : match.end], match.target) == (entity, value, "prompt")


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112 declined",  # Luhn-invalid 16 digits
        "order number 123456789 shipped",  # 9 digits, no SSN context
        "upgrade to version 10.2.300.4 tonight",  # dotted version, octet > 255
        "release v1.2.3.4 is out",  # dotted version
        "see https://cdn.example.com/assets/logo@2x.png for the logo",  # email-like URL path
        "ssn 000-12-3456 and 666-12-3456 and 900-12-3456",  # invalid SSN areas
        "the meeting is at 12:30:45 today",  # a time, not IPv6
        "IBAN DE89 3704 0044 0532 0130 01 wrong checksum",
        "my passport is blue",
        "invoice 2024-03-12 was paid",  # a date without birth context
        "tracking 1Z999AA10123456784 arrives",
        "reference 4111111111111111111111 too long",
    ],
)
def test_decoys_do_not_fire(text: str) -> None:
    # Given a pii rule over every entity
    # When the prompt holds only look-alikes
    result = run(PII_ALERT, prompt=text)
    # Then nothing is reported
    assert result.violations == [], kinds(result)


def test_only_the_configured_entities_are_reported() -> None:
    # Given a rule for emails only
    policy = make_policy({"type": "pii", "action": "alert", "entities": ["email"]})
    # When the prompt has an email and a card number
    result = run(policy, prompt="a@b.io and 4111 1111 1111 1111")
    # Then only the email is reported
    assert kinds(result) == ["email"]


def test_redaction_masks_with_entity_name_and_keeps_original_spans() -> None:
    # Given a redacting pii rule with the default mask
    policy = make_policy({"type": "pii", "action": "redact"})
    text = "Mail jane@example.com, card 4111-1111-1111-1111."
    # When evaluated
    result = run(policy, prompt=text)
    # Then the prompt is rewritten with the masks, the spans point into the original text
    assert result.verdict == "modified"
    assert result.modified_request is not None
    assert result.modified_request.prompt == "Mail [EMAIL], card [CREDIT_CARD]."
    spans = [(m.kind, text[m.start : m.end]) for m in result.violations[0].matches]
    assert spans == [("email", "jane@example.com"), ("credit_card", "4111-1111-1111-1111")]


def test_custom_mask_and_every_message_is_redacted() -> None:
    # Given a custom mask
    policy = make_policy({"type": "pii", "action": "redact", "mask": "<{entity}>"})
    messages = [
        {"role": "system", "content": "Support desk; escalate to boss@corp.example"},
        {"role": "user", "content": "I am at 10.1.2.3"},
    ]
    # When messages carry PII
    result = run(policy, messages=messages)
    # Then every message is redacted and spans name their message
    assert result.modified_request is not None
    assert [m.content for m in result.modified_request.messages or []] == [
        "Support desk; escalate to <EMAIL>",
        "I am at <IP_ADDRESS>",
    ]
    assert [m.target for m in result.violations[0].matches] == ["messages[0]", "messages[1]"]


def test_matched_text_never_appears_in_the_violation() -> None:
    # Given a blocking pii rule
    policy = make_policy({"type": "pii", "action": "block"})
    # When a prompt has an SSN
    result = run(policy, prompt="ssn 536-22-8410")
    # Then the decision carries spans but not the value
    dumped = str([v.model_dump() for v in result.violations])
    assert "536-22-8410" not in dumped
    assert result.verdict == "blocked"


def test_non_ascii_text_reports_code_point_offsets() -> None:
    # Given text with multi-byte characters before the entity
    text = "Grüße 🙂 — schreib an jürgen@example.de bitte"
    # When scanned
    result = run(PII_ALERT, prompt=text)
    # Then the offsets are Python str indices
    [match] = result.violations[0].matches
    assert text[match.start : match.end] == "jürgen@example.de"
