"""Shapes the spec leaves inline: list pages, audit entries and the audit chain check."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a listing; pass ``next_cursor`` back as ``cursor`` while ``has_more``."""

    model_config = ConfigDict(extra="allow")
    items: list[T]
    next_cursor: str | None = None
    has_more: bool = False


class AuditEntry(BaseModel):
    """One admin write: who, what, when, the versions before and after, and the hash chain."""

    model_config = ConfigDict(extra="allow")
    id: str
    seq: int
    at: str
    actor: str | None = None
    action: str
    resource_type: str | None = None
    resource_id: str | None = None
    before_version: int | None = None
    after_version: int | None = None
    prev_hash: str | None = None
    hash: str | None = None


class AuditVerification(BaseModel):
    """``GET /v1/audit/verify``: whether the org's audit hash chain is intact."""

    model_config = ConfigDict(extra="allow")
    valid: bool
    entries: int
    first_bad: str | None = None
