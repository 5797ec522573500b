"""Resources every route shares: the error envelope, cursor pages, the health answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_SAFE_INTEGER = 2**53 - 1  # the request parser refuses integers beyond it (api.json_body)

# A name-like field, stripped before its length is checked: the schema asks for more than whitespace.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    Field(json_schema_extra={"pattern": r"\S"}),
]
SafeNumber = Annotated[float, Field(ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER, allow_inf_nan=False)]
# Any JSON value a request body may carry where the service reads no fields: numbers finite and
# exact in every parser, as the request parser requires of every body.
type JsonValue = bool | str | SafeNumber | list[JsonValue] | dict[str, JsonValue] | None


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field(description="The field, as a path such as rules[0].patterns[2] (body: the whole body).")
    message: str


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(examples=["bad_request", "unauthorized", "not_found", "validation_error"])
    message: str
    details: list[ErrorDetail]


class Error(BaseModel):
    """Every error answer: ``{"error": {"code", "message", "details": [...]}, "request_id"}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    error: ErrorBody
    request_id: str


class Page[ItemT](BaseModel):
    """One page of a listing; ``next_cursor`` fetches the next one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[ItemT]
    next_cursor: str | None
    has_more: bool


class Health(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["ok"]
    version: str
