"""The admin audit log as clients read it: hash-chained entries and the chain's verification."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from policy_engine.models.service import Page


class AuditEntry(BaseModel):
    """Who changed which policy, key, org setting or approval; each entry hashes the one before."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    seq: int
    at: str
    actor: str
    action: str = Field(examples=["policy.create", "apikey.revoke"])
    resource_type: str
    resource_id: str
    before_version: int | None
    after_version: int | None
    prev_hash: str | None
    hash: str


class AuditEntryPage(Page[AuditEntry]):
    pass


class AuditVerification(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    valid: bool
    entries: int
    first_bad: str | None = Field(description="The id of the first entry that does not verify.")
