"""GET /v1/health: no auth, no I/O."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.models.service import Health
from policy_engine.settings import get_settings


@route("GET", "/v1/health", scope=None, authenticated=False, responses={200: Health})
def health(_request: Request) -> Response:
    """Liveness, without auth"""
    return Response(200, Health(status="ok", version=get_settings().service_version))
