from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity
from policy_engine.rules.common import PositiveInt


class MaxTokensRule(RuleBase):
    description = "Fires when the request's max_tokens is over the limit; modify clamps it to the limit."
    available_actions = (Action.BLOCK, Action.MODIFY)
    default_action = Action.MODIFY

    type: Literal["max_tokens"]
    severity: Severity = Severity.LOW
    max_tokens: PositiveInt
