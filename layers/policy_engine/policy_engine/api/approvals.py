"""Approval routes: list and get (approvals:read), approve and reject (approvals:decide)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import ID, PAGE, choice, choice_param, limit_param, listing_key, uuid_path
from policy_engine.logic import approvals as logic
from policy_engine.models.approval import Approval, ApprovalPage, ApprovalStatus, DecideRequest

READ, DECIDE = "approvals:read", "approvals:decide"
STATUSES = frozenset(s.value for s in ApprovalStatus)
STATUS = choice("status", STATUSES, "Only approvals in this status (a pending approval past expires_at is expired).")
DECIDED = {200: Approval}


@route("GET", "/v1/approvals", scope=READ, params=(*PAGE, STATUS), responses={200: ApprovalPage}, errors=(400,))
def list_approvals(request: Request) -> Response:
    """Approvals, newest first"""
    status = choice_param(request.query, "status", STATUSES)
    listing = listing_key("approvals", status=status)
    page = logic.list_approvals(
        request.caller,
        ApprovalStatus(status) if status else None,
        limit=limit_param(request.query),
        after=cursor_position(request, listing),
    )
    return Response(200, page_body(request, listing, page, "position", lambda entry: entry["doc"]))


@route("GET", "/v1/approvals/{id}", scope=READ, params=(ID,), responses={200: Approval})
def get_approval(request: Request) -> Response:
    """One approval"""
    return Response(200, logic.get_approval(request.caller, uuid_path(request.path_param("id"), "approval")))


def _decide(request: Request, status: ApprovalStatus) -> Response:
    approval_id = uuid_path(request.path_param("id"), "approval")
    body = request.body_as(DecideRequest) if (request.raw_body or "").strip() else DecideRequest()
    return Response(200, logic.decide(request.caller, approval_id, status, body.comment))


@route(
    "POST",
    "/v1/approvals/{id}/approve",
    scope=DECIDE,
    params=(ID,),
    body=DecideRequest,
    body_required=False,
    responses=DECIDED,
    errors=(409,),
)
def approve_approval(request: Request) -> Response:
    """Approve a pending approval (exactly one decision wins); the body with a comment is optional"""
    return _decide(request, ApprovalStatus.APPROVED)


@route(
    "POST",
    "/v1/approvals/{id}/reject",
    scope=DECIDE,
    params=(ID,),
    body=DecideRequest,
    body_required=False,
    responses=DECIDED,
    errors=(409,),
)
def reject_approval(request: Request) -> Response:
    """Reject a pending approval (exactly one decision wins); the body with a comment is optional"""
    return _decide(request, ApprovalStatus.REJECTED)
