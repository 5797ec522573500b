"""Evaluate routes and the policy-types catalog."""

from __future__ import annotations

from policy_engine.api.http import Request, Response, route
from policy_engine.api.params import uuid_path
from policy_engine.engine.catalog import policy_types
from policy_engine.logic import evaluate as logic
from policy_engine.models.evaluate import EvaluateRequest


@route("POST", "/v1/evaluate", scope="evaluate")
def evaluate(request: Request) -> Response:
    decision = logic.evaluate(request.caller, request.body_as(EvaluateRequest))
    return Response(200, decision)


@route("POST", "/v1/policies/{id}/evaluate", scope="evaluate")
def evaluate_policy(request: Request) -> Response:
    policy_id = uuid_path(request.path_param("id"), "policy")
    decision = logic.evaluate_one(request.caller, policy_id, request.body_as(EvaluateRequest))
    return Response(200, decision)


@route("GET", "/v1/policy-types", scope="any")
def list_policy_types(_request: Request) -> Response:
    return Response(200, {"items": policy_types()})
