from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity


class EndUserRequiredRule(RuleBase):
    description = "Fires when the request carries no end_user_id."
    available_actions = (Action.BLOCK, Action.ALERT)
    default_action = Action.BLOCK

    type: Literal["end_user_required"]
    severity: Severity = Severity.LOW
