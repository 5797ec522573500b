"""OpenAPI 3.1 spec of the service, generated from the ROUTES registry and the pydantic models.

``python -m local_stack.openapi > openapi.json`` refreshes the committed spec; a test fails
when it and the code disagree. Every registered route appears; the models of an operation
come from ``OPERATIONS`` (an operation missing there gets a generic JSON body).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_stack.template import ROOT

SPEC_FILE = ROOT / "openapi.json"
LAYER = ROOT / "layers" / "policy_engine"
SCHEMAS = "#/components/schemas/"

# (module, class, mode): mode "validation" for request bodies, "serialization" for responses.
MODELS: dict[str, tuple[str, str, str]] = {
    "PolicyInput": ("policy_engine.models.policy", "PolicyContent", "validation"),
    "Policy": ("policy_engine.models.policy", "Policy", "serialization"),
    "PolicyVersion": ("policy_engine.models.policy", "PolicyVersion", "serialization"),
    "RollbackBody": ("policy_engine.models.policy", "RollbackBody", "validation"),
    "EvaluateRequest": ("policy_engine.models.evaluate", "EvaluateRequest", "validation"),
    "Decision": ("policy_engine.models.evaluate", "Decision", "serialization"),
    "CreateKeyBody": ("policy_engine.api.api_keys", "CreateKeyBody", "validation"),
    "OrgPolicy": ("policy_engine.models.org_policy", "OrgPolicy", "serialization"),
    "OrgPolicyInput": ("policy_engine.models.org_policy", "OrgPolicy", "validation"),
    "Approval": ("policy_engine.models.approval", "Approval", "serialization"),
    "DecideBody": ("policy_engine.models.approval", "DecideRequest", "validation"),
    "CapturedEvent": ("policy_engine.models.events", "CapturedEvent", "validation"),
    "EventsAccepted": ("policy_engine.models.events", "EventsAccepted", "serialization"),
    "Identity": ("policy_engine.models.identity", "Identity", "serialization"),
    "LiteLLMGuardrailRequest": ("policy_engine.models.integrations", "LiteLLMGuardrailRequest", "validation"),
    "LiteLLMGuardrailResponse": ("policy_engine.models.integrations", "LiteLLMGuardrailResponse", "serialization"),
    "PortkeyHookRequest": ("policy_engine.models.integrations", "PortkeyHookRequest", "validation"),
    "PortkeyVerdict": ("policy_engine.models.integrations", "PortkeyVerdict", "serialization"),
}

# Resources the layer has no pydantic model for yet: their shape as API.md states it.
HAND_SCHEMAS: dict[str, dict[str, Any]] = {
    "Health": {
        "type": "object",
        "properties": {"status": {"type": "string", "const": "ok"}, "version": {"type": "string"}},
        "required": ["status", "version"],
    },
    "ApiKey": {
        "type": "object",
        "description": "An API key's record; the secret is never listed.",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "scopes": {"type": "array", "items": {"type": "string"}},
            "prefix": {"type": "string"},
            "created_at": {"type": "string"},
            "created_by": {"type": "string"},
            "revoked_at": {"type": ["string", "null"]},
        },
        "required": ["id", "name", "scopes", "created_at"],
    },
    "NewApiKey": {
        "allOf": [{"$ref": f"{SCHEMAS}ApiKey"}],
        "type": "object",
        "properties": {"key": {"type": "string", "description": "The full key: shown only in this response."}},
        "required": ["key"],
    },
    "PolicyType": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "description": {"type": "string"},
            "available_actions": {"type": "array", "items": {"$ref": f"{SCHEMAS}Action"}},
            "default_action": {"$ref": f"{SCHEMAS}Action"},
            "default_severity": {"$ref": f"{SCHEMAS}Severity"},
            "stages": {"type": "array", "items": {"type": "string", "enum": ["request", "response"]}},
            "config_schema": {"type": "object", "description": "JSON Schema of the rule's own fields."},
            "entities": {
                "type": "array",
                "description": "pii: every entity the rule can detect, with its description.",
                "items": {
                    "type": "object",
                    "properties": {"type": {"type": "string"}, "description": {"type": "string"}},
                    "required": ["type", "description"],
                },
            },
            "kinds": {
                "type": "array",
                "description": "secrets only: every kind a rule's kinds can name, its family and description.",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"type": "string"},
                        "family": {"type": ["string", "null"]},
                        "description": {"type": "string"},
                        "source": {"type": "string", "enum": ["gitleaks", "own"]},
                    },
                    "required": ["kind", "family", "description", "source"],
                },
            },
            "families": {
                "type": "object",
                "description": "secrets only: each family name and the kinds it selects ('all' selects every kind).",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": [
            "type",
            "description",
            "available_actions",
            "default_action",
            "default_severity",
            "stages",
            "config_schema",
        ],
    },
    "PolicyTypes": {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": f"{SCHEMAS}PolicyType"}}},
        "required": ["items"],
    },
    "StoredDecision": {
        "allOf": [{"$ref": f"{SCHEMAS}Decision"}],
        "type": "object",
        "description": (
            "A stored Decision (without modified_request) plus when it was made and the request's "
            "non-text fields; prompts, responses and matched text are never stored."
        ),
        "properties": {
            "created_at": {"type": "string"},
            "enforced": {"type": "boolean", "description": "false for detection-only events"},
            "event_id": {"type": ["string", "null"]},
            "model": {"type": "string"},
            "environment": {"type": ["string", "null"]},
            "end_user_id": {"type": ["string", "null"]},
            "connection_id": {"type": ["string", "null"]},
            "metadata": {"type": "object"},
        },
        "required": ["created_at", "enforced", "event_id", "model"],
    },
    "EventsBody": {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": {
                    "description": f"A CapturedEvent ({SCHEMAS}CapturedEvent). Each event is validated on its "
                    "own: an invalid one is listed in `rejected` and the rest are accepted."
                },
            }
        },
        "required": ["events"],
    },
    "ErrorDetail": {
        "type": "object",
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "examples": ["bad_request", "unauthorized", "not_found", "validation_error"],
                    },
                    "message": {"type": "string"},
                    "details": {"type": "array", "items": {"$ref": f"{SCHEMAS}ErrorDetail"}},
                },
                "required": ["code", "message", "details"],
            },
            "request_id": {"type": "string"},
        },
        "required": ["error", "request_id"],
    },
}

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


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    if schema.get("type") != "string" or "enum" in schema or "format" in schema:
        # The service reads an empty value as "not given" (``?type=`` lists everything).
        schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        description += " An empty value means not given."
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _header(name: str, description: str, *, pattern: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 255}
    if pattern:
        schema["pattern"] = pattern
    return {"name": name, "in": "header", "required": False, "schema": schema, "description": description}


LIMIT = _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Page size.")
CURSOR = _query("cursor", {"type": "string"}, "next_cursor of the previous page.")
IF_MATCH = _header("If-Match", 'The version read, as "<version>": 412 if it is no longer current.')
ETAG = {"ETag": {"description": 'The version, "<version>".', "schema": {"type": "string"}}}


@dataclass(frozen=True)
class Operation:
    summary: str
    response: str | None = None  # a component name, "page:<component>", or None for an empty body
    status: int = 200
    body: str | None = None
    query: tuple[dict[str, Any], ...] = ()
    headers: tuple[dict[str, Any], ...] = ()
    response_headers: dict[str, Any] = field(default_factory=dict)
    errors: tuple[int, ...] = ()


def _policy_filters() -> tuple[dict[str, Any], ...]:
    try:
        from policy_engine.rules import RULE_TYPES

        types: dict[str, Any] = {"type": "string", "enum": sorted(RULE_TYPES)}
    except ImportError:
        types = {"type": "string"}
    return (
        CURSOR,
        LIMIT,
        _query("enabled", {"type": "boolean"}, "Only enabled (true) or disabled (false) policies."),
        _query("type", types, "Only policies that have a rule of this type."),
        _query("model", {"type": "string", "maxLength": 255}, "Only policies that apply to this model."),
    )


def operations() -> dict[str, Operation]:
    return {
        "health": Operation("Liveness, without auth", "Health"),
        "list_policies": Operation("List policies", "page:Policy", query=_policy_filters(), errors=(400,)),
        "create_policy": Operation(
            "Create a policy (version 1)",
            "Policy",
            201,
            body="PolicyInput",
            headers=(_header("Idempotency-Key", "A retry with the same key and body returns the first result."),),
            response_headers={**ETAG, "Location": {"schema": {"type": "string"}}},
            errors=(400, 409, 413, 422),
        ),
        "get_policy": Operation("Get a policy", "Policy", response_headers=ETAG, errors=(404,)),
        "update_policy": Operation(
            "Update some fields of a policy (a new version)",
            "Policy",
            body="PolicyPatch",
            headers=(IF_MATCH,),
            response_headers=ETAG,
            errors=(400, 404, 409, 412, 413, 422),
        ),
        "delete_policy": Operation(
            "Delete a policy and its versions", None, 204, headers=(IF_MATCH,), errors=(404, 412)
        ),
        "list_versions": Operation(
            "List a policy's versions, newest first", "page:PolicyVersion", query=(CURSOR, LIMIT), errors=(400, 404)
        ),
        "get_version": Operation("Get a policy as it was at version n", "PolicyVersion", errors=(404,)),
        "rollback_policy": Operation(
            "Roll back: a new version whose content equals version n",
            "Policy",
            body="RollbackBody",
            headers=(IF_MATCH,),
            response_headers=ETAG,
            errors=(400, 404, 409, 412, 413, 422),
        ),
        "evaluate": Operation(
            "Evaluate a request against every enabled policy",
            "Decision",
            body="EvaluateRequest",
            errors=(400, 413, 422),
        ),
        "evaluate_policy": Operation(
            "Evaluate a request against one policy (stores nothing)",
            "Decision",
            body="EvaluateRequest",
            errors=(400, 404, 413, 422),
        ),
        "list_policy_types": Operation("The rule types, their actions, defaults and config schemas", "PolicyTypes"),
        "whoami": Operation("The org, key id and scopes of the presented key", "Identity"),
        "create_api_key": Operation(
            "Create an API key (the key is shown only here)",
            "NewApiKey",
            201,
            body="CreateKeyBody",
            errors=(400, 413, 422),
        ),
        "list_api_keys": Operation("List API keys (no secrets)", "page:ApiKey", query=(CURSOR, LIMIT), errors=(400,)),
        "revoke_api_key": Operation(
            "Revoke an API key at once (not the org's last active admin key; the calling key needs confirm=self)",
            None,
            204,
            query=(_query("confirm", {"type": "string", "enum": ["self"]}, "self: revoke the key of this request."),),
            errors=(400, 404, 409),
        ),
        "get_org_policy": Operation("The org policy (webhook URLs masked; a new org has the defaults)", "OrgPolicy"),
        "put_org_policy": Operation(
            "Update some fields of the org policy: frameworks and blocking_rules merge key by key, "
            "lists replace; a masked webhook URL sent back keeps the stored one",
            "OrgPolicy",
            body="OrgPolicyInput",
            errors=(400, 413, 422),
        ),
        "list_violations": Operation(
            "Stored decisions that had violations, newest first",
            "page:StoredDecision",
            query=(
                CURSOR,
                LIMIT,
                _query("since", {"type": "string", "format": "date-time"}, "created_at at or after (no offset: UTC)."),
                _query(
                    "until", {"type": "string", "format": "date-time"}, "created_at strictly before (no offset: UTC)."
                ),
                _query(
                    "policy_id", {"type": "string", "format": "uuid"}, "Only decisions with a violation of this policy."
                ),
                _query(
                    "severity",
                    {"type": "string", "enum": ["low", "medium", "high", "critical"]},
                    "Only decisions whose risk_level is at or above this.",
                ),
                _query("event_id", {"type": "string", "maxLength": 255}, "Only the decision of this captured event."),
            ),
            errors=(400,),
        ),
        "get_decision": Operation("One stored decision", "StoredDecision", errors=(404,)),
        "list_approvals": Operation(
            "Approvals, newest first",
            "page:Approval",
            query=(
                CURSOR,
                LIMIT,
                _query(
                    "status",
                    {"type": "string", "enum": ["pending", "approved", "rejected", "expired"]},
                    "Only approvals in this status (a pending approval past expires_at is expired).",
                ),
            ),
            errors=(400,),
        ),
        "get_approval": Operation("One approval", "Approval", errors=(404,)),
        "approve_approval": Operation(
            "Approve a pending approval (exactly one decision wins)",
            "Approval",
            body="DecideBody",
            errors=(400, 404, 409, 413, 422),
        ),
        "reject_approval": Operation(
            "Reject a pending approval (exactly one decision wins)",
            "Approval",
            body="DecideBody",
            errors=(400, 404, 409, 413, 422),
        ),
        "litellm_guardrail": Operation(
            "LiteLLM proxy's Generic Guardrail API: set the guardrail's api_base to <API>/v1/integrations/litellm; "
            "the texts are judged as an evaluate (prompt or response stage) and answered NONE, BLOCKED or "
            "GUARDRAIL_INTERVENED (the texts in the same order and count)",
            "LiteLLMGuardrailResponse",
            body="LiteLLMGuardrailRequest",
            errors=(400, 413, 422),
        ),
        "portkey_guardrail": Operation(
            "Portkey's webhook guardrail: the hook context is judged as an evaluate; verdict false blocks or holds "
            "the call, transformedData carries the whole request or response body with rewrites applied",
            "PortkeyVerdict",
            body="PortkeyHookRequest",
            errors=(400, 413, 422),
        ),
        "ingest_events": Operation(
            "Queue captured usage events for detection-only evaluation",
            "EventsAccepted",
            202,
            body="EventsBody",
            errors=(400, 413, 422),
        ),
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


def model_schemas() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Components from the models that exist, and each MODELS alias's $ref."""
    from pydantic.json_schema import models_json_schema

    found: list[tuple[str, Any, str]] = []
    for alias, (module_name, class_name, mode) in MODELS.items():
        try:
            model = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        found.append((alias, model, mode))
    pairs: list[Any] = [(model, mode) for _alias, model, mode in found]
    keyed, top = models_json_schema(pairs, ref_template=SCHEMAS + "{model}")
    by_model: dict[Any, dict[str, Any]] = dict(keyed)
    components: dict[str, dict[str, Any]] = dict(top.get("$defs", {}))
    refs = {alias: str(by_model[(model, mode)]["$ref"]) for alias, model, mode in found}
    if "PolicyInput" in refs:
        patch = json.loads(json.dumps(components[refs["PolicyInput"].removeprefix(SCHEMAS)]))
        patch.pop("required", None)
        # A patch sends only what changes: a default here would make generated clients send it
        # on every PATCH and silently reset the field.
        for prop in patch.get("properties", {}).values():
            prop.pop("default", None)
        patch["title"] = "PolicyPatch"
        patch["description"] = "Any subset of the writable fields; model: null clears the model."
        components["PolicyPatch"] = patch
        refs["PolicyPatch"] = SCHEMAS + "PolicyPatch"
    for name in HAND_SCHEMAS:
        refs[name] = SCHEMAS + name
    return components, refs


def _response_schema(response: str, refs: dict[str, str]) -> dict[str, Any]:
    if response.startswith("page:"):
        return {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": refs[response.removeprefix("page:")]}},
                "next_cursor": {"type": ["string", "null"]},
                "has_more": {"type": "boolean"},
            },
            "required": ["items", "next_cursor", "has_more"],
        }
    return {"$ref": refs[response]}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"{SCHEMAS}Error"}}}}


def _operation(name: str, route: Any, spec: Operation | None, refs: dict[str, str]) -> dict[str, Any]:
    spec = spec or Operation(name.replace("_", " ").capitalize(), "")
    scope = route.scope
    if not route.authenticated:
        description = "No authentication."
    elif scope in (None, "any"):
        description = "Any valid key."
    else:
        description = f"Scope: `{scope}` (or `admin`)."
    out: dict[str, Any] = {
        "operationId": name,
        "summary": spec.summary,
        "description": description,
        "tags": [route.path.split("/")[2] if route.path.count("/") >= 2 else "service"],
    }
    if route.authenticated and scope not in (None, "any"):
        out["x-required-scope"] = scope
    if not route.authenticated:
        out["security"] = []
    parameters = [
        {"name": param, "in": "path", "required": True, "schema": {"type": "string"}}
        for param in re.findall(r"\{(\w+)\}", route.path)
    ]
    parameters += [*spec.query, *spec.headers]
    if parameters:
        out["parameters"] = parameters
    body_schema: dict[str, Any] | None = None
    if spec.body and spec.body in refs:
        body_schema = {"$ref": refs[spec.body]}
    elif route.method in ("POST", "PUT", "PATCH") and spec.body is None and name not in operations():
        body_schema = {"type": "object"}
    if body_schema is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": body_schema}}}
    success: dict[str, Any] = {"description": spec.summary}
    if spec.response is None:
        success["description"] = "Done; empty body."
    else:
        known = spec.response.removeprefix("page:") in refs
        schema = _response_schema(spec.response, refs) if known else {}
        success["content"] = {"application/json": {"schema": schema}}
    if spec.response_headers:
        success["headers"] = spec.response_headers
    responses: dict[str, Any] = {str(spec.status): success}
    codes = set(spec.errors) | {500}
    if route.authenticated:
        codes |= {401, 403, 429}
    if parameters and any(p["in"] == "path" for p in parameters):
        codes.add(404)
    if body_schema is not None:
        codes |= {400, 413, 422}
    for code in sorted(codes):
        responses[str(code)] = _error(ERRORS[code])
    out["responses"] = responses
    return out


def build_spec() -> dict[str, Any]:
    routes = load_routes()
    components, refs = model_schemas()
    components.update(HAND_SCHEMAS)
    table: dict[str, Operation] = operations()
    paths: dict[str, dict[str, Any]] = {}
    for name, route in sorted(routes.items(), key=lambda item: (item[1].path, item[1].method)):
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(name, route, table.get(name), refs)
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
    """``GET /openapi.json`` of the local stack: the spec of the running code (else the committed one)."""
    cache: dict[str, bytes] = {}

    def serve() -> tuple[int, dict[str, str], bytes]:
        if "spec" not in cache:
            try:
                cache["spec"] = render(build_spec()).encode()
            except Exception:  # the committed spec is better than none while the code is mid-change
                cache["spec"] = Path(SPEC_FILE).read_bytes()
        return 200, {"Content-Type": "application/json"}, cache["spec"]

    return serve


def main() -> None:
    sys.stdout.write(render(build_spec()))


if __name__ == "__main__":
    main()
