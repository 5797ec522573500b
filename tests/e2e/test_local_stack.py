"""The local stack's own behaviour, on a small template: authorizer, proxy events, env, SQS polling."""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import RunningStack, start_stack, stop_stack

pytestmark = pytest.mark.e2e

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    Environment:
      Variables:
        TABLE: !Ref Table
        WORK_QUEUE_URL: !Ref WorkQueue
        STAGE_NAME: !Sub "stage-${Stage}"
        FROM_ENV_JSON: template
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Auth:
        DefaultAuthorizer: KeyAuthorizer
        Authorizers:
          KeyAuthorizer:
            FunctionArn: !GetAtt AuthFunction.Arn
            FunctionPayloadType: REQUEST
            Identity:
              Headers: [Authorization]
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
        - {AttributeName: g, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
      GlobalSecondaryIndexes:
        - IndexName: ByG
          KeySchema: [{AttributeName: g, KeyType: HASH}]
          Projection: {ProjectionType: ALL}
      TimeToLiveSpecification: {AttributeName: expires_at, Enabled: true}
  WorkDlq:
    Type: AWS::SQS::Queue
  WorkQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 1
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt WorkDlq.Arn
        maxReceiveCount: 2
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: local-bus
  ToWork:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: {source: [tests]}
      Targets:
        - Id: work
          Arn: !GetAtt WorkQueue.Arn
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: MACHINE_FILE
      DefinitionSubstitutions:
        QueueUrl: !Ref WorkQueue
  AuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: CODE/auth/
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: CODE/echo/
      Environment:
        Variables:
          OWN: echo-only
      Events:
        Echo:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: "/items/{id}", Method: get}
        Open:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: /open, Method: post, Auth: {Authorizer: NONE}}
  WorkerFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: CODE/worker/
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt WorkQueue.Arn
            BatchSize: 5
            FunctionResponseTypes: [ReportBatchItemFailures]
"""

AUTH = """
def handler(event, context):
    token = (event.get("headers") or {}).get("Authorization", "")
    if token == "Bearer boom":
        raise Exception("Unauthorized")
    if token == "Bearer crash":
        raise RuntimeError("a bug")
    effect = "Deny" if token == "Bearer deny" else "Allow"
    return {
        "principalId": "key-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"].rsplit("/", 3)[0] + "/*"}
        ]},
        "context": {"org_id": "org-x", "key_id": "key-1", "scopes": "admin", "n": 3, "ok": True},
    }
"""

ECHO = """
import json, os
def handler(event, context):
    env = {k: os.environ.get(k) for k in ("TABLE", "WORK_QUEUE_URL", "STAGE_NAME", "FROM_ENV_JSON", "OWN")}
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Echo": "yes"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": json.dumps({"event": event, "env": env, "function": context.function_name}),
    }
"""

WORKER = """
import json
def handler(event, context):
    failures = []
    for record in event["Records"]:
        body = record["body"]
        if body.startswith("fail"):
            failures.append({"itemIdentifier": record["messageId"]})
        if body == "raise":
            raise RuntimeError("whole batch fails")
    return {"batchItemFailures": failures}
"""

MACHINE = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": "${QueueUrl}", "End": True}}}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    tmp = tmp_path_factory.mktemp("small")
    code = tmp / "code"
    for name, source in (("auth", AUTH), ("echo", ECHO), ("worker", WORKER)):
        (code / name).mkdir(parents=True)
        (code / name / "app.py").write_text(textwrap.dedent(source))
    machine = tmp / "machine.asl.json"
    machine.write_text(json.dumps(MACHINE))
    template = tmp / "template.yaml"
    template.write_text(TEMPLATE.replace("CODE", str(code)).replace("MACHINE_FILE", str(machine)))
    env_json = tmp / "env.json"
    env_json.write_text(json.dumps({"Parameters": {"FROM_ENV_JSON": "env.json", "TABLE": "ignored"}}))
    running = start_stack(tmp, "--template", str(template), "--env-vars", str(env_json))
    yield running
    stop_stack(running)


def test_proxy_event_authorizer_context_and_environment(small: RunningStack) -> None:
    reply = small.request("GET", "/items/a%20b?x=1&x=2&y=", headers={"Authorization": "Bearer good", "X-Multi": "v"})
    assert reply.status == 200, reply.body
    assert reply.headers["X-Echo"] == "yes"
    event = reply.body["event"]
    assert event["resource"] == "/items/{id}"
    assert event["path"] == "/items/a b"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"id": "a b"}
    assert event["queryStringParameters"] == {"x": "2", "y": ""}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"], "y": [""]}
    assert event["headers"]["X-Multi"] == "v"
    assert event["multiValueHeaders"]["X-Multi"] == ["v"]
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "dev"
    assert context["requestId"] == reply.headers["x-amzn-RequestId"]
    assert context["authorizer"]["org_id"] == "org-x"
    assert context["authorizer"]["principalId"] == "key-1"
    assert context["authorizer"]["n"] == "3"
    assert context["authorizer"]["ok"] == "true"
    assert reply.body["function"] == "EchoFunction"
    env = reply.body["env"]
    assert env["TABLE"] == "Table"  # a resource's local name wins over env.json
    assert env["WORK_QUEUE_URL"].endswith("/WorkQueue")
    assert env["STAGE_NAME"] == "stage-dev"
    assert env["FROM_ENV_JSON"] == "env.json"
    assert env["OWN"] == "echo-only"


def test_authorizer_outcomes(small: RunningStack) -> None:
    for token, status, code in (
        (None, 401, "unauthorized"),
        ("Bearer boom", 401, "unauthorized"),
        ("Bearer deny", 403, "forbidden"),
        ("Bearer crash", 500, "internal"),
    ):
        headers = {"Authorization": token} if token else {}
        reply = small.request("GET", "/items/1", headers=headers, key=None)
        assert reply.status == status, (token, reply.body)
        assert reply.body["error"]["code"] == code
        assert reply.body["error"]["details"] == []
        assert reply.body["request_id"]


def test_route_without_authorizer_and_body(small: RunningStack) -> None:
    reply = small.request("POST", "/open", raw=b"\xff\x00binary", key=None)
    assert reply.status == 200
    event = reply.body["event"]
    assert event["isBase64Encoded"] is True
    assert "authorizer" not in event["requestContext"]
    text = small.request("POST", "/open", body={"a": 1}, key=None).body["event"]
    assert json.loads(text["body"]) == {"a": 1}


def test_resources_are_created(small: RunningStack) -> None:
    table = small.client("dynamodb").describe_table(TableName="Table")["Table"]
    assert table["GlobalSecondaryIndexes"][0]["IndexName"] == "ByG"
    ttl = small.client("dynamodb").describe_time_to_live(TableName="Table")["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires_at"
    sqs = small.client("sqs")
    url = sqs.get_queue_url(QueueName="WorkQueue")["QueueUrl"]
    redrive = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":WorkDlq")
    rules = small.client("events").list_rules(EventBusName="local-bus")["Rules"]
    assert [r["Name"] for r in rules] == ["ToWork"]
    machines = small.client("stepfunctions").list_state_machines()["stateMachines"]
    definition = small.client("stepfunctions").describe_state_machine(stateMachineArn=machines[0]["stateMachineArn"])
    assert "/WorkQueue" in definition["definition"]
    assert "${QueueUrl}" not in definition["definition"]


def test_state_machines_execute(small: RunningStack) -> None:
    sfn = small.client("stepfunctions")
    machine = sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, name="run-1", input="{}")["executionArn"]
    deadline = time.monotonic() + 10
    described = sfn.describe_execution(executionArn=execution)
    while described["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
        described = sfn.describe_execution(executionArn=execution)
    assert described["status"] == "SUCCEEDED", described
    assert "/WorkQueue" in described["output"], described


def test_sqs_source_partial_failures_and_dlq(small: RunningStack) -> None:
    sqs = small.client("sqs")
    url = sqs.get_queue_url(QueueName="WorkQueue")["QueueUrl"]
    dlq = sqs.get_queue_url(QueueName="WorkDlq")["QueueUrl"]
    for body in ("ok-1", "fail-1", "ok-2"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    dead: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not dead:
        got = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        dead += [m["Body"] for m in got]
    assert dead == ["fail-1"]
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    assert attributes == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}


def test_stop_removes_the_state_file(tmp_path: Path) -> None:
    stack = start_stack(tmp_path)
    assert (tmp_path / "stack.json").exists()
    stop_stack(stack)
    assert stack.process.returncode == 0
    assert not (tmp_path / "stack.json").exists()
