from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import PositiveInt


class ResponseTokenLimitRule(RuleBase):
    description = "Fires when the response is longer than max_tokens (tokens estimated from the text)."
    available_actions = (Action.BLOCK, Action.ALERT)
    default_action = Action.BLOCK
    stages = (Stage.RESPONSE,)

    type: Literal["response_token_limit"]
    severity: Severity = Severity.LOW
    max_tokens: PositiveInt
