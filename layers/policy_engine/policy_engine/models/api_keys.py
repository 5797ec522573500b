"""API key resources: the public record (never the secret or its hash) and the new key."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from policy_engine.caller import SCOPES
from policy_engine.models.service import Name, Page

# A scope name: the schema lists them; logic.api_keys refuses an unknown one with its own message.
Scope = Annotated[str, Field(json_schema_extra={"enum": sorted(SCOPES)})]


class CreateKeyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=10)
    tier: Literal["standard", "high"] = Field(
        default="standard", description="The usage plan (per-key throttling) the key is attached to."
    )


class ApiKey(BaseModel):
    """An API key's record; the secret is never listed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    scopes: list[Scope]
    prefix: str
    created_at: str
    created_by: str
    revoked_at: str | None


class NewApiKey(ApiKey):
    key: str = Field(description="The full key: shown only in this response.")


class ApiKeyPage(Page[ApiKey]):
    pass
