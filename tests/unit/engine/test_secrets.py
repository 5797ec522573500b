"""Secret detection: a sample of each family, gitleaks kinds, placeholders, standalone secrets, redaction."""

from __future__ import annotations

import base64
import json

import pytest
from pydantic import ValidationError

from policy_engine.engine.catalog import policy_types
from policy_engine.engine.secret_detectors import catalog
from policy_engine.engine.secret_values import entropy, is_placeholder
from policy_engine.rules.secrets import SecretKind, SecretsRule
from tests.unit.engine.helpers import kinds, make_policy, run

SECRETS_ALERT = make_policy({"type": "secrets", "action": "alert"})

# Built at run time so that no credential-shaped literal sits in the repository.
BODY = "k9Xq2Lm7Vb4Nc8Zr1Tw6Hy3Jp5Ds0FgA"  # 32 mixed characters
LONG = BODY * 6


def _jwt() -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': '42', 'name': 'x'})}.{BODY[:22]}"


PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + BODY + "\n" + BODY + "\n-----END RSA PRIVATE KEY-----"
AWS_KEY_ID = "AKIA" + "4HKZ7QW2RXJ5TLMN"
AWS_SECRET = (BODY + "/+Ab3Cd5E")[:40]

# (family, reported kind, value, text before the value)
FAMILY_CASES = [
    ("aws_access_key", "aws_access_token", AWS_KEY_ID, ""),
    ("aws_access_key", "aws_access_token", "ASIA" + "Z7QW2RXJ5TLMN4HK", "creds: "),
    ("aws_secret_key", "aws_secret_key", AWS_SECRET, "aws_secret_access_key = "),
    ("github_token", "github_pat", "ghp_" + BODY + "AbCd", ""),
    ("github_token", "github_fine_grained_pat", "github_pat_" + BODY + "_" + BODY + BODY[:17], ""),
    ("github_token", "github_oauth", "gho_" + BODY + "AbCd", ""),
    ("slack_token", "slack_bot_token", "xoxb-" + "123456789012-1234567890123-" + BODY[:24], ""),
    ("slack_token", "slack_user_token", "xoxe-" + "1234567890-2345678901-3456789012-" + BODY, ""),
    ("slack_token", "slack_legacy_token", "xoxs-" + "416843729158-132049654-5609968301-e708ba56e1", ""),
    ("slack_token", "slack_config_refresh_token", "xoxe-1-" + LONG[:146], ""),
    ("stripe_key", "stripe_access_token", "sk_live_" + BODY[:24], ""),
    ("stripe_key", "stripe_access_token", "sk_prod_" + BODY[:24], ""),
    ("stripe_key", "stripe_access_token", "rk_prod_" + BODY[:24], ""),
    ("openai_key", "openai_api_key", "sk-proj-" + LONG[:74] + "T3BlbkFJ" + LONG[3:77], ""),
    ("openai_key", "openai_api_key", "sk-" + BODY[:20] + "T3BlbkFJ" + BODY[5:25], "OPENAI_API_KEY="),
    ("anthropic_key", "anthropic_api_key", "sk-ant-api03-" + LONG[:93] + "AA", ""),
    ("anthropic_key", "anthropic_admin_api_key", "sk-ant-admin01-" + LONG[:93] + "AA", ""),
    ("private_key", "private_key", PEM, ""),
    ("jwt", "jwt", _jwt(), ""),
    ("generic_api_key", "generic_api_key", "Zx81Qw72Er63Ty54Ui45", "api_key: "),
    ("generic_api_key", "bearer_token", BODY, "Authorization: Bearer "),
    ("generic_api_key", "url_credentials", "admin:" + BODY[:12], "postgres://"),
]

# The credentials issue 12 names as missed, each alone in a sentence.
ISSUE_EXAMPLES = [
    ("gitlab_pat", "glpat-" + BODY[:20]),
    ("gcp_api_key", "AIza" + (BODY + "_-Qz7")[:35]),
    ("url_credentials", "user:pass"),
    ("slack_user_token", "xoxe-" + "1234567890-2345678901-3456789012-" + BODY),
    ("slack_legacy_token", "xoxs-" + "3206092076-3204538285-3743137121-836b042620"),
    ("stripe_access_token", "sk_prod_" + BODY[:24]),
    ("stripe_access_token", "rk_prod_" + BODY[:24]),
]


def _reported(text: str, policy: dict[str, object] = SECRETS_ALERT) -> list[tuple[str, str]]:
    result = run(policy, prompt=text)
    return [(m.kind, text[m.start : m.end]) for v in result.violations for m in v.matches]


@pytest.mark.parametrize("case", FAMILY_CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(FAMILY_CASES)])
def test_each_family_detects_its_kinds(case: tuple[str, str, str, str]) -> None:
    family, kind, value, before = case
    after = "@db.internal/app" if before.endswith("://") else ""
    text = f"here it is {before}{value}{after} -- thanks"
    # Given a secrets rule that names only the family
    policy = make_policy({"type": "secrets", "action": "alert", "kinds": [family]})
    # When a prompt carries one credential of that family
    found = _reported(text, policy)
    # Then its kind is reported with the span of the credential alone
    assert found == [(kind, value)]
    assert catalog().rules[kind].family == family


@pytest.mark.parametrize(("kind", "value"), ISSUE_EXAMPLES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(ISSUE_EXAMPLES)])
def test_issue_examples_are_caught(kind: str, value: str) -> None:
    text = f"postgres://{value}@db.internal:5432/app" if kind == "url_credentials" else f"my key is {value}."
    # Given the default secrets rule (every kind)
    # When the prompt carries the credential inside a sentence
    # Then it is reported as its kind, the whole value and nothing more
    assert _reported(text) == [(kind, value)]


@pytest.mark.parametrize(
    "value",
    [c[2] for c in FAMILY_CASES if not c[3]] + [v for k, v in ISSUE_EXAMPLES if k != "url_credentials"],
)
def test_a_secret_standing_alone_is_caught(value: str) -> None:
    # Given the default secrets rule
    # When the whole prompt is the credential, nothing around it
    found = _reported(value)
    # Then it is reported, whole
    assert [v for _, v in found] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE",
        "AKIA" + "..." + "EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
        "ghp_" + "x" * 36,
        "github_pat_" + "X" * 82,
        "glpat-" + "x" * 20,
        "sk_live_" + "*" * 24,
        "sk_test_" + "0" * 24,
        "xoxb-" + "x" * 9 + "-" + "x" * 10 + "-" + "x" * 12,
        "api_key: your_api_key_here",
        "OPENAI_API_KEY=<your-openai-key>",
        "password: ${DB_PASSWORD}",
        "token = {{ secrets.deploy_token }}",
        "postgres://user:****@db.internal/app",
        "Authorization: Bearer YOUR_TOKEN_HERE",
    ],
)
def test_placeholders_do_not_fire(text: str) -> None:
    # Given the default secrets rule
    # When the prompt holds a documentation placeholder instead of a credential
    # Then nothing is reported
    assert _reported(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the api_key parameter is documented below",
        "password: correcthorsebatterystaple",
        "sk-ant is a prefix, sk- too",
        "token = 00000000000000000000000",
        "eyJhbGciOi.eyJzdWIiOi.notavalidjwt",
        "git commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it",
        "-----BEGIN PUBLIC KEY-----",
        "AKIA is how AWS access key ids start",
        "they keyed the money into the survey key",
        "see https://example.com:8080/path and ftp://files.internal/pub",
    ],
)
def test_look_alikes_do_not_fire(text: str) -> None:
    # Given the default secrets rule
    # When the prompt has no real credential
    # Then nothing is reported
    assert _reported(text) == [], text


def test_redaction_removes_the_whole_value() -> None:
    # Given a redacting secrets rule over every kind
    policy = make_policy({"type": "secrets", "action": "redact"})
    secrets = [AWS_KEY_ID, "glpat-" + BODY[:20], PEM, "sk_prod_" + BODY[:24]]
    text = "keys: " + " and ".join(secrets) + ". Also postgres://admin:" + BODY[:12] + "@db/app"
    # When a prompt carries several credentials
    result = run(policy, prompt=text)
    # Then each is replaced by its kind's mask and no part of any value is left
    assert result.modified_request is not None
    redacted = result.modified_request.prompt
    assert redacted == (
        "keys: [AWS_ACCESS_TOKEN] and [GITLAB_PAT] and [PRIVATE_KEY] and [STRIPE_ACCESS_TOKEN]. "
        "Also postgres://[URL_CREDENTIALS]@db/app"
    )
    assert BODY[:12] not in redacted and "4HKZ7QW2" not in redacted
    assert result.risk_level == "critical"


def test_a_family_selects_only_its_kinds() -> None:
    # Given a rule for the github_token family
    policy = make_policy({"type": "secrets", "action": "alert", "kinds": ["github_token"]})
    text = f"github_pat_{BODY}_{BODY}{BODY[:17]} and glpat-{BODY[:20]}"
    # When a prompt holds a GitHub and a GitLab token
    # Then only the GitHub one is reported
    assert [k for k, _ in _reported(text, policy)] == ["github_fine_grained_pat"]


def test_one_kind_can_be_selected_by_its_name() -> None:
    # Given a rule naming one gitleaks kind
    policy = make_policy({"type": "secrets", "action": "alert", "kinds": ["gitlab_pat"]})
    # When the prompt holds that kind and another
    found = _reported(f"glpat-{BODY[:20]} and ghp_{BODY}AbCd", policy)
    # Then only the named kind is reported
    assert [k for k, _ in found] == ["gitlab_pat"]


@pytest.mark.parametrize("config", [{}, {"kinds": ["all"]}, {"kinds": ["ALL"]}])
def test_all_and_no_kinds_select_every_kind(config: dict[str, object]) -> None:
    # Given a rule with kinds "all", or without kinds
    rule = SecretsRule.model_validate({"type": "secrets", **config})
    policy = make_policy({"type": "secrets", "action": "alert", **config})
    # When prompts carry kinds outside the ten families
    found = _reported(f"dop_v1_{'0a1b2c3d4e5f6a7b' * 4} and hf_{'KjHtiLyXDyXamXujmipxOfhajAhRQCYnge'}", policy)
    # Then they are detected, and the rule selects every kind of the catalog
    assert [k for k, _ in found] == ["digitalocean_pat", "huggingface_access_token"]
    assert catalog().expand(rule.kinds) == frozenset(catalog().rules)


def test_the_ten_family_names_keep_working() -> None:
    # Given a stored policy that lists the ten names users configured before
    policy = make_policy({"type": "secrets", "action": "alert", "kinds": [k.value for k in SecretKind]})
    # When a prompt carries a Slack token that only the generated rules know
    found = _reported("xoxe-" + "1234567890-2345678901-3456789012-" + BODY, policy)
    # Then it is still detected, through the slack_token family
    assert found == [("slack_user_token", "xoxe-" + "1234567890-2345678901-3456789012-" + BODY)]


def test_an_unknown_kind_is_refused_on_write() -> None:
    # Given a rule naming a kind that does not exist
    # When it is validated
    with pytest.raises(ValidationError) as error:
        SecretsRule.model_validate({"type": "secrets", "kinds": ["github_token", "gitlub_pat"]})
    # Then the error names it and says what is allowed
    assert "'gitlub_pat'" in str(error.value) and "'all'" in str(error.value)


def test_specific_kind_wins_over_generic() -> None:
    # Given a credential that also fits the generic "key = value" shape
    value = "sk-proj-" + LONG[:74] + "T3BlbkFJ" + LONG[3:77]
    # When scanned
    # Then it is reported once, as its specific kind
    assert kinds(run(SECRETS_ALERT, prompt="OPENAI_API_KEY=" + value)) == ["openai_api_key"]


def test_policy_types_lists_every_kind_with_its_description() -> None:
    # Given the policy-types catalog
    [entry] = [t for t in policy_types() if t["type"] == "secrets"]
    listed = {k["kind"]: k for k in entry["kinds"]}
    # Then every kind is listed with gitleaks' description and its family
    assert set(listed) == set(catalog().rules) and len(listed) >= 220
    assert listed["gitlab_pat"]["description"].startswith("Identified a GitLab Personal Access Token")
    assert listed["github_pat"]["family"] == "github_token"
    assert listed["gitlab_pat"]["family"] is None
    assert set(entry["families"]) == {k.value for k in SecretKind}
    assert entry["families"]["slack_token"] == sorted(catalog().families["slack_token"])


def test_generated_rules_are_up_to_date_with_the_generator() -> None:
    from scripts.gen_secret_rules import OUTPUT, render

    # Given the vendored gitleaks rules and the generator
    # When generation runs again in memory
    text, problems = render()
    # Then it matches the committed file, and only the path-only rule is reported as not generated
    assert OUTPUT.read_text() == text
    assert problems == ["pkcs12-file: matches file paths only, a text has none"]
    assert json.loads(text)["source"]["commit"] == "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b"


def test_entropy_and_placeholders() -> None:
    # Shannon entropy in bits per character; placeholders by their usual shapes
    assert entropy("aaaa") == 0.0
    assert entropy("abcd") == 2.0
    assert is_placeholder("AKIAIOSFODNN7EXAMPLE") and is_placeholder("xxxxxxxx") and is_placeholder("sk_****")
    assert not is_placeholder(BODY)


def test_entropy_from_its_table_is_the_formula_bit_for_bit() -> None:
    # Given random values of many lengths and alphabets (a threshold compares the exact float)
    import math
    import random

    rng = random.Random(1222)  # noqa: S311 - test inputs
    for _ in range(3000):
        alphabet = rng.choice(["ab", "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "xyzé_-+/="])
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 1100)))
        size = len(value)
        # When its entropy is read from the table, Then it is the formula's float exactly
        expected = -sum(n / size * math.log2(n / size) for n in map(value.count, dict.fromkeys(value)))
        assert entropy(value) == expected
