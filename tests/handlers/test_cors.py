"""CORS names the console's origin, and only for a request that came from it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from policy_engine.settings import get_settings

CONSOLE = "https://console.example.com"


@pytest.fixture
def console_origin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CONSOLE_ORIGIN", CONSOLE)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_console_origin_may_read_answers_and_their_etag(call: Any, console_origin: None) -> None:
    # Given a request from the console's origin
    created = call("create_policy", body={"name": "p", "action": "alert"}, headers={"Origin": CONSOLE})
    # Then the answer allows that origin, exposes the ETag, and varies on Origin
    assert created.status == 201
    assert created.headers["Access-Control-Allow-Origin"] == CONSOLE
    assert "ETag" in created.headers["Access-Control-Expose-Headers"]
    assert created.headers["Vary"] == "Origin"


def test_errors_carry_the_header_too(call: Any, console_origin: None) -> None:
    # Given the console asking without a scope, so the answer is an error envelope
    reply = call("list_api_keys", scopes="evaluate", headers={"Origin": CONSOLE})
    assert reply.status == 403
    assert reply.headers["Access-Control-Allow-Origin"] == CONSOLE


def test_another_origin_gets_no_cors_header(call: Any, console_origin: None) -> None:
    reply = call("list_policies", headers={"Origin": "https://evil.example"})
    assert reply.status == 200
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_without_a_console_origin_no_origin_is_allowed(call: Any) -> None:
    reply = call("list_policies", headers={"Origin": CONSOLE})
    assert "Access-Control-Allow-Origin" not in reply.headers
