"""The rule-type catalog of ``GET /v1/policy-types``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from policy_engine.rules.base import Action, Severity


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    description: str


class Kind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    family: str | None
    description: str
    source: Literal["gitleaks", "own"]


class PolicyType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    description: str
    available_actions: list[Action]
    default_action: Action
    default_severity: Severity
    stages: list[Literal["request", "response"]]
    config_schema: dict[str, Any] = Field(description="JSON Schema of the rule's own fields.")
    entities: list[Entity] | None = Field(
        default=None, description="pii: every entity the rule can detect, with its description."
    )
    kinds: list[Kind] | None = Field(
        default=None, description="secrets only: every kind a rule's kinds can name, its family and description."
    )
    families: dict[str, list[str]] | None = Field(
        default=None,
        description="secrets only: each family name and the kinds it selects ('all' selects every kind).",
    )


class PolicyTypes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[PolicyType]
