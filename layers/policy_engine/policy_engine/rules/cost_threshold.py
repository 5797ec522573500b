from __future__ import annotations

from typing import Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity


class CostThresholdRule(RuleBase):
    description = "Fires when cost_usd * 100 >= threshold_cents (0 turns the check off)."
    available_actions = (Action.REQUIRE_APPROVAL, Action.ALERT, Action.BLOCK)
    default_action = Action.REQUIRE_APPROVAL

    type: Literal["cost_threshold"]
    severity: Severity = Severity.MEDIUM
    threshold_cents: int = Field(ge=0, le=100_000_000)
