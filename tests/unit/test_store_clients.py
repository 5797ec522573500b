"""A stalled AWS dependency is an error after a bounded wait, never a hang: that is what lets
evaluate answer by fail_mode inside the function's timeout."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError


class Silent:
    """A TCP server on 127.0.0.1 that accepts every connection and never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def stalled(monkeypatch: pytest.MonkeyPatch) -> Iterator[Silent]:
    from policy_engine.settings import get_settings
    from policy_engine.store import reset_stores

    server = Silent()
    for name, value in {
        "AWS_ENDPOINT_URL": server.url,
        "AWS_READ_TIMEOUT_SECONDS": "0.3",
        "AWS_MAX_ATTEMPTS": "2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "EVENT_BUS_NAME": "governance-bus",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    reset_stores()
    yield server
    server.close()
    get_settings.cache_clear()
    reset_stores()


def outcome_of(call: Any) -> BaseException | None:
    """Run ``call`` in a thread; the error it raised, or fail the test if it is still waiting."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed to the test
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)  # a guard against hanging, not a timing assertion
    assert not worker.is_alive(), "the call was still waiting on a silent endpoint"
    return raised[0] if raised else None


def test_a_silent_table_is_a_read_timeout_after_the_configured_attempts(stalled: Silent) -> None:
    from policy_engine.store import get_policy_store

    error = outcome_of(lambda: get_policy_store().org_meta("org-a"))
    assert isinstance(error, ReadTimeoutError)
    assert len(stalled.accepted) == 2  # AWS_MAX_ATTEMPTS connections, then it gave up


def test_a_silent_bus_is_a_read_timeout_too(stalled: Silent) -> None:
    from policy_engine.store.messaging import put_events

    error = outcome_of(lambda: put_events("PolicyDecision", [{"org_id": "org-a"}]))
    assert isinstance(error, ReadTimeoutError)
    assert len(stalled.accepted) == 2
