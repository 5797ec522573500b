"""The Policies routes of API.md (evaluate lives with the engine's routes)."""

from __future__ import annotations

from typing import Any

from policy_engine.api.http import Partial, Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import (
    ID,
    IDEMPOTENCY_KEY,
    IF_MATCH,
    MAX_IDEMPOTENCY_KEY,
    PAGE,
    VERSION,
    bool_param,
    choice,
    choice_param,
    limit_param,
    listing_key,
    text_param,
    uuid_path,
    version_path,
)
from policy_engine.api.params import query as query_param
from policy_engine.errors import BadRequest
from policy_engine.logic import policies as logic
from policy_engine.models.policy import (
    Policy,
    PolicyContent,
    PolicyPage,
    PolicyVersion,
    PolicyVersionPage,
    RollbackBody,
)
from policy_engine.rules import RULE_TYPES
from policy_engine.settings import get_settings

READ, WRITE = "policies:read", "policies:write"
ETAG = {"ETag": 'The version, "<version>".'}
FILTERS = (
    query_param("enabled", {"type": "boolean"}, "Only enabled (true) or disabled (false) policies."),
    choice("type", RULE_TYPES, "Only policies that have a rule of this type."),
    query_param("model", {"type": "string", "maxLength": 255}, "Only policies that apply to this model."),
)
PATCH = Partial(PolicyContent, "PolicyPatch", "Any subset of the writable fields; model: null clears the model.")


def _etag(policy: dict[str, Any]) -> dict[str, str]:
    return {"ETag": f'"{policy["version"]}"'}


@route("GET", "/v1/policies", scope=READ, params=(*PAGE, *FILTERS), responses={200: PolicyPage}, errors=(400,))
def list_policies(request: Request) -> Response:
    """List policies"""
    query = request.query
    enabled = bool_param(query, "enabled")
    rule_type = choice_param(query, "type", RULE_TYPES)
    model = text_param(query, "model")
    listing = listing_key("policies", enabled=enabled, type=rule_type, model=model)
    after = cursor_position(request, listing)
    page = logic.list_policies(
        request.caller, limit=limit_param(query), after_id=after, enabled=enabled, rule_type=rule_type, model=model
    )
    return Response(200, page_body(request, listing, page, "id"))


@route(
    "POST",
    "/v1/policies",
    scope=WRITE,
    params=(IDEMPOTENCY_KEY,),
    body=PolicyContent,
    responses={201: Policy},
    response_headers={**ETAG, "Location": "The new policy's path."},
    errors=(409,),
)
def create_policy(request: Request) -> Response:
    """Create a policy (version 1)"""
    key = request.header("idempotency-key")
    if key is not None and not (0 < len(key) <= MAX_IDEMPOTENCY_KEY and key.isprintable()):
        raise BadRequest(f"Idempotency-Key must be 1..{MAX_IDEMPOTENCY_KEY} printable characters")
    settings = get_settings()
    policy = logic.create_policy(request.caller, request.json(), key, settings.idempotency_ttl_seconds)
    return Response(201, policy, {**_etag(policy), "Location": f"/v1/policies/{policy['id']}"})


@route("GET", "/v1/policies/{id}", scope=READ, params=(ID,), responses={200: Policy}, response_headers=ETAG)
def get_policy(request: Request) -> Response:
    """Get a policy"""
    policy = logic.get_policy(request.caller, uuid_path(request.path_param("id"), "policy"))
    return Response(200, policy, _etag(policy))


@route(
    "PATCH",
    "/v1/policies/{id}",
    scope=WRITE,
    params=(ID, IF_MATCH),
    body=PATCH,
    responses={200: Policy},
    response_headers=ETAG,
    errors=(409, 412),
)
def update_policy(request: Request) -> Response:
    """Update some fields of a policy (a new version)"""
    policy_id = uuid_path(request.path_param("id"), "policy")
    policy = logic.update_policy(request.caller, policy_id, request.json(), request.header("if-match"))
    return Response(200, policy, _etag(policy))


@route("DELETE", "/v1/policies/{id}", scope=WRITE, params=(ID, IF_MATCH), responses={204: None}, errors=(412,))
def delete_policy(request: Request) -> Response:
    """Delete a policy and its versions"""
    logic.delete_policy(request.caller, uuid_path(request.path_param("id"), "policy"), request.header("if-match"))
    return Response(204)


@route(
    "GET",
    "/v1/policies/{id}/versions",
    scope=READ,
    params=(ID, *PAGE),
    responses={200: PolicyVersionPage},
    errors=(400,),
)
def list_versions(request: Request) -> Response:
    """List a policy's versions, newest first"""
    policy_id = uuid_path(request.path_param("id"), "policy")
    listing = listing_key("versions", policy_id=policy_id)
    before = cursor_position(request, listing)
    page = logic.list_versions(request.caller, policy_id, limit=limit_param(request.query), before=before)
    return Response(200, page_body(request, listing, page, "version"))


@route("GET", "/v1/policies/{id}/versions/{n}", scope=READ, params=(ID, VERSION), responses={200: PolicyVersion})
def get_version(request: Request) -> Response:
    """Get a policy as it was at version n"""
    policy_id = uuid_path(request.path_param("id"), "policy")
    version = logic.get_version(request.caller, policy_id, version_path(request.path_param("n")))
    return Response(200, version)


@route(
    "POST",
    "/v1/policies/{id}/rollback",
    scope=WRITE,
    params=(ID, IF_MATCH),
    body=RollbackBody,
    responses={200: Policy},
    response_headers=ETAG,
    errors=(409, 412),
)
def rollback_policy(request: Request) -> Response:
    """Roll back: a new version whose content equals version n"""
    policy_id = uuid_path(request.path_param("id"), "policy")
    body = request.body_as(RollbackBody)
    policy = logic.rollback_policy(request.caller, policy_id, body.version, request.header("if-match"))
    return Response(200, policy, _etag(policy))
