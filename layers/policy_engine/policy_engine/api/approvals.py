"""Approval routes: list and get (approvals:read), approve and reject (approvals:decide)."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import choice_param, limit_param, listing_key, uuid_path
from policy_engine.logic import approvals as logic
from policy_engine.models.approval import ApprovalStatus, DecideRequest

READ, DECIDE = "approvals:read", "approvals:decide"
STATUSES = frozenset(s.value for s in ApprovalStatus)


@route("GET", "/v1/approvals", scope=READ)
def list_approvals(request: Request) -> Response:
    status = choice_param(request.query, "status", STATUSES)
    listing = listing_key("approvals", status=status)
    page = logic.list_approvals(
        request.caller,
        ApprovalStatus(status) if status else None,
        limit=limit_param(request.query),
        after=cursor_position(request, listing),
    )
    return Response(200, page_body(request, listing, page, "position", lambda entry: entry["doc"]))


@route("GET", "/v1/approvals/{id}", scope=READ)
def get_approval(request: Request) -> Response:
    return Response(200, logic.get_approval(request.caller, uuid_path(request.path_param("id"), "approval")))


def _decide(request: Request, status: ApprovalStatus) -> Response:
    approval_id = uuid_path(request.path_param("id"), "approval")
    body = request.body_as(DecideRequest) if (request.raw_body or "").strip() else DecideRequest()
    return Response(200, logic.decide(request.caller, approval_id, status, body.comment))


@route("POST", "/v1/approvals/{id}/approve", scope=DECIDE)
def approve_approval(request: Request) -> Response:
    return _decide(request, ApprovalStatus.APPROVED)


@route("POST", "/v1/approvals/{id}/reject", scope=DECIDE)
def reject_approval(request: Request) -> Response:
    return _decide(request, ApprovalStatus.REJECTED)
