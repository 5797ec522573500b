from __future__ import annotations

from typing import Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity
from policy_engine.rules.common import ModelGlob


class ModelAllowlistRule(RuleBase):
    description = "Fires when the request's model matches none of the allowed globs (an empty list turns it off)."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REQUIRE_APPROVAL)
    default_action = Action.BLOCK

    type: Literal["model_allowlist"]
    severity: Severity = Severity.MEDIUM
    models: list[ModelGlob] = Field(default_factory=list, max_length=500)
