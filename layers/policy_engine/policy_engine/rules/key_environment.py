from __future__ import annotations

from typing import Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity
from policy_engine.rules.common import ShortText


class KeyEnvironmentRule(RuleBase):
    description = "Fires when an API key with a production prefix is used outside the allowed environments."
    available_actions = (Action.BLOCK, Action.ALERT)
    default_action = Action.BLOCK

    type: Literal["key_environment"]
    severity: Severity = Severity.HIGH
    prod_key_prefixes: list[ShortText] = Field(min_length=1, max_length=100)
    allowed_envs: list[ShortText] = Field(min_length=1, max_length=100)
