from __future__ import annotations

from typing import Literal

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import Ratio


class GroundingRule(RuleBase):
    description = "Fires when the share of response sentences lexically supported by `context` is below the threshold."
    available_actions = (Action.BLOCK, Action.ALERT)
    default_action = Action.ALERT
    stages = (Stage.RESPONSE,)

    type: Literal["grounding"]
    severity: Severity = Severity.MEDIUM
    threshold: Ratio = 0.5
