"""Portkey's webhook guardrail: its hook context judged as an evaluate, answered as a verdict.

- ``beforeRequestHook``: the texts of ``request.json`` are the request's messages: every
  string ``content`` and every ``text`` part of ``messages`` (OpenAI chat, Anthropic
  messages), Anthropic's ``system``, and a completion's ``prompt``; ``request.json.model``
  is the model, ``max_tokens`` the requested tokens.
- ``afterRequestHook``: the texts of ``response.json`` are the response: each choice's
  ``message.content`` (string or text parts) or ``text``, or Anthropic's ``content`` parts.
- ``metadata`` (Portkey's request metadata) is the request's metadata; its ``_user`` (else
  the body's ``user``) is ``end_user_id``, its ``approval_id`` redeems an approval.
- Answer: ``verdict`` false when the decision blocks or holds the call for approval;
  when a policy rewrote texts, ``transformedData`` holds the whole body with them in place
  (``request.json`` before the call, ``response.json`` after it), which Portkey sends on
  instead. ``data`` names the decision and, when refused, why. A call whose texts or model
  cannot be judged (over the evaluate request's limits) fails the check: Portkey would let an
  error answer through.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from policy_engine.caller import Caller
from policy_engine.errors import ValidationFailed
from policy_engine.logic import gateways
from policy_engine.logic.gateways import RESPONSE_JOIN, Unrepresentable
from policy_engine.models.evaluate import Decision, EvaluateRequest, Role
from policy_engine.models.integrations import (
    PortkeyBody,
    PortkeyDecisionData,
    PortkeyHookRequest,
    PortkeyTransformedData,
    PortkeyVerdict,
)

BEFORE = "beforeRequestHook"
ANTHROPIC_MESSAGES = "messages"  # Portkey's requestType of Anthropic's /v1/messages
USER_KEY = "_user"
APPROVAL_KEY = "approval_id"

Path = tuple[str | int, ...]
TEXT_ONLY: Path = ()  # a text Portkey sent without a body to put it back in


@dataclass(frozen=True)
class Slot:
    """One text of the body: where it sits, and the role of its message."""

    path: Path
    role: Role
    text: str


def _content_slots(content: Any, path: Path, role: Role) -> list[Slot]:
    if isinstance(content, str):
        return [Slot(path, role, content)]
    if isinstance(content, list):
        return [
            Slot((*path, j, "text"), role, part["text"])
            for j, part in enumerate(content)
            if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str)
        ]
    return []


def request_slots(body: dict[str, Any]) -> list[Slot]:
    slots = _content_slots(body.get("system"), ("system",), Role.SYSTEM)
    messages = body.get("messages")
    if isinstance(messages, list):
        for i, message in enumerate(messages):
            if isinstance(message, dict):
                role = gateways.role_of(message.get("role"))
                slots += _content_slots(message.get("content"), ("messages", i, "content"), role)
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        slots.append(Slot(("prompt",), Role.USER, prompt))
    elif isinstance(prompt, list):
        slots += [Slot(("prompt", i), Role.USER, p) for i, p in enumerate(prompt) if isinstance(p, str)]
    return slots


def response_slots(body: dict[str, Any]) -> list[Slot]:
    slots: list[Slot] = []
    choices = body.get("choices")
    if isinstance(choices, list):
        for i, choice in enumerate(choices):
            if not isinstance(choice, dict):
                continue
            message = choice.get("message")
            if isinstance(message, dict):
                slots += _content_slots(message.get("content"), ("choices", i, "message", "content"), Role.ASSISTANT)
            elif isinstance(choice.get("text"), str):
                slots.append(Slot(("choices", i, "text"), Role.ASSISTANT, choice["text"]))
    slots += _content_slots(body.get("content"), ("content",), Role.ASSISTANT)
    return slots


def _set(body: Any, path: Path, value: str) -> None:
    for step in path[:-1]:
        body = body[step]
    body[path[-1]] = value


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def to_evaluate(payload: PortkeyHookRequest, slots: list[Slot]) -> EvaluateRequest:
    body = payload.request.json_
    metadata = dict(payload.metadata)
    user = metadata.pop(USER_KEY, None)
    approval_id = metadata.pop(APPROVAL_KEY, None)
    end_user = user if user is not None else body.get("user")
    fields: dict[str, Any] = {
        "end_user_id": str(end_user) if isinstance(end_user, str | int) and not isinstance(end_user, bool) else None,
        "approval_id": str(approval_id) if approval_id is not None else None,
        "metadata": metadata,
        "max_tokens": _int(body.get("max_tokens")) or _int(body.get("max_completion_tokens")),
    }
    texts = [s.text for s in slots]
    if payload.eventType == BEFORE:
        if texts:
            fields["messages"] = gateways.as_messages(texts, [s.role for s in slots])
        else:
            fields["prompt"] = ""
    else:
        fields["response"] = RESPONSE_JOIN.join(texts)
    model = body.get("model")
    return gateways.evaluate_request(fields, model if isinstance(model, str) and model.strip() else None)


def _transformed(payload: PortkeyHookRequest, slots: list[Slot], decision: Decision) -> PortkeyTransformedData | None:
    before = payload.eventType == BEFORE
    texts = [s.text for s in slots]
    roles = [s.role for s in slots]
    stage = "request" if before else "response"
    original = payload.request.json_ if before else payload.response.json_
    modified = decision.modified_request
    added_system = None
    messages = modified.messages if before and modified is not None else None
    if messages is not None and len(messages) == len(texts) + 1 and messages[0].role is Role.SYSTEM:
        added_system = messages[0].content  # a system prompt for a call that had none
    rewritten = gateways.rewritten_texts(decision, texts, roles, stage=stage)
    if rewritten == texts and added_system is None:
        return None
    if any(slot.path == TEXT_ONLY for slot in slots):
        raise Unrepresentable
    body = copy.deepcopy(original)
    for slot, text in zip(slots, rewritten, strict=True):
        _set(body, slot.path, text)
    # A system prompt a policy adds: a first system message of a chat body, Anthropic's
    # ``system``; a completion's prompt has no place for one, and it is left out.
    if added_system is not None and isinstance(body.get("messages"), list):
        if payload.requestType == ANTHROPIC_MESSAGES:
            body["system"] = added_system
        else:
            body["messages"].insert(0, {"role": "system", "content": added_system})
    part = PortkeyBody(json_=body)
    return PortkeyTransformedData(request=part) if before else PortkeyTransformedData(response=part)


def answer(payload: PortkeyHookRequest, slots: list[Slot], decision: Decision) -> PortkeyVerdict:
    approval_id = decision.approval.id if decision.approval is not None else None
    if gateways.refuses(decision):
        data = PortkeyDecisionData(
            decision_id=decision.decision_id,
            verdict=decision.verdict.value,
            reason=gateways.reason(decision, f"the metadata key {APPROVAL_KEY}:"),
            approval_id=approval_id,
        )
        return PortkeyVerdict(verdict=False, data=data)
    try:
        transformed = _transformed(payload, slots, decision)
    except Unrepresentable:
        data = PortkeyDecisionData(
            decision_id=decision.decision_id,
            verdict="blocked",
            reason=gateways.unrepresentable_reason(decision),
        )
        return PortkeyVerdict(verdict=False, data=data)
    data = PortkeyDecisionData(decision_id=decision.decision_id, verdict=decision.verdict.value)
    return PortkeyVerdict(verdict=True, transformedData=transformed, data=data)


def slots_of(payload: PortkeyHookRequest) -> list[Slot]:
    """The body's texts; a body with none that Portkey still gave a ``text`` for (a request
    type whose body this does not read) is judged on that text, which cannot be rewritten."""
    before = payload.eventType == BEFORE
    part = payload.request if before else payload.response
    slots = request_slots(part.json_) if before else response_slots(part.json_)
    if not slots and part.text:
        slots = [Slot(TEXT_ONLY, Role.USER if before else Role.ASSISTANT, part.text)]
    return slots


def guard(caller: Caller, payload: PortkeyHookRequest) -> PortkeyVerdict:
    slots = slots_of(payload)
    try:
        request = to_evaluate(payload, slots)
    except ValidationFailed as invalid:
        # Portkey lets a call through when its webhook answers an error: a call this service
        # cannot judge (a text over the limit, a model name too long) fails the check instead.
        fields = ", ".join(sorted({str(d.get("field")) for d in invalid.details}))
        reason = f"blocked: the call could not be judged ({invalid.message}: {fields})"
        return PortkeyVerdict(verdict=False, data=PortkeyDecisionData(verdict="blocked", reason=reason))
    return answer(payload, slots, gateways.decide(caller, request))
