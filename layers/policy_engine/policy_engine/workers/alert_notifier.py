"""AlertNotifier: AlertsQueue (PolicyDecision events an alert rule matched) -> Slack."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from policy_engine.logic import alerts
from policy_engine.logic.org_policy import current
from policy_engine.workers.batch import body_of, parse, sqs_batch_handler
from policy_engine.workers.notify import post, rules_for


class AlertReference(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    index: int
    name: str


class AlertedDecision(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    org_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    decision_id: str
    alert_rules: list[AlertReference] = Field(min_length=1)


def notify(record: SQSRecord) -> None:
    detail = body_of(record)
    decision = parse(record, AlertedDecision)
    rules = rules_for(current(decision.org_id), [r.model_dump() for r in decision.alert_rules])
    post(decision.org_id, f"alert:{decision.decision_id}", rules, lambda rule: alerts.alert_message(rule.name, detail))


lambda_handler = sqs_batch_handler(notify)
