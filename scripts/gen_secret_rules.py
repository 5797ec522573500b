"""Generate the secret detectors from gitleaks' rule set.

Reads ``engine/vendor/gitleaks/gitleaks.toml`` (gitleaks' default configuration, MIT) and
writes ``engine/secret_rules.json``: one detector per gitleaks rule, named by its id in
snake_case, with its regex (Go syntax, which RE2 takes as is), secret group, entropy
threshold, keywords and allowlists, the global allowlist, the family each kind belongs to,
and the commit the rules come from. A rule RE2 cannot compile, or one that only matches file
paths, is listed under ``skipped`` with the reason and printed; none is dropped silently.

Run: python scripts/gen_secret_rules.py [--check]
``--check`` exits non-zero when the committed file differs from what would be generated.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import re2

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "layers" / "policy_engine" / "policy_engine" / "engine"
VENDOR = ENGINE / "vendor" / "gitleaks"
TOML = VENDOR / "gitleaks.toml"
OUTPUT = ENGINE / "secret_rules.json"

# The families are the kind names policies configured before the rule set was generated;
# each names the gitleaks rules it selects. A rule in no family is selected by its own
# name or by "all".
FAMILIES: dict[str, tuple[str, ...]] = {
    "aws_access_key": ("aws-access-token",),
    "aws_secret_key": (),  # gitleaks has no AWS secret access key rule: see engine/secrets.py
    "github_token": (
        "github-pat",
        "github-fine-grained-pat",
        "github-oauth",
        "github-app-token",
        "github-refresh-token",
    ),
    "slack_token": (
        "slack-app-token",
        "slack-bot-token",
        "slack-config-access-token",
        "slack-config-refresh-token",
        "slack-legacy-bot-token",
        "slack-legacy-token",
        "slack-legacy-workspace-token",
        "slack-user-token",
        "slack-webhook-url",
    ),
    "stripe_key": ("stripe-access-token",),
    "openai_key": ("openai-api-key",),
    "anthropic_key": ("anthropic-api-key", "anthropic-admin-api-key"),
    "private_key": ("private-key",),
    "jwt": ("jwt", "jwt-base64"),
    "generic_api_key": ("generic-api-key",),
}

# gitleaks scans files: most rules end a secret at a quote, whitespace, ``;`` or the end of
# the file. In a prompt a secret also ends a sentence or a parenthesis, and newer gitleaks
# versions end it at a backslash (escaped JSON) or ``<`` (XML) too, so that ending also
# accepts ``. , : ! ? ) ] } > < \``.
_FILE_END = r"""(?:[\x60'"\s;]|\\[nr]|$)"""
_TEXT_END = r"""(?:[\x60'"\s;.,:!?)\]}><\\]|$)"""
_COMMIT = re.compile(r"commit ([0-9a-f]{40})")


def kind_name(rule_id: str) -> str:
    return rule_id.replace("-", "_").replace(".", "_").lower()


def to_re2(pattern: str) -> str:
    """A Go regexp as RE2 runs it in a text: Go's syntax is RE2's, only the ending is widened."""
    return pattern.replace(_FILE_END, _TEXT_END)


def _compiles(pattern: str) -> str | None:
    options = re2.Options()
    options.log_errors = False
    try:
        re2.compile(pattern.encode(), options)
    except re2.error as error:
        return str(error)
    return None


def _allowlist(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "and": raw.get("condition", "OR").upper() == "AND",
        "target": raw.get("regexTarget", "secret"),
        "regexes": list(raw.get("regexes", [])),
        "stopwords": [w.lower() for w in raw.get("stopwords", [])],
        "paths": bool(raw.get("paths")),  # a text has no path: an AND list with paths never applies
    }


def generate(toml_text: str, source_commit: str) -> tuple[dict[str, Any], list[str]]:
    """The generated document and the problems to report (rules not turned into detectors)."""
    config = tomllib.loads(toml_text)
    family_of = {rule_id: family for family, ids in FAMILIES.items() for rule_id in ids}
    rules: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for raw in config["rules"]:
        rule_id = raw["id"]
        if "regex" not in raw:
            skipped.append({"id": rule_id, "reason": "matches file paths only, a text has none"})
            continue
        pattern = to_re2(raw["regex"])
        error = _compiles(pattern)
        if error is not None:
            skipped.append({"id": rule_id, "reason": f"RE2 cannot compile it: {error}"})
            continue
        rules.append(
            {
                "kind": kind_name(rule_id),
                "id": rule_id,
                "family": family_of.get(rule_id),
                "description": raw["description"],
                "regex": pattern,
                "group": int(raw.get("secretGroup", 0)),
                "entropy": float(raw.get("entropy", 0.0)),
                "keywords": sorted({k.lower() for k in raw.get("keywords", [])}),
                "allowlists": [_allowlist(a) for a in raw.get("allowlists", [])],
            }
        )
    known = {r["id"] for r in rules}
    problems = [f"{s['id']}: {s['reason']}" for s in skipped]
    problems += [f"family {f}: no rule {i}" for f, ids in FAMILIES.items() for i in ids if i not in known]
    allow = config.get("allowlist", {})
    document = {
        "generated_by": "scripts/gen_secret_rules.py; do not edit",
        "source": {
            "repository": "gitleaks/gitleaks",
            "commit": source_commit,
            "path": "config/gitleaks.toml",
            "license": "MIT (engine/vendor/gitleaks/LICENSE)",
        },
        "families": sorted(FAMILIES),
        "global_allowlist": {
            "regexes": list(allow.get("regexes", [])),
            "stopwords": [w.lower() for w in allow.get("stopwords", [])],
        },
        "rules": rules,
        "skipped": skipped,
    }
    return document, problems


def source_commit() -> str:
    found = _COMMIT.search((VENDOR / "README.md").read_text())
    if found is None:
        raise SystemExit(f"{VENDOR / 'README.md'} does not name the gitleaks commit")
    return found.group(1)


def render() -> tuple[str, list[str]]:
    document, problems = generate(TOML.read_text(), source_commit())
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n", problems


def main() -> int:
    text, problems = render()
    for problem in problems:
        print(f"not generated: {problem}", file=sys.stderr)
    if "--check" in sys.argv:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python scripts/gen_secret_rules.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(json.loads(text)['rules'])} rules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
