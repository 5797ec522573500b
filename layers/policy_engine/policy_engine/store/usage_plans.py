"""API Gateway usage plans: each API key of the service has a gateway API key of its own (its
usage identifier, which the authorizer names) attached to its tier's plan, for per-key throttling."""

from __future__ import annotations

from policy_engine.store import client


def attach(key_id: str, usage_key: str, plan_id: str) -> str:
    """Create the usage identifier ``usage_key`` for key ``key_id`` in plan ``plan_id``; its gateway id."""
    gateway = client("apigateway")
    created = gateway.create_api_key(name=f"pgk-{key_id}", value=usage_key, enabled=True)
    gateway_id = str(created["id"])
    gateway.create_usage_plan_key(usagePlanId=plan_id, keyId=gateway_id, keyType="API_KEY")
    return gateway_id


def detach(gateway_id: str, plan_id: str) -> None:
    client("apigateway").delete_usage_plan_key(usagePlanId=plan_id, keyId=gateway_id)
