"""Secret detection: every kind, and strings that only look like credentials."""

from __future__ import annotations

import base64
import json

import pytest

from tests.unit.engine.helpers import kinds, make_policy, run

SECRETS_ALERT = make_policy({"type": "secrets", "action": "alert"})

# Built at run time so that no credential-shaped literal sits in the repository.
BODY = "k9Xq2Lm7Vb4Nc8Zr1Tw6Hy3Jp5Ds0FgA"  # 32 mixed characters


def _jwt() -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': '42', 'name': 'x'})}.{BODY[:22]}"


PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + BODY + "\n" + BODY + "\n-----END RSA PRIVATE KEY-----"

CASES = [
    ("aws_access_key", "AKIA" + "IOSFODNN7EXAMPLE"),
    ("aws_secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", "aws_secret_access_key = "),
    ("github_token", "ghp_" + BODY + "AbCd"),
    ("github_token", "github_pat_" + BODY + "_" + BODY + BODY[:17]),
    ("slack_token", "xoxb-" + "123456789012-1234567890123-" + BODY[:24]),
    ("stripe_key", "sk_live_" + BODY[:24]),
    ("openai_key", "sk-proj-" + BODY + BODY),
    ("openai_key", "sk-" + BODY + BODY[:16]),
    ("anthropic_key", "sk-ant-api03-" + BODY + BODY + BODY),
    ("private_key", PEM),
    ("jwt", _jwt()),
    ("generic_api_key", "Zx81Qw72Er63Ty54Ui45", "api_key: "),
    ("generic_api_key", BODY, "Authorization: Bearer "),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_kind_is_detected(case: tuple[str, ...]) -> None:
    kind, value, *prefix = case
    text = f"here it is {''.join(prefix)}{value} -- thanks"
    # Given a secrets rule over every kind
    # When a prompt carries one credential
    result = run(SECRETS_ALERT, prompt=text)
    # Then that kind is reported with the span of the credential alone
    [match] = result.violations[0].matches
    assert match.kind == kind
    assert text[match.start : match.end] == value


@pytest.mark.parametrize(
    "text",
    [
        "the api_key parameter is documented below",
        "password: correcthorsebatterystaple",  # a passphrase of words, no digits
        "sk-ant is a prefix, sk- too",
        "token = 00000000000000000000000",  # no entropy
        "eyJhbGciOi.eyJzdWIiOi.notavalidjwt",
        "git commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it",
        "-----BEGIN PUBLIC KEY-----",
        "AKIA is how AWS access key ids start",
    ],
)
def test_look_alikes_do_not_fire(text: str) -> None:
    # Given a secrets rule
    # When the prompt has no real credential
    result = run(SECRETS_ALERT, prompt=text)
    # Then nothing is reported
    assert result.violations == [], kinds(result)


def test_specific_kind_wins_over_generic() -> None:
    # Given a credential that also fits the generic "key = value" shape
    text = "OPENAI_API_KEY=sk-proj-" + BODY + BODY
    # When scanned
    result = run(SECRETS_ALERT, prompt=text)
    # Then it is reported once, as its specific kind
    assert kinds(result) == ["openai_key"]


def test_redaction_uses_the_kind_as_mask() -> None:
    # Given a redacting secrets rule
    policy = make_policy({"type": "secrets", "action": "redact", "kinds": ["aws_access_key"]})
    # When a prompt carries an access key id
    result = run(policy, prompt="use AKIA" + "IOSFODNN7EXAMPLE please")
    # Then the key is masked and the severity is the rule type's default (critical)
    assert result.modified_request is not None
    assert result.modified_request.prompt == "use [AWS_ACCESS_KEY] please"
    assert result.risk_level == "critical"
