"""OpenAPI 3.1 spec of the service, generated from the route registry and the pydantic models.

``python -m local_stack.openapi > openapi.json`` refreshes the committed spec; a test fails
when it and the code disagree. Everything an operation states comes from its ``@route``
(``policy_engine.api.http.Route``): the body model, the model of each success status, the
parameters, the response headers, the extra error statuses; its summary is the operation's
docstring. Every schema is a pydantic model's. A route that states too little, or a model
that cannot be rendered, fails the build: there is no fallback.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from typing import Any

from local_stack.template import ROOT

SPEC_FILE = ROOT / "openapi.json"
LAYER = ROOT / "layers" / "policy_engine"
SCHEMAS = "#/components/schemas/"
BODY_METHODS = ("POST", "PUT", "PATCH")


class SpecError(Exception):
    """The routes or models do not describe an operation completely."""


ERRORS: dict[int, str] = {
    400: "bad_request: not JSON or not UTF-8, nested deeper than 64, wrong content type, bad query parameter or cursor",
    401: "unauthorized: missing, unknown, revoked or malformed key",
    403: "forbidden: the key lacks the scope (or decides an approval of its own request)",
    404: "not_found: no such resource in this org (a malformed id too)",
    409: "conflict: state conflict (an Idempotency-Key reused with another body, the last admin key)",
    412: "precondition_failed: If-Match does not match the current version",
    413: "payload_too_large: the body, or the text an evaluate scans, is over the configured limit",
    422: "validation_error: valid JSON with invalid values; details name each field",
    429: "rate_limited: throttled",
    500: "internal: an unexpected error (no stack traces, no other org's data)",
}


def load_routes() -> dict[str, Any]:
    """Import every module of ``policy_engine.api`` so every route is registered."""
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))
    api = importlib.import_module("policy_engine.api")
    for module in pkgutil.iter_modules(api.__path__):
        importlib.import_module(f"policy_engine.api.{module.name}")
    from policy_engine.api.http import ROUTES

    return dict(ROUTES)


def _models(routes: dict[str, Any]) -> list[tuple[Any, str]]:
    """(model, mode) of every body (validation) and every response (serialization), and the error envelope."""
    from policy_engine.api.http import Partial
    from policy_engine.models.service import Error

    found: dict[tuple[Any, str], None] = {(Error, "serialization"): None}
    for route in routes.values():
        body = route.body.model if isinstance(route.body, Partial) else route.body
        if body is not None:
            found[(body, "validation")] = None
        for model in route.responses.values():
            if model is not None:
                found[(model, "serialization")] = None
    return list(found)


def _partial(schema: dict[str, Any], partial: Any) -> dict[str, Any]:
    patch = copy.deepcopy(schema)
    patch.pop("required", None)
    for keyword in ("if", "then"):  # rules across fields hold for the merged result, not for the patch alone
        patch.pop(keyword, None)
    # A patch sends only what changes: a default here would make generated clients send it
    # on every PATCH and silently reset the field.
    for prop in patch.get("properties", {}).values():
        prop.pop("default", None)
    patch["title"] = partial.name
    patch["description"] = partial.description
    return patch


def _refs_in(node: Any) -> set[str]:
    text = json.dumps(node)
    return {part.split('"')[0] for part in text.split(SCHEMAS)[1:]}


def _bodies_carry_safe_json(components: dict[str, dict[str, Any]], body_refs: set[str]) -> None:
    """Every body passes the request parser before any model (``policy_engine.api.json_body``): it refuses
    integers beyond 2**53 anywhere, even under keys a model ignores. So wherever a request schema leaves a
    value free (an open object, ``Any``), the spec says what the parser accepts: a ``JsonValue``."""
    if "JsonValue" not in components:
        raise SpecError("no JsonValue component: the request parser's rule cannot be stated")
    free = {"$ref": SCHEMAS + "JsonValue"}

    def tighten(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                tighten(item)
            return
        if not isinstance(node, dict):
            return
        if node.get("type") == "object" and node.get("additionalProperties", True) is True:
            node["additionalProperties"] = free
        for key in ("items", "additionalProperties"):
            if node.get(key) == {}:
                node[key] = free
        for value in node.values():
            tighten(value)

    seen: set[str] = set()
    queue = [ref.removeprefix(SCHEMAS) for ref in body_refs]
    while queue:
        name = queue.pop()
        if name in seen or name == "JsonValue":
            continue
        seen.add(name)
        tighten(components[name])
        queue.extend(_refs_in(components[name]))


def model_schemas(routes: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[tuple[Any, str], str]]:
    """The components of every model the routes name, and each (model, mode)'s $ref."""
    from pydantic.json_schema import models_json_schema

    from policy_engine.api.http import Partial

    pairs = _models(routes)
    keyed, top = models_json_schema(pairs, ref_template=SCHEMAS + "{model}")
    components: dict[str, dict[str, Any]] = dict(top.get("$defs", {}))
    refs = {pair: str(keyed[pair]["$ref"]) for pair in pairs}
    for route in routes.values():
        if isinstance(route.body, Partial):
            whole = components[refs[(route.body.model, "validation")].removeprefix(SCHEMAS)]
            components[route.body.name] = _partial(whole, route.body)
    body_refs = {ref for route in routes.values() if (ref := _body_ref(route, refs)) is not None}
    _bodies_carry_safe_json(components, body_refs)
    return components, refs


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"{SCHEMAS}Error"}}}}


def _parameter(param: Any) -> dict[str, Any]:
    return {
        "name": param.name,
        "in": param.location,
        "required": param.location == "path",
        "schema": dict(param.schema),
        "description": param.description,
    }


def _body_ref(route: Any, refs: dict[tuple[Any, str], str]) -> str | None:
    from policy_engine.api.http import Partial

    if route.body is None:
        return None
    if isinstance(route.body, Partial):
        return SCHEMAS + route.body.name
    return refs[(route.body, "validation")]


def _check(name: str, route: Any) -> None:
    """What a route must state for its operation to be described; a gap fails the build."""
    if not route.responses:
        raise SpecError(f"{name}: @route states no response")
    if not (route.operation.__doc__ or "").strip():
        raise SpecError(f"{name}: the operation has no docstring (its summary)")
    if route.method in BODY_METHODS and route.body is None:
        raise SpecError(f"{name}: a {route.method} route states no body model")
    in_path = re.findall(r"\{(\w+)\}", route.path)
    declared = [p.name for p in route.params if p.location == "path"]
    if sorted(in_path) != sorted(declared):
        raise SpecError(f"{name}: path parameters {in_path} but @route declares {declared}")
    unknown = [code for code in route.errors if code not in ERRORS]
    if unknown:
        raise SpecError(f"{name}: no description of error statuses {unknown}")


def _operation(name: str, route: Any, refs: dict[tuple[Any, str], str]) -> dict[str, Any]:
    _check(name, route)
    scope = route.scope
    if not route.authenticated:
        description = "No authentication."
    elif scope in (None, "any"):
        description = "Any valid key."
    else:
        description = f"Scope: `{scope}` (or `admin`)."
    out: dict[str, Any] = {
        "operationId": name,
        "summary": route.summary,
        "description": description,
        "tags": [route.path.split("/")[2] if route.path.count("/") >= 2 else "service"],
    }
    if route.authenticated and scope not in (None, "any"):
        out["x-required-scope"] = scope
    if not route.authenticated:
        out["security"] = []
    parameters = [_parameter(param) for param in route.params]
    if parameters:
        out["parameters"] = parameters
    body_ref = _body_ref(route, refs)
    if body_ref is not None:
        out["requestBody"] = {
            "required": route.body_required,
            "content": {"application/json": {"schema": {"$ref": body_ref}}},
        }
    responses: dict[str, Any] = {}
    for status, model in sorted(route.responses.items()):
        success: dict[str, Any] = {"description": route.summary}
        if model is None:
            success["description"] = "Done; empty body."
        else:
            success["content"] = {"application/json": {"schema": {"$ref": refs[(model, "serialization")]}}}
        if route.response_headers:
            success["headers"] = {
                header: {"description": text, "schema": {"type": "string"}}
                for header, text in route.response_headers.items()
            }
        responses[str(status)] = success
    codes = set(route.errors) | {500}
    if route.authenticated:
        codes |= {401, 403, 429}
    if any(param.location == "path" for param in route.params):
        codes.add(404)
    if any(param.location == "query" for param in route.params):
        codes.add(400)
    if body_ref is not None:
        codes |= {400, 413, 422}
    for code in sorted(codes):
        responses[str(code)] = _error(ERRORS[code])
    out["responses"] = responses
    return out


def build_spec() -> dict[str, Any]:
    routes = load_routes()
    components, refs = model_schemas(routes)
    paths: dict[str, dict[str, Any]] = {}
    for name, route in sorted(routes.items(), key=lambda item: (item[1].path, item[1].method)):
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(name, route, refs)
    from policy_engine.settings import Settings

    version = str(Settings.model_fields["service_version"].default)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LLM governance policy service",
            "version": version,
            "description": (
                "Policies over LLM traffic, evaluated before and after each model call. Every error body is "
                '{"error": {"code", "message", "details": [...]}, "request_id"}.'
            ),
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <api key>"}
            },
            "schemas": dict(sorted(components.items())),
        },
    }


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def openapi_route() -> Callable[[], tuple[int, dict[str, str], bytes]]:
    """``GET /openapi.json`` of the local stack: the spec of the running code, built at start so a
    spec that cannot be built stops the stack instead of serving another."""
    spec = render(build_spec()).encode()

    def serve() -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/json"}, spec

    return serve


def main() -> None:
    sys.stdout.write(render(build_spec()))


if __name__ == "__main__":
    main()
