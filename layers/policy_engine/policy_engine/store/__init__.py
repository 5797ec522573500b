"""The only code that touches boto3. Callers get stores from the cached factories here."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policy_engine.settings import get_settings

if TYPE_CHECKING:
    from policy_engine.store.api_keys import ApiKeyStore
    from policy_engine.store.approvals import ApprovalStore
    from policy_engine.store.decisions import DecisionStore
    from policy_engine.store.deliveries import DeliveryStore
    from policy_engine.store.policies import PolicyStore


def _config() -> Any:
    """Short timeouts and the standard retry mode (backoff with jitter, throttles retried)."""
    from botocore.config import Config

    settings = get_settings()
    return Config(
        connect_timeout=settings.aws_connect_timeout_seconds,
        read_timeout=settings.aws_read_timeout_seconds,
        retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
    )


@lru_cache(maxsize=1)
def _table() -> Any:
    import boto3  # imported on first use: most cold paths never need it before the first request

    settings = get_settings()
    dynamodb = boto3.resource("dynamodb", endpoint_url=settings.aws_endpoint_url, config=_config())
    return dynamodb.Table(settings.table_name)


@lru_cache(maxsize=1)
def get_policy_store() -> PolicyStore:
    from policy_engine.store.policies import PolicyStore

    return PolicyStore(_table())


@lru_cache(maxsize=1)
def get_api_key_store() -> ApiKeyStore:
    from policy_engine.store.api_keys import ApiKeyStore

    return ApiKeyStore(_table())


@lru_cache(maxsize=1)
def get_decision_store() -> DecisionStore:
    from policy_engine.store.decisions import DecisionStore

    return DecisionStore(_table())


@lru_cache(maxsize=1)
def get_approval_store() -> ApprovalStore:
    from policy_engine.store.approvals import ApprovalStore

    return ApprovalStore(_table())


@lru_cache(maxsize=1)
def get_delivery_store() -> DeliveryStore:
    from policy_engine.store.deliveries import DeliveryStore

    return DeliveryStore(_table())


@lru_cache(maxsize=8)
def client(service: str) -> Any:
    """A boto3 client for SQS, EventBridge or Step Functions (see ``store.messaging``)."""
    import boto3

    factory: Any = boto3.client  # typed per service name; the callers here use a few operations
    return factory(service, endpoint_url=get_settings().aws_endpoint_url, config=_config())


def audit_table() -> Any:
    """The table holding the audit log (its functions take the table: see ``store.audit``)."""
    return _table()


def reset_stores() -> None:
    """Forget cached clients (tests switch mocks and environments between cases)."""
    _table.cache_clear()
    get_policy_store.cache_clear()
    get_api_key_store.cache_clear()
    get_decision_store.cache_clear()
    get_approval_store.cache_clear()
    get_delivery_store.cache_clear()
    client.cache_clear()
    from policy_engine.store.secrets import reset_secrets  # it imports this module

    reset_secrets()
