"""When and how long to wait before sending a request again (shared by the sync and async clients)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from policy_gov.errors import retry_after_seconds

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Statuses that mean the request was not acted upon: safe to send again whatever the method.
NOT_PROCESSED = frozenset({429, 503})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` retries after the first attempt; exponential backoff with full jitter from
    ``backoff`` seconds, capped at ``max_backoff``; a ``Retry-After`` header is honoured (up to
    ``max_retry_after`` seconds: a longer one gives up at once)."""

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 0), None to stop."""
        if attempt >= self.max_retries:
            return None
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None:
                return hinted if hinted <= self.max_retry_after else None
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not cryptography


def retryable_status(method: str, status: int, *, replay_safe: bool) -> bool:
    """A retryable status for this request: 429 and 503 always (nothing was done); other 5xx only
    when sending the request twice is harmless (idempotent method, Idempotency-Key, evaluate)."""
    if status in NOT_PROCESSED:
        return True
    return status in RETRY_STATUSES and (replay_safe or method in IDEMPOTENT_METHODS)


def retryable_error(method: str, error: httpx.TransportError, *, replay_safe: bool) -> bool:
    """Connection failures happen before the request reaches the service: always retryable. A read
    timeout or a dropped connection may follow a processed request: only when replay is harmless."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True
    return replay_safe or method in IDEMPOTENT_METHODS
