from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from policy_engine.rules.base import Action, RuleBase, Severity


class SystemPromptMode(StrEnum):
    REPLACE = "replace"
    PREPEND = "prepend"
    APPEND = "append"


class SystemPromptRule(RuleBase):
    description = (
        "modify: rewrites the system message (replace, prepend or append); "
        "block: rejects a request that brings its own differing system prompt."
    )
    available_actions = (Action.MODIFY, Action.BLOCK)
    default_action = Action.MODIFY

    type: Literal["system_prompt"]
    severity: Severity = Severity.LOW
    prompt: str = Field(min_length=1, max_length=100_000)
    mode: SystemPromptMode = SystemPromptMode.REPLACE
