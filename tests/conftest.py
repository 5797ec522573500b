"""Shared fixtures: AWS is moto in-process, tables come from template.yaml, events from events/."""

from __future__ import annotations

import copy
import importlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore.handlers
import pytest

# Set before any handler or boto3 import: nothing may reach a real AWS account.
os.environ.update(
    {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "TABLE_NAME": "governance-test",
        # The aws fixture creates the secret and points this at it; until then settings still load.
        "CURSOR_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-signing",
        "POWERTOOLS_SERVICE_NAME": "policy-governance",
        "POWERTOOLS_METRICS_NAMESPACE": "PolicyGovernanceTest",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from tests.contract import check_answer, route_of  # after the environment above
from tests.iam import Recorder, Roles

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"

# What each function's handler asks of AWS, checked against its role (tests/iam.py). A builtin
# handler is part of every botocore session created from now on, as moto's own stubber is.
RECORDER = Recorder(Roles(os.environ["TABLE_NAME"]))
RECORDER.register(botocore.handlers.BUILTIN_HANDLERS)


@pytest.fixture(autouse=True)
def least_privilege() -> Iterator[None]:
    """Every AWS call a function makes in the test is allowed by its own role in template.yaml."""
    RECORDER.accesses.clear()
    yield
    denied = RECORDER.denied()
    assert not denied, "AWS calls their function's role does not allow:\n" + "\n".join(map(str, denied))


@pytest.fixture
def aws() -> Iterator[Any]:
    """moto in-process with every table of template.yaml created; yields the DynamoDB resource."""
    import boto3
    from moto import mock_aws

    from local_stack.stack import serialize_dynamodb
    from local_stack.template import table_definitions
    from policy_engine.logic.evaluate import clear_cache
    from policy_engine.settings import get_settings
    from policy_engine.store import reset_stores

    get_settings.cache_clear()
    reset_stores()
    clear_cache()
    serialize_dynamodb()  # the approval workflow's threads write the table too
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        dynamodb = boto3.resource("dynamodb")
        for kwargs in table_definitions().values():
            dynamodb.create_table(TableName=os.environ["TABLE_NAME"], **kwargs)
        create_cursor_secret()
        yield dynamodb
    reset_stores()


CURSOR_KEY = "test-cursor-secret-0123456789"


def create_cursor_secret(value: str = CURSOR_KEY) -> str:
    """The stack's cursor-signing secret in moto; the functions' environment and roles name its ARN."""
    import boto3

    from policy_engine.settings import get_settings

    name = RECORDER.roles.resolver.name("CursorSigningSecret")
    arn = str(boto3.client("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"])
    os.environ["CURSOR_SECRET_ARN"] = arn
    RECORDER.roles.resolver.created["CursorSigningSecret"] = {"Ref": arn, "Id": arn}
    get_settings.cache_clear()
    return arn


@pytest.fixture
def stack(aws: Any) -> Iterator[Any]:
    """Every resource of template.yaml in moto (queues, bus and rules, the approval workflow),
    with the handlers' environment pointing at them; ``drain()`` runs the queue-triggered functions."""
    from policy_engine.settings import get_settings
    from tests.stack import RESOURCE_VARIABLES, InProcessStack

    saved = {name: os.environ.get(name) for name in RESOURCE_VARIABLES}
    provisioned = InProcessStack.provision(os.environ["TABLE_NAME"])
    get_settings.cache_clear()
    try:
        yield provisioned
    finally:
        provisioned.stop_executions()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@dataclass
class LambdaContext:
    function_name: str = "test-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id: str = "test-request-id"
    log_group_name: str = "/aws/lambda/test-function"
    log_stream_name: str = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def load_event(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return event


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def error_code(self) -> str:
        return str(self.body["error"]["code"])


def invoke(
    function: str,
    *,
    org: str = "org-a",
    key: str = "key-a",
    scopes: str = "admin",
    path: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    body: Any = None,
    raw_body: str | None = None,
    headers: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
) -> Reply:
    """Call a function's handler with its sample event from events/, overriding what the test says."""
    event = copy.deepcopy(load_event(function))
    context = event["requestContext"]
    context["authorizer"] = authorizer if authorizer is not None else {"org_id": org, "key_id": key, "scopes": scopes}
    if path is not None:
        event["pathParameters"] = path
    event["queryStringParameters"] = query
    if body is not None:
        event["body"] = json.dumps(body)
    elif raw_body is not None:
        event["body"] = raw_body
    event["headers"] = {k: v for k, v in event["headers"].items() if k not in ("Idempotency-Key", "If-Match")}
    event["headers"].update(headers or {})
    module = importlib.import_module(f"functions.{function}.app")
    with RECORDER.running(function):
        response = module.lambda_handler(event, LambdaContext())
    text = response["body"]
    reply = Reply(response["statusCode"], response.get("headers") or {}, json.loads(text) if text else None)
    route = route_of(module)
    if route is not None and event.get("httpMethod") != "OPTIONS":
        check_answer(route, reply.status, reply.body)
    return reply


@pytest.fixture
def call(aws: Any) -> Callable[..., Reply]:
    return invoke
