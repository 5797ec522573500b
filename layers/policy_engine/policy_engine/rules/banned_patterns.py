from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import LowerList
from policy_engine.rules.patterns import check_banned_pattern

# RE2 when it can run the pattern; else Python-compatible (``regex``, time-bounded, probed on write).
BannedPattern = Annotated[str, AfterValidator(check_banned_pattern)]


class Target(StrEnum):
    PROMPT = "prompt"
    SYSTEM = "system"
    RESPONSE = "response"


class BannedPatternsRule(RuleBase):
    description = (
        "Fires when any of the regular expressions matches the targeted text. RE2 syntax runs in linear "
        "time; Python-only syntax (lookaround, backreferences) runs on the regex package under a time "
        "budget, answered by the policy's on_timeout when it runs out."
    )
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT, Action.REQUIRE_APPROVAL)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["banned_patterns"]
    severity: Severity = Severity.HIGH
    patterns: list[BannedPattern] = Field(min_length=1, max_length=1000)
    scan_limit_chars: int | None = Field(default=None, ge=1)
    targets: Annotated[list[Target], LowerList] = Field(
        default_factory=lambda: [Target.PROMPT, Target.SYSTEM, Target.RESPONSE], min_length=1
    )
