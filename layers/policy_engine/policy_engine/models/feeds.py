"""Stored decisions as the violations feed and ``GET /v1/decisions/{id}`` show them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policy_engine.models.evaluate import Decision
from policy_engine.models.service import Page


class StoredDecision(Decision):
    """A stored Decision (without modified_request) plus when it was made and the request's
    non-text fields; prompts, responses and matched text are never stored."""

    created_at: str
    enforced: bool = Field(description="false for detection-only events")
    event_id: str | None
    model: str
    environment: str | None = None
    end_user_id: str | None = None
    connection_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class StoredDecisionPage(Page[StoredDecision]):
    pass
