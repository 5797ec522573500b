"""Policy resource models and the write-time validation of a policy's content."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from policy_engine.errors import ValidationFailed
from policy_engine.models.conditions import ConditionsSchema, normalize_conditions
from policy_engine.models.errors import pydantic_details
from policy_engine.models.service import Name, Page
from policy_engine.rules import Action, Rule, check_rule_actions, normalize_rule_input
from policy_engine.rules.base import ActionField
from policy_engine.rules.common import ModelGlob

READ_ONLY_FIELDS = frozenset({"id", "org_id", "version", "created_at", "updated_at", "created_by", "updated_by"})
CONDITIONS_POLICY_ACTIONS = (Action.ALLOW, Action.BLOCK, Action.ALERT, Action.REQUIRE_APPROVAL)
MAX_RULES = 100


class OnTimeout(StrEnum):
    """What a Python-compatible ``banned_patterns`` pattern answers when its time runs out."""

    MATCH = "match"  # the rule fires on the whole text: fails closed
    SKIP = "skip"  # the pattern is treated as not matching


class PolicyFields(BaseModel):
    """The writable fields of a policy: what a version captures."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Annotated[str, StringConstraints(max_length=4000)] | None = None
    model: ModelGlob | None = None
    action: ActionField | None = None
    conditions: Annotated[dict[str, Any], ConditionsSchema] = Field(default_factory=dict)
    rules: list[Annotated[Rule, BeforeValidator(normalize_rule_input)]] = Field(
        default_factory=list, max_length=MAX_RULES
    )
    priority: StrictInt = Field(default=100, ge=0, le=1_000_000)
    enabled: StrictBool = True
    on_timeout: Annotated[OnTimeout, BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v)] = (
        OnTimeout.MATCH
    )


def _given(field: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": [field], "properties": {field: schema}}


def _action_rules_schema(schema: dict[str, Any]) -> None:
    """A policy without rules fires its own action, one of CONDITIONS_POLICY_ACTIONS (as
    ``validate_policy_content`` checks). Which policy action a rule without its own may inherit is
    each type's ``available_actions`` in GET /v1/policy-types; stated here as one branch per action
    it would outgrow what schema-driven generators can enumerate."""
    fires = [a.value for a in CONDITIONS_POLICY_ACTIONS]
    schema["if"] = {"properties": {"rules": {"maxItems": 0}}}
    schema["then"] = _given("action", {"enum": fires})


class PolicyContent(PolicyFields):
    """A policy body as a client sends it (or as it is stored): read-only fields are ignored."""

    model_config = ConfigDict(json_schema_extra=_action_rules_schema)

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, data: Any) -> Any:
        """Read-only fields sent back by a client (a GET body reused) are ignored, not refused."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}
        return data


class Policy(PolicyFields):
    id: str
    org_id: str
    version: int
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str


class PolicyVersion(PolicyFields):
    id: str
    version: int
    created_at: str
    created_by: str


class RollbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: StrictInt = Field(ge=1, le=999_999_999)


def validate_policy_content(data: Any) -> PolicyContent:
    """Validate a policy body completely or raise ``ValidationFailed`` listing every problem.

    Shape and types come from pydantic (rule configs, RE2 compilation of every pattern);
    then the cross-field checks: the effective action of each rule, the conditions language.
    """
    try:
        content = PolicyContent.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationFailed("the policy is invalid", pydantic_details(exc)) from None
    conditions, problems = normalize_conditions(content.conditions)
    if content.rules:
        problems += check_rule_actions(content.action, list(content.rules))
    elif content.action is None:
        problems.append({"field": "action", "message": "required: a policy without rules fires its own action"})
    elif content.action not in CONDITIONS_POLICY_ACTIONS:
        allowed = ", ".join(a.value for a in CONDITIONS_POLICY_ACTIONS)
        problems.append(
            {
                "field": "action",
                "message": f"a policy without rules can only {allowed}; add rules to {content.action.value}",
            }
        )
    if problems:
        raise ValidationFailed("the policy is invalid", problems)
    content.conditions = conditions
    return content


class PolicyPage(Page[Policy]):
    pass


class PolicyVersionPage(Page[PolicyVersion]):
    pass
