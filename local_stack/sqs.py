"""Poll the template's SQS event sources as Lambda event source mappings do.

Up to BatchSize messages per invocation; on success the batch is deleted; with
ReportBatchItemFailures only the reported messages stay; on an exception (or a malformed
failure report) the whole batch stays. Messages left behind reappear after the queue's
visibility timeout, and moto moves them to the DLQ once they exceed maxReceiveCount.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

from local_stack.lambdas import Functions
from local_stack.template import SqsSource

log = logging.getLogger("local_stack")

MAX_RECEIVE = 10  # SQS hands out at most 10 messages per ReceiveMessage


def lambda_message_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """SQS API attributes -> the camelCase shape Lambda's SQS event uses."""
    out = {}
    for name, value in attributes.items():
        entry: dict[str, Any] = {"dataType": value.get("DataType"), "stringListValues": [], "binaryListValues": []}
        if "StringValue" in value:
            entry["stringValue"] = value["StringValue"]
        if "BinaryValue" in value:
            import base64

            entry["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode("ascii")
        out[name] = entry
    return out


def sqs_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": lambda_message_attributes(message.get("MessageAttributes", {})),
        "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


class SqsPoller:
    """One thread per event source; ``stop`` ends them within about a second."""

    def __init__(
        self, source: SqsSource, queue_url: str, queue_arn: str, sqs: Any, functions: Functions, region: str
    ) -> None:
        self.source = source
        self.queue_url = queue_url
        self.queue_arn = queue_arn
        self.sqs = sqs
        self.functions = functions
        self.region = region
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sqs-{source.function}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float = 5) -> None:
        self._thread.join(timeout)

    def _receive_batch(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        while len(messages) < self.source.batch_size and not self._stop.is_set():
            wanted = min(MAX_RECEIVE, self.source.batch_size - len(messages))
            got = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=wanted,
                WaitTimeSeconds=0 if messages else 1,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            messages.extend(got)
            if len(got) < wanted:
                break
        return messages

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                messages = self._receive_batch()
                if messages:
                    self.deliver(messages)
            except Exception:
                log.exception("polling %s for %s failed", self.source.queue, self.source.function)
                self._stop.wait(1)

    def deliver(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Invoke the function on one batch; returns the messages left on the queue to retry."""
        event = {"Records": [sqs_record(m, self.queue_arn, self.region) for m in messages]}
        try:
            result = self.functions.invoke(self.source.function, event)
        except Exception:
            log.exception("%s failed on a batch of %d from %s", self.source.function, len(messages), self.source.queue)
            return messages  # every message becomes visible again after the visibility timeout
        failed = self.failed_ids(result, {m["MessageId"] for m in messages})
        if failed is None:
            log.error("%s returned a malformed batchItemFailures: the whole batch is retried", self.source.function)
            return messages
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), MAX_RECEIVE):
            chunk = done[start : start + MAX_RECEIVE]
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)],
            )
        log.info(
            "%s: %d of %d messages from %s done", self.source.function, len(done), len(messages), self.source.queue
        )
        return [m for m in messages if m["MessageId"] in failed]

    def failed_ids(self, result: Any, ids: set[str]) -> set[str] | None:
        """The ids to keep, or None when the report is malformed (then Lambda retries the batch)."""
        if not self.source.report_failures or not isinstance(result, dict):
            return set()
        failures = result.get("batchItemFailures")
        if failures is None:
            return set()
        if not isinstance(failures, list):
            return None
        kept = set()
        for failure in failures:
            identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
            if not identifier or identifier not in ids:
                return None
            kept.add(str(identifier))
        return kept
