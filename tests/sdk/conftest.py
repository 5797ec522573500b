"""The SDK against the real local stack, and fake OpenAI / Anthropic APIs served over HTTP on 127.0.0.1.

The fakes speak the providers' wire formats (JSON bodies; server-sent events for ``stream: true``:
OpenAI's ``data: <chunk>`` lines ending in ``data: [DONE]``, Anthropic's named events
``message_start`` ... ``message_stop``) and record every request they receive, so a test sees
exactly what would have left for the model.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.e2e.conftest import RunningStack, start_stack, stop_stack

# One policy set for the module's org; each test uses words of its own.
POLICIES = [
    {"name": "sdk: redact email", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]},
    {
        "name": "sdk: launch codes never leave",
        "rules": [
            {"type": "banned_patterns", "action": "block", "patterns": ["(?i)launch codes"], "targets": ["prompt"]}
        ],
    },
    {
        "name": "sdk: nightingale never comes back",
        "rules": [
            {
                "type": "banned_patterns",
                "action": "block",
                "patterns": ["(?i)project nightingale"],
                "targets": ["response"],
            }
        ],
    },
    {
        "name": "sdk: wire transfers need a reviewer",
        "rules": [
            {
                "type": "banned_patterns",
                "action": "require_approval",
                "patterns": ["(?i)wire transfer"],
                "targets": ["prompt"],
            }
        ],
    },
]


@pytest.fixture(scope="session")
def gov(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The local stack (template.yaml over HTTP), policy cache off so writes apply at once, seeded with POLICIES."""
    running = start_stack(tmp_path_factory.mktemp("sdk-stack"), "--parameter-overrides", "PolicyCacheSeconds=0")
    try:
        for policy in POLICIES:
            reply = running.request("POST", "/v1/policies", body=policy)
            assert reply.status == 201, reply.body
        yield running
    finally:
        stop_stack(running)


@dataclass
class Recorded:
    path: str
    body: dict[str, Any]


@dataclass
class FakeLLM:
    """Fake OpenAI (``/v1/chat/completions``, ``/v1/responses``) and Anthropic (``/v1/messages``) APIs.

    ``reply`` is the answer's text (default: ``echo: `` + the last user text); ``tool_call``
    (name, arguments) makes the answer one call of that tool instead (OpenAI ``tool_calls``,
    Anthropic ``tool_use``). Streamed answers go out in ``chunk_chars``-character deltas (of a
    tool call: of its arguments' JSON)."""

    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    reply: str | None = None
    tool_call: tuple[str, dict[str, Any]] | None = None
    chunk_chars: int = 8
    delivered_chunks: int = 0

    def last(self) -> dict[str, Any]:
        return self.requests[-1].body

    def answer(self, body: dict[str, Any]) -> str:
        if self.reply is not None:
            return self.reply
        messages = body.get("messages") or body.get("input") or []
        if isinstance(messages, str):
            return f"echo: {messages}"
        last = messages[-1]["content"] if messages else ""
        if isinstance(last, list):
            last = " ".join(p.get("text", "") for p in last if isinstance(p, dict))
        return f"echo: {last}"


def _openai_chunks(text: str, size: int, model: str) -> Iterator[dict[str, Any]]:
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": model}
    yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}
    for i in range(0, len(text), size):
        yield {**base, "choices": [{"index": 0, "delta": {"content": text[i : i + size]}, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


TOOL_CALL_ID = "call_fake"


def _openai_tool_message(name: str, arguments: str) -> dict[str, Any]:
    call = {"id": TOOL_CALL_ID, "type": "function", "function": {"name": name, "arguments": arguments}}
    return {"role": "assistant", "content": None, "tool_calls": [call]}


def _openai_tool_chunks(name: str, arguments: str, size: int, model: str) -> Iterator[dict[str, Any]]:
    """A streamed tool call as OpenAI sends it: the call's id and name first, then its arguments in pieces."""
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": model}
    opening = {"index": 0, "id": TOOL_CALL_ID, "type": "function", "function": {"name": name, "arguments": ""}}
    delta = {"role": "assistant", "content": None, "tool_calls": [opening]}
    yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
    for i in range(0, len(arguments), size):
        piece = {"index": 0, "function": {"arguments": arguments[i : i + size]}}
        yield {**base, "choices": [{"index": 0, "delta": {"tool_calls": [piece]}, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}


def _anthropic_tool_block(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"type": "tool_use", "id": "toolu_fake", "name": name, "input": arguments}


def _anthropic_events(
    text: str, size: int, model: str, tool_call: tuple[str, dict[str, Any]] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    }
    yield "message_start", {"type": "message_start", "message": message}
    if tool_call is None:
        block: dict[str, Any] = {"type": "text", "text": ""}
        kind, key, streamed = "text_delta", "text", text
    else:
        block = _anthropic_tool_block(tool_call[0], {})
        kind, key, streamed = "input_json_delta", "partial_json", json.dumps(tool_call[1])
    yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": block}
    yield "ping", {"type": "ping"}
    for i in range(0, len(streamed), size):
        delta = {"type": kind, key: streamed[i : i + size]}
        yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn" if tool_call is None else "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 12},
        },
    )
    yield "message_stop", {"type": "message_stop"}


def _response_object(text: str, model: str, status: str = "completed") -> dict[str, Any]:
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "status": status,
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }
    return {
        "id": "resp_fake",
        "object": "response",
        "created_at": 1700000000,
        "model": model,
        "status": status,
        "output": [message] if text else [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
    }


def _responses_events(text: str, size: int, model: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The Responses API's stream: typed events, each named after its ``type``."""
    seq = iter(range(1_000_000))
    created = _response_object("", model, "in_progress")
    item = {"id": "msg_fake", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    part = {"type": "output_text", "text": "", "annotations": []}
    where = {"item_id": "msg_fake", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": created},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **where, "part": part},
    ]
    events += [
        {"type": "response.output_text.delta", **where, "delta": text[i : i + size], "logprobs": []}
        for i in range(0, len(text), size)
    ]
    done = _response_object(text, model)
    events += [
        {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **where, "part": {**part, "text": text}},
        {"type": "response.output_item.done", "output_index": 0, "item": done["output"][0]},
        {"type": "response.completed", "response": done},
    ]
    for event in events:
        yield event["type"], {**event, "sequence_number": next(seq)}


def _handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            fake.requests.append(Recorded(self.path, body))
            text, model = fake.answer(body), body.get("model", "")
            tool_call = fake.tool_call
            if self.path.endswith("/chat/completions") and tool_call is not None:
                name, arguments = tool_call[0], json.dumps(tool_call[1])
                if body.get("stream"):
                    self._sse((None, c) for c in _openai_tool_chunks(name, arguments, fake.chunk_chars, model))
                    return
                choice = {"index": 0, "message": _openai_tool_message(name, arguments), "finish_reason": "tool_calls"}
                self._json(
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": 1700000000,
                        "model": model,
                        "choices": [choice],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                    }
                )
            elif self.path.endswith("/chat/completions"):
                if body.get("stream"):
                    self._sse((None, c) for c in _openai_chunks(text, fake.chunk_chars, model))
                    return
                self._json(
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": 1700000000,
                        "model": model,
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                        ],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                    }
                )
            elif self.path.endswith("/responses"):
                if body.get("stream"):
                    self._sse(_responses_events(text, fake.chunk_chars, model))
                    return
                self._json(_response_object(text, model))
            elif self.path.endswith("/messages"):
                if body.get("stream"):
                    self._sse(_anthropic_events(text, fake.chunk_chars, model, tool_call))
                    return
                if tool_call is None:
                    content, stop = [{"type": "text", "text": text}], "end_turn"
                else:
                    content, stop = [_anthropic_tool_block(*tool_call)], "tool_use"
                self._json(
                    {
                        "id": "msg_fake",
                        "type": "message",
                        "role": "assistant",
                        "model": model,
                        "content": content,
                        "stop_reason": stop,
                        "stop_sequence": None,
                        "usage": {"input_tokens": 10, "output_tokens": 5},
                    }
                )
            else:
                self.send_error(404)

        def _json(self, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _sse(self, events: Iterator[tuple[str | None, dict[str, Any]]]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            openai = self.path.endswith("/chat/completions")
            try:
                for name, data in events:
                    head = f"event: {name}\n" if name else ""
                    self.wfile.write(f"{head}data: {json.dumps(data)}\n\n".encode())
                    self.wfile.flush()
                    fake.delivered_chunks += 1
                if openai:
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: a stopped stream
            self.close_connection = True

    return Handler


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@dataclass
class Flaky:
    """A reverse proxy to the stack that first answers ``failures`` (status, Retry-After) itself.

    ``stalls``: the next requests wait that many seconds each before being passed on (and
    are passed on even when the client has given up, as a slow service still acts on them);
    ``relayed`` records the status of each request the stack answered."""

    url: str
    failures: list[tuple[int, str | None]]
    arrivals: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)
    relayed: list[int] = field(default_factory=list)

    def wait_relayed(self, count: int, timeout: float = 15.0) -> None:
        """Until the stack has answered ``count`` requests (a stalled one included)."""
        deadline = time.monotonic() + timeout
        while len(self.relayed) < count:
            assert time.monotonic() < deadline, f"{len(self.relayed)} of {count} requests reached the stack"
            time.sleep(0.05)


@pytest.fixture
def flaky(gov: RunningStack) -> Iterator[Flaky]:
    import urllib.error
    import urllib.request

    state = Flaky("", [])

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _relay(self) -> None:
            state.arrivals.append(time.monotonic())
            data = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            if state.failures:
                status, retry_after = state.failures.pop(0)
                code = "rate_limited" if status == 429 else "internal"
                error = {"code": code, "message": "try later", "details": []}
                body = json.dumps({"error": error, "request_id": "flaky"}).encode()
                self.send_response(status)
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if state.stalls:
                time.sleep(state.stalls.pop(0))
            kept = ("authorization", "content-type", "if-match", "idempotency-key")
            headers = {k: v for k, v in self.headers.items() if k.lower() in kept}
            url = gov.api_url + self.path
            request = urllib.request.Request(url, data=data or None, headers=headers, method=self.command)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
            state.relayed.append(status)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client timed out and left

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _relay

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
