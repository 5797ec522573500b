from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import DetectionOptions, LowerList

ALL_KINDS = "all"
KindName = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class SecretKind(StrEnum):
    """The secret families: each selects its kinds (``engine/secret_detectors.py``)."""

    AWS_ACCESS_KEY = "aws_access_key"
    AWS_SECRET_KEY = "aws_secret_key"
    GITHUB_TOKEN = "github_token"
    SLACK_TOKEN = "slack_token"
    STRIPE_KEY = "stripe_key"
    OPENAI_KEY = "openai_key"
    ANTHROPIC_KEY = "anthropic_key"
    PRIVATE_KEY = "private_key"
    JWT = "jwt"
    GENERIC_API_KEY = "generic_api_key"


def _kinds_schema(schema: dict[str, Any]) -> None:
    """Each item is 'all', a family or a kind: the names are stated, read from the rule set."""
    from policy_engine.engine.secret_detectors import catalog  # the rule set is read on first use

    known = catalog()
    names = dict.fromkeys([ALL_KINDS, *sorted(known.families), *sorted(known.rules)])
    schema["items"] = {"enum": list(names), "type": "string"}


class SecretsRule(RuleBase, DetectionOptions):
    description = (
        "Detects credentials (cloud keys, tokens, private keys, JWTs, passwords in URLs and the rest of "
        "gitleaks' rule set) in the text. kinds: 'all' (the default), a family such as 'github_token', "
        "or a single kind such as 'gitlab_pat'; GET /v1/policy-types lists them."
    )
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["secrets"]
    severity: Severity = Severity.CRITICAL
    kinds: Annotated[list[KindName], LowerList] = Field(
        default_factory=lambda: [ALL_KINDS],
        min_length=1,
        max_length=500,
        description=(
            "'all' (every kind), a family (" + ", ".join(SecretKind) + ") or a kind listed in this "
            "rule type's 'kinds' in GET /v1/policy-types (gitleaks rule ids in snake_case)."
        ),
        json_schema_extra=_kinds_schema,
    )

    @classmethod
    def catalog_details(cls) -> dict[str, Any]:
        from policy_engine.engine.secret_detectors import catalog

        known = catalog()
        kinds = [
            {"kind": r.kind, "family": r.family, "description": r.description, "source": r.source}
            for r in sorted(known.rules.values(), key=lambda r: r.kind)
        ]
        return {"kinds": kinds, "families": {f: sorted(k) for f, k in sorted(known.families.items())}}

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        from policy_engine.engine.secret_detectors import catalog  # the rule set is read on first use

        known = catalog()
        unknown = [k for k in kinds if k != ALL_KINDS and k not in known.families and k not in known.rules]
        if unknown:
            raise ValueError(
                f"unknown secret kind(s) {', '.join(map(repr, unknown))}: use 'all', a family "
                f"({', '.join(sorted(known.families))}) or a kind listed by GET /v1/policy-types"
            )
        return list(dict.fromkeys(kinds))
