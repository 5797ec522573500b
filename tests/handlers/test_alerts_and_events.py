"""Alerts (rule matching, AlertsQueue, Slack posting), publishing on the bus, and captured
events judged in detection-only mode: in-process, with the template's queues, bus and rules."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from policy_engine.logic.alerts import matching_rules
from policy_engine.models.org_policy import OrgPolicy
from tests.handlers.stored import store_conditions

SECRET_PROMPT = (
    "deploy with AKIA" + "4HKZ7QW2RXJ5TLMN please"
)  # an access key id of the real format (not the EXAMPLE placeholder)
NO_SECRETS = {"name": "no-secrets", "rules": [{"type": "secrets", "action": "block"}]}
PII = {"name": "pii", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}


class Receiver:
    """A webhook receiver on 127.0.0.1 that records each POST; paths under /fail answer 500,
    and so do the first ``flaky_failures`` posts to paths under /flaky."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.flaky_failures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.posts.append((self.path, json.loads(body)))
                self.send_response(500 if receiver.fails(self.path) else 200)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def fails(self, path: str) -> bool:
        if path.startswith("/flaky") and self.flaky_failures > 0:
            self.flaky_failures -= 1
            return True
        return path.startswith("/fail")

    def paths(self) -> list[str]:
        return [path for path, _ in self.posts]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def receiver(monkeypatch: Any) -> Iterator[Receiver]:
    from policy_engine.settings import get_settings

    monkeypatch.setenv("LOCAL_STACK", "true")  # loopback webhooks, as in the local stack
    monkeypatch.setenv("WEBHOOK_BACKOFF_SECONDS", "0")
    get_settings.cache_clear()
    running = Receiver()
    yield running
    running.server.shutdown()
    get_settings.cache_clear()


def alert_rule(name: str, url: str, **condition: Any) -> dict[str, Any]:
    return {"name": name, "condition": condition, "notify": {"slack_webhook_url": url}}


def subscribe(stack: Any, detail_type: str) -> str:
    """Another service's subscription: a rule on the bus feeding a queue of its own."""
    sqs, events = stack.client("sqs"), stack.client("events")
    url = sqs.create_queue(QueueName=f"subscriber-{detail_type}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = stack.resolver.ref("GovernanceEventBus")
    pattern = json.dumps({"detail-type": [detail_type]})
    events.put_rule(Name=f"sub-{detail_type}", EventBusName=bus, EventPattern=pattern)
    events.put_targets(Rule=f"sub-{detail_type}", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    return str(url)


def received(stack: Any, url: str) -> list[dict[str, Any]]:
    messages = stack.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


# -- which decisions a rule matches --

SUMMARY = {
    "risk_level": "high",
    "agent_id": "claude-code",
    "violations": [{"rule_type": "pii", "action": "block", "severity": "high"}],
}

ALL_FOUR = {"risk_level_gte": "medium", "action_contains": "block", "pii_detected": True}


@pytest.mark.parametrize(
    ("condition", "matches"),
    [
        ({}, True),
        ({"risk_level_gte": "high"}, True),
        ({"risk_level_gte": "critical"}, False),
        ({"action_contains": "block"}, True),
        ({"action_contains": "approval"}, False),
        ({"pii_detected": True}, True),
        ({"pii_detected": False}, False),
        ({"agent_id_eq": "claude-code"}, True),
        ({"agent_id_eq": "other"}, False),
        ({**ALL_FOUR, "agent_id_eq": "claude-code"}, True),
        ({**ALL_FOUR, "agent_id_eq": "x"}, False),
    ],
)
def test_alert_conditions_are_anded(condition: dict[str, Any], matches: bool) -> None:
    org_policy = OrgPolicy.model_validate({"alert_rules": [alert_rule("r", "https://hooks.slack.com/x", **condition)]})
    assert bool(matching_rules(org_policy, SUMMARY)) is matches


def test_a_decision_without_violations_matches_no_rule() -> None:
    org_policy = OrgPolicy.model_validate({"alert_rules": [alert_rule("all", "https://hooks.slack.com/x")]})
    assert matching_rules(org_policy, {**SUMMARY, "violations": []}) == []


# -- alerts through the bus, AlertsQueue and AlertNotifier --


def test_a_matching_decision_is_posted_to_slack_once_without_prompt_text(
    call: Any, stack: Any, receiver: Receiver
) -> None:
    # Given a blocking policy and an alert rule for blocks by one agent
    call("create_policy", body=NO_SECRETS)
    rule = alert_rule("Critical", receiver.url("/ok"), action_contains="block", agent_id_eq="agent-1")
    assert call("put_org_policy", body={"alert_rules": [rule]}).status == 200
    # When a matching and a non-matching request are evaluated, and the queues run
    hit = call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT, "metadata": {"agent_id": "agent-1"}}).body
    miss = call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT, "metadata": {"agent_id": "agent-2"}}).body
    assert hit["verdict"] == miss["verdict"] == "blocked"
    stack.drain()
    # Then Slack got exactly one message: the matching decision's, naming policy and verdict, no prompt text
    assert len(receiver.posts) == 1
    path, message = receiver.posts[0]
    assert path == "/ok"
    assert hit["decision_id"] in message["text"] and miss["decision_id"] not in message["text"]
    assert "no-secrets" in message["text"] and "blocked" in message["text"]
    assert "AKIA" not in json.dumps(message)
    assert stack.messages("AlertsDLQ") == []


def test_a_failing_webhook_is_retried_and_ends_in_the_dlq(call: Any, stack: Any, receiver: Receiver) -> None:
    call("create_policy", body=NO_SECRETS)
    rule = alert_rule("Broken", receiver.url("/fail"), risk_level_gte="high")
    call("put_org_policy", body={"alert_rules": [rule]})
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT}).body
    # When the queue runs (each delivery retried in the invocation, then by SQS)
    stack.drain()
    # Then every delivery tried WEBHOOK_ATTEMPTS times, and the alert is kept in the DLQ
    assert len(receiver.posts) == 3 * 5  # attempts per delivery x maxReceiveCount
    dead = stack.messages("AlertsDLQ")
    assert [m["detail"]["decision_id"] for m in dead] == [decision["decision_id"]]


def test_a_rule_removed_before_posting_drops_its_alert(call: Any, stack: Any, receiver: Receiver) -> None:
    call("create_policy", body=NO_SECRETS)
    call("put_org_policy", body={"alert_rules": [alert_rule("Soon gone", receiver.url("/ok"))]})
    call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT})
    call("put_org_policy", body={"alert_rules": []})
    stack.drain()
    assert receiver.posts == []
    assert stack.messages("AlertsDLQ") == []


# -- publishing for other services --


def test_stored_decisions_with_violations_are_published_without_text(call: Any, stack: Any) -> None:
    subscription = subscribe(stack, "PolicyDecision")
    call("create_policy", body=PII)
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": "mail me at jane@example.com"}).body
    clean = call("evaluate", body={"model": "gpt-4o", "prompt": "hello"}).body
    events = received(stack, subscription)
    assert [e["detail"]["decision_id"] for e in events] == [decision["decision_id"]]
    assert clean["decision_id"] != decision["decision_id"]
    event = events[0]
    assert event["source"] == "policy-governance"
    assert event["detail"]["org_id"] == "org-a" and event["detail"]["enforced"] is True
    assert "jane" not in json.dumps(event)


def test_approval_outcomes_are_published(call: Any, stack: Any) -> None:
    subscription = subscribe(stack, "ApprovalDecided")
    rule = {"type": "cost_threshold", "action": "require_approval", "threshold_cents": 1}
    call("create_policy", body={"name": "costly", "rules": [rule]})
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": "x", "cost_usd": 5}).body
    approval_id = decision["approval"]["id"]
    stack.drain_until_reviewable("org-a", approval_id)
    call("reject_approval", path={"id": approval_id}, key="reviewer-1")
    assert stack.execution(approval_id)["status"] == "SUCCEEDED"
    details = [e["detail"] for e in received(stack, subscription)]
    assert details == [{"org_id": "org-a", "approval_id": approval_id, "status": "rejected"}]


# -- captured events, detection only --


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": event_id, "occurred_at": "2026-05-12T14:08:30Z", "model": "gpt-4o", **fields}


def stored_for(call: Any, event_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = call("list_violations", query={"event_id": event_id}).body["items"]
    return items


def test_posted_events_are_judged_once_and_not_enforced(call: Any, stack: Any, receiver: Receiver) -> None:
    # Given a PII policy, an alert rule for PII and a batch with one invalid event
    call("create_policy", body=PII)
    call("put_org_policy", body={"alert_rules": [alert_rule("PII", receiver.url("/ok"), pii_detected=True)]})
    batch = [event("e-1", prompt="mail jane@example.com"), event("e-2", prompt="hi"), {"event_id": "e-3"}]
    # When it is posted, twice (a retrying producer), and the queues run
    first = call("ingest_events", body={"events": batch})
    call("ingest_events", body={"events": batch[:1]})
    stack.drain()
    # Then the invalid one is reported by index, and the rest accepted
    assert first.status == 202
    assert first.body["accepted"] == 2
    assert [r["index"] for r in first.body["rejected"]] == [2]
    # And e-1 is stored once, detection-only, with the verdict that would have applied; alerted once
    stored = stored_for(call, "e-1")
    assert len(stored) == 1
    assert (stored[0]["enforced"], stored[0]["verdict"], stored[0]["approval"]) == (False, "modified", None)
    assert stored[0]["occurred_at"] == "2026-05-12T14:08:30.000+00:00"
    assert len(receiver.posts) == 1 and "detection only" in receiver.posts[0][1]["text"]
    assert stored_for(call, "e-2") == []  # no violation: not in the violations feed


def test_a_bus_event_and_an_sqs_message_each_are_judged_once(call: Any, stack: Any, receiver: Receiver) -> None:
    call("create_policy", body=PII)
    call("put_org_policy", body={"alert_rules": [alert_rule("PII", receiver.url("/ok"), pii_detected=True)]})
    detail = {"org_id": "org-a", **event("bus-1", prompt="mail jane@example.com")}
    entry = {
        "EventBusName": stack.resolver.ref("GovernanceEventBus"),
        "Source": "acme.gateway",
        "DetailType": "LLMUsageEvent",
        "Detail": json.dumps(detail),
    }
    # When the same event is put on the bus twice, and another one is sent straight to the queue
    stack.client("events").put_events(Entries=[entry, entry])
    direct = {"org_id": "org-a", **event("sqs-1", prompt="write to bob@example.com")}
    stack.client("sqs").send_message(QueueUrl=stack.queue_url("EventsQueue"), MessageBody=json.dumps(direct))
    stack.drain()
    # Then each is stored once and alerted once
    assert len(stored_for(call, "bus-1")) == 1
    assert len(stored_for(call, "sqs-1")) == 1
    assert len(receiver.posts) == 2


def test_a_malformed_event_goes_to_the_dlq_and_the_rest_is_processed(call: Any, stack: Any) -> None:
    call("create_policy", body=PII)
    sqs, url = stack.client("sqs"), stack.queue_url("EventsQueue")
    good = {"org_id": "org-a", **event("ok-1", prompt="mail jane@example.com")}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(good))
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"org_id": "org-a", "event_id": "bad"}))
    stack.drain()
    assert len(stored_for(call, "ok-1")) == 1
    assert [m["event_id"] for m in stack.messages("EventsDLQ")] == ["bad"]


def test_the_sample_sqs_event_reports_only_the_bad_record(call: Any, aws: Any) -> None:
    # Given events/event_evaluator.json with one record made malformed
    import importlib

    from tests.conftest import LambdaContext, load_event

    sample = load_event("event_evaluator")
    sample["Records"][1]["body"] = "not json"
    # When the handler runs (org-dev has no policies: the good record is judged allowed)
    result = importlib.import_module("functions.event_evaluator.app").lambda_handler(sample, LambdaContext())
    # Then only the bad record is reported as failed
    assert result == {"batchItemFailures": [{"itemIdentifier": sample["Records"][1]["messageId"]}]}


def test_event_batches_are_limited(call: Any, aws: Any) -> None:
    too_many = {"events": [event(f"e-{i}", prompt="x") for i in range(101)]}
    assert call("ingest_events", body=too_many).status == 422
    assert call("ingest_events", body={"events": []}).status == 422
    assert call("ingest_events", body={"nope": 1}).status == 422
    huge = call("ingest_events", body={"events": [event("big", prompt="x" * 300_000)]}).body
    assert huge["accepted"] == 0 and "larger" in huge["rejected"][0]["error"]


def test_workers_never_log_prompt_text(call: Any, stack: Any, receiver: Receiver, capsys: Any, caplog: Any) -> None:
    # Given a PII policy and alerts, a good event and a malformed one, both carrying an address
    call("create_policy", body=PII)
    call("put_org_policy", body={"alert_rules": [alert_rule("PII", receiver.url("/fail"), pii_detected=True)]})
    sqs, url = stack.client("sqs"), stack.queue_url("EventsQueue")
    good = {"org_id": "org-a", **event("l-1", prompt="jane@example.com")}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(good))
    bad = {"org_id": "org-a", **event("l-2", prompt="jane@example.com"), "max_tokens": "jane@example.com"}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(bad))
    # When the queues run, with failures on the way (a malformed event, a failing webhook)
    stack.drain()
    # Then the failures are visible, and the address appears in no log
    assert stack.messages("EventsDLQ") and stack.messages("AlertsDLQ")
    out = capsys.readouterr()
    logged = out.out + out.err + caplog.text
    assert "WebhookError" in logged  # the failing batch was logged...
    assert "jane" not in logged  # ...without the text


def test_a_failing_webhook_never_keeps_another_rule_from_its_alert(call: Any, stack: Any, receiver: Receiver) -> None:
    # Given two rules matching the same decision, the first one's webhook failing
    call("create_policy", body=NO_SECRETS)
    rules = [alert_rule("Broken", receiver.url("/fail")), alert_rule("Healthy", receiver.url("/ok"))]
    call("put_org_policy", body={"alert_rules": rules})
    call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT})
    # When the queue runs
    stack.drain()
    # Then the healthy webhook got the alert once (redeliveries skip it), the failing one got
    # every attempt of every delivery, and the alert is kept in the DLQ
    assert receiver.paths().count("/ok") == 1
    assert receiver.paths().count("/fail") == 3 * 5  # attempts per delivery x maxReceiveCount
    assert len(stack.messages("AlertsDLQ")) == 1


def test_a_redelivered_alert_posts_only_to_the_webhooks_still_owed(call: Any, stack: Any, receiver: Receiver) -> None:
    # Given two rules matching the same decision, the first one's webhook down for one delivery
    # (all three attempts of it), then back
    receiver.flaky_failures = 3
    call("create_policy", body=NO_SECRETS)
    rules = [alert_rule("Flaky", receiver.url("/flaky")), alert_rule("Healthy", receiver.url("/ok"))]
    call("put_org_policy", body={"alert_rules": rules})
    decision = call("evaluate", body={"model": "gpt-4o", "prompt": SECRET_PROMPT}).body
    # When the queue runs: the first delivery fails on /flaky, SQS delivers it again
    stack.drain()
    # Then each webhook took the alert exactly once, and nothing is left over
    assert receiver.paths() == ["/flaky"] * 3 + ["/ok", "/flaky"]
    assert all(decision["decision_id"] in message["text"] for _, message in receiver.posts)
    assert stack.messages("AlertsDLQ") == []
    assert stack.messages("AlertsQueue") == []


@pytest.mark.parametrize("broken", [10**400, None], ids=["huge-integer", "null"])
def test_an_event_is_judged_by_the_orgs_other_policies_when_a_stored_one_no_longer_compiles(
    call: Any, stack: Any, aws: Any, broken: int | None
) -> None:
    # Given a PII policy, and a cost policy edited by hand in the table into something the
    # engine cannot compile (a 400-digit integer float() overflows, or a NaN stored as null)
    pii = call("create_policy", body=PII).body
    costly = call(
        "create_policy", body={"name": "Costly", "action": "block", "conditions": {"cost_usd": {"gt": 1}}}
    ).body
    store_conditions(aws, costly["id"], {"cost_usd": {"gt": broken}})
    # When an event is posted and the event evaluator runs
    posted = call("ingest_events", body={"events": [event("h-1", prompt="mail jane@example.com", cost_usd=5)]})
    assert posted.status == 202 and posted.body["accepted"] == 1
    stack.drain()
    # Then it is judged by the org's other policy and stored once, naming the skipped one
    (stored,) = stored_for(call, "h-1")
    assert (stored["enforced"], stored["verdict"]) == (False, "modified")
    assert [(v["policy_id"], v["rule_type"]) for v in stored["violations"]] == [(pii["id"], "pii")]
    assert [s["policy_id"] for s in stored["skipped_policies"]] == [costly["id"]]
    # And nothing failed: no message is left for a retry or kept in the DLQ
    assert stack.messages("EventsDLQ") == []
    assert stack.messages("EventsQueue") == []
