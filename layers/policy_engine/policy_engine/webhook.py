"""Posts a JSON payload to an outbound webhook (Slack incoming webhooks), safely.

The URL comes from an org policy, so it is treated as hostile:

- https only, allowlisted host, default port, no credentials (``allow_loopback``, the local stack only, also
  allows http to loopback so tests can run a real receiver on 127.0.0.1).
- SSRF: every address the host resolves to must be global (no private, loopback, link-local such as
  169.254.169.254, or reserved address), and the connection goes to that vetted address rather than resolving
  the name again, so DNS rebinding has no window. TLS still verifies the certificate and sends SNI for the
  hostname, and the Host header names it.
- Redirects are never followed (a 3xx could point anywhere): it is a permanent failure, as is any other 4xx.
  5xx, 429 (honouring a numeric Retry-After) and network errors are retried with jittered exponential backoff.
- The path of a Slack webhook URL is its secret: errors and logs name only scheme and host, never the path or
  the payload. At most 64 KB of a response is read, then discarded.
"""

from __future__ import annotations

import http.client
import ipaddress
import math
import random
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policy_engine.jsonio import dumps
from policy_engine.models.org_policy import check_url_rules
from policy_engine.observability import logger

MAX_BODY_BYTES = 64 * 1024
MAX_SLEEP_SECONDS = 10.0
HEADERS = {"Content-Type": "application/json", "User-Agent": "policy-governance-webhook/1"}


class WebhookError(Exception):
    """The webhook could not be delivered after every attempt (or was refused before sending)."""


@dataclass(frozen=True)
class WebhookOptions:
    timeout_seconds: float = 5.0
    attempts: int = 3
    backoff_seconds: float = 0.5
    allow_loopback: bool = False
    allowed_hosts: frozenset[str] = frozenset({"hooks.slack.com"})


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    origin: str  # scheme://host[:port], safe to name in errors and logs


def _check_url(url: str, options: WebhookOptions) -> _Target:
    try:
        parts = check_url_rules(url, allowed_hosts=options.allowed_hosts, allow_loopback=options.allow_loopback)
    except ValueError as exc:
        raise WebhookError(f"the webhook URL is refused: {exc}") from None
    host = (parts.hostname or "").lower().rstrip(".")
    origin = f"{parts.scheme}://{parts.netloc}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, host, parts.port or (443 if parts.scheme == "https" else 80), path, origin)


def _vetted_addresses(target: _Target, options: WebhookOptions) -> list[str]:
    """Every address the host resolves to; refused (permanently) if any of them is not global."""
    addresses: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not (address.is_global or (options.allow_loopback and address.is_loopback)):
            raise WebhookError(f"the webhook host {target.host} resolves to a non-public address")
        addresses.append(str(sockaddr[0]))
    if not addresses:
        raise WebhookError(f"the webhook host {target.host} did not resolve")
    return addresses


def _open_socket(addresses: Sequence[str], port: int, timeout: float | None) -> socket.socket:
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            error = exc
    raise error


class _VettedHTTPConnection(http.client.HTTPConnection):
    """Connects to an already vetted address; the Host header still names the host."""

    def __init__(self, host: str, port: int, addresses: Sequence[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        self.sock = _open_socket(self._addresses, self.port, self.timeout)


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to an already vetted address; TLS verifies the certificate and sends SNI for the host."""

    def __init__(self, host: str, port: int, addresses: Sequence[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        sock = _open_socket(self._addresses, self.port, self.timeout)
        try:
            self.sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _send_once(target: _Target, body: bytes, options: WebhookOptions) -> tuple[int, str | None]:
    addresses = _vetted_addresses(target, options)
    kind = _VettedHTTPSConnection if target.scheme == "https" else _VettedHTTPConnection
    connection = kind(target.host, target.port, addresses, options.timeout_seconds)
    try:
        connection.request("POST", target.path, body=body, headers=HEADERS)
        response = connection.getresponse()
        response.read(MAX_BODY_BYTES)
        return response.status, response.getheader("Retry-After")
    finally:
        connection.close()


def _retry_after(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return min(seconds, MAX_SLEEP_SECONDS) if math.isfinite(seconds) and seconds >= 0 else None


def post_json(
    url: str, payload: Mapping[str, Any], options: WebhookOptions, *, sleep: Callable[[float], None] = time.sleep
) -> int:
    """POST payload as JSON; returns the 2xx status. Raises WebhookError when it cannot be delivered."""
    target = _check_url(url, options)
    try:
        body = dumps(payload).encode()
    except (TypeError, ValueError):
        raise WebhookError("the webhook payload is not JSON serializable") from None
    attempts = max(1, options.attempts)
    last = "no attempt"
    for attempt in range(1, attempts + 1):
        delay = random.uniform(0, min(options.backoff_seconds * 2 ** (attempt - 1), MAX_SLEEP_SECONDS))  # noqa: S311
        extra: dict[str, Any] = {"host": target.host, "attempt": attempt}
        try:
            status, retry_after = _send_once(target, body, options)
        except (OSError, http.client.HTTPException) as exc:  # socket.timeout is an OSError
            last = type(exc).__name__
            logger.warning("webhook attempt failed", extra={**extra, "error_type": last})
        else:
            if 200 <= status < 300:
                return status
            logger.warning("webhook attempt failed", extra={**extra, "status": status})
            if 300 <= status < 400:
                raise WebhookError(f"{target.origin} answered {status}: redirects are not followed")
            if status != 429 and status < 500:
                raise WebhookError(f"{target.origin} answered {status}")
            last = f"HTTP {status}"
            honoured = _retry_after(retry_after) if status == 429 else None
            delay = delay if honoured is None else honoured
        if attempt < attempts:
            sleep(delay)
    raise WebhookError(f"{target.origin}: not delivered after {attempts} attempts (last: {last})")
