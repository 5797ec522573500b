"""Admin audit log routes (scope audit:read)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import limit_param
from policy_engine.logic import audit as logic

AUDIT_READ = "audit:read"


@route("GET", "/v1/audit", scope=AUDIT_READ)
def list_audit(request: Request) -> Response:
    listing = "audit"
    before = cursor_position(request, listing)
    page = logic.list_entries(request.caller, limit=limit_param(request.query), before_seq=before)
    return Response(200, page_body(request, listing, page, "seq"))


@route("GET", "/v1/audit/verify", scope=AUDIT_READ)
def verify_audit(request: Request) -> Response:
    return Response(200, logic.verify(request.caller))
