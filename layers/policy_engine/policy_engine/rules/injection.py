from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from policy_engine.rules.base import Action, RuleBase, Severity, Stage, normalize_lower
from policy_engine.rules.common import LowerList, Ratio


class InjectionMode(StrEnum):
    """``fast`` (default): lexical signals and the learned model over sliding windows;
    ``thorough``: the same over shorter and longer windows too; ``lexical``: the signals alone."""

    LEXICAL = "lexical"
    FAST = "fast"
    THOROUGH = "thorough"


class InjectionTarget(StrEnum):
    PROMPT = "prompt"  # the bare prompt and every user, assistant and tool message
    SYSTEM = "system"
    CONTEXT = "context"  # the request's retrieved documents
    RESPONSE = "response"


class InjectionRule(RuleBase):
    description = (
        "Scores prompt-injection and jailbreak signals and a learned classifier (0..1) on the prompt, every "
        "message, the context and the response; fires when the score reaches the threshold."
    )
    available_actions = (Action.BLOCK, Action.ALERT, Action.REQUIRE_APPROVAL)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["injection"]
    severity: Severity = Severity.HIGH
    threshold: Ratio = 0.5
    mode: Annotated[InjectionMode, BeforeValidator(normalize_lower)] = InjectionMode.FAST
    targets: Annotated[list[InjectionTarget], LowerList] = Field(
        default_factory=lambda: [InjectionTarget.PROMPT, InjectionTarget.CONTEXT, InjectionTarget.RESPONSE],
        min_length=1,
    )
