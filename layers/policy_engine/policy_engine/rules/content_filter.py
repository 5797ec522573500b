from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import LowerList


class ContentCategory(StrEnum):
    HATE = "hate"
    VIOLENCE = "violence"
    SEXUAL = "sexual"
    SELF_HARM = "self_harm"
    PROFANITY = "profanity"


class ContentFilterRule(RuleBase):
    description = "Fires on hits of the category lexicons (hate, violence, sexual, self_harm, profanity)."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["content_filter"]
    severity: Severity = Severity.MEDIUM
    categories: Annotated[list[ContentCategory], LowerList] = Field(
        default_factory=lambda: list(ContentCategory), min_length=1
    )
