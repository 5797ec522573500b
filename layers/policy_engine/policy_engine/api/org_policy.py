"""Org policy routes: read (policies:read) and partial update (admin)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import org_policy as logic
from policy_engine.models.org_policy import OrgPolicy

NO_STORE = {"Cache-Control": "no-store"}


@route("GET", "/v1/org/policy", scope="policies:read", responses={200: OrgPolicy})
def get_org_policy(request: Request) -> Response:
    """The org policy (webhook URLs masked; a new org has the defaults)"""
    return Response(200, logic.get_org_policy(request.caller), NO_STORE)


@route("PUT", "/v1/org/policy", scope="admin", body=OrgPolicy, responses={200: OrgPolicy})
def put_org_policy(request: Request) -> Response:
    """Update some fields of the org policy: frameworks and blocking_rules merge key by key, lists replace;
    a masked webhook URL sent back keeps the stored one"""
    return Response(200, logic.put_org_policy(request.caller, request.json()), NO_STORE)
