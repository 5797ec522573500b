"""API Gateway (REST, Lambda proxy) on a local port: routes, the Lambda authorizer, gateway responses.

Each HTTP request becomes the proxy event API Gateway would send, delivered in-process to
the function the template names for its route; the proxy response maps back to HTTP.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from local_stack.lambdas import Functions
from local_stack.template import HttpRoute

log = logging.getLogger("local_stack")

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's own limit
API_ID = "local"


@dataclass(frozen=True)
class Match:
    route: HttpRoute
    path_parameters: dict[str, str]


class Router:
    """API Gateway's matching: literal segments beat {param}, which beats {proxy+}."""

    def __init__(self, routes: list[HttpRoute]) -> None:
        self.routes = routes
        self._compiled = [(route, self._pattern(route.path), self._rank(route.path)) for route in routes]

    @staticmethod
    def _pattern(path: str) -> re.Pattern[str]:
        out = ""
        for segment in path.strip("/").split("/"):
            greedy = re.fullmatch(r"\{(\w+)\+\}", segment)
            param = re.fullmatch(r"\{(\w+)\}", segment)
            if greedy:
                out += f"/(?P<{greedy.group(1)}>.+)"
            elif param:
                out += f"/(?P<{param.group(1)}>[^/]+)"
            else:
                out += "/" + re.escape(segment)
        return re.compile((out or "/") + "/?")

    @staticmethod
    def _rank(path: str) -> tuple[int, ...]:
        return tuple(2 if "+}" in s else 1 if s.startswith("{") else 0 for s in path.strip("/").split("/"))

    def match(self, method: str, path: str) -> tuple[Match | None, list[str]]:
        """The route for ``method path``, or None and the methods the path allows (empty: no such path)."""
        candidates = []
        for route, pattern, rank in self._compiled:
            found = pattern.fullmatch(path)
            if found:
                candidates.append((rank, route, {k: unquote(v) for k, v in found.groupdict().items()}))
        candidates.sort(key=lambda c: c[0])
        if not candidates:
            return None, []
        best_rank = candidates[0][0]
        best = [c for c in candidates if c[0] == best_rank]
        for _rank, route, params in best:
            if route.method in (method, "ANY"):
                return Match(route, params), []
        return None, sorted({route.method for _rank, route, _params in best})


class GatewayError(Exception):
    """A response API Gateway itself produces (no integration reached)."""

    def __init__(self, kind: str, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.kind, self.status, self.code, self.message = kind, status, code, message
        self.headers = headers or {}


class Gateway:
    """Turns raw HTTP requests into proxy events and proxy responses into HTTP responses."""

    def __init__(
        self,
        routes: list[HttpRoute],
        functions: Functions,
        *,
        stage: str,
        responses: dict[str, dict[str, Any]] | None = None,
        extra_routes: dict[tuple[str, str], Callable[[], tuple[int, dict[str, str], bytes]]] | None = None,
        static: Callable[[str, str], tuple[int, dict[str, str], bytes] | None] | None = None,
        region: str = "us-east-1",
        account: str = "123456789012",
    ) -> None:
        self.router = Router(routes)
        self.functions = functions
        self.stage = stage
        self.responses = responses or {}
        self.extra_routes = extra_routes or {}
        self.static = static
        self.region = region
        self.account = account

    # -- requests --

    def handle(
        self, method: str, raw_path: str, headers: list[tuple[str, str]], body: bytes, source_ip: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        request_id = str(uuid.uuid4())
        split = urlsplit(raw_path)
        path = unquote(split.path) or "/"
        served = self.static(method, path) if self.static is not None else None
        if served is not None:
            status, static_headers, payload = served
            return status, [*static_headers.items(), ("x-amzn-RequestId", request_id)], payload
        extra = self.extra_routes.get((method, path))
        if extra is not None:
            status, extra_headers, payload = extra()
            return status, list(extra_headers.items()), payload
        try:
            if len(body) > MAX_PAYLOAD_BYTES:
                raise GatewayError("REQUEST_TOO_LARGE", 413, "payload_too_large", "Request Too Long")
            match, allowed = self.router.match(method, path)
            if match is None:
                if allowed:
                    raise GatewayError(
                        "METHOD_NOT_ALLOWED",
                        405,
                        "method_not_allowed",
                        f"{method} is not allowed here; use {', '.join(allowed)}",
                        {"Allow": ", ".join(allowed)},
                    )
                raise GatewayError("MISSING_AUTHENTICATION_TOKEN", 404, "not_found", "no such route")
            event = self.proxy_event(method, path, split.query, headers, body, match, request_id, source_ip)
            if match.route.authorizer is not None:
                event["requestContext"]["authorizer"] = self.authorize(event, match)
            return self.integrate(match.route.function, event, request_id)
        except GatewayError as error:
            return self.gateway_response(error, request_id)

    def proxy_event(
        self,
        method: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        match: Match,
        request_id: str,
        source_ip: str,
    ) -> dict[str, Any]:
        single_headers: dict[str, str] = {}
        multi_headers: dict[str, list[str]] = {}
        for name, value in headers:
            single_headers[name] = value  # API Gateway keeps the last value of a repeated header
            multi_headers.setdefault(name, []).append(value)
        pairs = parse_qsl(query, keep_blank_values=True)
        single_query: dict[str, str] = {}
        multi_query: dict[str, list[str]] = {}
        for name, value in pairs:
            single_query[name] = value
            multi_query.setdefault(name, []).append(value)
        text: str | None
        encoded = False
        if not body:
            text = None
        else:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text, encoded = base64.b64encode(body).decode("ascii"), True
        now = datetime.now(UTC)
        lowered = {k.lower(): v for k, v in single_headers.items()}
        return {
            "resource": match.route.path,
            "path": path,
            "httpMethod": method,
            "headers": single_headers or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": single_query or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": match.path_parameters or None,
            "stageVariables": None,
            "requestContext": {
                "resourceId": "local",
                "resourcePath": match.route.path,
                "httpMethod": method,
                "extendedRequestId": request_id,
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "path": f"/{self.stage}{path}",
                "accountId": self.account,
                "protocol": "HTTP/1.1",
                "stage": self.stage,
                "domainPrefix": "localhost",
                "requestTimeEpoch": int(now.timestamp() * 1000),
                "requestId": request_id,
                "identity": {
                    "sourceIp": source_ip,
                    "userAgent": lowered.get("user-agent"),
                    "accountId": None,
                    "apiKey": None,
                    "caller": None,
                    "user": None,
                    "userArn": None,
                },
                "domainName": lowered.get("host", "localhost"),
                "apiId": API_ID,
            },
            "body": text,
            "isBase64Encoded": encoded,
        }

    def method_arn(self, event: dict[str, Any]) -> str:
        return (
            f"arn:aws:execute-api:{self.region}:{self.account}:{API_ID}/{self.stage}/"
            f"{event['httpMethod']}{event['path']}"
        )

    def authorize(self, event: dict[str, Any], match: Match) -> dict[str, Any]:
        """Call the route's Lambda authorizer (no cache locally); the context for the integration."""
        authorizer = match.route.authorizer
        assert authorizer is not None
        lowered = {k.lower(): v for k, v in (event["headers"] or {}).items()}
        method_arn = self.method_arn(event)
        if authorizer.payload_type == "TOKEN":
            token = lowered.get(authorizer.identity_headers[0].lower()) if authorizer.identity_headers else None
            if not token:
                raise GatewayError("UNAUTHORIZED", 401, "unauthorized", "Unauthorized")
            auth_event: dict[str, Any] = {"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn}
        else:
            if any(not lowered.get(h.lower()) for h in authorizer.identity_headers):
                raise GatewayError("UNAUTHORIZED", 401, "unauthorized", "Unauthorized")
            auth_event = {
                "type": "REQUEST",
                "methodArn": method_arn,
                **{
                    k: event[k]
                    for k in (
                        "resource",
                        "path",
                        "httpMethod",
                        "headers",
                        "multiValueHeaders",
                        "queryStringParameters",
                        "multiValueQueryStringParameters",
                        "pathParameters",
                        "stageVariables",
                        "requestContext",
                    )
                },
            }
        try:
            result = self.functions.invoke(authorizer.function, auth_event)
        except Exception as exc:
            if str(exc) == "Unauthorized":
                raise GatewayError("UNAUTHORIZED", 401, "unauthorized", "Unauthorized") from None
            log.exception("authorizer %s failed", authorizer.function)
            raise GatewayError("AUTHORIZER_FAILURE", 500, "internal", "internal error") from None
        if not isinstance(result, dict) or not isinstance(result.get("policyDocument"), dict):
            log.error("authorizer %s returned no policy document", authorizer.function)
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", 500, "internal", "internal error")
        if not _policy_allows(result["policyDocument"], method_arn):
            raise GatewayError("ACCESS_DENIED", 403, "forbidden", "User is not authorized to access this resource")
        context = result.get("context") or {}
        if any(isinstance(v, dict | list) for v in context.values()):
            log.error("authorizer %s context values must be strings, numbers or booleans", authorizer.function)
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", 500, "internal", "internal error")
        # API Gateway hands REST integrations the context as strings.
        values: dict[str, Any] = {k: _context_value(v) for k, v in context.items()}
        values["principalId"] = str(result.get("principalId", ""))
        values["integrationLatency"] = 0
        return values

    def integrate(
        self, function: str, event: dict[str, Any], request_id: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            result = self.functions.invoke(function, event)
        except Exception:
            log.exception("function %s raised", function)
            raise GatewayError("DEFAULT_5XX", 502, "internal", "Internal server error") from None
        try:
            return _proxy_response(result, request_id)
        except (TypeError, ValueError, binascii.Error):
            log.error("function %s returned a malformed proxy response", function)
            raise GatewayError("DEFAULT_5XX", 502, "internal", "Internal server error") from None

    # -- gateway responses --

    def gateway_response(self, error: GatewayError, request_id: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """The template's GatewayResponses when it has one for this kind, else the error envelope."""
        family = "DEFAULT_5XX" if error.status >= 500 else "DEFAULT_4XX"
        configured = self.responses.get(error.kind) or self.responses.get(family) or {}
        status = int(configured.get("StatusCode", error.status))
        headers = {"Content-Type": "application/json", **error.headers, "x-amzn-RequestId": request_id}
        for name, value in ((configured.get("ResponseParameters") or {}).get("Headers") or {}).items():
            headers[str(name)] = str(value).strip("'")
        template = (configured.get("ResponseTemplates") or {}).get("application/json")
        body: bytes
        if template and error.kind not in ("METHOD_NOT_ALLOWED",):
            rendered = (
                str(template)
                .replace("$context.requestId", request_id)
                .replace("$context.error.messageString", json.dumps(error.message))
                .replace("$context.error.message", error.message.replace('"', "'"))
            )
            body = rendered.encode()
        else:
            envelope = {
                "error": {"code": error.code, "message": error.message, "details": []},
                "request_id": request_id,
            }
            body = json.dumps(envelope).encode()
        return status, list(headers.items()), body


def _context_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def _policy_allows(document: dict[str, Any], method_arn: str) -> bool:
    """IAM evaluation for execute-api: an explicit Deny wins, else some Allow must match."""
    statements = document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    for statement in statements:
        resources = statement.get("Resource") or []
        actions = statement.get("Action") or []
        resources = [resources] if isinstance(resources, str) else resources
        actions = [actions] if isinstance(actions, str) else actions
        if not any(fnmatch.fnmatchcase("execute-api:Invoke", a) for a in actions):
            continue
        if not any(fnmatch.fnmatchcase(method_arn, r) for r in resources):
            continue
        if statement.get("Effect") == "Deny":
            return False
        if statement.get("Effect") == "Allow":
            allowed = True
    return allowed


def _proxy_response(result: Any, request_id: str) -> tuple[int, list[tuple[str, str]], bytes]:
    if not isinstance(result, dict):
        raise TypeError("a proxy response is an object")
    status = int(result.get("statusCode", 200))
    if not 100 <= status <= 599:
        raise ValueError("statusCode out of range")
    headers: list[tuple[str, str]] = []
    single = result.get("headers") or {}
    multi = result.get("multiValueHeaders") or {}
    for name, value in single.items():
        if name not in multi:
            headers.append((str(name), str(value)))
    for name, values in multi.items():
        headers.extend((str(name), str(v)) for v in values)
    raw = result.get("body")
    if raw is None:
        body = b""
    elif not isinstance(raw, str):
        raise TypeError("body must be a string")
    elif result.get("isBase64Encoded"):
        body = base64.b64decode(raw, validate=True)
    else:
        body = raw.encode("utf-8")
    if not any(name.lower() == "x-amzn-requestid" for name, _ in headers):
        headers.append(("x-amzn-RequestId", request_id))
    return status, headers, body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ApiServer

    def _serve(self) -> None:
        started = time.monotonic()
        try:
            body = self._read_body()
        except ValueError:
            self._send(400, [("Content-Type", "application/json")], b'{"error":{"code":"bad_request"}}')
            self.close_connection = True
            return
        status, headers, payload = self.server.gateway.handle(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0]
        )
        self._send(status, headers, payload)
        elapsed = (time.monotonic() - started) * 1000
        # Method, path and status only: query strings, headers and bodies may carry secrets.
        log.info("%s %s %s %.1fms", self.command, urlsplit(self.path).path, status, elapsed)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            total = 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_PAYLOAD_BYTES + 1:
                    raise ValueError("too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative length")
        if length > MAX_PAYLOAD_BYTES:
            self.close_connection = True
            self.rfile.read(min(length, MAX_PAYLOAD_BYTES + 1))
            return b"\0" * (MAX_PAYLOAD_BYTES + 1)
        return self.rfile.read(length)

    def _send(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, made-up ones) gets API Gateway's answer too, not the stdlib's 501 page.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: _serve logs one line per request without the query string."""


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__(address, _Handler)
