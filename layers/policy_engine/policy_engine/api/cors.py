"""CORS for the console's one origin: a response names it only when the request came from it.

The console is served from its own origin (CloudFront) and calls the API with a Bearer key, no
cookies; so no credentials are allowed, and any other origin gets no CORS header at all (its
browser then keeps the answer from its script). The preflight (OPTIONS) is answered by API
Gateway itself, from the same origin parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policy_engine.settings import get_settings

EXPOSED = "ETag, Location, x-amzn-RequestId"


def cors_headers(event: Mapping[str, Any]) -> dict[str, str]:
    allowed = get_settings().console_origin.rstrip("/")
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    origin = headers.get("origin")
    if not allowed:
        return {}
    if origin != allowed:
        return {"Vary": "Origin"}
    return {"Access-Control-Allow-Origin": allowed, "Access-Control-Expose-Headers": EXPOSED, "Vary": "Origin"}


def with_cors(event: Mapping[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    extra = cors_headers(event)
    if extra:
        response["headers"] = {**(response.get("headers") or {}), **extra}
    return response
