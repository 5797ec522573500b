"""``GET /v1/whoami``: the org and scopes of the presented key, so a client can show only what it may do."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic.identity import identity
from policy_engine.models.identity import Identity


@route("GET", "/v1/whoami", scope="any", responses={200: Identity})
def whoami(request: Request) -> Response:
    """The org, key id and scopes of the presented key"""
    return Response(200, identity(request.caller), {"Cache-Control": "no-store"})
