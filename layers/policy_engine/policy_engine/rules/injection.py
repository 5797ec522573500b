from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity
from policy_engine.rules.common import Ratio


class InjectionRule(RuleBase):
    description = "Scores prompt-injection and jailbreak signals (0..1); fires when the score reaches the threshold."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REQUIRE_APPROVAL)
    default_action = Action.BLOCK

    type: Literal["injection"]
    severity: Severity = Severity.HIGH
    threshold: Ratio = 0.5
