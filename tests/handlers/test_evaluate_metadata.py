"""end_user_id and metadata values are scanned by pii and secrets rules, and what those rules
match is never kept in a stored decision (evaluate handler, moto in-process)."""

from __future__ import annotations

import json
from typing import Any

EMAIL = "jane.doe@example.com"
AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"


def stored_docs(aws: Any) -> list[dict[str, Any]]:
    items = aws.Table("governance-test").scan()["Items"]
    return [json.loads(i["doc"]) for i in items if i["sk"] == "DECISION"]


def test_pii_in_metadata_and_end_user_id_is_reported_and_not_stored(call: Any, aws: Any) -> None:
    # Given a pii policy that only alerts (nothing is rewritten for the caller)
    policy = {"name": "PII", "rules": [{"type": "pii", "action": "alert", "entities": ["email"]}]}
    assert call("create_policy", body=policy).status == 201
    # When the prompt is clean but end_user_id and a metadata value hold an email
    body = {
        "model": "gpt-4o",
        "prompt": "summarise the quarterly report",
        "end_user_id": EMAIL,
        "metadata": {"department": "finance", "requester": f"on behalf of {EMAIL}", "seats": 4},
    }
    reply = call("evaluate", body=body)
    # Then both are reported, each on its own target
    assert reply.status == 200
    assert reply.body["verdict"] == "flagged"
    targets = sorted(m["target"] for m in reply.body["violations"][0]["matches"])
    assert targets == ["end_user_id", "metadata.requester"]
    # And the stored decision keeps the fields with the email masked, the rest as sent
    [doc] = stored_docs(aws)
    assert EMAIL not in json.dumps(doc)
    assert doc["end_user_id"] == "[EMAIL]"
    assert doc["metadata"] == {"department": "finance", "requester": "on behalf of [EMAIL]", "seats": 4}


def test_secret_in_metadata_blocks_and_is_not_stored(call: Any, aws: Any) -> None:
    # Given a secrets policy that blocks
    assert call("create_policy", body={"name": "Keys", "rules": [{"type": "secrets", "action": "block"}]}).status == 201
    # When an AWS key sits in a metadata value
    body = {"model": "gpt-4o", "prompt": "deploy the service", "metadata": {"note": f"key={AWS_KEY}"}}
    reply = call("evaluate", body=body)
    # Then the request is blocked and the stored decision does not hold the key
    assert reply.body["verdict"] == "blocked"
    assert reply.body["violations"][0]["matches"][0]["target"] == "metadata.note"
    [doc] = stored_docs(aws)
    assert AWS_KEY not in json.dumps(doc)
    assert doc["metadata"] == {"note": "key=[AWS_ACCESS_TOKEN]"}  # the kind: gitleaks' aws-access-token


def test_redact_returns_the_metadata_masked(call: Any, aws: Any) -> None:
    # Given a pii redact policy
    policy = {"name": "PII", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
    call("create_policy", body=policy)
    # When only a metadata value holds an email
    body = {"model": "gpt-4o", "prompt": "hello", "metadata": {"contact": EMAIL, "tier": "gold"}}
    reply = call("evaluate", body=body)
    # Then modified_request carries the metadata masked, every key kept, and no prompt rewrite
    assert reply.body["verdict"] == "modified"
    rewritten = {k: v for k, v in reply.body["modified_request"].items() if v is not None}
    assert rewritten == {"metadata": {"contact": "[EMAIL]", "tier": "gold"}}
    assert EMAIL not in json.dumps(stored_docs(aws))


def test_clean_metadata_is_stored_as_sent(call: Any, aws: Any) -> None:
    # Given a pii policy and an org that stores every decision with PII or medium risk
    call("create_policy", body={"name": "PII", "rules": [{"type": "pii", "action": "alert"}]})
    # When the prompt holds an email but end_user_id and metadata are clean
    body = {"model": "gpt-4o", "prompt": f"mail {EMAIL}", "end_user_id": "user-42", "metadata": {"team": "ops"}}
    call("evaluate", body=body)
    # Then they are stored unchanged
    [doc] = stored_docs(aws)
    assert (doc["end_user_id"], doc["metadata"]) == ("user-42", {"team": "ops"})
