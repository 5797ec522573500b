"""Captured usage events (scope evaluate): queued for detection-only judgement."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import events as logic
from policy_engine.models.events import EventsAccepted, EventsBody


@route("POST", "/v1/events", scope="evaluate", body=EventsBody, responses={202: EventsAccepted})
def ingest_events(request: Request) -> Response:
    """Queue captured usage events for detection-only evaluation"""
    return Response(202, logic.ingest(request.caller, request.json()))
