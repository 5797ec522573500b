"""What every rule shares: actions (with aliases), severities, the rule base model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator


class Action(StrEnum):
    ALLOW = "allow"
    BLOCK = "block"
    ALERT = "alert"
    REDACT = "redact"
    MODIFY = "modify"
    REQUIRE_APPROVAL = "require_approval"


ACTION_ALIASES: dict[str, str] = {"warn": "alert", "audit": "alert", "mask": "redact"}


def normalize_action(value: Any) -> Any:
    """Accept actions case-insensitively and map aliases to the canonical name."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        return ACTION_ALIASES.get(lowered, lowered)
    return value


ActionField = Annotated[Action, BeforeValidator(normalize_action)]


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self]


SEVERITY_RANK: dict[Severity, int] = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


def normalize_lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


SeverityField = Annotated[Severity, BeforeValidator(normalize_lower)]


class Stage(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"


def actions_schema(actions: tuple[Action, ...]) -> dict[str, Any]:
    """An optional action field limited to ``actions`` (case and aliases are accepted too)."""
    return {"anyOf": [{"enum": [a.value for a in actions], "type": "string"}, {"type": "null"}], "default": None}


def _state_available_actions(schema: dict[str, Any], model: type[Any]) -> None:
    """A rule's own ``action`` is stated as the actions its type supports, not every action."""
    if "action" in schema.get("properties", {}):
        schema["properties"]["action"] = actions_schema(model.available_actions)


class RuleBase(BaseModel):
    """A typed rule. Subclasses set the class variables and their config fields.

    ``action`` is optional: a rule without one inherits the policy's action, and the
    combination is checked when the policy is written (see ``rules.check_rule_actions``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_state_available_actions)

    description: ClassVar[str] = ""
    available_actions: ClassVar[tuple[Action, ...]] = ()
    default_action: ClassVar[Action]
    stages: ClassVar[tuple[Stage, ...]] = (Stage.REQUEST,)

    type: str
    action: ActionField | None = None
    severity: SeverityField = Severity.MEDIUM

    @classmethod
    def catalog_details(cls) -> dict[str, Any]:
        """Extra fields of this rule type's ``GET /v1/policy-types`` entry."""
        return {}

    @field_validator("action")
    @classmethod
    def _action_available(cls, value: Action | None) -> Action | None:
        if value is not None and value not in cls.available_actions:
            allowed = ", ".join(a.value for a in cls.available_actions)
            raise ValueError(f"action '{value.value}' is not available for this rule type; use one of: {allowed}")
        return value
