"""API keys routes (admin only): create (the key is shown once), list (no secrets), revoke."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import ID, PAGE, choice, choice_param, limit_param, uuid_path
from policy_engine.logic import api_keys as logic
from policy_engine.models.api_keys import ApiKeyPage, CreateKeyBody, NewApiKey

ADMIN = "admin"
CONFIRM = frozenset({logic.SELF})


@route("POST", "/v1/api-keys", scope=ADMIN, body=CreateKeyBody, responses={201: NewApiKey})
def create_api_key(request: Request) -> Response:
    """Create an API key (the key is shown only here)"""
    body = request.body_as(CreateKeyBody)
    record, key = logic.create_key(
        request.caller.org_id, body.name, body.scopes, actor=request.caller.key_id, tier=body.tier
    )
    return Response(201, {**record, "key": key}, {"Cache-Control": "no-store"})


@route("GET", "/v1/api-keys", scope=ADMIN, params=PAGE, responses={200: ApiKeyPage}, errors=(400,))
def list_api_keys(request: Request) -> Response:
    """List API keys (no secrets)"""
    listing = "api-keys"
    after = cursor_position(request, listing)
    page = logic.list_keys(request.caller, limit=limit_param(request.query), after_id=after)
    return Response(200, page_body(request, listing, page, "id"))


@route(
    "DELETE",
    "/v1/api-keys/{id}",
    scope=ADMIN,
    params=(ID, choice("confirm", CONFIRM, "self: revoke the key of this request.")),
    responses={204: None},
    errors=(400, 409),
)
def revoke_api_key(request: Request) -> Response:
    """Revoke an API key at once (not the org's last active admin key; the calling key needs confirm=self)"""
    confirm = choice_param(request.query, "confirm", CONFIRM)
    logic.revoke_key(request.caller, uuid_path(request.path_param("id"), "key"), confirm=confirm)
    return Response(204)
