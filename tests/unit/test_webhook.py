"""The outbound webhook poster: real HTTP(S) on 127.0.0.1, retries, no redirects, and SSRF refusals."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from policy_engine import webhook
from policy_engine.webhook import WebhookError, WebhookOptions, post_json

SECRET_PATH = "/services/T000/B000/SECRET123"
LOCAL = WebhookOptions(timeout_seconds=2.0, attempts=3, backoff_seconds=0.01, allow_loopback=True)
PAYLOAD: dict[str, Any] = {"text": "policy alert: PII blocked", "blocks": [{"type": "section", "n": 1}]}


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A ThreadingHTTPServer on 127.0.0.1 answering with `replies` in order (the last one repeats)."""

    def __init__(self, replies: list[Reply], stop: threading.Event, tls: ssl.SSLContext | None) -> None:
        self.requests: list[Received] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append(Received(self.path, dict(self.headers), body))
                reply = replies[min(len(receiver.requests), len(replies)) - 1]
                if reply.delay:
                    stop.wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def url(self, path: str = SECRET_PATH, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Receiver]]:
    stop = threading.Event()
    receivers: list[Receiver] = []

    def start(*replies: Reply, tls: ssl.SSLContext | None = None) -> Receiver:
        receivers.append(Receiver(list(replies), stop, tls))
        return receivers[-1]

    yield start
    stop.set()
    for receiver in receivers:
        receiver.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Records (and fails) every connection attempt, so a refusal can be shown to happen before any."""
    attempts: list[tuple[Any, ...]] = []

    def create_connection(*args: Any, **kwargs: Any) -> socket.socket:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(webhook.socket, "create_connection", create_connection)
    return attempts


def resolve_to(monkeypatch: pytest.MonkeyPatch, *addresses: str) -> list[str]:
    """Makes every name resolve to `addresses`; returns the list of names looked up."""
    lookups: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        lookups.append(host)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(webhook.socket, "getaddrinfo", getaddrinfo)
    return lookups


def make_tls(directory: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext, list[str | None]]:
    """A self-signed certificate for `name`: (server context, client context trusting it, SNI names seen)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / f"{name}.pem", directory / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file, key_file)
    sni: list[str | None] = []
    server.sni_callback = lambda _sock, server_name, _ctx: sni.append(server_name)
    return server, ssl.create_default_context(cafile=str(cert_file)), sni


def test_delivers_the_json_payload(serve: Callable[..., Receiver]) -> None:
    # Given a receiver that answers 200
    receiver = serve(Reply(200))
    sleeps: list[float] = []
    # When the payload is posted
    status = post_json(receiver.url(), PAYLOAD, LOCAL, sleep=sleeps.append)
    # Then it arrives once, exactly, as JSON, with our User-Agent
    assert status == 200
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == SECRET_PATH
    assert json.loads(request.body) == PAYLOAD
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "policy-governance-webhook/1"
    assert sleeps == []


def test_connects_to_the_vetted_address_with_the_hostname_in_host(
    serve: Callable[..., Receiver], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a name that resolves to the receiver's loopback address
    receiver = serve(Reply(204))
    lookups = resolve_to(monkeypatch, "127.0.0.1")
    # When posting to it by name
    status = post_json(receiver.url(host="localhost"), PAYLOAD, LOCAL)
    # Then the name was resolved once (no second lookup to rebind: the connection only looked up the vetted
    # IP literal, which needs no DNS) and the Host header names the host
    assert status == 204
    assert lookups == ["localhost", "127.0.0.1"]
    assert receiver.requests[0].headers["Host"] == f"localhost:{receiver.port}"


def test_https_verifies_the_certificate_and_sends_sni_for_the_hostname(
    serve: Callable[..., Receiver], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a TLS receiver whose certificate names "localhost", reached through the vetted 127.0.0.1
    server_tls, client_tls, sni = make_tls(tmp_path, "localhost")
    receiver = serve(Reply(200), tls=server_tls)
    resolve_to(monkeypatch, "127.0.0.1")
    monkeypatch.setattr(webhook.ssl, "create_default_context", lambda: client_tls)
    # When posting over https
    status = post_json(receiver.url(host="localhost", scheme="https"), PAYLOAD, LOCAL)
    # Then the certificate was verified for the hostname (not the IP) and SNI named it
    assert status == 200
    assert sni == ["localhost"]
    assert json.loads(receiver.requests[0].body) == PAYLOAD


def test_https_refuses_a_certificate_for_another_name(
    serve: Callable[..., Receiver], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a TLS receiver whose (trusted) certificate names another host
    server_tls, client_tls, _ = make_tls(tmp_path, "other.test")
    receiver = serve(Reply(200), tls=server_tls)
    resolve_to(monkeypatch, "127.0.0.1")
    monkeypatch.setattr(webhook.ssl, "create_default_context", lambda: client_tls)
    # When posting to https://localhost
    with pytest.raises(WebhookError, match="SSLCertVerificationError") as error:
        post_json(receiver.url(host="localhost", scheme="https"), PAYLOAD, LOCAL, sleep=lambda _: None)
    # Then nothing was delivered
    assert receiver.requests == []
    assert "SECRET123" not in str(error.value)


def test_retries_a_500_then_succeeds(serve: Callable[..., Receiver]) -> None:
    # Given a receiver that fails once with 500, then answers 200
    receiver = serve(Reply(500), Reply(200))
    sleeps: list[float] = []
    # When the payload is posted
    status = post_json(receiver.url(), PAYLOAD, LOCAL, sleep=sleeps.append)
    # Then it was sent twice, with one jittered backoff between
    assert status == 200
    assert len(receiver.requests) == 2
    assert len(sleeps) == 1
    assert 0 <= sleeps[0] <= LOCAL.backoff_seconds


@pytest.mark.parametrize(("retry_after", "expected"), [("2", 2), ("3600", 10)])
def test_429_honours_retry_after_capped_at_10s(
    serve: Callable[..., Receiver], retry_after: str, expected: float
) -> None:
    # Given a receiver that rate-limits once with Retry-After
    receiver = serve(Reply(429, {"Retry-After": retry_after}), Reply(200))
    sleeps: list[float] = []
    # When the payload is posted
    status = post_json(receiver.url(), PAYLOAD, LOCAL, sleep=sleeps.append)
    # Then the wait is the Retry-After, capped at 10 s
    assert status == 200
    assert sleeps == [expected]
    assert len(receiver.requests) == 2


def test_gives_up_after_every_attempt_on_a_persistent_503(
    serve: Callable[..., Receiver], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a receiver that always answers 503, and a record of the warnings logged
    receiver = serve(Reply(503))
    warnings: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(webhook.logger, "warning", lambda message, extra: warnings.append((message, extra)))
    sleeps: list[float] = []
    options = WebhookOptions(attempts=4, backoff_seconds=1.0, allow_loopback=True)
    # When the payload is posted
    with pytest.raises(WebhookError, match="HTTP 503") as error:
        post_json(receiver.url(), PAYLOAD, options, sleep=sleeps.append)
    # Then exactly `attempts` requests were made, with capped exponential backoff between, and one warning
    # each that names the host but neither the URL path nor the payload
    assert len(receiver.requests) == 4
    assert len(sleeps) == 3
    assert all(0 <= s <= 2**i for i, s in enumerate(sleeps))
    assert [extra for _, extra in warnings] == [{"host": "127.0.0.1", "attempt": n, "status": 503} for n in range(1, 5)]
    assert "SECRET123" not in str(error.value)
    assert "SECRET123" not in repr(warnings)
    assert "PII blocked" not in repr(warnings)


def test_backoff_is_capped_at_10s(serve: Callable[..., Receiver]) -> None:
    # Given a huge backoff base and a receiver that always fails
    receiver = serve(Reply(502))
    sleeps: list[float] = []
    options = WebhookOptions(attempts=3, backoff_seconds=1000.0, allow_loopback=True)
    # When the payload is posted
    with pytest.raises(WebhookError):
        post_json(receiver.url(), PAYLOAD, options, sleep=sleeps.append)
    # Then no single wait exceeds 10 s
    assert len(sleeps) == 2
    assert all(0 <= s <= 10 for s in sleeps)


def test_a_redirect_is_not_followed(serve: Callable[..., Receiver]) -> None:
    # Given a receiver that redirects to another receiver
    target = serve(Reply(200))
    redirector = serve(Reply(302, {"Location": target.url("/landing")}))
    sleeps: list[float] = []
    # When the payload is posted
    with pytest.raises(WebhookError, match="redirects are not followed") as error:
        post_json(redirector.url(), PAYLOAD, LOCAL, sleep=sleeps.append)
    # Then it failed at once, and the redirect target received nothing
    assert len(redirector.requests) == 1
    assert target.requests == []
    assert sleeps == []
    assert "SECRET123" not in str(error.value)


def test_a_404_is_not_retried(serve: Callable[..., Receiver]) -> None:
    # Given a receiver that answers 404
    receiver = serve(Reply(404))
    sleeps: list[float] = []
    # When the payload is posted
    with pytest.raises(WebhookError, match="404") as error:
        post_json(receiver.url(), PAYLOAD, LOCAL, sleep=sleeps.append)
    # Then it was sent once only, and the error does not reveal the path
    assert len(receiver.requests) == 1
    assert sleeps == []
    assert "SECRET123" not in str(error.value)


def test_a_timeout_is_retried_then_fails(serve: Callable[..., Receiver]) -> None:
    # Given a receiver slower than the timeout
    receiver = serve(Reply(200, delay=2.0))
    options = WebhookOptions(timeout_seconds=0.3, attempts=2, backoff_seconds=0.01, allow_loopback=True)
    sleeps: list[float] = []
    # When the payload is posted
    with pytest.raises(WebhookError, match="TimeoutError") as error:
        post_json(receiver.url(), PAYLOAD, options, sleep=sleeps.append)
    # Then both attempts timed out
    assert len(receiver.requests) == 2
    assert len(sleeps) == 1
    assert "SECRET123" not in str(error.value)


def test_a_connection_error_is_retried(no_network: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an allowed host whose connections fail
    resolve_to(monkeypatch, "1.1.1.1", "2606:4700::1111")
    sleeps: list[float] = []
    # When posting
    with pytest.raises(WebhookError, match=r"https://hooks\.slack\.com: not delivered after 3 attempts") as error:
        post_json("https://hooks.slack.com" + SECRET_PATH, PAYLOAD, WebhookOptions(), sleep=sleeps.append)
    # Then each attempt tried every vetted address, on port 443, and the error names the error type
    assert [args[0] for args in no_network] == [("1.1.1.1", 443), ("2606:4700::1111", 443)] * 3
    assert len(sleeps) == 2
    assert "OSError" in str(error.value)
    assert "SECRET123" not in str(error.value)


@pytest.mark.parametrize(
    ("url", "options"),
    [
        pytest.param("http://hooks.slack.com" + SECRET_PATH, WebhookOptions(), id="http"),
        pytest.param("https://evil.example.com" + SECRET_PATH, WebhookOptions(), id="host-not-allowed"),
        pytest.param("https://127.0.0.1" + SECRET_PATH, WebhookOptions(), id="loopback-v4"),
        pytest.param("https://localhost" + SECRET_PATH, WebhookOptions(), id="localhost"),
        pytest.param("https://10.0.0.1" + SECRET_PATH, WebhookOptions(), id="private"),
        pytest.param("https://169.254.169.254/latest/meta-data/SECRET123", WebhookOptions(), id="metadata"),
        pytest.param("https://[::1]" + SECRET_PATH, WebhookOptions(), id="loopback-v6"),
        pytest.param("http://127.0.0.1:8080" + SECRET_PATH, WebhookOptions(), id="http-loopback"),
        # allowlisted by mistake: the address check still refuses them
        pytest.param("https://127.0.0.1" + SECRET_PATH, WebhookOptions(allowed_hosts=frozenset({"127.0.0.1"}))),
        pytest.param("https://localhost" + SECRET_PATH, WebhookOptions(allowed_hosts=frozenset({"localhost"}))),
        pytest.param("https://10.0.0.1" + SECRET_PATH, WebhookOptions(allowed_hosts=frozenset({"10.0.0.1"}))),
        pytest.param("https://[::1]" + SECRET_PATH, WebhookOptions(allowed_hosts=frozenset({"::1"}))),
        pytest.param("https://169.254.169.254/SECRET123", WebhookOptions(allowed_hosts=frozenset({"169.254.169.254"}))),
        pytest.param("https://user:pa55word@hooks.slack.com" + SECRET_PATH, WebhookOptions(), id="userinfo"),
        pytest.param("https://hooks.slack.com@evil.example.com" + SECRET_PATH, WebhookOptions(), id="userinfo-2"),
        pytest.param("https://hooks.slack.com:8443" + SECRET_PATH, WebhookOptions(), id="port"),
        pytest.param("https://hooks.slack.com:99999" + SECRET_PATH, WebhookOptions(), id="bad-port"),
        pytest.param("ftp://hooks.slack.com" + SECRET_PATH, WebhookOptions(allow_loopback=True), id="ftp"),
        pytest.param("https:///services/SECRET123", WebhookOptions(), id="no-host"),
    ],
)
def test_refused_before_any_attempt(url: str, options: WebhookOptions, no_network: list[tuple[Any, ...]]) -> None:
    # Given a URL that breaks a rule (scheme, allowlist, address, credentials, port)
    sleeps: list[float] = []
    # When posting to it
    with pytest.raises(WebhookError) as error:
        post_json(url, PAYLOAD, options, sleep=sleeps.append)
    # Then it is refused at once: no connection, no retry, and the path and password stay secret
    assert no_network == []
    assert sleeps == []
    assert "SECRET123" not in str(error.value)
    assert "pa55word" not in str(error.value)


@pytest.mark.parametrize(
    ("addresses", "allow_loopback"),
    [
        pytest.param(("10.1.2.3",), False, id="private"),
        pytest.param(("10.1.2.3",), True, id="private-local-stack"),
        pytest.param(("169.254.169.254",), False, id="link-local"),
        pytest.param(("127.0.0.1",), False, id="loopback"),
        pytest.param(("::ffff:10.1.2.3",), False, id="v4-mapped"),
        pytest.param(("fd00::1",), False, id="ula"),
        pytest.param(("8.8.8.8", "192.168.1.1"), False, id="any-private"),
    ],
)
def test_an_allowed_host_resolving_to_a_non_public_address_is_refused(
    addresses: tuple[str, ...],
    allow_loopback: bool,
    no_network: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an allowlisted host whose DNS answers a non-public address
    lookups = resolve_to(monkeypatch, *addresses)
    options = WebhookOptions(allow_loopback=allow_loopback, allowed_hosts=frozenset({"hooks.example.com"}))
    sleeps: list[float] = []
    # When posting to it
    with pytest.raises(WebhookError, match="non-public address") as error:
        post_json("https://hooks.example.com" + SECRET_PATH, PAYLOAD, options, sleep=sleeps.append)
    # Then it is refused after the lookup, with no connection attempted and no retry
    assert lookups == ["hooks.example.com"]
    assert no_network == []
    assert sleeps == []
    assert "SECRET123" not in str(error.value)


def test_a_payload_that_is_not_json_is_refused(no_network: list[tuple[Any, ...]]) -> None:
    # Given a payload with a value JSON cannot encode
    # When posting it
    with pytest.raises(WebhookError, match="not JSON serializable"):
        post_json("https://hooks.slack.com" + SECRET_PATH, {"when": object()}, WebhookOptions())
    # Then nothing was sent
    assert no_network == []
