"""Outbound messages: SQS queues, the EventBridge bus and the approval workflow (Step Functions)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from policy_engine.jsonio import dumps
from policy_engine.settings import get_settings
from policy_engine.store import client

EVENT_SOURCE = "policy-governance"  # the `source` of every event the service publishes
SQS_BATCH = 10  # SendMessageBatch takes at most 10 entries
BUS_BATCH = 10  # PutEvents likewise
PUT_ATTEMPTS = 3
PUT_BACKOFF_SECONDS = 0.05


class PublishFailed(Exception):
    """EventBridge refused some events."""


def _dumps(body: Any) -> str:
    return dumps(body)


def send_messages(queue_url: str, bodies: Sequence[Any]) -> list[int]:
    """Send each body as one message (JSON), ten per call. Returns the indexes of the bodies
    that were not sent (refused, or their call failed) after every batch was tried."""
    sqs = client("sqs")
    unsent: list[int] = []
    for start in range(0, len(bodies), SQS_BATCH):
        chunk = bodies[start : start + SQS_BATCH]
        entries = [{"Id": str(start + i), "MessageBody": _dumps(body)} for i, body in enumerate(chunk)]
        try:
            result = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        except (BotoCoreError, ClientError):
            unsent.extend(range(start, start + len(chunk)))
            continue
        unsent.extend(int(failure["Id"]) for failure in result.get("Failed", []))
    return sorted(unsent)


def put_events(detail_type: str, details: Sequence[dict[str, Any]]) -> None:
    """Publish each detail on the service's bus as one event of ``detail_type``. Entries the
    bus refuses (throttling, internal errors: the call succeeds, the entry carries an
    ``ErrorCode``) are sent again, up to ``PUT_ATTEMPTS`` times in all, with a short backoff."""
    bus = get_settings().require("event_bus_name")
    events = client("events")
    failed = 0
    for start in range(0, len(details), BUS_BATCH):
        entries = [
            {"EventBusName": bus, "Source": EVENT_SOURCE, "DetailType": detail_type, "Detail": _dumps(detail)}
            for detail in details[start : start + BUS_BATCH]
        ]
        for attempt in range(PUT_ATTEMPTS):
            if attempt:
                time.sleep(PUT_BACKOFF_SECONDS * 2 ** (attempt - 1))
            result = events.put_events(Entries=entries)
            if not result.get("FailedEntryCount"):
                entries = []
                break
            outcomes = result["Entries"]  # one per entry, in order; refused ones carry an ErrorCode
            entries = [entry for entry, outcome in zip(entries, outcomes, strict=True) if "ErrorCode" in outcome]
        failed += len(entries)
    if failed:
        raise PublishFailed(f"EventBridge refused {failed} of {len(details)} events")


def start_execution(name: str, execution_input: dict[str, Any]) -> bool:
    """Start the approval workflow named ``name``; False when that execution already exists
    (a duplicate delivery), which is not an error."""
    try:
        client("stepfunctions").start_execution(
            stateMachineArn=get_settings().require("approval_state_machine_arn"),
            name=name,
            input=_dumps(execution_input),
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ExecutionAlreadyExists":
            return False
        raise
    return True


TASK_GONE = frozenset({"InvalidToken", "TaskDoesNotExist", "TaskTimedOut"})


def send_task_success(task_token: str, output: dict[str, Any]) -> bool:
    """Complete a waiting workflow task; False when the task is gone (timed out or completed)."""
    return _complete_task("send_task_success", taskToken=task_token, output=_dumps(output))


def send_task_failure(task_token: str, error: str, cause: str) -> bool:
    return _complete_task("send_task_failure", taskToken=task_token, error=error, cause=cause)


def _complete_task(operation: str, **kwargs: str) -> bool:
    try:
        getattr(client("stepfunctions"), operation)(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in TASK_GONE:
            return False
        raise
    return True
