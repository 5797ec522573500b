"""Clients for every route of the service's REST contract (docs/API.md), sync and async, on httpx.

    client = Client("https://gov.example.com", api_key=os.environ["POLICY_GOV_API_KEY"])
    decision = client.evaluate({"model": "gpt-4o", "prompt": "hello"})

Requests are retried with exponential backoff and jitter on 429, 503 and connection failures
(and on other 5xx and read timeouts when sending twice is harmless: idempotent methods,
creates that carry an Idempotency-Key, evaluate); ``Retry-After`` is honoured. Errors come back
as the typed exceptions of ``policy_gov.errors``.

``fail_mode`` decides what ``evaluate`` answers when the service cannot be reached (connection
failures, timeouts, 5xx and 429 after every retry): ``"closed"`` (the default) a ``blocked``
decision with one ``fail_mode`` violation, as the service itself answers when its store is
down; ``"open"`` an ``allowed`` one. The decision carries ``unreachable=True`` and nothing was
stored. Other routes raise.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import httpx
from pydantic import BaseModel

from policy_gov import models
from policy_gov._retry import RetryPolicy, retryable_error, retryable_status
from policy_gov.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ApprovalTimeout,
    PolicyGovError,
    RateLimited,
    ServerError,
)
from policy_gov.pages import AuditEntry, AuditVerification, Page

__all__ = ["AsyncClient", "Client", "FailMode"]

FailMode = Literal["closed", "open"]
M = TypeVar("M", bound=BaseModel)
Body = BaseModel | Mapping[str, Any]
log = logging.getLogger("policy_gov")

VERSION = "0.1.0"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


def _json(body: Body | None, *, exclude_unset: bool = False) -> Any:
    if body is None:
        return None
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", exclude_unset=exclude_unset, exclude_none=not exclude_unset)
    return dict(body)


def _query(**params: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


def _etag(version: int | str | None) -> dict[str, str]:
    return {} if version is None else {"If-Match": f'"{version}"'}


def fail_mode_decision(mode: FailMode, error: Exception) -> models.Decision:
    """What evaluate answers for an unreachable service, in the service's own fail_mode shape."""
    violations = []
    if mode == "closed":
        violations.append(
            models.Violation(
                policy_id="client_fail_mode",
                policy_name="Client fail_mode (service unreachable)",
                policy_version=0,
                rule_type="fail_mode",
                action="block",
                severity="critical",
                message=f"policy service unreachable: {type(error).__name__}",
                matches=[],
            )
        )
    decision = models.Decision(
        decision_id=f"unreachable-{uuid.uuid4()}",
        verdict="blocked" if mode == "closed" else "allowed",
        risk_level="critical" if mode == "closed" else "none",
        violations=violations,
        alerts=[],
        evaluated_policies=0,
        latency_ms=0.0,
    )
    decision.unreachable = True  # type: ignore[attr-defined]  # an extra field, as models allow
    return decision


class _Base:
    def __init__(
        self,
        base_url: str | None,
        api_key: str | None,
        *,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        backoff: float,
        max_backoff: float,
        fail_mode: FailMode,
        headers: Mapping[str, str] | None,
    ) -> None:
        url = base_url or os.environ.get("POLICY_GOV_URL")
        if not url:
            raise PolicyGovError("no service URL: pass base_url or set POLICY_GOV_URL")
        url = url.rstrip("/")
        self.base_url = url[: -len("/v1")] if url.endswith("/v1") else url
        self.api_key = api_key if api_key is not None else os.environ.get("POLICY_GOV_API_KEY")
        if fail_mode not in ("closed", "open"):
            raise ValueError("fail_mode is 'closed' or 'open'")
        self.fail_mode: FailMode = fail_mode
        self.retry = RetryPolicy(max_retries=max_retries, backoff=backoff, max_backoff=max_backoff)
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.headers = {"User-Agent": f"policy-gov-python/{VERSION}", "Accept": "application/json", **(headers or {})}
        if self.api_key:
            self.headers["Authorization"] = f"Bearer {self.api_key}"

    def __repr__(self) -> str:  # never shows the key
        return f"{type(self).__name__}({self.base_url!r}, fail_mode={self.fail_mode!r})"

    @staticmethod
    def _replay_safe(method: str, path: str, headers: Mapping[str, str]) -> bool:
        return "Idempotency-Key" in headers or (method == "POST" and path.endswith("/evaluate"))

    @staticmethod
    def _check(response: httpx.Response) -> httpx.Response:
        if response.status_code >= 400:
            raise APIError.from_response(response)
        return response

    @staticmethod
    def _transport_error(error: httpx.TransportError) -> APIConnectionError:
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"policy service timed out: {error!r}")
        return APIConnectionError(f"policy service unreachable: {error!r}")

    def _prepare(self, call: Call[Any]) -> tuple[dict[str, str], bool]:
        sent = {**self.headers, **call.headers}
        return sent, self._replay_safe(call.method, call.path, sent)

    def _log_retry(self, call: Call[Any], attempt: int, wait: float) -> None:
        log.debug("policy service: retry %d of %s %s in %.2f s", attempt + 1, call.method, call.path, wait)

    def _fail_mode(self, error: PolicyGovError) -> models.Decision:
        log.warning("policy service unreachable (%s); fail_mode=%s", type(error).__name__, self.fail_mode)
        return fail_mode_decision(self.fail_mode, error)


UNREACHABLE = (APIConnectionError, ServerError, RateLimited)


@dataclass(frozen=True)
class Call(Generic[M]):
    """One route call, described once and run by either client."""

    method: str
    path: str
    model: type[M] | None
    json: Any = None
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def parse(self, response: httpx.Response) -> M:
        assert self.model is not None
        return self.model.model_validate(response.json())


class Routes:
    """Every route of docs/API.md as a ``Call``; ``Client`` and ``AsyncClient`` run them."""

    @staticmethod
    def health() -> Call[models.Health]:
        return Call("GET", "/v1/health", models.Health)

    @staticmethod
    def whoami() -> Call[models.Identity]:
        return Call("GET", "/v1/whoami", models.Identity)

    @staticmethod
    def evaluate(request: models.EvaluateRequest | Mapping[str, Any]) -> Call[models.Decision]:
        return Call("POST", "/v1/evaluate", models.Decision, _json(request))

    @staticmethod
    def evaluate_policy(policy_id: str, request: models.EvaluateRequest | Mapping[str, Any]) -> Call[models.Decision]:
        return Call("POST", f"/v1/policies/{_id(policy_id)}/evaluate", models.Decision, _json(request))

    @staticmethod
    def ingest_events(events: list[models.CapturedEvent | Mapping[str, Any]]) -> Call[models.EventsAccepted]:
        return Call("POST", "/v1/events", models.EventsAccepted, {"events": [_json(e) for e in events]})

    @staticmethod
    def list_policies(
        cursor: str | None = None,
        limit: int | None = None,
        enabled: bool | None = None,
        type: str | None = None,
        model: str | None = None,
    ) -> Call[Page[models.Policy]]:
        params = _query(cursor=cursor, limit=limit, enabled=enabled, type=type, model=model)
        return Call("GET", "/v1/policies", Page[models.Policy], params=params)

    @staticmethod
    def create_policy(
        policy: models.PolicyContent | Mapping[str, Any], idempotency_key: str | None = None
    ) -> Call[models.Policy]:
        headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        return Call("POST", "/v1/policies", models.Policy, _json(policy), headers=headers)

    @staticmethod
    def get_policy(policy_id: str) -> Call[models.Policy]:
        return Call("GET", f"/v1/policies/{_id(policy_id)}", models.Policy)

    @staticmethod
    def update_policy(
        policy_id: str, patch: models.PolicyPatch | Mapping[str, Any], if_match: int | None = None
    ) -> Call[models.Policy]:
        body = _json(patch, exclude_unset=True)
        return Call("PATCH", f"/v1/policies/{_id(policy_id)}", models.Policy, body, headers=_etag(if_match))

    @staticmethod
    def delete_policy(policy_id: str, if_match: int | None = None) -> Call[Any]:
        return Call("DELETE", f"/v1/policies/{_id(policy_id)}", None, headers=_etag(if_match))

    @staticmethod
    def list_versions(
        policy_id: str, cursor: str | None = None, limit: int | None = None
    ) -> Call[Page[models.PolicyVersion]]:
        params = _query(cursor=cursor, limit=limit)
        return Call("GET", f"/v1/policies/{_id(policy_id)}/versions", Page[models.PolicyVersion], params=params)

    @staticmethod
    def get_version(policy_id: str, version: int) -> Call[models.PolicyVersion]:
        return Call("GET", f"/v1/policies/{_id(policy_id)}/versions/{int(version)}", models.PolicyVersion)

    @staticmethod
    def rollback_policy(policy_id: str, version: int, if_match: int | None = None) -> Call[models.Policy]:
        body = {"version": int(version)}
        return Call("POST", f"/v1/policies/{_id(policy_id)}/rollback", models.Policy, body, headers=_etag(if_match))

    @staticmethod
    def list_policy_types() -> Call[models.PolicyTypes]:
        return Call("GET", "/v1/policy-types", models.PolicyTypes)

    @staticmethod
    def list_approvals(
        status: str | None = None, cursor: str | None = None, limit: int | None = None
    ) -> Call[Page[models.Approval]]:
        params = _query(status=status, cursor=cursor, limit=limit)
        return Call("GET", "/v1/approvals", Page[models.Approval], params=params)

    @staticmethod
    def get_approval(approval_id: str) -> Call[models.Approval]:
        return Call("GET", f"/v1/approvals/{_id(approval_id)}", models.Approval)

    @staticmethod
    def decide(approval_id: str, verb: Literal["approve", "reject"], comment: str | None) -> Call[models.Approval]:
        body = {} if comment is None else {"comment": comment}
        return Call("POST", f"/v1/approvals/{_id(approval_id)}/{verb}", models.Approval, body)

    @staticmethod
    def get_org_policy() -> Call[models.OrgPolicy]:
        return Call("GET", "/v1/org/policy", models.OrgPolicy)

    @staticmethod
    def put_org_policy(org_policy: models.OrgPolicy | Mapping[str, Any]) -> Call[models.OrgPolicy]:
        return Call("PUT", "/v1/org/policy", models.OrgPolicy, _json(org_policy, exclude_unset=True))

    @staticmethod
    def list_violations(
        since: str | None = None,
        until: str | None = None,
        policy_id: str | None = None,
        severity: str | None = None,
        event_id: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Call[Page[models.StoredDecision]]:
        params = _query(
            since=since,
            until=until,
            policy_id=policy_id,
            severity=severity,
            event_id=event_id,
            cursor=cursor,
            limit=limit,
        )
        return Call("GET", "/v1/violations", Page[models.StoredDecision], params=params)

    @staticmethod
    def get_decision(decision_id: str) -> Call[models.StoredDecision]:
        return Call("GET", f"/v1/decisions/{_id(decision_id)}", models.StoredDecision)

    @staticmethod
    def list_audit(cursor: str | None = None, limit: int | None = None) -> Call[Page[AuditEntry]]:
        return Call("GET", "/v1/audit", Page[AuditEntry], params=_query(cursor=cursor, limit=limit))

    @staticmethod
    def verify_audit() -> Call[AuditVerification]:
        return Call("GET", "/v1/audit/verify", AuditVerification)

    @staticmethod
    def create_api_key(name: str, scopes: list[str]) -> Call[models.NewApiKey]:
        return Call("POST", "/v1/api-keys", models.NewApiKey, {"name": name, "scopes": list(scopes)})

    @staticmethod
    def list_api_keys(cursor: str | None = None, limit: int | None = None) -> Call[Page[models.ApiKey]]:
        return Call("GET", "/v1/api-keys", Page[models.ApiKey], params=_query(cursor=cursor, limit=limit))

    @staticmethod
    def revoke_api_key(key_id: str) -> Call[Any]:
        return Call("DELETE", f"/v1/api-keys/{_id(key_id)}", None)


def _id(value: str) -> str:
    """A path segment: ids are opaque to the client but must not change the path."""
    text = str(value)
    if not text or any(c in text for c in "/?#%") or text in (".", ".."):
        raise ValueError(f"not an id: {text!r}")
    return text


class Client(_Base):
    """Synchronous client. Use it as a context manager, or call ``close()``."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        fail_mode: FailMode = "closed",
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            base_url,
            api_key,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            fail_mode=fail_mode,
            headers=headers,
        )
        self._http = http_client or httpx.Client(timeout=self.timeout)
        self._owns_http = http_client is None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, call: Call[Any]) -> httpx.Response:
        """Send one call, retrying what is retryable; the 2xx response, or the typed error."""
        headers, replay_safe = self._prepare(call)
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    call.method, self.base_url + call.path, json=call.json, params=call.params, headers=headers
                )
            except httpx.TransportError as error:
                retry = retryable_error(call.method, error, replay_safe=replay_safe)
                wait = self.retry.delay(attempt, None) if retry else None
                if wait is None:
                    raise self._transport_error(error) from error
            else:
                if response.status_code < 400:
                    return response
                retry = retryable_status(call.method, response.status_code, replay_safe=replay_safe)
                wait = self.retry.delay(attempt, response) if retry else None
                if wait is None:
                    return self._check(response)
            self._log_retry(call, attempt, wait)
            time.sleep(wait)
            attempt += 1

    def run(self, call: Call[M]) -> M:
        return call.parse(self.send(call))

    def evaluate(self, request: models.EvaluateRequest | Mapping[str, Any]) -> models.Decision:
        """``POST /v1/evaluate``; the ``fail_mode`` decision when the service cannot be reached."""
        try:
            return self.run(Routes.evaluate(request))
        except UNREACHABLE as error:
            return self._fail_mode(error)

    def iter_policies(self, **filters: Any) -> Iterator[models.Policy]:
        """Every policy (``list_policies`` filters), following ``next_cursor``."""
        cursor = None
        while True:
            page = self.list_policies(cursor=cursor, limit=100, **filters)
            yield from page.items
            if not page.has_more or not page.next_cursor:
                return
            cursor = page.next_cursor

    def wait_for_approval(
        self, approval_id: str, *, timeout: float = 3600.0, interval: float = 1.0, max_interval: float = 30.0
    ) -> models.Approval:
        """Poll ``GET /v1/approvals/{id}``, backing off from ``interval`` to ``max_interval`` seconds,
        until it is no longer pending; ``ApprovalTimeout`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            approval = self.get_approval(approval_id)
            if approval.status != "pending":
                return approval
            left = deadline - time.monotonic()
            if left <= 0:
                raise ApprovalTimeout(f"approval {approval_id} still pending after {timeout} s")
            time.sleep(min(interval, left))
            interval = min(max_interval, interval * 2)

    def health(self) -> models.Health:
        return self.run(Routes.health())

    def whoami(self) -> models.Identity:
        """``GET /v1/whoami``: the org, key id and scopes of the key this client sends."""
        return self.run(Routes.whoami())

    def evaluate_policy(self, policy_id: str, request: models.EvaluateRequest | Mapping[str, Any]) -> models.Decision:
        """``POST /v1/policies/{id}/evaluate``: one policy, enabled or not; stores nothing."""
        return self.run(Routes.evaluate_policy(policy_id, request))

    def ingest_events(self, events: list[models.CapturedEvent | Mapping[str, Any]]) -> models.EventsAccepted:
        """``POST /v1/events``: captured usage, judged in detection-only mode."""
        return self.run(Routes.ingest_events(events))

    def list_policies(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        enabled: bool | None = None,
        type: str | None = None,
        model: str | None = None,
    ) -> Page[models.Policy]:
        return self.run(Routes.list_policies(cursor, limit, enabled, type, model))

    def create_policy(
        self, policy: models.PolicyContent | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> models.Policy:
        """``POST /v1/policies``; without ``idempotency_key`` one is generated, so a retry never duplicates."""
        return self.run(Routes.create_policy(policy, idempotency_key))

    def get_policy(self, policy_id: str) -> models.Policy:
        return self.run(Routes.get_policy(policy_id))

    def update_policy(
        self, policy_id: str, patch: models.PolicyPatch | Mapping[str, Any], *, if_match: int | None = None
    ) -> models.Policy:
        """``PATCH``: the given fields change (``model: None`` clears); ``if_match``: 412 on another version."""
        return self.run(Routes.update_policy(policy_id, patch, if_match))

    def delete_policy(self, policy_id: str, *, if_match: int | None = None) -> None:
        self.send(Routes.delete_policy(policy_id, if_match))

    def list_versions(
        self, policy_id: str, *, cursor: str | None = None, limit: int | None = None
    ) -> Page[models.PolicyVersion]:
        return self.run(Routes.list_versions(policy_id, cursor, limit))

    def get_version(self, policy_id: str, version: int) -> models.PolicyVersion:
        return self.run(Routes.get_version(policy_id, version))

    def rollback_policy(self, policy_id: str, version: int, *, if_match: int | None = None) -> models.Policy:
        return self.run(Routes.rollback_policy(policy_id, version, if_match))

    def list_policy_types(self) -> models.PolicyTypes:
        return self.run(Routes.list_policy_types())

    def list_approvals(
        self, *, status: str | None = None, cursor: str | None = None, limit: int | None = None
    ) -> Page[models.Approval]:
        return self.run(Routes.list_approvals(status, cursor, limit))

    def get_approval(self, approval_id: str) -> models.Approval:
        return self.run(Routes.get_approval(approval_id))

    def approve(self, approval_id: str, comment: str | None = None) -> models.Approval:
        return self.run(Routes.decide(approval_id, "approve", comment))

    def reject(self, approval_id: str, comment: str | None = None) -> models.Approval:
        return self.run(Routes.decide(approval_id, "reject", comment))

    def get_org_policy(self) -> models.OrgPolicy:
        return self.run(Routes.get_org_policy())

    def put_org_policy(self, org_policy: models.OrgPolicy | Mapping[str, Any]) -> models.OrgPolicy:
        return self.run(Routes.put_org_policy(org_policy))

    def list_violations(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        policy_id: str | None = None,
        severity: str | None = None,
        event_id: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[models.StoredDecision]:
        return self.run(Routes.list_violations(since, until, policy_id, severity, event_id, cursor, limit))

    def get_decision(self, decision_id: str) -> models.StoredDecision:
        return self.run(Routes.get_decision(decision_id))

    def list_audit(self, *, cursor: str | None = None, limit: int | None = None) -> Page[AuditEntry]:
        return self.run(Routes.list_audit(cursor, limit))

    def verify_audit(self) -> AuditVerification:
        return self.run(Routes.verify_audit())

    def create_api_key(self, name: str, scopes: list[str]) -> models.NewApiKey:
        return self.run(Routes.create_api_key(name, scopes))

    def list_api_keys(self, *, cursor: str | None = None, limit: int | None = None) -> Page[models.ApiKey]:
        return self.run(Routes.list_api_keys(cursor, limit))

    def revoke_api_key(self, key_id: str) -> None:
        self.send(Routes.revoke_api_key(key_id))


class AsyncClient(_Base):
    """Asynchronous client (the same methods as ``Client``, awaited). ``async with`` or ``aclose()``."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        fail_mode: FailMode = "closed",
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            base_url,
            api_key,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            fail_mode=fail_mode,
            headers=headers,
        )
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout)
        self._owns_http = http_client is None

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def send(self, call: Call[Any]) -> httpx.Response:
        """Send one call, retrying what is retryable; the 2xx response, or the typed error."""
        headers, replay_safe = self._prepare(call)
        attempt = 0
        while True:
            try:
                response = await self._http.request(
                    call.method, self.base_url + call.path, json=call.json, params=call.params, headers=headers
                )
            except httpx.TransportError as error:
                retry = retryable_error(call.method, error, replay_safe=replay_safe)
                wait = self.retry.delay(attempt, None) if retry else None
                if wait is None:
                    raise self._transport_error(error) from error
            else:
                if response.status_code < 400:
                    return response
                retry = retryable_status(call.method, response.status_code, replay_safe=replay_safe)
                wait = self.retry.delay(attempt, response) if retry else None
                if wait is None:
                    return self._check(response)
            self._log_retry(call, attempt, wait)
            await asyncio.sleep(wait)
            attempt += 1

    async def run(self, call: Call[M]) -> M:
        return call.parse(await self.send(call))

    async def evaluate(self, request: models.EvaluateRequest | Mapping[str, Any]) -> models.Decision:
        """``POST /v1/evaluate``; the ``fail_mode`` decision when the service cannot be reached."""
        try:
            return await self.run(Routes.evaluate(request))
        except UNREACHABLE as error:
            return self._fail_mode(error)

    async def iter_policies(self, **filters: Any) -> AsyncIterator[models.Policy]:
        """Every policy (``list_policies`` filters), following ``next_cursor``."""
        cursor = None
        while True:
            page = await self.list_policies(cursor=cursor, limit=100, **filters)
            for item in page.items:
                yield item
            if not page.has_more or not page.next_cursor:
                return
            cursor = page.next_cursor

    async def wait_for_approval(
        self, approval_id: str, *, timeout: float = 3600.0, interval: float = 1.0, max_interval: float = 30.0
    ) -> models.Approval:
        """Poll ``GET /v1/approvals/{id}`` with backoff until it is decided (see ``Client``)."""
        deadline = time.monotonic() + timeout
        while True:
            approval = await self.get_approval(approval_id)
            if approval.status != "pending":
                return approval
            left = deadline - time.monotonic()
            if left <= 0:
                raise ApprovalTimeout(f"approval {approval_id} still pending after {timeout} s")
            await asyncio.sleep(min(interval, left))
            interval = min(max_interval, interval * 2)

    async def health(self) -> models.Health:
        return await self.run(Routes.health())

    async def whoami(self) -> models.Identity:
        """``GET /v1/whoami``: the org, key id and scopes of the key this client sends."""
        return await self.run(Routes.whoami())

    async def evaluate_policy(
        self, policy_id: str, request: models.EvaluateRequest | Mapping[str, Any]
    ) -> models.Decision:
        """``POST /v1/policies/{id}/evaluate``: one policy, enabled or not; stores nothing."""
        return await self.run(Routes.evaluate_policy(policy_id, request))

    async def ingest_events(self, events: list[models.CapturedEvent | Mapping[str, Any]]) -> models.EventsAccepted:
        """``POST /v1/events``: captured usage, judged in detection-only mode."""
        return await self.run(Routes.ingest_events(events))

    async def list_policies(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        enabled: bool | None = None,
        type: str | None = None,
        model: str | None = None,
    ) -> Page[models.Policy]:
        return await self.run(Routes.list_policies(cursor, limit, enabled, type, model))

    async def create_policy(
        self, policy: models.PolicyContent | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> models.Policy:
        """``POST /v1/policies``; without ``idempotency_key`` one is generated, so a retry never duplicates."""
        return await self.run(Routes.create_policy(policy, idempotency_key))

    async def get_policy(self, policy_id: str) -> models.Policy:
        return await self.run(Routes.get_policy(policy_id))

    async def update_policy(
        self, policy_id: str, patch: models.PolicyPatch | Mapping[str, Any], *, if_match: int | None = None
    ) -> models.Policy:
        """``PATCH``: the given fields change (``model: None`` clears); ``if_match``: 412 on another version."""
        return await self.run(Routes.update_policy(policy_id, patch, if_match))

    async def delete_policy(self, policy_id: str, *, if_match: int | None = None) -> None:
        await self.send(Routes.delete_policy(policy_id, if_match))

    async def list_versions(
        self, policy_id: str, *, cursor: str | None = None, limit: int | None = None
    ) -> Page[models.PolicyVersion]:
        return await self.run(Routes.list_versions(policy_id, cursor, limit))

    async def get_version(self, policy_id: str, version: int) -> models.PolicyVersion:
        return await self.run(Routes.get_version(policy_id, version))

    async def rollback_policy(self, policy_id: str, version: int, *, if_match: int | None = None) -> models.Policy:
        return await self.run(Routes.rollback_policy(policy_id, version, if_match))

    async def list_policy_types(self) -> models.PolicyTypes:
        return await self.run(Routes.list_policy_types())

    async def list_approvals(
        self, *, status: str | None = None, cursor: str | None = None, limit: int | None = None
    ) -> Page[models.Approval]:
        return await self.run(Routes.list_approvals(status, cursor, limit))

    async def get_approval(self, approval_id: str) -> models.Approval:
        return await self.run(Routes.get_approval(approval_id))

    async def approve(self, approval_id: str, comment: str | None = None) -> models.Approval:
        return await self.run(Routes.decide(approval_id, "approve", comment))

    async def reject(self, approval_id: str, comment: str | None = None) -> models.Approval:
        return await self.run(Routes.decide(approval_id, "reject", comment))

    async def get_org_policy(self) -> models.OrgPolicy:
        return await self.run(Routes.get_org_policy())

    async def put_org_policy(self, org_policy: models.OrgPolicy | Mapping[str, Any]) -> models.OrgPolicy:
        return await self.run(Routes.put_org_policy(org_policy))

    async def list_violations(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        policy_id: str | None = None,
        severity: str | None = None,
        event_id: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[models.StoredDecision]:
        return await self.run(Routes.list_violations(since, until, policy_id, severity, event_id, cursor, limit))

    async def get_decision(self, decision_id: str) -> models.StoredDecision:
        return await self.run(Routes.get_decision(decision_id))

    async def list_audit(self, *, cursor: str | None = None, limit: int | None = None) -> Page[AuditEntry]:
        return await self.run(Routes.list_audit(cursor, limit))

    async def verify_audit(self) -> AuditVerification:
        return await self.run(Routes.verify_audit())

    async def create_api_key(self, name: str, scopes: list[str]) -> models.NewApiKey:
        return await self.run(Routes.create_api_key(name, scopes))

    async def list_api_keys(self, *, cursor: str | None = None, limit: int | None = None) -> Page[models.ApiKey]:
        return await self.run(Routes.list_api_keys(cursor, limit))

    async def revoke_api_key(self, key_id: str) -> None:
        await self.send(Routes.revoke_api_key(key_id))
