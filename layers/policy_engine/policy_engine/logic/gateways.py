"""What the gateway integrations share: one evaluate call and one way of saying why.

Each integration maps its gateway's payload onto an ``EvaluateRequest`` and hands it to
``logic.evaluate.evaluate`` unchanged, so its decisions are stored, published, held for
approval and answered by ``fail_mode`` exactly as ``POST /v1/evaluate`` answers them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from policy_engine.caller import Caller
from policy_engine.errors import ValidationFailed
from policy_engine.logic import evaluate as evaluate_logic
from policy_engine.models.errors import pydantic_details
from policy_engine.models.evaluate import Decision, EvaluateRequest, Role, Verdict

# A gateway that sends no model: the request is validated with this stand-in, then carries no
# model at all ("" to the engine), so policies scoped to a model and model rules do not apply.
_MODEL_STAND_IN = "unset"
NO_MODEL = ""
MAX_REASON_VIOLATIONS = 5
# Roles of the OpenAI-style messages a gateway forwards, as the engine names them.
ROLES = {
    "system": Role.SYSTEM,
    "developer": Role.SYSTEM,
    "user": Role.USER,
    "assistant": Role.ASSISTANT,
    "tool": Role.TOOL,
    "function": Role.TOOL,
}


def evaluate_request(fields: dict[str, Any], model: str | None) -> EvaluateRequest:
    """An ``EvaluateRequest`` from a gateway's mapped fields; 422 naming what is invalid."""
    try:
        request = EvaluateRequest.model_validate({**fields, "model": model or _MODEL_STAND_IN})
    except ValidationError as exc:
        raise ValidationFailed("the request body is invalid", pydantic_details(exc)) from None
    return request if model else request.model_copy(update={"model": NO_MODEL})


def decide(caller: Caller, request: EvaluateRequest) -> Decision:
    return evaluate_logic.evaluate(caller, request)


def refuses(decision: Decision) -> bool:
    return decision.verdict in (Verdict.BLOCKED, Verdict.PENDING_APPROVAL)


def reason(decision: Decision, redeem_with: str = "approval_id") -> str:
    """Why a call is refused, from the policies' names and their rules' messages: decisions
    never hold the matched text, so neither does this. A held call names its approval and
    how to send the call again once approved (``redeem_with``: where the id goes)."""
    if decision.verdict is Verdict.PENDING_APPROVAL and decision.approval is not None:
        approval = decision.approval
        expires = f", expires {approval.expires_at}" if approval.expires_at else ""
        return (
            f"approval required: approval {approval.id} is {approval.status}{expires}; once approved, "
            f"send the same request again with {redeem_with} {approval.id} (decision {decision.decision_id})"
        )
    holding = [v for v in decision.violations if v.action.value in ("block", "require_approval")]
    parts = [f"{v.policy_name} ({v.rule_type}): {v.message}" for v in holding[:MAX_REASON_VIOLATIONS]]
    if len(holding) > MAX_REASON_VIOLATIONS:
        parts.append(f"and {len(holding) - MAX_REASON_VIOLATIONS} more")
    return f"blocked by policy: {'; '.join(parts) or decision.verdict.value} (decision {decision.decision_id})"


def role_of(value: Any) -> Role:
    return ROLES.get(str(value).lower(), Role.USER) if value is not None else Role.USER


def as_messages(texts: list[str], roles: list[Role]) -> list[dict[str, str]]:
    """Messages for ``evaluate_request`` (validated there, with the other fields)."""
    return [{"role": role.value, "content": text} for role, text in zip(roles, texts, strict=True)]


# Texts of several choices (or content parts) are judged as one response, joined by this
# separator (an invisible one), and the rewritten response is split on it again.
RESPONSE_JOIN = "\n\u2063\n"


class Unrepresentable(Exception):
    """The policies rewrote the call in a way the gateway's payload cannot carry back."""


def rewritten_texts(decision: Decision, texts: list[str], roles: list[Role], *, stage: str) -> list[str]:
    """The texts with the decision's rewrites applied, in the same order and count.

    Request stage: one message per text. A system prompt a policy adds to a conversation
    that has none has no text to go to, and is left out; any other change in the number of
    messages raises ``Unrepresentable``. Response stage: the joined response, split again
    (a cut may drop whole texts at the end: they come back empty).
    """
    modified = decision.modified_request
    if modified is None:
        return texts
    if stage == "request":
        if modified.messages is None:
            return texts
        contents = [m.content for m in modified.messages]
        if len(contents) == len(texts) + 1 and modified.messages[0].role is Role.SYSTEM and Role.SYSTEM not in roles:
            contents = contents[1:]
        if len(contents) != len(texts):
            raise Unrepresentable
        return contents
    if modified.response is None:
        return texts
    parts = modified.response.split(RESPONSE_JOIN) if texts else []
    if len(parts) > len(texts):
        raise Unrepresentable
    return parts + [""] * (len(texts) - len(parts))


def unrepresentable_reason(decision: Decision) -> str:
    return (
        "blocked: the policies rewrote this call in a way the gateway's payload cannot carry "
        f"(a message added or removed, or a text without its body) (decision {decision.decision_id})"
    )
