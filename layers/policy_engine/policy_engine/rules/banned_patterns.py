from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import LowerList, Regex


class Target(StrEnum):
    PROMPT = "prompt"
    SYSTEM = "system"
    RESPONSE = "response"


class BannedPatternsRule(RuleBase):
    description = "Fires when any of the regular expressions (RE2 syntax, linear time) matches the targeted text."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT, Action.REQUIRE_APPROVAL)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["banned_patterns"]
    severity: Severity = Severity.HIGH
    patterns: list[Regex] = Field(min_length=1, max_length=1000)
    scan_limit_chars: int | None = Field(default=None, ge=1)
    targets: Annotated[list[Target], LowerList] = Field(
        default_factory=lambda: [Target.PROMPT, Target.SYSTEM, Target.RESPONSE], min_length=1
    )
