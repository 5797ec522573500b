"""Captured usage events, judged after the fact in detection-only mode."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_serializer

from policy_engine.models.evaluate import EvaluateRequest
from policy_engine.models.service import JsonValue, Name

MAX_EVENTS = 100


class CapturedEvent(EvaluateRequest):
    """An EvaluateRequest as it was sent to the model, with the producer's id and time."""

    event_id: Name
    occurred_at: AwareDatetime

    @field_serializer("occurred_at")
    def _utc(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat(timespec="milliseconds")


class UsageEvent(CapturedEvent):
    """A captured event with its org, as it travels on the bus and the events queue."""

    org_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class EventsAccepted(BaseModel):
    model_config = ConfigDict(frozen=True)

    accepted: int
    rejected: list[dict[str, object]] = Field(default_factory=list)


class EventsBody(BaseModel):
    """Each event is validated on its own: an invalid one is listed in ``rejected``, the rest are accepted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    events: list[CapturedEvent | JsonValue] = Field(
        min_length=1,
        max_length=MAX_EVENTS,
        description="CapturedEvent objects; any other value is accepted into the batch and listed as rejected.",
    )
