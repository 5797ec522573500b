"""The signed-in key as the service sees it: its org, its id and its scopes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Identity(BaseModel):
    """What a client may learn about its own key (never the secret, never another key)."""

    model_config = ConfigDict(frozen=True)

    org_id: str
    key_id: str
    scopes: list[str]
