"""ReviewNotifier: ReviewQueue (the workflow's task token) -> stored on the approval; reviewers
are asked on the webhooks of the org's alert rules that match the held decision."""

from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from policy_engine.logic import alerts
from policy_engine.logic.approvals import ReviewTask, accept_review_task
from policy_engine.logic.org_policy import current
from policy_engine.workers.batch import parse, sqs_batch_handler
from policy_engine.workers.notify import post, rules_for


def review(record: SQSRecord) -> None:
    task = parse(record, ReviewTask)
    approval = accept_review_task(task)
    if approval is None:
        return  # decided before the token arrived: the workflow was completed instead
    org_policy = current(task.org_id)
    references = alerts.matching_rules(org_policy, approval.request_summary)
    doc = approval.model_dump(mode="json")
    rules = rules_for(org_policy, references)
    post(task.org_id, f"review:{approval.id}", rules, lambda _rule: alerts.review_message(doc))


lambda_handler = sqs_batch_handler(review)
