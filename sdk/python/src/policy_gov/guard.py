"""Evaluate before and after each model call, and act on the decision.

    guard = Guard(Client())
    request = guard.check({"model": "gpt-4o", "prompt": text})      # redacted or rewritten
    answer = call_the_model(request["prompt"])
    answer = guard.check_response("gpt-4o", answer)                  # or PolicyBlocked

A ``blocked`` verdict raises ``PolicyBlocked`` (with the decision); ``pending_approval`` raises
``ApprovalRequired`` (its ``approval_id``, ``wait()``, ``wait_and_retry()``); ``modified``
applies ``modified_request``. When the service cannot be reached the client's ``fail_mode``
decides (closed: blocked). ``AsyncGuard`` is the same over an ``AsyncClient``.

The provider wrappers (``wrap_openai``, ``wrap_anthropic``) express a provider request as
``Slot``s, one per text (a message's content or text part, a tool call's arguments), so that a
rewrite of ``messages[i]`` lands back on exactly the text it came from.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from policy_gov import models
from policy_gov.client import AsyncClient, Client
from policy_gov.errors import ApprovalRequired, PolicyBlocked, StreamBlocked

__all__ = ["AsyncGuard", "Guard", "Slot", "StreamState"]

CONTEXT_FIELDS = ("environment", "end_user_id", "connection_id", "metadata", "api_key_prefix")
PIECE_JOIN = "\n\n"


@dataclass
class Slot:
    """One text of a provider request, with how to write a rewrite back (and, for system texts,
    how to drop it when a ``system_prompt`` replace leaves a single system message)."""

    role: str
    text: str
    set: Callable[[str], None]
    delete: Callable[[], None] | None = None


@dataclass
class Defaults:
    """Request fields every evaluation carries (conditions and rules read them)."""

    environment: str | None = None
    end_user_id: str | None = None
    connection_id: str | None = None
    metadata: Mapping[str, str | int | float | bool | None] | None = None
    api_key_prefix: str | None = None

    def fields(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in CONTEXT_FIELDS}
        if out["metadata"] is not None:
            out["metadata"] = dict(out["metadata"])
        return {k: v for k, v in out.items() if v is not None}


def outcome(decision: models.Decision, stage: str, waiter: Any, retry: Any) -> models.ModifiedRequest | None:
    """Raise for blocked and pending_approval; the rewrite to apply for modified; else None."""
    if decision.verdict == "blocked":
        raise PolicyBlocked(decision, stage=stage)
    if decision.verdict == "pending_approval":
        raise ApprovalRequired(decision, stage=stage, waiter=waiter, retry=retry)
    if decision.verdict == "modified":
        return decision.modified_request
    return None


def request_payload(
    model: str,
    slots: list[Slot],
    defaults: Defaults,
    *,
    max_tokens: int | None = None,
    approval_id: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    messages = [{"role": s.role, "content": s.text} for s in slots]
    payload: dict[str, Any] = {"model": model, **defaults.fields(), **(extra or {})}
    if messages:
        payload["messages"] = messages
    else:
        payload["prompt"] = ""
    if max_tokens is not None:
        payload["max_tokens"] = max_tokens
    if approval_id is not None:
        payload["approval_id"] = approval_id
    return payload


def response_payload(model: str, text: str, defaults: Defaults, *, dry_run: bool = False) -> dict[str, Any]:
    """A response-stage evaluation: the response alone, so request rules (cost, approvals) do not fire again."""
    payload: dict[str, Any] = {"model": model, "response": text, **defaults.fields()}
    payload.pop("api_key_prefix", None)
    if dry_run:
        payload["dry_run"] = True
    return payload


def apply_messages(slots: list[Slot], rewritten: list[models.Message], insert_system: Callable[[str], None]) -> None:
    """Write ``modified_request.messages`` back onto the slots they were built from.

    The engine keeps the order and count of messages, except for ``system_prompt``: it inserts
    one system message at the front when there was none, and ``replace`` drops every system
    message but the first."""
    texts = [(m.role, m.content) for m in rewritten]
    if len(texts) == len(slots) + 1 and texts[0][0] == "system":
        insert_system(texts[0][1])
        texts = texts[1:]
    elif len(texts) < len(slots):
        systems = [i for i, s in enumerate(slots) if s.role == "system"]
        dropped = set(systems[1:])
        if len(slots) - len(dropped) != len(texts):
            raise ValueError("the rewritten messages do not match the request")
        for i in sorted(dropped, reverse=True):
            delete = slots[i].delete
            if delete is None:
                raise ValueError("a rewrite drops a text this request cannot lose")
            delete()
        slots = [s for i, s in enumerate(slots) if i not in dropped]
    if len(texts) != len(slots):
        raise ValueError("the rewritten messages do not match the request")
    for slot, (_, text) in zip(slots, texts, strict=True):
        if text != slot.text:
            slot.set(text)


def tool_input_setter(target: dict[str, Any], key: str) -> Callable[[str], None]:
    """A setter for a tool call's input kept as a JSON object: the rewrite must stay JSON."""

    def set_input(text: str) -> None:
        target[key] = json.loads(text)

    return set_input


class _GuardBase:
    def __init__(
        self,
        *,
        environment: str | None = None,
        end_user_id: str | None = None,
        connection_id: str | None = None,
        metadata: Mapping[str, str | int | float | bool | None] | None = None,
        api_key_prefix: str | None = None,
        check_responses: bool = True,
        stream_check_chars: int = 200,
        stream_holdback_chars: int = 64,
    ) -> None:
        if stream_check_chars < 1 or stream_holdback_chars < 0:
            raise ValueError("stream_check_chars must be >= 1 and stream_holdback_chars >= 0")
        self.defaults = Defaults(environment, end_user_id, connection_id, metadata, api_key_prefix)
        self.check_responses = check_responses
        self.stream_check_chars = stream_check_chars
        self.stream_holdback_chars = stream_holdback_chars

    def new_stream_state(self, *, rewrites: bool = True) -> StreamState:
        return StreamState(self.stream_check_chars, self.stream_holdback_chars, can_rewrite=rewrites)

    @staticmethod
    def _applied(request: Mapping[str, Any], rewrite: models.ModifiedRequest | None) -> dict[str, Any]:
        out = dict(request)
        if rewrite is None:
            return out
        if rewrite.messages is not None:
            out.pop("prompt", None)
            out["messages"] = [m.model_dump(mode="json") for m in rewrite.messages]
        elif rewrite.prompt is not None:
            out["prompt"] = rewrite.prompt
        if rewrite.max_tokens is not None:
            out["max_tokens"] = rewrite.max_tokens
        if rewrite.response is not None:
            out["response"] = rewrite.response
        return out


class Guard(_GuardBase):
    """Checks calls through a ``Client``. Options: the request fields every evaluation carries
    (``environment``, ``end_user_id``, ``connection_id``, ``metadata``, ``api_key_prefix``);
    ``check_responses``; for streams, ``stream_check_chars`` (check after this many new
    characters) and ``stream_holdback_chars`` (checked text kept back until more arrives, so a
    match split across a check boundary is still caught before it is delivered)."""

    def __init__(self, client: Client, **options: Any) -> None:
        super().__init__(**options)
        self.client = client

    def check(
        self, request: models.EvaluateRequest | Mapping[str, Any], *, stage: str = "request", retry: Any = None
    ) -> dict[str, Any]:
        """Evaluate an EvaluateRequest; return it with ``modified_request`` applied, or raise."""
        body = request.model_dump(mode="json", exclude_none=True) if isinstance(request, BaseModel) else request
        body = {**self.defaults.fields(), **body}
        rewrite = outcome(self.client.evaluate(body), stage, self.client, retry)
        return self._applied(body, rewrite)

    def check_response(self, model: str, text: str, *, retry: Any = None) -> str:
        """Evaluate a model's answer (response stage); return it, redacted if a rule says so, or raise."""
        rewrite = outcome(
            self.client.evaluate(response_payload(model, text, self.defaults)), "response", self.client, retry
        )
        return rewrite.response if rewrite is not None and rewrite.response is not None else text

    def check_slots(
        self,
        model: str,
        slots: list[Slot],
        insert_system: Callable[[str], None],
        *,
        max_tokens: int | None = None,
        approval_id: str | None = None,
        retry: Any = None,
    ) -> int | None:
        """Request stage for a provider request; rewrites the slots in place. Returns the clamped
        ``max_tokens`` when a rule lowered it."""
        payload = request_payload(model, slots, self.defaults, max_tokens=max_tokens, approval_id=approval_id)
        rewrite = outcome(self.client.evaluate(payload), "request", self.client, retry)
        return _apply_slots(slots, rewrite, insert_system)

    def check_pieces(self, model: str, pieces: list[Slot], *, retry: Any = None) -> None:
        """Response stage over a response's texts (contents, tool call arguments); rewrites in place."""
        texts = [p for p in pieces if p.text]
        if not self.check_responses or not texts:
            return
        joined = PIECE_JOIN.join(p.text for p in texts)
        decision = self.client.evaluate(response_payload(model, joined, self.defaults))
        rewrite = outcome(decision, "response", self.client, retry)
        if rewrite is None or rewrite.response is None:
            return
        if len(texts) == 1:
            texts[0].set(rewrite.response)
            return
        for piece in texts:  # which piece changed: each on its own, storing nothing more
            each = outcome(
                self.client.evaluate(response_payload(model, piece.text, self.defaults, dry_run=True)),
                "response",
                None,
                None,
            )
            if each is not None and each.response is not None:
                piece.set(each.response)

    def stream_check(self, model: str, state: StreamState, *, final: bool) -> list[Any]:
        decision = self.client.evaluate(response_payload(model, state.text(), self.defaults, dry_run=not final))
        return state.release(decision, final=final)


class AsyncGuard(_GuardBase):
    """``Guard`` over an ``AsyncClient``: the same checks, awaited."""

    def __init__(self, client: AsyncClient, **options: Any) -> None:
        super().__init__(**options)
        self.client = client

    async def check(
        self, request: models.EvaluateRequest | Mapping[str, Any], *, stage: str = "request", retry: Any = None
    ) -> dict[str, Any]:
        body = request.model_dump(mode="json", exclude_none=True) if isinstance(request, BaseModel) else request
        body = {**self.defaults.fields(), **body}
        rewrite = outcome(await self.client.evaluate(body), stage, self.client, retry)
        return self._applied(body, rewrite)

    async def check_response(self, model: str, text: str, *, retry: Any = None) -> str:
        decision = await self.client.evaluate(response_payload(model, text, self.defaults))
        rewrite = outcome(decision, "response", self.client, retry)
        return rewrite.response if rewrite is not None and rewrite.response is not None else text

    async def check_slots(
        self,
        model: str,
        slots: list[Slot],
        insert_system: Callable[[str], None],
        *,
        max_tokens: int | None = None,
        approval_id: str | None = None,
        retry: Any = None,
    ) -> int | None:
        payload = request_payload(model, slots, self.defaults, max_tokens=max_tokens, approval_id=approval_id)
        rewrite = outcome(await self.client.evaluate(payload), "request", self.client, retry)
        return _apply_slots(slots, rewrite, insert_system)

    async def check_pieces(self, model: str, pieces: list[Slot], *, retry: Any = None) -> None:
        texts = [p for p in pieces if p.text]
        if not self.check_responses or not texts:
            return
        joined = PIECE_JOIN.join(p.text for p in texts)
        decision = await self.client.evaluate(response_payload(model, joined, self.defaults))
        rewrite = outcome(decision, "response", self.client, retry)
        if rewrite is None or rewrite.response is None:
            return
        if len(texts) == 1:
            texts[0].set(rewrite.response)
            return
        for piece in texts:
            each_decision = await self.client.evaluate(response_payload(model, piece.text, self.defaults, dry_run=True))
            each = outcome(each_decision, "response", None, None)
            if each is not None and each.response is not None:
                piece.set(each.response)

    async def stream_check(self, model: str, state: StreamState, *, final: bool) -> list[Any]:
        decision = await self.client.evaluate(response_payload(model, state.text(), self.defaults, dry_run=not final))
        return state.release(decision, final=final)


def _apply_slots(
    slots: list[Slot], rewrite: models.ModifiedRequest | None, insert_system: Callable[[str], None]
) -> int | None:
    if rewrite is None:
        return None
    if rewrite.messages is not None:
        apply_messages(slots, rewrite.messages, insert_system)
    return rewrite.max_tokens


@dataclass
class _Held:
    chunk: Any
    deltas: list[tuple[Any, str, Callable[[str], None]]]  # (piece key, text, setter)

    @property
    def size(self) -> int:
        return sum(len(t) for _, t, _ in self.deltas)


@dataclass
class StreamState:
    """A streamed response's text so far and the chunks not yet delivered.

    Chunks are held until a check has covered their text; ``check_every`` new characters trigger a
    check over the whole text so far (a dry run: nothing stored), the end of the stream a final one
    (stored). Allowed text is delivered except the last ``holdback`` characters, which wait for the
    next check. A block, a hold for approval, or a rewrite of text already delivered stops the
    stream with ``StreamBlocked``; a redaction of undelivered text is applied to the held chunks."""

    check_every: int
    holdback: int
    can_rewrite: bool = True  # False: the provider's stream repeats the whole text later, unrewritable
    pieces: dict[Any, str] = field(default_factory=dict)
    held: list[_Held] = field(default_factory=list)
    unchecked: int = 0
    delivered: str = ""  # what the caller has seen of a single-text response (after rewrites)
    rewritten: bool = False

    def text(self) -> str:
        return PIECE_JOIN.join(t for t in self.pieces.values() if t)

    def add(self, chunk: Any, deltas: list[tuple[Any, str, Callable[[str], None]]]) -> bool:
        """Hold a chunk; True when enough new text has come to check."""
        for key, text, _ in deltas:
            self.pieces[key] = self.pieces.get(key, "") + text
            self.unchecked += len(text)
        self.held.append(_Held(chunk, deltas))
        return self.unchecked >= self.check_every

    def release(self, decision: models.Decision, *, final: bool) -> list[Any]:
        """The chunks the decision lets through now (raises ``StreamBlocked`` to stop the stream)."""
        self.unchecked = 0
        if decision.verdict in ("blocked", "pending_approval"):
            self.held.clear()
            raise StreamBlocked(decision, stage="response", reason=f"stream stopped: response {decision.verdict}")
        rewrite = decision.modified_request.response if decision.modified_request is not None else None
        if decision.verdict == "modified" and rewrite is not None:
            return self._release_rewritten(decision, rewrite)
        out: list[Any] = []
        remaining = sum(h.size for h in self.held)
        while self.held and (final or remaining - self.held[0].size >= self.holdback):
            entry = self.held.pop(0)
            remaining -= entry.size
            self.delivered += "".join(t for _, t, _ in entry.deltas)
            out.append(entry.chunk)
        return out

    def _release_rewritten(self, decision: models.Decision, rewrite: str) -> list[Any]:
        keys = [k for k, t in self.pieces.items() if t]
        if not self.can_rewrite or len(keys) != 1 or not rewrite.startswith(self.delivered):
            self.held.clear()
            raise StreamBlocked(
                decision,
                stage="response",
                reason="stream stopped: the response needs a rewrite this stream cannot carry",
            )
        new, first = rewrite[len(self.delivered) :], True
        for entry in self.held:
            for _, _, setter in entry.deltas:
                setter(new if first else "")
                first = False
        self.delivered, self.rewritten = rewrite, True
        out = [e.chunk for e in self.held]
        self.held.clear()
        return out
