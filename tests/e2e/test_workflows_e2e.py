"""The asynchronous workflows end to end, over real HTTP against the local stack serving template.yaml.

One stack for the module, with a short AlertsQueue visibility timeout (2 s), MaxReceiveCount=2 and,
through an env.json of its own, a quick AlertNotifier (2 webhook attempts, 50 ms backoff), so that
retries and dead-lettering happen within seconds. A real HTTP server on 127.0.0.1 stands in for Slack.

- Alerts: a decision an org alert rule matches is published on the bus, routed by AlertsRule to
  AlertsQueue and posted by AlertNotifier to the rule's webhook exactly once, without the prompt;
  a decision no rule matches posts nothing.
- Failing webhooks: every delivery retries in-invocation, SQS redelivers after the visibility
  timeout, and after MaxReceiveCount deliveries the message waits in AlertsDLQ (never lost).
- Approvals: evaluate holds a costly request, ApprovalIntake starts the Step Functions workflow,
  ReviewNotifier stores its task token; approve completes the workflow, the approval is redeemed
  once; a rejected approval blocks its request.
- Captured events: POST /v1/events and LLMUsageEvent events put on the bus are judged by
  EventEvaluator in detection-only mode and stored once per event_id.

Every test uses the seeded org (org-dev, DEV_KEY) with data of its own: distinct agent ids,
prompts and event ids. Waits poll with a deadline; nothing sleeps for a fixed long time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.e2e.conftest import ROOT, Reply, RunningStack, start_stack, stop_stack

pytestmark = pytest.mark.e2e

ORG = "org-dev"
DEADLINE = 20.0  # seconds any asynchronous outcome may take
QUIET = 3.0  # seconds to wait for something that must not happen
WEBHOOK_ATTEMPTS = 2
MAX_RECEIVE_COUNT = 2
SECRET = "AKIA" + "4HKZ7QW2RXJ5TLMN"  # the real format; AWS's documented EXAMPLE key is a placeholder, not reported

POLICIES = [
    {"name": "no-secrets", "rules": [{"type": "secrets", "action": "block"}]},
    {"name": "costly", "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}]},
    {"name": "pii", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]},
]


# -- a webhook receiver standing in for Slack --


@dataclass(frozen=True)
class Post:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return str(json.loads(self.body)["text"])


class Receiver:
    """Records every POST; ``/fail...`` answers 500, anything else 200."""

    def __init__(self) -> None:
        self._posts: list[Post] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.record(Post(self.path, dict(self.headers.items()), body))
                self.send_response(500 if self.path.startswith("/fail") else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="webhook-receiver", daemon=True)

    def record(self, post: Post) -> None:
        with self._lock:
            self._posts.append(post)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def posts(self, path: str | None = None, mentioning: str | None = None) -> list[Post]:
        with self._lock:
            found = list(self._posts)
        return [p for p in found if (path is None or p.path == path) and (mentioning is None or mentioning in p.text)]


# -- helpers --


def eventually[T](stack: RunningStack, probe: Callable[[], T | None], what: str, timeout: float = DEADLINE) -> T:
    """``probe()`` once it is truthy; fails with the stack's log after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {timeout} s; stack log:\n{stack.log.read_text()[-4000:]}")
        time.sleep(0.1)


def evaluate(stack: RunningStack, body: dict[str, Any]) -> dict[str, Any]:
    reply = stack.request("POST", "/v1/evaluate", body=body)
    assert reply.status == 200, reply.body
    decision: dict[str, Any] = reply.body
    return decision


def violations_of(stack: RunningStack, event_id: str) -> list[dict[str, Any]]:
    reply = stack.request("GET", f"/v1/violations?event_id={event_id}")
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.body["items"]
    return items


def queue_drained(stack: RunningStack, queue: str) -> bool:
    """Nothing waiting on the queue and nothing in flight (its function deletes what it handled)."""
    sqs = stack.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=sqs.get_queue_url(QueueName=queue)["QueueUrl"],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return bool(attributes == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"})


def execution(stack: RunningStack, name: str) -> dict[str, Any] | None:
    """The approval workflow's execution named ``name`` (the approval id), if started."""
    sfn = stack.client("stepfunctions")
    machine = next(m for m in sfn.list_state_machines()["stateMachines"] if m["name"] == "ApprovalWorkflow")
    executions = sfn.list_executions(stateMachineArn=machine["stateMachineArn"])["executions"]
    found: dict[str, Any] | None = next((e for e in executions if e["name"] == name), None)
    return found


def only(names: list[str], what: str) -> str:
    assert len(names) == 1, f"expected one {what}, found {names}"
    return names[0]


def task_token_stored(stack: RunningStack, approval_id: str) -> bool:
    """ReviewNotifier has kept the workflow's task token on the approval item."""
    dynamodb = stack.client("dynamodb")
    item = dynamodb.get_item(
        TableName=only(dynamodb.list_tables()["TableNames"], "table"),
        Key={"pk": {"S": f"ORG#{ORG}#APPROVAL#{approval_id}"}, "sk": {"S": "APPROVAL"}},
        ConsistentRead=True,
    )
    return "task_token" in item.get("Item", {})


def held(stack: RunningStack, request: dict[str, Any]) -> str:
    """Evaluate a request the costly policy holds; its approval's id once its workflow waits on a reviewer."""
    decision = evaluate(stack, request)
    assert decision["verdict"] == "pending_approval", decision
    approval = decision["approval"]
    assert approval["status"] == "pending"
    assert approval["expires_at"]
    approval_id: str = approval["id"]
    eventually(stack, lambda: execution(stack, approval_id), f"workflow execution {approval_id}")
    eventually(stack, lambda: task_token_stored(stack, approval_id), f"task token on approval {approval_id}")
    running = execution(stack, approval_id)
    assert running is not None
    assert running["status"] == "RUNNING"
    return approval_id


def finished(stack: RunningStack, approval_id: str) -> str:
    """The workflow's final status, once it has left RUNNING."""

    def ended() -> str | None:
        found = execution(stack, approval_id)
        return None if found is None or found["status"] == "RUNNING" else str(found["status"])

    return eventually(stack, ended, f"end of workflow {approval_id}")


def error(reply: Reply, status: int, code: str) -> None:
    assert reply.status == status, reply.body
    assert reply.body["error"]["code"] == code


# -- fixtures --


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    running.thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture(scope="module")
def workflows(tmp_path_factory: pytest.TempPathFactory, receiver: Receiver) -> Iterator[RunningStack]:
    """The real template with quick alert retries, the org's alert rules pointing at ``receiver``,
    and the policies every test relies on (set before any evaluate, so no cache can be stale)."""
    tmp = tmp_path_factory.mktemp("workflows")
    env_vars = tmp / "env.json"
    env_vars.write_text(
        json.dumps(
            {
                "Parameters": json.loads((ROOT / "env.json").read_text())["Parameters"],
                "AlertNotifierFunction": {
                    "WEBHOOK_ATTEMPTS": str(WEBHOOK_ATTEMPTS),
                    "WEBHOOK_BACKOFF_SECONDS": "0.05",
                    "WEBHOOK_TIMEOUT_SECONDS": "2",
                },
            }
        )
    )
    running = start_stack(
        tmp,
        "--parameter-overrides",
        "AlertsVisibilityTimeout=2",
        f"MaxReceiveCount={MAX_RECEIVE_COUNT}",
        "--env-vars",
        str(env_vars),
    )
    try:
        alert_rules = [
            {
                "name": "blocked agent-alert",
                "condition": {"agent_id_eq": "agent-alert", "action_contains": "block"},
                "notify": {"slack_webhook_url": receiver.url("/ok")},
            },
            {
                "name": "agent-failing",
                "condition": {"agent_id_eq": "agent-failing"},
                "notify": {"slack_webhook_url": receiver.url("/fail")},
            },
        ]
        reply = running.request("PUT", "/v1/org/policy", body={"alert_rules": alert_rules})
        assert reply.status == 200, reply.body
        for policy in POLICIES:
            reply = running.request("POST", "/v1/policies", body=policy)
            assert reply.status == 201, reply.body
        yield running
    finally:
        stop_stack(running)


# -- tests --


def test_a_matching_alert_rule_posts_once_to_its_webhook(workflows: RunningStack, receiver: Receiver) -> None:
    # Given the rule "blocked agent-alert" and a policy that blocks credentials
    prompt = f"deploy the release with key {SECRET} tonight"

    # When a request of another agent and then one of agent-alert are blocked
    other = evaluate(workflows, {"model": "gpt-4o", "prompt": prompt, "metadata": {"agent_id": "someone-else"}})
    matching = evaluate(workflows, {"model": "gpt-4o", "prompt": prompt, "metadata": {"agent_id": "agent-alert"}})
    assert other["verdict"] == matching["verdict"] == "blocked"
    decision_id = matching["decision_id"]

    # Then the rule's webhook gets one Slack message naming the decision and its verdict, without the prompt
    eventually(workflows, lambda: receiver.posts("/ok", decision_id), f"alert for {decision_id}")
    post = receiver.posts("/ok", decision_id)[0]
    assert post.headers["Content-Type"] == "application/json"
    assert "blocked" in post.text
    assert "blocked agent-alert" in post.text
    assert prompt not in post.text
    assert SECRET not in post.body.decode()

    # And nothing else arrives: not again for it, never for the other agent's decision
    time.sleep(QUIET)
    assert len(receiver.posts("/ok")) == 1
    assert receiver.posts(mentioning=other["decision_id"]) == []


def test_a_failing_webhook_is_retried_then_dead_lettered(workflows: RunningStack, receiver: Receiver) -> None:
    # Given the rule "agent-failing" whose webhook always answers 500
    prompt = f"rotate {SECRET} for the failing agent"

    # When a request of agent-failing is blocked
    decision = evaluate(workflows, {"model": "gpt-4o", "prompt": prompt, "metadata": {"agent_id": "agent-failing"}})
    assert decision["verdict"] == "blocked"
    decision_id = decision["decision_id"]

    # Then, after every delivery's attempts, the event waits in AlertsDLQ
    sqs = workflows.client("sqs")
    dlq = sqs.get_queue_url(QueueName="AlertsDLQ")["QueueUrl"]

    def dead_lettered() -> list[dict[str, Any]]:
        got = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
        bodies = [json.loads(m["Body"]) for m in got]
        return [b for b in bodies if b["detail"]["decision_id"] == decision_id]

    dead = eventually(workflows, dead_lettered, f"dead-lettered alert for {decision_id}")
    assert len(dead) == 1
    assert dead[0]["detail-type"] == "PolicyDecision"
    assert dead[0]["detail"]["alert_rules"] == [{"index": 1, "name": "agent-failing"}]

    # And the webhook saw every attempt of every delivery: attempts x MaxReceiveCount, no more
    attempts = receiver.posts("/fail", decision_id)
    assert len(attempts) == WEBHOOK_ATTEMPTS * MAX_RECEIVE_COUNT
    assert all(prompt not in a.text and SECRET not in a.body.decode() for a in attempts)
    assert receiver.posts("/ok", decision_id) == []
    assert queue_drained(workflows, "AlertsQueue")


def reviewer(stack: RunningStack) -> str:
    """A key of the org that may decide approvals, other than the key whose requests are held
    (the org policy's approvals.require_distinct_reviewer is on by default)."""
    created = stack.request("POST", "/v1/api-keys", body={"name": "reviewer", "scopes": ["approvals:decide"]})
    assert created.status == 201, created.body
    return str(created.body["key"])


def test_an_approved_request_goes_through_once(workflows: RunningStack) -> None:
    # Given a request the costly policy holds, whose workflow waits on a reviewer
    request = {"model": "gpt-4o", "prompt": "Summarise the quarterly board minutes", "cost_usd": 5}
    approval_id = held(workflows, request)
    got = workflows.request("GET", f"/v1/approvals/{approval_id}")
    assert got.status == 200, got.body
    assert got.body["status"] == "pending"
    assert "board minutes" not in json.dumps(got.body)
    listed = workflows.request("GET", "/v1/approvals?status=pending")
    assert listed.status == 200, listed.body
    assert approval_id in [a["id"] for a in listed.body["items"]]

    # When a reviewer approves it (and a second decision comes too late); the key that made the
    # request cannot decide it
    own = workflows.request("POST", f"/v1/approvals/{approval_id}/approve", body={"comment": "mine"})
    error(own, 403, "forbidden")
    key = reviewer(workflows)
    approve = f"/v1/approvals/{approval_id}/approve"
    approved = workflows.request("POST", approve, body={"comment": "fine for Q3"}, key=key)
    assert approved.status == 200, approved.body
    assert approved.body["status"] == "approved"
    assert approved.body["comment"] == "fine for Q3"
    error(workflows.request("POST", approve, body={"comment": "again"}, key=key), 409, "conflict")

    # Then the workflow completes and the same request is allowed, once
    assert finished(workflows, approval_id) == "SUCCEEDED"
    assert workflows.request("GET", f"/v1/approvals/{approval_id}").body["status"] == "approved"
    redeemed = evaluate(workflows, {**request, "approval_id": approval_id})
    assert redeemed["verdict"] == "allowed", redeemed
    again = evaluate(workflows, {**request, "approval_id": approval_id})
    assert again["verdict"] == "pending_approval", again
    assert again["approval"]["id"] != approval_id


def test_a_rejected_request_is_blocked(workflows: RunningStack) -> None:
    # Given another held request
    request = {"model": "gpt-4o", "prompt": "Draft the press release about the merger", "cost_usd": 5}
    approval_id = held(workflows, request)

    # When a reviewer rejects it
    key = reviewer(workflows)
    rejected = workflows.request("POST", f"/v1/approvals/{approval_id}/reject", body={"comment": "not yet"}, key=key)
    assert rejected.status == 200, rejected.body
    assert rejected.body["status"] == "rejected"
    error(workflows.request("POST", f"/v1/approvals/{approval_id}/approve", body={}, key=key), 409, "conflict")

    # Then the workflow completes and the request sent with its approval is blocked
    assert finished(workflows, approval_id) == "SUCCEEDED"
    blocked = evaluate(workflows, {**request, "approval_id": approval_id})
    assert blocked["verdict"] == "blocked", blocked
    assert any(v["rule_type"] == "approval" for v in blocked["violations"])


def test_captured_events_are_judged_once_in_detection_only_mode(workflows: RunningStack) -> None:
    # Given a batch of two valid events (one leaks an email) and one without a model
    at = "2026-05-12T14:08:30Z"
    leaking = {"event_id": "evt-pii-1", "occurred_at": at, "model": "gpt-4o", "prompt": "mail me at jane@example.com"}
    clean = {"event_id": "evt-clean-1", "occurred_at": at, "model": "gpt-4o", "prompt": "what is the capital of Peru?"}
    invalid = {"event_id": "evt-bad-1", "occurred_at": at, "prompt": "no model here"}

    # When they are posted
    reply = workflows.request("POST", "/v1/events", body={"events": [leaking, clean, invalid]})

    # Then two are accepted, the third rejected by its index
    assert reply.status == 202, reply.body
    assert reply.body["accepted"] == 2
    assert [r["index"] for r in reply.body["rejected"]] == [2]
    assert reply.body["rejected"][0]["error"]

    # And the leaking one is stored as a violation that was not enforced; the clean one is not a violation
    found = eventually(workflows, lambda: violations_of(workflows, "evt-pii-1"), "violation of evt-pii-1")
    assert len(found) == 1
    decision = found[0]
    assert decision["enforced"] is False
    assert decision["event_id"] == "evt-pii-1"
    assert decision["verdict"] == "modified"
    assert "jane@example.com" not in json.dumps(decision)
    eventually(workflows, lambda: queue_drained(workflows, "EventsQueue"), "empty EventsQueue")
    assert violations_of(workflows, "evt-clean-1") == []

    # When the same event is posted again
    again = workflows.request("POST", "/v1/events", body={"events": [leaking]})
    assert again.status == 202, again.body
    assert again.body == {"accepted": 1, "rejected": []}
    eventually(workflows, lambda: queue_drained(workflows, "EventsQueue"), "empty EventsQueue")

    # Then it is still stored once
    assert [d["decision_id"] for d in violations_of(workflows, "evt-pii-1")] == [decision["decision_id"]]


def test_usage_events_put_on_the_bus_are_judged(workflows: RunningStack) -> None:
    # Given a producer with PutEvents on the governance bus
    detail = {
        "org_id": ORG,
        "event_id": "bus-1",
        "occurred_at": "2026-05-12T14:09:00Z",
        "model": "gpt-4o",
        "prompt": "mail me at jane@example.com",
    }

    events = workflows.client("events")
    buses = [b["Name"] for b in events.list_event_buses()["EventBuses"] if b["Name"] != "default"]
    bus = only(buses, "event bus besides default")  # GovernanceEventBus

    # When it puts an LLMUsageEvent on the bus
    put = events.put_events(
        Entries=[
            {
                "EventBusName": bus,
                "Source": "acme.gateway",
                "DetailType": "LLMUsageEvent",
                "Detail": json.dumps(detail),
            }
        ]
    )
    assert put["FailedEntryCount"] == 0, put

    # Then UsageEventsRule routes it to EventEvaluator, which stores it in detection-only mode
    found = eventually(workflows, lambda: violations_of(workflows, "bus-1"), "violation of bus-1")
    assert len(found) == 1
    assert found[0]["enforced"] is False
    assert found[0]["event_id"] == "bus-1"
    assert found[0]["model"] == "gpt-4o"
