from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import DetectionOptions, LowerList


class SecretKind(StrEnum):
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


class SecretsRule(RuleBase, DetectionOptions):
    description = "Detects credentials (cloud keys, tokens, private keys, JWTs) in the text."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["secrets"]
    severity: Severity = Severity.CRITICAL
    kinds: Annotated[list[SecretKind], LowerList] = Field(default_factory=lambda: list(SecretKind), min_length=1)
