"""Org policy routes: read (policies:read) and partial update (admin)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import org_policy as logic

NO_STORE = {"Cache-Control": "no-store"}


@route("GET", "/v1/org/policy", scope="policies:read")
def get_org_policy(request: Request) -> Response:
    return Response(200, logic.get_org_policy(request.caller), NO_STORE)


@route("PUT", "/v1/org/policy", scope="admin")
def put_org_policy(request: Request) -> Response:
    return Response(200, logic.put_org_policy(request.caller, request.json()), NO_STORE)
