"""Evaluate routes and the policy-types catalog."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.params import ID, uuid_path
from policy_engine.engine.catalog import policy_types
from policy_engine.logic import evaluate as logic
from policy_engine.models.catalog import PolicyTypes
from policy_engine.models.evaluate import Decision, EvaluateRequest


@route("POST", "/v1/evaluate", scope="evaluate", body=EvaluateRequest, responses={200: Decision})
def evaluate(request: Request) -> Response:
    """Evaluate a request against every enabled policy"""
    decision = logic.evaluate(request.caller, request.body_as(EvaluateRequest))
    return Response(200, decision)


@route(
    "POST",
    "/v1/policies/{id}/evaluate",
    scope="evaluate",
    params=(ID,),
    body=EvaluateRequest,
    responses={200: Decision},
)
def evaluate_policy(request: Request) -> Response:
    """Evaluate a request against one policy (stores nothing)"""
    policy_id = uuid_path(request.path_param("id"), "policy")
    decision = logic.evaluate_one(request.caller, policy_id, request.body_as(EvaluateRequest))
    return Response(200, decision)


@route("GET", "/v1/policy-types", scope="any", responses={200: PolicyTypes})
def list_policy_types(_request: Request) -> Response:
    """The rule types, their actions, defaults and config schemas"""
    return Response(200, {"items": policy_types()})
