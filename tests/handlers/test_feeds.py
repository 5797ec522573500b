"""Violations feed and stored decisions (scope audit:read)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from policy_engine.store import get_decision_store
from tests.handlers.decisions import stored

WORD = {"name": "Words", "rules": [{"type": "word_list", "action": "alert", "words": ["medrisk"]}]}
CRIT = {
    "name": "Crit",
    "rules": [{"type": "word_list", "action": "block", "words": ["critrisk"], "severity": "critical"}],
}


def test_violations_feed_newest_first_with_pages_and_filters(call: Any) -> None:
    # Given a full-logging org with decisions of two policies, some without violations
    medium = call("create_policy", body=WORD).body
    critical = call("create_policy", body=CRIT).body
    call("put_org_policy", body={"logging_level": "full"})
    ids = []
    for prompt in ("medrisk 1", "hello", "critrisk 2", "medrisk 3", "hello", "critrisk 4"):
        ids.append(call("evaluate", body={"model": "gpt-4o", "prompt": prompt}).body["decision_id"])
        time.sleep(0.002)  # distinct created_at milliseconds
    with_violations = [ids[i] for i in (5, 3, 2, 0)]
    # When the feed is read in pages of 3
    first = call("list_violations", query={"limit": "3"})
    assert first.status == 200
    assert [d["decision_id"] for d in first.body["items"]] == with_violations[:3]
    assert first.body["has_more"] is True
    second = call("list_violations", query={"limit": "3", "cursor": first.body["next_cursor"]})
    assert [d["decision_id"] for d in second.body["items"]] == with_violations[3:]
    assert (second.body["has_more"], second.body["next_cursor"]) == (False, None)
    # Then the filters narrow it
    by_policy = call("list_violations", query={"policy_id": medium["id"]}).body["items"]
    assert [d["decision_id"] for d in by_policy] == [ids[3], ids[0]]
    by_severity = call("list_violations", query={"severity": "critical"}).body["items"]
    assert [d["decision_id"] for d in by_severity] == [ids[5], ids[2]]
    assert {v["policy_id"] for d in by_severity for v in d["violations"]} == {critical["id"]}
    assert len(call("list_violations", query={"severity": "medium"}).body["items"]) == 4
    # And the stored decision carries the request's non-text fields, never the prompt
    doc = first.body["items"][0]
    assert {"created_at", "enforced", "event_id", "model", "metadata"} <= set(doc)
    assert "critrisk" not in json.dumps(first.body)


def test_since_and_until_bound_created_at(call: Any) -> None:
    call("create_policy", body=WORD)
    first = call("evaluate", body={"model": "m", "prompt": "medrisk"}).body["decision_id"]
    time.sleep(0.01)
    second = call("evaluate", body={"model": "m", "prompt": "medrisk"}).body["decision_id"]
    stored = call("get_decision", path={"id": second}).body
    at = stored["created_at"]
    assert [d["decision_id"] for d in call("list_violations", query={"since": at}).body["items"]] == [second]
    assert [d["decision_id"] for d in call("list_violations", query={"until": at}).body["items"]] == [first]
    assert call("list_violations", query={"since": "2000-01-01T00:00:00Z"}).body["items"][-1]["decision_id"] == first


def test_event_id_filter(call: Any, aws: Any) -> None:
    doc = {
        **stored(1, "2026-05-12T14:08:32.000+00:00", "medium"),
        "decision_id": "0b9f7d6e-1111-4c2d-9e8f-000000000001",
        "event_id": "evt-1",
    }
    get_decision_store().put("org-a", doc, expires_at=int(time.time()) + 60)
    get_decision_store().put(
        "org-a", {**doc, "decision_id": "0b9f7d6e-1111-4c2d-9e8f-000000000002", "event_id": None}, 0
    )
    items = call("list_violations", query={"event_id": "evt-1"}).body["items"]
    assert [d["decision_id"] for d in items] == [doc["decision_id"]]


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"severity": "extreme"},
        {"since": "yesterday"},
        {"policy_id": "not-a-uuid"},
        {"since": "2026-05-12T00:00:00Z", "until": "2026-05-11T00:00:00Z"},
        {"cursor": "forged.cursor"},
    ],
)
def test_bad_query_parameters_are_400(call: Any, query: dict[str, str]) -> None:
    reply = call("list_violations", query=query)
    assert (reply.status, reply.error_code) == (400, "bad_request")


def test_a_cursor_of_other_filters_is_refused(call: Any) -> None:
    call("create_policy", body=WORD)
    for _ in range(2):
        call("evaluate", body={"model": "m", "prompt": "medrisk"})
    cursor = call("list_violations", query={"limit": "1"}).body["next_cursor"]
    assert call("list_violations", query={"limit": "1", "severity": "high", "cursor": cursor}).status == 400
    assert call("list_violations", org="org-b", query={"limit": "1", "cursor": cursor}).status == 400


def test_get_decision(call: Any) -> None:
    call("create_policy", body=WORD)
    decision = call("evaluate", body={"model": "m", "prompt": "medrisk", "metadata": {"team": "x"}}).body
    reply = call("get_decision", path={"id": decision["decision_id"]})
    assert reply.status == 200
    assert reply.body["violations"] == decision["violations"]
    assert (reply.body["enforced"], reply.body["metadata"]) == (True, {"team": "x"})
    assert call("get_decision", path={"id": "8b1e2c3d-4f5a-4b6c-9d7e-0f1a2b3c4d5e"}).status == 404
    assert call("get_decision", path={"id": "nope"}).status == 404
    assert call("get_decision", org="org-b", path={"id": decision["decision_id"]}).status == 404
