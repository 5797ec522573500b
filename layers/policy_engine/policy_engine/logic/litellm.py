"""LiteLLM proxy's Generic Guardrail API: its payload judged as an evaluate, its answer in its terms.

- ``input_type`` ``request``: each of ``texts`` is one message (roles from
  ``structured_messages`` when they line up with the texts, else ``user``); ``response``:
  the texts are the response.
- ``model`` (or ``additional_provider_specific_params.model``) is the request's model; with
  none, policies scoped to a model and model rules do not apply.
- ``request_data.user_api_key_end_user_id`` is ``end_user_id``;
  ``additional_provider_specific_params`` gives ``metadata``, ``environment``,
  ``connection_id``, ``cost_usd`` and ``approval_id`` (or the client's
  ``x-litellm-approval-id`` header); ``litellm_call_id`` and
  ``litellm_trace_id`` go into ``metadata``, so a stored decision names the call.
- Answer: ``BLOCKED`` (blocked, or held for approval: the reason names the approval) with
  the policies' reasons, never the matched text; ``GUARDRAIL_INTERVENED`` with every text,
  rewritten where a policy redacted or cut it; else ``NONE``.
"""

from __future__ import annotations

from typing import Any

from policy_engine.caller import Caller
from policy_engine.logic import gateways
from policy_engine.logic.gateways import RESPONSE_JOIN, Unrepresentable
from policy_engine.models.evaluate import Decision, EvaluateRequest, Role
from policy_engine.models.integrations import (
    LITELLM_CALL_ID_KEY,
    LITELLM_TRACE_ID_KEY,
    LiteLLMGuardrailRequest,
    LiteLLMGuardrailResponse,
    LiteLLMParams,
)

# The header a client of the proxy names an approved approval with: LiteLLM forwards the
# values of x-litellm-* headers to the guardrail (per-request guardrail params need its
# enterprise edition).
APPROVAL_HEADER = "x-litellm-approval-id"


def roles_of(payload: LiteLLMGuardrailRequest) -> list[Role]:
    """The role of each text: LiteLLM extracts one text per string content and one per part
    with a ``text``, message by message, from the same messages it sends as
    ``structured_messages``. When the two do not line up, every text is a user message."""
    texts = payload.texts or []
    roles: list[Role] = []
    for message in payload.structured_messages or []:
        if not isinstance(message, dict):
            break
        content = message.get("content")
        role = gateways.role_of(message.get("role"))
        if isinstance(content, str):
            roles.append(role)
        elif isinstance(content, list):
            roles += [role for part in content if isinstance(part, dict) and part.get("text") is not None]
    return roles if len(roles) == len(texts) else [Role.USER] * len(texts)


def to_evaluate(payload: LiteLLMGuardrailRequest, roles: list[Role]) -> EvaluateRequest:
    params = payload.additional_provider_specific_params or LiteLLMParams()
    metadata: dict[str, Any] = dict(params.metadata)
    if payload.litellm_call_id:
        metadata[LITELLM_CALL_ID_KEY] = payload.litellm_call_id
    if payload.litellm_trace_id:
        metadata[LITELLM_TRACE_ID_KEY] = payload.litellm_trace_id
    fields: dict[str, Any] = {
        "end_user_id": payload.request_data.user_api_key_end_user_id,
        "environment": params.environment,
        "connection_id": params.connection_id,
        "cost_usd": params.cost_usd,
        "approval_id": params.approval_id or payload.header(APPROVAL_HEADER),
        "metadata": metadata,
    }
    texts = payload.texts or []
    if payload.input_type == "request":
        if texts:
            fields["messages"] = gateways.as_messages(texts, roles)
        else:
            fields["prompt"] = ""  # no text (an image-only call): the request's other rules still apply
    else:
        fields["response"] = RESPONSE_JOIN.join(texts)
    return gateways.evaluate_request(fields, payload.model or params.model)


def answer(payload: LiteLLMGuardrailRequest, roles: list[Role], decision: Decision) -> LiteLLMGuardrailResponse:
    if gateways.refuses(decision):
        why = gateways.reason(decision, f"the header {APPROVAL_HEADER}:")
        return LiteLLMGuardrailResponse(action="BLOCKED", blocked_reason=why, decision_id=decision.decision_id)
    texts = payload.texts or []
    try:
        rewritten = gateways.rewritten_texts(decision, texts, roles, stage=payload.input_type)
    except Unrepresentable:
        return LiteLLMGuardrailResponse(
            action="BLOCKED", blocked_reason=gateways.unrepresentable_reason(decision), decision_id=decision.decision_id
        )
    if rewritten == texts:
        return LiteLLMGuardrailResponse(action="NONE", decision_id=decision.decision_id)
    return LiteLLMGuardrailResponse(action="GUARDRAIL_INTERVENED", texts=rewritten, decision_id=decision.decision_id)


def guard(caller: Caller, payload: LiteLLMGuardrailRequest) -> LiteLLMGuardrailResponse:
    roles = roles_of(payload)
    decision = gateways.decide(caller, to_evaluate(payload, roles))
    return answer(payload, roles, decision)
