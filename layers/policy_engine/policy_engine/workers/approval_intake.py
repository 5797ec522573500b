"""ApprovalIntake: ApprovalRequestsQueue -> one workflow execution per approval (named by its id)."""

from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from policy_engine.logic.approvals import IntakeMessage, start_workflow
from policy_engine.observability import logger
from policy_engine.workers.batch import parse, sqs_batch_handler


def intake(record: SQSRecord) -> None:
    message = parse(record, IntakeMessage)
    if not start_workflow(message):
        logger.info("approval workflow already started", extra={"approval_id": str(message.approval_id)})


lambda_handler = sqs_batch_handler(intake)
