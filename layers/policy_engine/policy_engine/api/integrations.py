"""Gateway integrations: LiteLLM proxy's Generic Guardrail API and Portkey's webhook guardrail."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.logic import litellm, portkey
from policy_engine.models.integrations import LiteLLMGuardrailRequest, PortkeyHookRequest


@route("POST", "/v1/integrations/litellm/beta/litellm_basic_guardrail_api", scope="evaluate")
def litellm_guardrail(request: Request) -> Response:
    answer = litellm.guard(request.caller, request.body_as(LiteLLMGuardrailRequest))
    return Response(200, answer.model_dump(mode="json", exclude_none=True))


@route("POST", "/v1/integrations/portkey", scope="evaluate")
def portkey_guardrail(request: Request) -> Response:
    answer = portkey.guard(request.caller, request.body_as(PortkeyHookRequest))
    return Response(200, answer.model_dump(mode="json", by_alias=True, exclude_none=True))
