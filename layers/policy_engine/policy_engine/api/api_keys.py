"""API keys routes (admin only): create (the key is shown once), list (no secrets), revoke."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import choice_param, limit_param, uuid_path
from policy_engine.logic import api_keys as logic

ADMIN = "admin"


class CreateKeyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    scopes: list[str] = Field(min_length=1, max_length=10)
    tier: Literal["standard", "high"] = Field(
        default="standard", description="The usage plan (per-key throttling) the key is attached to."
    )


@route("POST", "/v1/api-keys", scope=ADMIN)
def create_api_key(request: Request) -> Response:
    body = request.body_as(CreateKeyBody)
    record, key = logic.create_key(
        request.caller.org_id, body.name, body.scopes, actor=request.caller.key_id, tier=body.tier
    )
    return Response(201, {**record, "key": key}, {"Cache-Control": "no-store"})


@route("GET", "/v1/api-keys", scope=ADMIN)
def list_api_keys(request: Request) -> Response:
    listing = "api-keys"
    after = cursor_position(request, listing)
    page = logic.list_keys(request.caller, limit=limit_param(request.query), after_id=after)
    return Response(200, page_body(request, listing, page, "id"))


@route("DELETE", "/v1/api-keys/{id}", scope=ADMIN)
def revoke_api_key(request: Request) -> Response:
    confirm = choice_param(request.query, "confirm", frozenset({logic.SELF}))
    logic.revoke_key(request.caller, uuid_path(request.path_param("id"), "key"), confirm=confirm)
    return Response(204)
