from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator

from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.common import LowerList


class PiiEntity(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SSN = "ssn"
    CREDIT_CARD = "credit_card"
    IP_ADDRESS = "ip_address"
    IBAN = "iban"
    PASSPORT = "passport"
    DATE_OF_BIRTH = "date_of_birth"


class PiiRule(RuleBase):
    description = (
        "Detects personal data (validated: Luhn for cards, mod-97 for IBANs, SSN area rules). "
        "The mask replaces each match; '{entity}' in it becomes the entity name in upper case."
    )
    available_actions = (Action.BLOCK, Action.ALERT, Action.REDACT)
    default_action = Action.REDACT
    stages = (Stage.REQUEST, Stage.RESPONSE)

    type: Literal["pii"]
    severity: Severity = Severity.HIGH
    entities: Annotated[list[PiiEntity], LowerList] = Field(default_factory=lambda: list(PiiEntity), min_length=1)
    mask: str = Field(default="[{entity}]", max_length=100)

    @field_validator("mask")
    @classmethod
    def _mask_placeholders(cls, value: str) -> str:
        try:
            value.format(entity="X")
        except (KeyError, IndexError, ValueError):
            raise ValueError(
                "mask may contain only the placeholder '{entity}' (use '{{' and '}}' for braces)"
            ) from None
        return value
