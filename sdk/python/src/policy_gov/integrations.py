"""Guard the official ``openai`` and ``anthropic`` clients, sync and async.

    client = wrap_openai(OpenAI(), Guard(Client()))
    client.chat.completions.create(model="gpt-4o", messages=[...])            # checked both ways

    claude = wrap_anthropic(AsyncAnthropic(), AsyncGuard(AsyncClient()))
    await claude.messages.create(model=..., max_tokens=..., messages=[...], stream=True)

The wrapper patches ``create`` on the given client (OpenAI: ``chat.completions`` and
``responses``; Anthropic: ``messages``) and returns the same client, so its type and every other
method stay as they are.
Before the call, every text (message contents and text parts, the system prompt, tool results,
tool call arguments) is evaluated; rewrites (redaction, truncation, system prompt, max_tokens)
are applied to a copy of the arguments, never to the caller's objects. After the call the
answer's texts (contents and tool call arguments) are evaluated at the response stage; a
redaction rewrites the returned object. ``stream=True`` returns a stream that delivers only
text the checks have covered (see ``StreamState``). A held call raises ``ApprovalRequired``,
whose ``wait_and_retry()`` sends it again with the approval; ``policy_approval_id=`` on
``create`` does the same by hand. Neither package is imported here: any version whose
``create`` takes these arguments works.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any, TypeVar

from policy_gov._wrap import Deltas, guard_create
from policy_gov.guard import AsyncGuard, Guard, Slot, tool_input_setter

__all__ = ["wrap_anthropic", "wrap_openai"]

C = TypeVar("C")
TEXT_PARTS = ("text", "input_text", "output_text")
OPENAI_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def _setter(target: Any, key: str) -> Callable[[str], None]:
    def set_value(text: str) -> None:
        if isinstance(target, dict):
            target[key] = text
        else:
            setattr(target, key, text)

    return set_value


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _content_slots(role: str, holder: dict[str, Any], key: str, drop: Callable[[], None]) -> list[Slot]:
    """Slots for a content that is a string or a list of parts (text parts only)."""
    content = holder.get(key)
    if isinstance(content, str):
        return [Slot(role, content, _setter(holder, key), drop)] if content else []
    if not isinstance(content, list):
        return []
    parts = [dict(p) if isinstance(p, dict) else p for p in content]
    holder[key] = parts
    slots = []
    for part in parts:
        if isinstance(part, dict) and part.get("type") in TEXT_PARTS and part.get("text"):

            def drop_part(part: dict[str, Any] = part) -> None:
                parts.remove(part)

            slots.append(Slot(role, part["text"], _setter(part, "text"), drop_part))
    return slots


class OpenAIChat:
    """``chat.completions.create``: messages, tool calls, max_tokens / max_completion_tokens."""

    def model(self, kwargs: dict[str, Any]) -> str:
        return str(kwargs.get("model") or "")

    def request_slots(self, kwargs: dict[str, Any]) -> tuple[list[Slot], Callable[[str], None]]:
        messages = [dict(m) for m in kwargs.get("messages") or []]
        kwargs["messages"] = messages
        slots: list[Slot] = []
        for message in messages:
            role = OPENAI_ROLES.get(str(message.get("role")), "tool")

            def drop(message: dict[str, Any] = message) -> None:
                messages.remove(message)

            slots.extend(_content_slots(role, message, "content", drop))
            if message.get("tool_calls"):
                calls = copy.deepcopy(message["tool_calls"])
                message["tool_calls"] = calls
                for call in calls:
                    function = call.get("function") or {}
                    if function.get("arguments"):
                        slots.append(Slot("assistant", function["arguments"], _setter(function, "arguments")))

        def insert_system(text: str) -> None:
            messages.insert(0, {"role": "system", "content": text})

        return slots, insert_system

    def max_tokens(self, kwargs: dict[str, Any]) -> int | None:
        value = kwargs.get("max_completion_tokens", kwargs.get("max_tokens"))
        return value if isinstance(value, int) else None

    def set_max_tokens(self, kwargs: dict[str, Any], value: int) -> None:
        kwargs["max_completion_tokens" if "max_completion_tokens" in kwargs else "max_tokens"] = value

    def response_pieces(self, response: Any) -> list[Slot] | None:
        choices = _get(response, "choices")
        if not isinstance(choices, list):
            return None
        pieces: list[Slot] = []
        for choice in choices:
            message = _get(choice, "message")
            if message is None:
                continue
            content = _get(message, "content")
            if isinstance(content, str):
                pieces.append(Slot("assistant", content, _setter(message, "content")))
            for call in _get(message, "tool_calls") or []:
                function = _get(call, "function")
                arguments = _get(function, "arguments") if function is not None else None
                if isinstance(arguments, str):
                    pieces.append(Slot("assistant", arguments, _setter(function, "arguments")))
        return pieces

    def chunk_deltas(self, chunk: Any) -> Deltas:
        deltas: Deltas = []
        for choice in _get(chunk, "choices") or []:
            delta = _get(choice, "delta")
            if delta is None:
                continue
            index = _get(choice, "index") or 0
            content = _get(delta, "content")
            if isinstance(content, str) and content:
                deltas.append(((index, "content"), content, _setter(delta, "content")))
            for call in _get(delta, "tool_calls") or []:
                function = _get(call, "function")
                arguments = _get(function, "arguments") if function is not None else None
                if isinstance(arguments, str) and arguments:
                    key = (index, "tool", _get(call, "index"))
                    deltas.append((key, arguments, _setter(function, "arguments")))
        return deltas


class AnthropicMessages:
    """``messages.create``: system, message contents and blocks (text, tool_use, tool_result)."""

    def model(self, kwargs: dict[str, Any]) -> str:
        return str(kwargs.get("model") or "")

    def request_slots(self, kwargs: dict[str, Any]) -> tuple[list[Slot], Callable[[str], None]]:
        slots: list[Slot] = []
        if kwargs.get("system"):

            def drop_system() -> None:
                kwargs.pop("system", None)

            slots.extend(_content_slots("system", kwargs, "system", drop_system))
        messages = [dict(m) for m in kwargs.get("messages") or []]
        kwargs["messages"] = messages
        for message in messages:
            role = "assistant" if message.get("role") == "assistant" else "user"
            content = message.get("content")
            if isinstance(content, str):
                slots.extend(_content_slots(role, message, "content", lambda: None))
                continue
            blocks = [dict(b) if isinstance(b, dict) else b for b in content or []]
            message["content"] = blocks
            for block in blocks:
                if not isinstance(block, dict):
                    continue
                kind = block.get("type")
                if kind == "text" and block.get("text"):
                    slots.append(Slot(role, block["text"], _setter(block, "text")))
                elif kind == "tool_use":
                    block["input"] = copy.deepcopy(block.get("input") or {})
                    slots.append(Slot("assistant", json.dumps(block["input"]), tool_input_setter(block, "input")))
                elif kind == "tool_result":
                    slots.extend(_content_slots("tool", block, "content", lambda: None))

        def insert_system(text: str) -> None:
            kwargs["system"] = text

        for slot in slots:  # an Anthropic request has one system prompt, never dropped
            if slot.role != "system":
                slot.delete = None
        return slots, insert_system

    def max_tokens(self, kwargs: dict[str, Any]) -> int | None:
        value = kwargs.get("max_tokens")
        return value if isinstance(value, int) else None

    def set_max_tokens(self, kwargs: dict[str, Any], value: int) -> None:
        kwargs["max_tokens"] = value

    def response_pieces(self, response: Any) -> list[Slot] | None:
        content = _get(response, "content")
        if not isinstance(content, list):
            return None
        pieces: list[Slot] = []
        for block in content:
            kind = _get(block, "type")
            if kind == "text":
                pieces.append(Slot("assistant", _get(block, "text") or "", _setter(block, "text")))
            elif kind == "tool_use":

                def set_input(text: str, block: Any = block) -> None:
                    if isinstance(block, dict):
                        block["input"] = json.loads(text)
                    else:
                        block.input = json.loads(text)

                pieces.append(Slot("assistant", json.dumps(_get(block, "input")), set_input))
        return pieces

    def chunk_deltas(self, chunk: Any) -> Deltas:
        if _get(chunk, "type") != "content_block_delta":
            return []
        delta = _get(chunk, "delta")
        index = _get(chunk, "index")
        kind = _get(delta, "type")
        if kind == "text_delta" and _get(delta, "text"):
            return [((index, "text"), _get(delta, "text"), _setter(delta, "text"))]
        if kind == "input_json_delta" and _get(delta, "partial_json"):
            return [((index, "json"), _get(delta, "partial_json"), _setter(delta, "partial_json"))]
        return []


class OpenAIResponses:
    """``responses.create``: instructions, input (a string or items: messages, function calls and
    their outputs), max_output_tokens. Its streams end with events that repeat the whole text
    (``response.output_text.done``, ``response.completed``), so a stream needing a redaction is
    stopped rather than rewritten."""

    stream_rewrites = False

    def model(self, kwargs: dict[str, Any]) -> str:
        return str(kwargs.get("model") or "")

    def request_slots(self, kwargs: dict[str, Any]) -> tuple[list[Slot], Callable[[str], None]]:
        slots: list[Slot] = []
        if isinstance(kwargs.get("instructions"), str) and kwargs["instructions"]:

            def drop_instructions() -> None:
                kwargs.pop("instructions", None)

            slots.append(Slot("system", kwargs["instructions"], _setter(kwargs, "instructions"), drop_instructions))
        source = kwargs.get("input")
        if isinstance(source, str):
            slots.extend(_content_slots("user", kwargs, "input", lambda: None))
        elif isinstance(source, list):
            items = [dict(i) if isinstance(i, dict) else i for i in source]
            kwargs["input"] = items
            for item in items:
                if not isinstance(item, dict):
                    continue
                kind = item.get("type")
                if kind == "function_call" and item.get("arguments"):
                    slots.append(Slot("assistant", item["arguments"], _setter(item, "arguments")))
                elif kind == "function_call_output" and isinstance(item.get("output"), str) and item["output"]:
                    slots.append(Slot("tool", item["output"], _setter(item, "output")))
                elif "role" in item:
                    role = OPENAI_ROLES.get(str(item.get("role")), "user")

                    def drop(item: dict[str, Any] = item) -> None:
                        items.remove(item)

                    slots.extend(_content_slots(role, item, "content", drop))

        def insert_system(text: str) -> None:
            kwargs["instructions"] = text

        return slots, insert_system

    def max_tokens(self, kwargs: dict[str, Any]) -> int | None:
        value = kwargs.get("max_output_tokens")
        return value if isinstance(value, int) else None

    def set_max_tokens(self, kwargs: dict[str, Any], value: int) -> None:
        kwargs["max_output_tokens"] = value

    def response_pieces(self, response: Any) -> list[Slot] | None:
        output = _get(response, "output")
        if not isinstance(output, list):
            return None
        pieces: list[Slot] = []
        for item in output:
            kind = _get(item, "type")
            if kind == "message":
                for part in _get(item, "content") or []:
                    if _get(part, "type") == "output_text" and isinstance(_get(part, "text"), str):
                        pieces.append(Slot("assistant", _get(part, "text"), _setter(part, "text")))
            elif kind == "function_call" and isinstance(_get(item, "arguments"), str):
                pieces.append(Slot("assistant", _get(item, "arguments"), _setter(item, "arguments")))
        return pieces

    def chunk_deltas(self, chunk: Any) -> Deltas:
        kind = _get(chunk, "type")
        delta = _get(chunk, "delta")
        if not isinstance(delta, str) or not delta:
            return []
        if kind == "response.output_text.delta":
            key = (_get(chunk, "output_index"), _get(chunk, "content_index"))
            return [(key, delta, _setter(chunk, "delta"))]
        if kind == "response.function_call_arguments.delta":
            return [((_get(chunk, "output_index"), "arguments"), delta, _setter(chunk, "delta"))]
        return []


def wrap_openai(client: C, guard: Guard | AsyncGuard) -> C:
    """Guard ``chat.completions.create`` and ``responses.create`` of an ``OpenAI`` or ``AsyncOpenAI`` client."""
    completions: Any = client.chat.completions  # type: ignore[attr-defined]
    completions.create = guard_create(completions.create, guard, OpenAIChat())
    responses: Any = getattr(client, "responses", None)
    if responses is not None:
        responses.create = guard_create(responses.create, guard, OpenAIResponses())
    return client


def wrap_anthropic(client: C, guard: Guard | AsyncGuard) -> C:
    """Guard ``client.messages.create`` of an ``Anthropic`` or ``AsyncAnthropic`` client."""
    messages: Any = client.messages  # type: ignore[attr-defined]
    messages.create = guard_create(messages.create, guard, AnthropicMessages())
    return client
