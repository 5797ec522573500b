"""Captured usage events (scope evaluate): queued for detection-only judgement."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import events as logic


@route("POST", "/v1/events", scope="evaluate")
def ingest_events(request: Request) -> Response:
    return Response(202, logic.ingest(request.caller, request.json()))
