"""Feeds over stored decisions (scope audit:read): the violations feed and one decision."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.pagination import cursor_position, page_body
from policy_engine.api.params import (
    ID,
    PAGE,
    bad_param,
    choice,
    choice_param,
    limit_param,
    listing_key,
    text_param,
    time_param,
    uuid_param,
    uuid_path,
)
from policy_engine.api.params import query as query_param
from policy_engine.logic import feeds as logic
from policy_engine.models.feeds import StoredDecision, StoredDecisionPage
from policy_engine.models.ids import CANONICAL_UUID
from policy_engine.rules.base import Severity

AUDIT_READ = "audit:read"
SEVERITIES = frozenset(s.value for s in Severity)
FILTERS = (
    query_param("since", {"type": "string", "format": "date-time"}, "created_at at or after (no offset: UTC)."),
    query_param("until", {"type": "string", "format": "date-time"}, "created_at strictly before (no offset: UTC)."),
    query_param(
        "policy_id",
        {"type": "string", "pattern": f"^{CANONICAL_UUID.pattern}$"},
        "Only decisions with a violation of this policy.",
    ),
    choice("severity", SEVERITIES, "Only decisions whose risk_level is at or above this."),
    query_param("event_id", {"type": "string", "maxLength": 255}, "Only the decision of this captured event."),
)


@route(
    "GET",
    "/v1/violations",
    scope=AUDIT_READ,
    params=(*PAGE, *FILTERS),
    responses={200: StoredDecisionPage},
    errors=(400,),
)
def list_violations(request: Request) -> Response:
    """Stored decisions that had violations, newest first"""
    query = request.query
    since, until = time_param(query, "since"), time_param(query, "until")
    if since is not None and until is not None and since >= until:
        raise bad_param("until", "must be later than since")
    severity = choice_param(query, "severity", SEVERITIES)
    filters = logic.ViolationFilters(
        since=since,
        until=until,
        policy_id=uuid_param(query, "policy_id"),
        severity=Severity(severity) if severity else None,
        event_id=text_param(query, "event_id"),
    )
    listing = listing_key(
        "violations",
        since=filters.since,
        until=filters.until,
        policy_id=filters.policy_id,
        severity=severity,
        event_id=filters.event_id,
    )
    after = cursor_position(request, listing)
    page = logic.list_violations(request.caller, filters, limit=limit_param(query), after=after)
    return Response(200, page_body(request, listing, page, "position", lambda entry: entry["doc"]))


@route("GET", "/v1/decisions/{id}", scope=AUDIT_READ, params=(ID,), responses={200: StoredDecision})
def get_decision(request: Request) -> Response:
    """One stored decision"""
    return Response(200, logic.get_decision(request.caller, uuid_path(request.path_param("id"), "decision")))
