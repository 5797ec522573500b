"""SQS batch handlers: each record on its own, failures reported per message.

A record whose handler raises is reported in ``batchItemFailures``: SQS delivers it again
after the visibility timeout and moves it to the queue's DLQ after ``maxReceiveCount``
attempts; the rest of the batch is deleted. Nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ValidationError

from policy_engine.models.errors import field_path
from policy_engine.observability import logger, metrics, traced
from policy_engine.settings import get_settings

Handler = Callable[[dict[str, Any], LambdaContext], PartialItemFailureResponse]
# Ids a message may carry: logged with every line about it (never its text).
CORRELATED = ("org_id", "decision_id", "approval_id", "event_id")


class MalformedMessage(Exception):
    """A message that can never be processed; it says which fields, never their values (which
    may hold prompt text), so it is safe in logs. It ends in the queue's DLQ."""


def body_of(record: SQSRecord) -> Any:
    """The message body as JSON; the detail when it is an EventBridge event (a bus rule's target)."""
    try:
        body = json.loads(record.body)
    except ValueError:
        raise MalformedMessage("the message body is not JSON") from None
    if isinstance(body, dict) and "detail-type" in body and "detail" in body:
        return body["detail"]
    return body


def parse[ModelT: BaseModel](record: SQSRecord, model: type[ModelT]) -> ModelT:
    try:
        parsed = model.model_validate(body_of(record))
    except ValidationError as exc:
        fields = sorted({field_path(error["loc"]) or "body" for error in exc.errors()})
        raise MalformedMessage(f"not a valid {model.__name__}: {', '.join(fields)}") from None
    logger.append_keys(**{name: str(getattr(parsed, name)) for name in CORRELATED if getattr(parsed, name, None)})
    return parsed


def sqs_batch_handler(record_handler: Callable[[SQSRecord], Any]) -> Handler:
    """The Lambda entry point of an SQS-triggered function (ReportBatchItemFailures on); the
    settings are read at init, so a misconfigured function fails before its first batch."""
    get_settings()
    processor = BatchProcessor(event_type=EventType.SQS)

    def correlated(record: SQSRecord) -> Any:
        """Each record's log lines carry its SQS message id and, once parsed, the ids it names."""
        logger.remove_keys(list(CORRELATED))
        logger.set_correlation_id(record.message_id)
        return record_handler(record)

    @logger.inject_lambda_context(clear_state=True)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
        return process_partial_response(event=event, record_handler=correlated, processor=processor, context=context)

    return traced(handler)
