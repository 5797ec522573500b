"""Bodies of the gateway integrations, in the field names the gateways define.

LiteLLM proxy's Generic Guardrail API (``generic_guardrail_api``) and Portkey's webhook
guardrail (``default.webhook``) post their own payloads; these models accept them as sent.
Unknown fields are ignored, because the gateways add fields between releases; the fields
read are bounded like the evaluate request's.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from policy_engine.models.evaluate import (
    MAX_MESSAGES,
    MAX_METADATA_KEYS,
    Label,
    MetadataKey,
    MetadataValue,
    ShortId,
    Text,
)
from policy_engine.models.service import Name

# Metadata keys that name one call through a gateway, not the request: a retry of the same
# request has new ones, so an approval's fingerprint leaves them out. The caller's own
# metadata keys get the rest of the room.
LITELLM_CALL_ID_KEY = "litellm_call_id"
LITELLM_TRACE_ID_KEY = "litellm_trace_id"
CALL_METADATA_KEYS = frozenset({LITELLM_CALL_ID_KEY, LITELLM_TRACE_ID_KEY})
MAX_CALLER_METADATA_KEYS = MAX_METADATA_KEYS - len(CALL_METADATA_KEYS)
MAX_ITEMS = MAX_MESSAGES
MAX_HEADERS = 200
MAX_METADATA_KEY_CHARS = 128
MAX_METADATA_VALUE_CHARS = 1024

ModelName = Name
ApprovalId = Annotated[str, StringConstraints(max_length=64)]
CallerMetadata = Annotated[dict[MetadataKey, MetadataValue], Field(max_length=MAX_CALLER_METADATA_KEYS)]

# -- LiteLLM Generic Guardrail API --


class LiteLLMRequestData(BaseModel):
    """``request_data``: who called the proxy, from its virtual key (``user_api_key_*``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_api_key_hash: ShortId | None = None
    user_api_key_alias: ShortId | None = None
    user_api_key_user_id: ShortId | None = None
    user_api_key_user_email: ShortId | None = None
    user_api_key_team_id: ShortId | None = None
    user_api_key_team_alias: ShortId | None = None
    user_api_key_end_user_id: ShortId | None = None
    user_api_key_org_id: ShortId | None = None


class LiteLLMParams(BaseModel):
    """``additional_provider_specific_params``: set in the guardrail's ``config.yaml`` entry,
    or per request (LiteLLM's dynamic guardrail params)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    model: ModelName | None = None
    metadata: CallerMetadata = Field(default_factory=dict)
    environment: Label | None = None
    connection_id: ShortId | None = None
    cost_usd: float | None = Field(default=None, ge=0, le=1_000_000_000, strict=True, allow_inf_nan=False)
    approval_id: ApprovalId | None = None


class LiteLLMGuardrailRequest(BaseModel):
    """What LiteLLM posts to ``{api_base}/beta/litellm_basic_guardrail_api``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    input_type: Literal["request", "response"]
    model: ModelName | None = None
    texts: list[Text] | None = Field(default=None, max_length=MAX_ITEMS)
    images: list[Any] | None = Field(default=None, max_length=MAX_ITEMS)
    tools: list[Any] | None = Field(default=None, max_length=MAX_ITEMS)
    tool_calls: list[Any] | None = Field(default=None, max_length=MAX_ITEMS)
    structured_messages: list[Any] | None = Field(default=None, max_length=MAX_ITEMS)
    request_data: LiteLLMRequestData = Field(default_factory=LiteLLMRequestData)
    request_headers: dict[str, Any] | None = Field(default=None, max_length=MAX_HEADERS)
    litellm_call_id: ShortId | None = None
    litellm_trace_id: ShortId | None = None
    additional_provider_specific_params: LiteLLMParams | None = None

    def header(self, name: str) -> str | None:
        """A header of the call to the proxy, as LiteLLM forwards it (its own allowlist of
        header values: ``x-litellm-*`` among them; others arrive as ``[present]``)."""
        wanted = name.lower()
        for key, value in (self.request_headers or {}).items():
            if str(key).lower() == wanted and isinstance(value, str):
                return value
        return None


class LiteLLMGuardrailResponse(BaseModel):
    """``NONE``: pass unchanged; ``BLOCKED``: LiteLLM refuses the call with ``blocked_reason``;
    ``GUARDRAIL_INTERVENED``: LiteLLM carries on with ``texts`` (same order and count)."""

    model_config = ConfigDict(frozen=True)

    action: Literal["NONE", "BLOCKED", "GUARDRAIL_INTERVENED"]
    blocked_reason: str | None = None
    texts: list[str] | None = None
    decision_id: str | None = Field(default=None, description="The decision this answer comes from.")


# -- Portkey webhook guardrail --


class PortkeyRequestPart(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    json_: dict[str, Any] = Field(default_factory=dict, alias="json")
    text: Text | None = None


def _fitting_metadata(value: Any) -> Any:
    """Portkey's metadata comes from the caller's ``x-portkey-metadata`` header, and Portkey
    lets a call through when its webhook answers an error: entries that do not fit are left
    out rather than refused, so no metadata can make a call skip its check."""
    if not isinstance(value, dict):
        raise ValueError("metadata must be an object")  # not Portkey's payload
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if len(kept) == MAX_CALLER_METADATA_KEYS:
            break
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_METADATA_KEY_CHARS:
            continue
        if isinstance(item, str) and len(item) > MAX_METADATA_VALUE_CHARS:
            continue
        if isinstance(item, float) and not math.isfinite(item):
            continue
        if item is None or isinstance(item, str | int | float | bool):
            kept[key] = item
    return kept


class PortkeyHookRequest(BaseModel):
    """What Portkey's webhook check posts: its hook context plus ``eventType``."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    eventType: Literal["beforeRequestHook", "afterRequestHook"]  # Portkey's name
    request: PortkeyRequestPart = Field(default_factory=PortkeyRequestPart)
    response: PortkeyRequestPart = Field(default_factory=PortkeyRequestPart)
    provider: ShortId | None = None
    requestType: ShortId | None = None  # Portkey's name
    # Any object is accepted; what is kept of it fits the evaluate request's metadata.
    metadata: Annotated[dict[str, Any], BeforeValidator(_fitting_metadata)] = Field(default_factory=dict)


class PortkeyBody(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    json_: dict[str, Any] = Field(alias="json")


class PortkeyTransformedData(BaseModel):
    model_config = ConfigDict(frozen=True)

    request: PortkeyBody | None = None
    response: PortkeyBody | None = None


class PortkeyDecisionData(BaseModel):
    """``data``: what Portkey keeps in the check's result (its logs, a denied call's hook_results)."""

    model_config = ConfigDict(frozen=True)

    decision_id: str | None = None  # none for a call that could not be judged
    verdict: str
    reason: str | None = None
    approval_id: str | None = None


class PortkeyVerdict(BaseModel):
    """``verdict`` false fails the check (a guardrail with ``deny: true`` refuses the call);
    ``transformedData`` replaces the request (before) or response (after) body."""

    model_config = ConfigDict(frozen=True)

    verdict: bool
    transformedData: PortkeyTransformedData | None = None  # Portkey's name
    data: PortkeyDecisionData
