"""EventEvaluator: EventsQueue (from POST /v1/events and the bus rule) -> detection-only decisions."""

from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from policy_engine.logic.events import judge_event
from policy_engine.models.events import UsageEvent
from policy_engine.observability import logger, metrics
from policy_engine.workers.batch import parse, sqs_batch_handler


def evaluate_event(record: SQSRecord) -> None:
    event = parse(record, UsageEvent)
    if judge_event(event):
        metrics.add_metric(name="EventsJudged", unit="Count", value=1)
    else:
        logger.info("event already recorded", extra={"org_id": event.org_id})


lambda_handler = sqs_batch_handler(evaluate_event)
