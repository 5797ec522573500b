"""Settings fail fast: a function without what every function needs does not start."""

from __future__ import annotations

import pytest

from policy_engine.settings import ConfigurationError, get_settings


@pytest.fixture(autouse=True)
def fresh_settings() -> object:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("variable", ["TABLE_NAME", "CURSOR_SECRET_ARN"])
def test_a_missing_required_variable_is_named(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    # Given an environment without the variable
    monkeypatch.delenv(variable)
    # When the settings are read, Then the error names it
    with pytest.raises(ConfigurationError, match=variable):
        get_settings()


def test_an_invalid_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_CACHE_SECONDS", "forever")
    with pytest.raises(ConfigurationError, match="POLICY_CACHE_SECONDS"):
        get_settings()


def test_a_setting_only_some_functions_have_is_named_where_it_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTS_QUEUE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="EVENTS_QUEUE_URL is not set"):
        get_settings().require("events_queue_url")
    monkeypatch.setenv("EVENTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/events")
    get_settings.cache_clear()
    assert get_settings().require("events_queue_url").endswith("/events")


def test_a_handler_without_its_table_fails_at_init(monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_engine.api.health import health
    from policy_engine.api.http import lambda_handler_for
    from policy_engine.workers.batch import sqs_batch_handler

    # Given a function deployed without TABLE_NAME
    monkeypatch.delenv("TABLE_NAME")
    # When its entry point is built (the Lambda init phase of an API or an SQS function),
    # Then it fails naming the variable, before any request
    with pytest.raises(ConfigurationError, match="TABLE_NAME"):
        lambda_handler_for(health)
    with pytest.raises(ConfigurationError, match="TABLE_NAME"):
        sqs_batch_handler(lambda _record: None)


def test_each_function_keeps_its_own_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The local stack runs every function in one process, each with its own environment in place
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "EvaluateFunction")
    monkeypatch.setenv("EVENTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/events")
    evaluate = get_settings()
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "WhoamiFunction")
    monkeypatch.delenv("EVENTS_QUEUE_URL")
    whoami = get_settings()
    # Each reads its own variables, never the other's
    assert evaluate.events_queue_url is not None and whoami.events_queue_url is None
    # And switching back reads nothing again: the first function's settings are the same object
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "EvaluateFunction")
    assert get_settings() is evaluate
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "WhoamiFunction")
    assert get_settings() is whoami
