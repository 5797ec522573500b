"""Org policy routes: defaults, partial update, validation, masked webhooks, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policy_engine.store import audit

SLACK = "https://hooks.slack.com/services/T000/B000/abcdefghijklmnopqrstuvwx"
DEFAULTS = {
    "logging_level": "standard",
    "frameworks": {"gdpr": False, "ai_act": False, "soc2": False},
    "alert_rules": [],
    "blocking_rules": {"enabled": False, "block_on": "high"},
    "approval_ttl_seconds": 86400,
    "retention_days": 90,
    "fail_mode": "closed",
    "approvals": {"require_distinct_reviewer": True},
}


def alert_rule(url: str = SLACK, name: str = "Critical events") -> dict[str, Any]:
    return {"name": name, "condition": {"risk_level_gte": "high"}, "notify": {"slack_webhook_url": url}}


def test_a_new_org_has_the_defaults(call: Any) -> None:
    reply = call("get_org_policy")
    assert reply.status == 200
    assert reply.body == DEFAULTS


def test_put_is_a_partial_update_frameworks_merge_and_lists_replace(call: Any, aws: Any) -> None:
    # Given an org policy with gdpr on and two alert rules
    first = call(
        "put_org_policy",
        body={"frameworks": {"gdpr": True}, "alert_rules": [alert_rule(name="a"), alert_rule(name="b")]},
    )
    assert first.status == 200
    # When another PUT sends soc2, one alert rule and a retention
    reply = call(
        "put_org_policy",
        body={"frameworks": {"soc2": True}, "alert_rules": [alert_rule(name="c")], "retention_days": 30},
    )
    # Then frameworks merged key by key, the list was replaced, untouched fields kept
    assert reply.status == 200
    body = call("get_org_policy").body
    assert body == reply.body
    assert body["frameworks"] == {"gdpr": True, "ai_act": False, "soc2": True}
    assert [r["name"] for r in body["alert_rules"]] == ["c"]
    assert body["retention_days"] == 30
    assert body["logging_level"] == "standard"
    # And each write was audited in the org's chain
    actions = [e["action"] for e in audit.iter_entries(aws.Table("governance-test"), "org-a")]
    assert actions == ["org_policy.update", "org_policy.update"]


def test_blocking_rules_merge_key_by_key(call: Any) -> None:
    call("put_org_policy", body={"blocking_rules": {"block_on": "critical"}})
    call("put_org_policy", body={"blocking_rules": {"enabled": True}})
    assert call("get_org_policy").body["blocking_rules"] == {"enabled": True, "block_on": "critical"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"logging_level": "verbose"}, "logging_level"),
        ({"frameworks": {"hipaa": True}}, "frameworks.hipaa"),
        ({"frameworks": {"gdpr": "maybe"}}, "frameworks.gdpr"),
        ({"blocking_rules": {"block_on": "low"}}, "blocking_rules.block_on"),
        ({"approval_ttl_seconds": 59}, "approval_ttl_seconds"),
        ({"approval_ttl_seconds": 604801}, "approval_ttl_seconds"),
        ({"retention_days": 0}, "retention_days"),
        ({"retention_days": 3651}, "retention_days"),
        ({"fail_mode": "sometimes"}, "fail_mode"),
        ({"unknown": 1}, "unknown"),
        ({"alert_rules": [{"name": "x", "notify": {}}]}, "alert_rules[0].notify.slack_webhook_url"),
        ({"alert_rules": [alert_rule("http://hooks.slack.com/services/x")]}, "alert_rules[0].notify.slack_webhook_url"),
        ({"alert_rules": [alert_rule("https://evil.example.com/hook")]}, "alert_rules[0].notify.slack_webhook_url"),
        ({"alert_rules": [alert_rule("https://127.0.0.1/hook")]}, "alert_rules[0].notify.slack_webhook_url"),
        ({"alert_rules": [alert_rule("https://10.0.0.8/hook")]}, "alert_rules[0].notify.slack_webhook_url"),
        ({"alert_rules": [alert_rule("https://localhost/hook")]}, "alert_rules[0].notify.slack_webhook_url"),
        (
            {"alert_rules": [alert_rule("https://hooks.slack.com/****zzzz")]},
            "alert_rules[0].notify.slack_webhook_url",
        ),
    ],
)
def test_invalid_values_answer_422_with_the_field_path(call: Any, body: dict[str, Any], field: str) -> None:
    reply = call("put_org_policy", body=body)
    assert reply.status == 422, reply.body
    assert reply.error_code == "validation_error"
    assert field in [d["field"] for d in reply.body["error"]["details"]]
    # And nothing was stored
    assert call("get_org_policy").body == DEFAULTS


@pytest.mark.parametrize("raw", ["[]", '"standard"', "3"])
def test_json_of_the_wrong_shape_is_422(call: Any, raw: str) -> None:
    assert call("put_org_policy", raw_body=raw).status == 422


def test_loopback_webhooks_are_allowed_only_in_local_mode(call: Any, monkeypatch: Any) -> None:
    from policy_engine.settings import get_settings

    local = alert_rule("http://127.0.0.1:8765/hook")
    assert call("put_org_policy", body={"alert_rules": [local]}).status == 422
    monkeypatch.setenv("LOCAL_STACK", "true")
    get_settings.cache_clear()
    try:
        assert call("put_org_policy", body={"alert_rules": [local]}).status == 200
        # Even locally, plain http to another host is refused
        assert call("put_org_policy", body={"alert_rules": [alert_rule("http://hooks.slack.com/x")]}).status == 422
    finally:
        monkeypatch.delenv("LOCAL_STACK")
        get_settings.cache_clear()


def test_webhook_urls_are_masked_and_a_masked_value_keeps_the_stored_url(call: Any, aws: Any) -> None:
    # Given a stored alert rule with a webhook
    put = call("put_org_policy", body={"alert_rules": [alert_rule()]})
    assert put.status == 200
    # Then neither PUT nor GET shows the URL
    masked = call("get_org_policy").body["alert_rules"][0]["notify"]["slack_webhook_url"]
    assert SLACK not in json.dumps(put.body)
    assert masked != SLACK
    assert masked.startswith("https://hooks.slack.com/")
    assert "T000" not in masked
    # When the GET document is sent back as it is, with a new name
    doc = call("get_org_policy").body
    doc["alert_rules"][0]["name"] = "Renamed"
    assert call("put_org_policy", body=doc).status == 200
    # Then the stored URL is the original one
    meta = aws.Table("governance-test").get_item(Key={"pk": "ORG#org-a", "sk": "META"})["Item"]
    stored = json.loads(meta["org_policy"])
    assert stored["alert_rules"][0]["notify"]["slack_webhook_url"] == SLACK
    assert stored["alert_rules"][0]["name"] == "Renamed"


def test_an_org_policy_write_invalidates_warm_evaluate_caches(call: Any) -> None:
    # Given a warm evaluate function and a medium-risk policy
    call("create_policy", body={"name": "w", "rules": [{"type": "word_list", "action": "alert", "words": ["x"]}]})
    assert call("evaluate", body={"model": "m", "prompt": "x"}).body["verdict"] == "flagged"
    # When blocking is switched on for medium and up
    call("put_org_policy", body={"blocking_rules": {"enabled": True, "block_on": "medium"}})
    from policy_engine.logic.evaluate import _cache

    for entry in _cache.values():
        entry.checked_at = -1e9  # as if the staleness bound had passed
    # Then the next evaluate applies it
    assert call("evaluate", body={"model": "m", "prompt": "x"}).body["verdict"] == "blocked"


def test_a_concurrent_write_between_read_and_write_is_not_lost(call: Any, monkeypatch: Any) -> None:
    from policy_engine.store.policies import PolicyStore

    real = PolicyStore.org_meta
    state = {"raced": False}

    def racing_read(self: PolicyStore, org_id: str, *, consistent: bool = False) -> Any:
        meta = real(self, org_id, consistent=consistent)
        if not state["raced"]:
            # Another admin's PUT lands after this read and before this request writes
            state["raced"] = True
            assert call("put_org_policy", body={"retention_days": 12}).status == 200
        return meta

    monkeypatch.setattr(PolicyStore, "org_meta", racing_read)
    assert call("put_org_policy", body={"frameworks": {"gdpr": True}}).status == 200
    body = call("get_org_policy").body
    assert (body["retention_days"], body["frameworks"]["gdpr"]) == (12, True)
