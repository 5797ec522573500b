"""Approval resource and the body of approve/reject (field names fixed by API.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from policy_engine.models.service import Page

MAX_COMMENT_CHARS = 2000


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


class Approval(BaseModel):
    """What a reviewer sees: the request's non-text fields and why it was held, never its text."""

    model_config = ConfigDict(frozen=True)

    id: str
    status: ApprovalStatus
    decision_id: str
    policy_ids: list[str]
    request_summary: dict[str, Any]
    requested_by: str | None = None
    reviewer: str | None = None
    comment: str | None = None
    created_at: str
    expires_at: str
    decided_at: str | None = None
    redeemed_at: str | None = None


class DecideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT_CHARS)] | None = None


class ApprovalPage(Page[Approval]):
    pass
