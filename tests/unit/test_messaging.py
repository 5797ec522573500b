"""Publishing on the bus: entries EventBridge refuses are sent again, and only those."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policy_engine.store import messaging


class Bus:
    """A PutEvents that refuses the entries ``refusals`` names, one list per call."""

    def __init__(self, *refusals: set[int]) -> None:
        self.refusals = list(refusals)
        self.calls: list[list[int]] = []

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:  # boto3's parameter name
        numbers = [json.loads(entry["Detail"])["n"] for entry in Entries]
        self.calls.append(numbers)
        refused = self.refusals.pop(0) if self.refusals else set()
        outcomes = [{"ErrorCode": "ThrottlingException"} if n in refused else {"EventId": str(n)} for n in numbers]
        return {"FailedEntryCount": sum(n in refused for n in numbers), "Entries": outcomes}


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Any:
    from policy_engine.settings import get_settings

    monkeypatch.setenv("EVENT_BUS_NAME", "governance-bus")
    get_settings.cache_clear()

    def install(fake: Bus) -> Bus:
        monkeypatch.setattr(messaging, "client", lambda _service: fake)
        monkeypatch.setattr(messaging, "PUT_BACKOFF_SECONDS", 0)
        return fake

    return install


def details(count: int) -> list[dict[str, Any]]:
    return [{"n": n} for n in range(count)]


def test_refused_entries_are_sent_again_and_only_they(bus: Any) -> None:
    fake = bus(Bus({1, 3}, {3}))
    messaging.put_events("PolicyDecision", details(4))
    assert fake.calls == [[0, 1, 2, 3], [1, 3], [3]]


def test_entries_still_refused_after_every_attempt_fail_the_publish(bus: Any) -> None:
    fake = bus(Bus({0}, {0}, {0}, {0}))
    with pytest.raises(messaging.PublishFailed, match="refused 1 of 12"):
        messaging.put_events("PolicyDecision", details(12))
    assert fake.calls == [list(range(10)), [0], [0], [10, 11]]  # ten per call; three attempts each
