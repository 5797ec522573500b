"""Typed exceptions: the service's error envelope, transport failures and guard outcomes.

Every API error body is ``{"error": {"code", "message", "details": [...]}, "request_id"}``;
``APIError.from_response`` turns it into the subclass of its status (or code), so callers
catch what they mean: ``except NotFound``, ``except PreconditionFailed``.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from policy_gov.models import Approval, Decision


class PolicyGovError(Exception):
    """Base of every exception this package raises."""


@dataclass(frozen=True)
class FieldError:
    """One entry of a 422's ``details``: the field path (``rules[0].patterns[2]``) and what is wrong."""

    field: str
    message: str


class APIError(PolicyGovError):
    """The service answered with an error status. ``code`` is the envelope's ``error.code``."""

    status_code: int = 0
    default_code: str = "error"

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str,
        details: list[dict[str, Any]] | None = None,
        request_id: str | None = None,
        headers: httpx.Headers | None = None,
    ) -> None:
        super().__init__(f"{status_code} {code}: {message}")
        self.message = message
        self.status_code = status_code
        self.code = code
        self.details = details or []
        self.request_id = request_id
        self.headers = headers or httpx.Headers()

    @classmethod
    def from_response(cls, response: httpx.Response) -> APIError:
        try:
            body = response.json()
        except ValueError:
            body = None
        envelope = body.get("error") if isinstance(body, dict) else None
        if isinstance(envelope, dict):
            code = str(envelope.get("code") or "error")
            message = str(envelope.get("message") or response.reason_phrase)
            raw = envelope.get("details")
            details = [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
        else:
            code, message, details = "error", response.reason_phrase or "error", []
        request_id = body.get("request_id") if isinstance(body, dict) else None
        kind = error_class(response.status_code, code)
        return kind(
            message,
            status_code=response.status_code,
            code=code,
            details=details,
            request_id=str(request_id) if request_id is not None else None,
            headers=response.headers,
        )


class BadRequest(APIError):
    """400: not JSON, a bad query parameter, a bad cursor."""


class Unauthorized(APIError):
    """401: missing, unknown, revoked or malformed key."""


class Forbidden(APIError):
    """403: the key lacks the route's scope."""


class NotFound(APIError):
    """404: no such resource in this org (another org's looks exactly the same)."""


class Conflict(APIError):
    """409: a state conflict (approval already decided, Idempotency-Key reused with another body)."""


class PreconditionFailed(APIError):
    """412: the ``If-Match`` version is not the current one; read again and retry."""


class PayloadTooLarge(APIError):
    """413: body or prompt over the configured limit."""


class ValidationError(APIError):
    """422: invalid values. ``fields`` lists each problem with its field path."""

    def __str__(self) -> str:
        listed = "; ".join(f"{f.field}: {f.message}" for f in self.fields)
        return f"{super().__str__()} ({listed})" if listed else super().__str__()

    @property
    def fields(self) -> list[FieldError]:
        return [FieldError(str(d.get("field", "")), str(d.get("message", ""))) for d in self.details]


class RateLimited(APIError):
    """429: throttled. ``retry_after`` is the server's hint in seconds, when it gave one."""

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers)


class ServerError(APIError):
    """5xx: the service (or the gateway before it) failed."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    413: PayloadTooLarge,
    422: ValidationError,
    429: RateLimited,
}
_BY_CODE: dict[str, type[APIError]] = {
    "bad_request": BadRequest,
    "unauthorized": Unauthorized,
    "forbidden": Forbidden,
    "not_found": NotFound,
    "conflict": Conflict,
    "precondition_failed": PreconditionFailed,
    "payload_too_large": PayloadTooLarge,
    "validation_error": ValidationError,
    "rate_limited": RateLimited,
}


def error_class(status: int, code: str) -> type[APIError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    return _BY_CODE.get(code, APIError)


class APIConnectionError(PolicyGovError):
    """The service could not be reached (connection refused, DNS, TLS, reset), after every retry."""


class APITimeoutError(APIConnectionError):
    """The service did not answer within the timeout, after every retry."""


class PolicyBlocked(PolicyGovError):
    """The policy service refused the call. ``decision`` says why (``violations``: rule types,
    policies, spans; never the matched text). ``stage`` is ``"request"`` or ``"response"``."""

    def __init__(self, decision: Decision, *, stage: str, reason: str | None = None) -> None:
        self.decision = decision
        self.stage = stage
        rules = sorted({v.rule_type for v in decision.violations}) or [str(decision.verdict)]
        self.reason = reason or f"{stage} {decision.verdict} by policy ({', '.join(rules)})"
        super().__init__(f"{self.reason}; decision {decision.decision_id}")

    @property
    def decision_id(self) -> str:
        return self.decision.decision_id


class ApprovalRequired(PolicyBlocked):
    """A ``require_approval`` rule held the call. ``approval_id`` names the approval a reviewer
    decides; ``wait()`` polls it until it is decided, and ``wait_and_retry()`` runs the same call
    again with the approval once it is approved (``async_wait``/``async_wait_and_retry`` for
    async clients)."""

    def __init__(
        self,
        decision: Decision,
        *,
        stage: str,
        waiter: Any = None,
        retry: Any = None,
    ) -> None:
        super().__init__(decision, stage=stage, reason=f"{stage} held for approval")
        approval = decision.approval
        self.approval_id: str | None = approval.id if approval is not None else None
        self._waiter = waiter
        self._retry = retry

    def wait(self, *, timeout: float = 3600.0, interval: float = 1.0, max_interval: float = 30.0) -> Approval:
        """Poll ``GET /v1/approvals/{id}`` with backoff until it is no longer pending (or ``timeout``
        seconds pass: ``ApprovalTimeout``). Returns the decided approval, whatever its status."""
        if self._waiter is None or self.approval_id is None:
            raise PolicyGovError("this approval cannot be waited for (dry run, or no client attached)")
        result: Approval = self._waiter.wait_for_approval(
            self.approval_id, timeout=timeout, interval=interval, max_interval=max_interval
        )
        return result

    async def async_wait(
        self, *, timeout: float = 3600.0, interval: float = 1.0, max_interval: float = 30.0
    ) -> Approval:
        if self._waiter is None or self.approval_id is None:
            raise PolicyGovError("this approval cannot be waited for (dry run, or no client attached)")
        result: Approval = await self._waiter.wait_for_approval(
            self.approval_id, timeout=timeout, interval=interval, max_interval=max_interval
        )
        return result

    def wait_and_retry(self, *, timeout: float = 3600.0, interval: float = 1.0) -> Any:
        """Wait for the reviewer; approved: run the held call again with ``approval_id`` and return
        its result; rejected or expired: ``ApprovalDenied``."""
        approval = self.wait(timeout=timeout, interval=interval)
        self._check_approved(approval)
        if self._retry is None:
            raise PolicyGovError("no call to retry is attached to this approval")
        return self._retry(approval.id)

    async def async_wait_and_retry(self, *, timeout: float = 3600.0, interval: float = 1.0) -> Any:
        approval = await self.async_wait(timeout=timeout, interval=interval)
        self._check_approved(approval)
        if self._retry is None:
            raise PolicyGovError("no call to retry is attached to this approval")
        return await self._retry(approval.id)

    def _check_approved(self, approval: Approval) -> None:
        if approval.status != "approved":
            raise ApprovalDenied(approval)


class ApprovalDenied(PolicyGovError):
    """The reviewer rejected the held call, or its approval expired."""

    def __init__(self, approval: Approval) -> None:
        self.approval = approval
        super().__init__(f"approval {approval.id} is {approval.status}")


class ApprovalTimeout(PolicyGovError):
    """Still pending when ``wait(timeout=...)`` gave up."""


class StreamBlocked(PolicyBlocked):
    """A streamed response was stopped part-way: the text checked so far broke a policy (or needed
    a rewrite of text already delivered). Nothing after the check was yielded."""


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds < 0:  # NaN or in the past
        return 0.0
    return seconds
