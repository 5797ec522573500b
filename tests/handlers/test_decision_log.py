"""The decision log: what full logging keeps but the API need not serve goes to Firehose and
lands in S3 (moto's Firehose delivers into moto's S3), never in the table; failures are counted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policy_engine.store import decision_log

WORDS = {"name": "Words", "rules": [{"type": "word_list", "action": "alert", "words": ["medrisk"]}]}


def logged(stack: Any) -> list[dict[str, Any]]:
    s3 = stack.client("s3")
    bucket = stack.resolver.name("DecisionLogBucket")
    records = []
    for listed in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        assert listed["Key"].startswith("decisions/org=")  # the template's prefix (moto leaves !{...} as is)
        body = s3.get_object(Bucket=bucket, Key=listed["Key"])["Body"].read().decode()
        records += [json.loads(line) for line in body.splitlines() if line]
    return records


def test_full_logging_sends_clean_decisions_to_the_log_and_violations_to_the_table(call: Any, stack: Any) -> None:
    # Given an org logging everything, and a policy
    call("create_policy", body=WORDS)
    call("put_org_policy", body={"logging_level": "full"})
    # When a clean request and a violating one are evaluated
    clean = call("evaluate", body={"model": "gpt-4o", "prompt": "hello there jane@example.com"}).body
    flagged = call("evaluate", body={"model": "gpt-4o", "prompt": "medrisk"}).body
    # Then the violating decision is in the table (the API serves it), the clean one is not
    assert call("get_decision", path={"id": flagged["decision_id"]}).status == 200
    assert call("get_decision", path={"id": clean["decision_id"]}).status == 404
    # And the clean one is in S3 with the org and its date, never the prompt's text
    records = logged(stack)
    assert [r["decision_id"] for r in records] == [clean["decision_id"]]
    assert records[0]["org_id"] == "org-a" and records[0]["created_at"][:4] == "2026"
    assert records[0]["model"] == "gpt-4o"
    assert "hello" not in json.dumps(records) and "jane" not in json.dumps(records)


def test_standard_logging_sends_nothing_to_the_log(call: Any, stack: Any) -> None:
    call("create_policy", body=WORDS)
    call("evaluate", body={"model": "gpt-4o", "prompt": "medrisk"})
    call("evaluate", body={"model": "gpt-4o", "prompt": "hello"})
    assert logged(stack) == []


def test_a_refused_record_is_retried_then_counted_never_blocking(
    call: Any, stack: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # Given a log that refuses every record
    class Refusing:
        calls = 0

        def put_record_batch(self, **kwargs: Any) -> dict[str, Any]:
            Refusing.calls += 1
            return {"FailedPutCount": 1, "RequestResponses": [{"ErrorCode": "ServiceUnavailableException"}]}

    monkeypatch.setattr(decision_log, "client", lambda _service: Refusing())
    monkeypatch.setattr(decision_log, "PUT_BACKOFF_SECONDS", 0)
    call("put_org_policy", body={"logging_level": "full", "fail_mode": "closed"})
    # When a clean request is evaluated
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": "hello"})
    # Then it is answered as usual (the log is not what the API promises to store)
    assert reply.status == 200 and reply.body["verdict"] == "allowed"
    # And the record was sent three times in all, then counted for the alarm
    assert Refusing.calls == decision_log.PUT_ATTEMPTS
    assert "DecisionLogPutFailed" in capsys.readouterr().out
