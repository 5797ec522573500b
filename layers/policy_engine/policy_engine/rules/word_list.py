from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import csv_or_list


class WordMatch(StrEnum):
    WORD = "word"
    SUBSTRING = "substring"


Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class WordListRule(RuleBase):
    description = "Fires when a listed word or phrase occurs (whole words by default, case-insensitive by default)."
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT)
    default_action = Action.BLOCK
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["word_list"]
    severity: Severity = Severity.MEDIUM
    words: Annotated[list[Word], BeforeValidator(csv_or_list)] = Field(min_length=1, max_length=50_000)
    match: WordMatch = WordMatch.WORD
    case_sensitive: bool = False
