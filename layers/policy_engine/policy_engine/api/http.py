"""API Gateway REST proxy adapter: event -> Request, operation -> proxy response.

Each Lambda serves exactly one route, so a router would only add cold-start time;
this adapter parses the event, checks the caller's scope, runs the operation and
maps every error to the envelope of API.md in one place.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from policy_engine.api import json_body
from policy_engine.api.caller import caller_from_event
from policy_engine.api.cors import with_cors
from policy_engine.caller import Caller
from policy_engine.errors import ApiError, BadRequest, NotFound, PayloadTooLarge, ValidationFailed
from policy_engine.jsonio import dumps
from policy_engine.models.errors import pydantic_details
from policy_engine.observability import logger, metrics, traced
from policy_engine.settings import get_settings

ModelT = TypeVar("ModelT", bound=BaseModel)
JSON_HEADERS = {"Content-Type": "application/json"}
NOT_UTF8 = "the body is not valid UTF-8 text; send JSON encoded as UTF-8"


@dataclass(frozen=True)
class Request:
    caller: Caller
    request_id: str
    path_params: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    raw_body: str | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def path_param(self, name: str) -> str:
        value = self.path_params.get(name)
        if value is None:
            raise NotFound(f"missing path parameter {name}")
        return value

    def json(self) -> Any:
        """The body as JSON: 400 if it is not JSON or not sent as JSON, 413 if too large."""
        body = self.raw_body if self.raw_body is not None else ""
        try:
            size = len(body.encode())
        except UnicodeEncodeError:  # a lone surrogate in the event's body string
            raise BadRequest(NOT_UTF8) from None
        if size > get_settings().max_body_bytes:
            raise PayloadTooLarge(f"the body is larger than {get_settings().max_body_bytes} bytes")
        content_type = (self.header("content-type") or "application/json").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise BadRequest(f"Content-Type must be application/json, not {content_type}")
        if not body.strip():
            raise BadRequest("the request needs a JSON body")
        return json_body.parse(body)

    def body_as(self, model: type[ModelT]) -> ModelT:
        """The body validated by ``model``: 422 listing each invalid field."""
        try:
            return model.model_validate(self.json())
        except PydanticValidationError as exc:
            raise ValidationFailed("the request body is invalid", pydantic_details(exc)) from None


@dataclass
class Response:
    status: int
    body: Any = None  # a pydantic model, a JSON-able value, or None for an empty body
    headers: dict[str, str] = field(default_factory=dict)


Operation = Callable[[Request], Response]
Model = type[BaseModel]


@dataclass(frozen=True)
class Param:
    """A query parameter or request header an operation reads, with its JSON Schema."""

    name: str
    location: Literal["path", "query", "header"]
    schema: Mapping[str, Any]
    description: str


@dataclass(frozen=True)
class Partial:
    """A body of any subset of ``model``'s fields (a PATCH): none required, none defaulted."""

    model: Model
    name: str
    description: str


@dataclass(frozen=True)
class Route:
    """An operation bound to its method, path and the scope a caller needs (None: public), with
    what the OpenAPI spec states of it: the body it reads, the model of each success status (None:
    an empty body), its parameters, response headers and the error statuses it can answer beyond
    those every route shares. The summary is the operation's docstring."""

    method: str
    path: str
    scope: str | None
    operation: Operation
    authenticated: bool = True
    responses: Mapping[int, Model | None] = field(default_factory=dict)
    body: Model | Partial | None = None
    body_required: bool = True
    params: tuple[Param, ...] = ()
    response_headers: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.operation.__name__

    @property
    def summary(self) -> str:
        return " ".join((self.operation.__doc__ or self.name).split())


ROUTES: dict[str, Route] = {}


def route(
    method: str,
    path: str,
    *,
    scope: str | None,
    responses: Mapping[int, Model | None],
    authenticated: bool = True,
    body: Model | Partial | None = None,
    body_required: bool = True,
    params: tuple[Param, ...] = (),
    response_headers: Mapping[str, str] | None = None,
    errors: tuple[int, ...] = (),
) -> Callable[[Operation], Route]:
    """Register an operation; the registry feeds the handlers, the template check and the OpenAPI spec."""

    def register(operation: Operation) -> Route:
        bound = Route(
            method,
            path,
            scope,
            operation,
            authenticated,
            responses=dict(responses),
            body=body,
            body_required=body_required,
            params=params,
            response_headers=dict(response_headers or {}),
            errors=errors,
        )
        ROUTES[operation.__name__] = bound
        return bound

    return register


def error_response(error: ApiError, request_id: str) -> dict[str, Any]:
    body = {
        "error": {"code": error.code, "message": error.message, "details": error.details},
        "request_id": request_id,
    }
    return _proxy(error.status, body, {})


def _proxy(status: int, body: Any, headers: dict[str, str]) -> dict[str, Any]:
    if body is None:
        return {"statusCode": status, "headers": headers, "body": ""}
    text = dumps(body.model_dump(mode="json") if isinstance(body, BaseModel) else body)
    return {"statusCode": status, "headers": {**JSON_HEADERS, **headers}, "body": text}


def _request_from_event(event: Mapping[str, Any], request_id: str, caller: Caller) -> Request:
    body = event.get("body")
    if body is not None and event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BadRequest(NOT_UTF8) from None
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    return Request(
        caller=caller,
        request_id=request_id,
        path_params=dict(event.get("pathParameters") or {}),
        query=dict(event.get("queryStringParameters") or {}),
        headers=headers,
        raw_body=body,
    )


def dispatch(bound: Route, event: Mapping[str, Any]) -> dict[str, Any]:
    return with_cors(event, _dispatch(bound, event))


def _dispatch(bound: Route, event: Mapping[str, Any]) -> dict[str, Any]:
    request_id = str((event.get("requestContext") or {}).get("requestId") or "unknown")
    try:
        caller = caller_from_event(event) if bound.authenticated else Caller.anonymous()
        if bound.scope is not None:
            caller.require(bound.scope)
        request = _request_from_event(event, request_id, caller)
        if caller.org_id:
            logger.append_keys(org_id=caller.org_id, key_id=caller.key_id)
        response = bound.operation(request)
        # Serialised inside the try: a value that is not standard JSON is a clean 500, never sent.
        return _proxy(response.status, response.body, response.headers)
    except ApiError as error:
        if error.status >= 500:
            logger.error("request failed", extra={"code": error.code})
        return error_response(error, request_id)
    except Exception:
        logger.exception("unhandled error")
        metrics.add_metric(name="UnhandledErrors", unit="Count", value=1)
        return error_response(ApiError("internal error"), request_id)


def lambda_handler_for(bound: Route) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The Lambda entry point of one route, with the service's logging and metrics. The settings are
    read here, at init: a function deployed without what it needs fails before its first request."""
    get_settings()

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @metrics.log_metrics
    def handler(event: dict[str, Any], _context: LambdaContext) -> dict[str, Any]:
        return dispatch(bound, event)

    return traced(handler)
