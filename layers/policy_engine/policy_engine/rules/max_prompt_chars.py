from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity
from policy_engine.rules.common import PositiveInt


class MaxPromptCharsRule(RuleBase):
    description = "Fires when the prompt is longer than max_chars; modify truncates it to exactly max_chars."
    available_actions = (Action.BLOCK, Action.MODIFY)
    default_action = Action.BLOCK

    type: Literal["max_prompt_chars"]
    severity: Severity = Severity.LOW
    max_chars: PositiveInt
