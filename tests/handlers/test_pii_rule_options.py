"""pii rule options through the policies and evaluate handlers (DynamoDB from moto)."""

from __future__ import annotations

from typing import Any


def test_a_bad_allow_pattern_is_refused_with_its_field_path_and_nothing_is_stored(call: Any) -> None:
    # Given a pii rule whose second allow entry is not a valid RE2 pattern
    body = {"name": "p", "rules": [{"type": "pii", "action": "redact", "allow": ["ok@example.com", "+1 (415"]}]}
    # When it is created
    reply = call("create_policy", body=body)
    # Then 422 names the entry, and no policy exists
    assert reply.status == 422
    detail = reply.body["error"]["details"][0]
    assert detail["field"] == "rules[0].allow[1]"
    assert "escaped" in detail["message"]
    assert call("list_policies").body["items"] == []


def test_allow_and_per_entity_actions_apply_through_evaluate(call: Any) -> None:
    # Given a stored policy: emails redacted except the support address, phones only alerted
    rule = {
        "type": "pii",
        "action": "redact",
        "entities": ["email", {"type": "phone", "action": "alert"}],
        "allow": ["support@example.com"],
    }
    created = call("create_policy", body={"name": "pii", "rules": [rule]})
    assert created.status == 201, created.body
    assert created.body["rules"][0]["entities"] == ["email", {"type": "phone", "action": "alert"}]
    # When a prompt carries both addresses and a phone
    prompt = "write support@example.com or jane@example.com, call +44 20 7946 0958"
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": prompt})
    # Then the allowed address stays, the other is redacted, the phone is an alert of its own
    assert reply.status == 200, reply.body
    assert reply.body["verdict"] == "modified"
    assert reply.body["modified_request"]["prompt"] == "write support@example.com or [EMAIL], call +44 20 7946 0958"
    actions = sorted((v["action"], [m["kind"] for m in v["matches"]]) for v in reply.body["violations"])
    assert actions == [("alert", ["phone"]), ("redact", ["email"])]
    assert "jane@example.com" not in str(reply.body["violations"])
