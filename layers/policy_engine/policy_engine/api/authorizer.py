"""The REST API's Lambda authorizer (REQUEST type, identity source: the Authorization header).

A valid key yields an Allow for the whole stage (API Gateway caches the result per key for
its TTL, so the policy must cover every route) and the context the handlers read:
``org_id``, ``key_id`` and space-separated ``scopes``; and ``usageIdentifierKey``, the usage
plan key API Gateway throttles the key by (the API's key source is the authorizer). Anything else raises
``Unauthorized``, which API Gateway answers with 401 (its body is set by GatewayResponses).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from policy_engine.logic.api_keys import identify
from policy_engine.observability import logger, traced


class UnauthorizedError(Exception):
    def __init__(self) -> None:
        super().__init__("Unauthorized")  # the exact message API Gateway maps to 401


def _stage_wildcard(method_arn: str) -> str:
    """``arn:...:apiId/stage/GET/v1/x`` -> ``arn:...:apiId/stage/*``."""
    arn_prefix, _, path = method_arn.partition(":execute-api:")
    region_account_api, *rest = path.split("/", 2)
    stage = rest[0] if rest else "*"
    return f"{arn_prefix}:execute-api:{region_account_api}/{stage}/*"


def authorize(event: dict[str, Any]) -> dict[str, Any]:
    headers = {str(k).lower(): v for k, v in (event.get("headers") or {}).items()}
    found = identify(headers.get("authorization"))
    if found is None:
        logger.info("authorization refused")  # never the key, nor its hash
        raise UnauthorizedError
    caller, usage_key = found
    answer = {
        "principalId": caller.key_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": _stage_wildcard(event["methodArn"])}
            ],
        },
        "context": {"org_id": caller.org_id, "key_id": caller.key_id, "scopes": " ".join(sorted(caller.scopes))},
    }
    if usage_key:  # the usage plan API Gateway meters and throttles this key by
        answer["usageIdentifierKey"] = usage_key
    return answer


@traced
@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], _context: LambdaContext) -> dict[str, Any]:
    return authorize(event)
