"""The whole template in moto, in-process: queues, bus, rules, the approval state machine.

``InProcessStack.drain()`` plays the event source mappings: it hands each SQS queue's
messages to its function's handler (imported from functions/), deletes what succeeded and
makes what failed visible again at once, as if its visibility timeout had passed, so moto
moves a message that keeps failing to the DLQ after ``maxReceiveCount`` deliveries.
Step Functions executes for real (moto's interpreter), in its own threads.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from local_stack.resources import Provisioner
from local_stack.sqs import SqsPoller
from local_stack.template import TEMPLATE, Resolver, function_specs, sqs_event_sources
from tests.conftest import RECORDER, LambdaContext

# Variables that name stack resources, which the handlers read from their environment.
RESOURCE_VARIABLES = (
    "EVENT_BUS_NAME",
    "APPROVAL_QUEUE_URL",
    "APPROVAL_STATE_MACHINE_ARN",
    "EVENTS_QUEUE_URL",
    "DECISION_LOG_STREAM",
)


class HandlerFunctions:
    """Invokes a template function's handler the way local_stack.lambdas does, in this process."""

    def __init__(self, resolver: Resolver) -> None:
        self.specs = function_specs(resolver)

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        folder = self.specs[logical_id].code_uri.name
        module = importlib.import_module(f"functions.{folder}.app")
        with RECORDER.running(folder):
            return module.lambda_handler(event, LambdaContext())


@dataclass
class InProcessStack:
    resolver: Resolver
    session: Any

    @classmethod
    def provision(cls, table_name: str, overrides: dict[str, str] | None = None) -> InProcessStack:
        import boto3

        resolver = Resolver(TEMPLATE, endpoint="", overrides=overrides)
        # The aws fixture created the table and the cursor-signing secret.
        resolver.created["GovernanceTable"] = {"Ref": table_name}
        secret = os.environ["CURSOR_SECRET_ARN"]
        resolver.created["CursorSigningSecret"] = {"Ref": secret, "Id": secret}
        provisioner = Provisioner(resolver, boto3.session.Session(region_name=resolver.region))
        for logical_id in provisioner.creation_order():
            kind = resolver.resources[logical_id]["Type"]
            if kind not in ("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret"):
                provisioner.CREATORS[kind](provisioner, logical_id)
        stack = cls(resolver, provisioner.session)
        for spec in function_specs(resolver).values():
            os.environ.update({k: v for k, v in spec.environment.items() if k in RESOURCE_VARIABLES})
        return stack

    def client(self, service: str) -> Any:
        return self.session.client(service, region_name=self.resolver.region)

    def queue_url(self, logical_id: str) -> str:
        return str(self.resolver.ref(logical_id))

    def messages(self, logical_id: str) -> list[dict[str, Any]]:
        """Every message on a queue (received, then made visible again), bodies decoded."""
        sqs = self.client("sqs")
        url = self.queue_url(logical_id)
        found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
        return [json.loads(m["Body"]) for m in found]

    def pollers(self) -> list[SqsPoller]:
        functions: Any = HandlerFunctions(self.resolver)
        sqs = self.client("sqs")
        return [
            SqsPoller(
                source,
                self.queue_url(source.queue),
                str(self.resolver.get_att(source.queue, "Arn")),
                sqs,
                functions,
                self.resolver.region,
            )
            for source in sqs_event_sources(self.resolver)
        ]

    def drain(self, *, until: Callable[[], object] | None = None, timeout: float = 30.0, quiet: float = 0.4) -> int:
        """Deliver until every event source queue stayed empty for ``quiet`` seconds and ``until()``
        (when given) holds; returns how many batches were delivered. Workflows send messages from
        their own threads, at their own pace: a test that waits on one names what it waits for
        in ``until`` rather than trusting the quiet window."""
        pollers = self.pollers()
        sqs = self.client("sqs")
        batches = 0
        deadline = time.monotonic() + timeout
        idle_since = time.monotonic()
        while time.monotonic() < deadline:
            delivered = False
            for poller in pollers:
                messages = sqs.receive_message(
                    QueueUrl=poller.queue_url,
                    MaxNumberOfMessages=poller.source.batch_size,
                    AttributeNames=["All"],
                    MessageAttributeNames=["All"],
                ).get("Messages", [])
                if not messages:
                    continue
                delivered = True
                batches += 1
                for message in poller.deliver(messages):
                    sqs.change_message_visibility(
                        QueueUrl=poller.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                    )
            if delivered:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= quiet and (until is None or until()):
                return batches
            else:
                time.sleep(0.05)
        raise AssertionError(f"queues still busy, or the awaited condition unmet, after {timeout} s")

    def approval_item(self, org_id: str, approval_id: str) -> dict[str, Any]:
        """The approval as stored (consistent read), task token and workflow fields included."""
        table = self.session.resource("dynamodb", region_name=self.resolver.region).Table(
            str(self.resolver.ref("GovernanceTable"))
        )
        key = {"pk": f"ORG#{org_id}#APPROVAL#{approval_id}", "sk": "APPROVAL"}
        found: dict[str, Any] = table.get_item(Key=key, ConsistentRead=True)["Item"]
        return found

    def drain_until_reviewable(self, org_id: str, approval_id: str) -> None:
        """Run the queues until the approval's workflow waits for a reviewer, its task token stored."""
        self.drain(until=lambda: "task_token" in self.approval_item(org_id, approval_id))

    def drain_until_done(self, approval_id: str) -> dict[str, Any]:
        """Run the queues until the approval's workflow has finished; returns the execution."""
        self.drain(until=lambda: self.execution(approval_id, settle=0)["status"] != "RUNNING")
        return self.execution(approval_id, settle=0)

    def execution(self, name: str, *, settle: float = 10.0) -> dict[str, Any]:
        """The workflow execution named ``name``, once it has left RUNNING (or as it is after ``settle`` s)."""
        sfn = self.client("stepfunctions")
        arn = str(self.resolver.ref("ApprovalWorkflow")).replace(":stateMachine:", ":execution:") + f":{name}"
        deadline = time.monotonic() + settle
        while True:
            described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                return described
            time.sleep(0.05)

    def executions(self) -> list[dict[str, Any]]:
        sfn = self.client("stepfunctions")
        found: list[dict[str, Any]] = sfn.list_executions(stateMachineArn=self.resolver.ref("ApprovalWorkflow"))[
            "executions"
        ]
        return found

    def stop_executions(self) -> None:
        sfn = self.client("stepfunctions")
        for execution in self.executions():
            if execution["status"] == "RUNNING":
                sfn.stop_execution(executionArn=execution["executionArn"])
