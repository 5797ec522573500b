"""``GET /v1/whoami``: the org and scopes of the presented key, so a client can show only what it may do."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic.identity import identity


@route("GET", "/v1/whoami", scope="any")
def whoami(request: Request) -> Response:
    return Response(200, identity(request.caller), {"Cache-Control": "no-store"})
