"""Admin audit log routes (scope audit:read)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import PAGE, limit_param
from policy_engine.logic import audit as logic
from policy_engine.models.audit import AuditEntryPage, AuditVerification

AUDIT_READ = "audit:read"


@route("GET", "/v1/audit", scope=AUDIT_READ, params=PAGE, responses={200: AuditEntryPage}, errors=(400,))
def list_audit(request: Request) -> Response:
    """Admin audit entries, newest first: who changed which policy, key, org setting or approval"""
    listing = "audit"
    before = cursor_position(request, listing)
    page = logic.list_entries(request.caller, limit=limit_param(request.query), before_seq=before)
    return Response(200, page_body(request, listing, page, "seq"))


@route("GET", "/v1/audit/verify", scope=AUDIT_READ, responses={200: AuditVerification})
def verify_audit(request: Request) -> Response:
    """Verify the hash chain of the org's audit log"""
    return Response(200, logic.verify(request.caller))
