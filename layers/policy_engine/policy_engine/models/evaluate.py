"""Evaluate request and decision models (the field names are fixed by the REST contract)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)

from policy_engine.models.service import Name
from policy_engine.rules.base import Action, Severity

MAX_TEXT_CHARS = 1_000_000
MAX_MESSAGES = 1000
MAX_METADATA_KEYS = 50
MAX_SAFE_INTEGER = 2**53 - 1  # numbers in metadata: finite, and exact in every JSON parser

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
ShortId = Annotated[str, StringConstraints(max_length=255)]
Label = Annotated[str, StringConstraints(max_length=128)]
MetadataKey = Annotated[str, StringConstraints(min_length=1, max_length=128)]
MetadataValue = (
    Annotated[str, StringConstraints(max_length=1024)]
    | StrictBool
    | Annotated[int, Field(strict=True, ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
    | Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
    | None
)


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    content: Text


def _given(field: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": [field], "properties": {field: schema}}


def _one_input_schema(schema: dict[str, Any]) -> None:
    """``_one_input`` in JSON Schema: prompt, messages or response given (not null); not prompt and messages."""
    prompt, messages = _given("prompt", {"type": "string"}), _given("messages", {"type": "array"})
    schema["anyOf"] = [prompt, messages, _given("response", {"type": "string"})]
    schema["not"] = {"allOf": [prompt, messages]}


class EvaluateRequest(BaseModel):
    """One LLM call to judge: before the call (prompt or messages), after it (response), or both."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_one_input_schema)

    model: Name
    prompt: Text | None = None
    messages: list[Message] | None = Field(default=None, min_length=1, max_length=MAX_MESSAGES)
    response: Text | None = None
    context: Text | None = None
    max_tokens: StrictInt | None = Field(default=None, ge=1, le=100_000_000)
    cost_usd: StrictFloat | None = Field(default=None, ge=0, le=1_000_000_000, allow_inf_nan=False)
    api_key_prefix: Annotated[str, StringConstraints(max_length=64)] | None = None
    environment: Label | None = None
    end_user_id: ShortId | None = None
    connection_id: ShortId | None = None
    metadata: dict[MetadataKey, MetadataValue] = Field(default_factory=dict, max_length=MAX_METADATA_KEYS)
    approval_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    dry_run: StrictBool = False

    @model_validator(mode="after")
    def _one_input(self) -> EvaluateRequest:
        if self.prompt is not None and self.messages is not None:
            raise ValueError("send either prompt or messages, not both")
        if self.prompt is None and self.messages is None and self.response is None:
            raise ValueError("send prompt or messages (or response alone for a response-stage evaluation)")
        return self

    @property
    def has_request_text(self) -> bool:
        return self.prompt is not None or self.messages is not None


class Verdict(StrEnum):
    ALLOWED = "allowed"
    FLAGGED = "flagged"
    MODIFIED = "modified"
    PENDING_APPROVAL = "pending_approval"
    BLOCKED = "blocked"


class RiskLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Match(BaseModel):
    """Where something was found: offsets only, never the matched text."""

    model_config = ConfigDict(frozen=True)

    kind: str
    start: int
    end: int
    target: str


class Violation(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_name: str
    policy_version: int
    rule_type: str
    action: Action
    severity: Severity
    message: str
    matches: list[Match] = Field(default_factory=list)
    escalated: bool = False
    rule_index: int | None = None


class ModifiedRequest(BaseModel):
    """Only the rewritten fields are present; the caller keeps the rest of its request."""

    model_config = ConfigDict(frozen=True)

    prompt: str | None = None
    messages: list[Message] | None = None
    max_tokens: int | None = None
    response: str | None = None
    end_user_id: str | None = None
    metadata: dict[str, str | int | float | bool | None] | None = None  # every key, redacted values masked


class ApprovalRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    status: Literal["pending", "approved", "rejected", "expired"]
    expires_at: str | None = None


class SkippedPolicy(BaseModel):
    """A stored policy that could not be compiled: it did not take part in the decision."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_name: str
    reason: str


class PatternTimeout(BaseModel):
    """A Python-compatible pattern that ran out of time, and what its rule answered."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    rule_index: int
    pattern: str  # "patterns[i]"
    target: str
    on_timeout: Literal["match", "skip"]


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    decision_id: str
    verdict: Verdict
    risk_level: RiskLevel
    violations: list[Violation]
    alerts: list[Violation]
    modified_request: ModifiedRequest | None = None
    approval: ApprovalRef | None = None
    evaluated_policies: int
    latency_ms: float
    skipped_policies: list[SkippedPolicy] = Field(
        default_factory=list, description="Policies of the org that could not be compiled and did not apply."
    )
    timeouts: list[PatternTimeout] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        body = self.model_dump(mode="json")
        if self.modified_request is not None:
            body["modified_request"] = self.modified_request.model_dump(mode="json", exclude_none=True)
        return body
