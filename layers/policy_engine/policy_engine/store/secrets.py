"""Secrets read at run time from Secrets Manager, cached for a bounded time (powertools Parameters).

The cursor-signing key is never in the environment: functions get the secret's ARN and read its
value on first use, again after ``CURSOR_SECRET_MAX_AGE_SECONDS``. After a rotation the previous
version is still accepted for verification, so cursors handed out with the old key keep working
while every warm function picks up the new one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from policy_engine.settings import get_settings
from policy_engine.store import client

CURRENT, PREVIOUS = "AWSCURRENT", "AWSPREVIOUS"


@lru_cache(maxsize=2)
def _provider(stage: str) -> Any:  # noqa: ARG001 - the cache key
    """One provider per version stage: a provider caches by secret name alone."""
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider(boto3_client=client("secretsmanager"))


def _get(stage: str) -> bytes:
    settings = get_settings()
    value = _provider(stage).get(
        settings.cursor_secret_arn, max_age=settings.cursor_secret_max_age_seconds, VersionStage=stage
    )
    return str(value).encode()


def cursor_key() -> bytes:
    """The key cursors are signed with (the secret's current version)."""
    return _get(CURRENT)


def previous_cursor_key() -> bytes | None:
    """The key before the last rotation, or None when the secret was never rotated."""
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    try:
        return _get(PREVIOUS)
    except GetParameterError:
        return None


def reset_secrets() -> None:
    _provider.cache_clear()
