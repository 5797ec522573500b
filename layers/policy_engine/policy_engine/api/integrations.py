"""Gateway integrations: LiteLLM proxy's Generic Guardrail API and Portkey's webhook guardrail."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import litellm, portkey
from policy_engine.models.integrations import (
    LiteLLMGuardrailRequest,
    LiteLLMGuardrailResponse,
    PortkeyHookRequest,
    PortkeyVerdict,
)


@route(
    "POST",
    "/v1/integrations/litellm/beta/litellm_basic_guardrail_api",
    scope="evaluate",
    body=LiteLLMGuardrailRequest,
    responses={200: LiteLLMGuardrailResponse},
)
def litellm_guardrail(request: Request) -> Response:
    """LiteLLM proxy's Generic Guardrail API: set the guardrail's api_base to <API>/v1/integrations/litellm;
    the texts are judged as an evaluate (prompt or response stage) and answered NONE, BLOCKED or
    GUARDRAIL_INTERVENED (the texts in the same order and count)"""
    answer = litellm.guard(request.caller, request.body_as(LiteLLMGuardrailRequest))
    return Response(200, answer.model_dump(mode="json", exclude_none=True))


@route("POST", "/v1/integrations/portkey", scope="evaluate", body=PortkeyHookRequest, responses={200: PortkeyVerdict})
def portkey_guardrail(request: Request) -> Response:
    """Portkey's webhook guardrail: the hook context is judged as an evaluate; verdict false blocks or holds
    the call, transformedData carries the whole request or response body with rewrites applied"""
    answer = portkey.guard(request.caller, request.body_as(PortkeyHookRequest))
    return Response(200, answer.model_dump(mode="json", by_alias=True, exclude_none=True))
