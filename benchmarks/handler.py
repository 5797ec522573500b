"""The evaluate Lambda handler in-process, on moto: the server-side ``latency_ms`` of a warm function."""

from __future__ import annotations

import copy
import importlib
import json
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ORG = {"org_id": "org-bench", "key_id": "key-bench", "scopes": "admin"}


class Context:
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "bench"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def _event(name: str, body: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((ROOT / "events" / f"{name}.json").read_text())
    event = copy.deepcopy(event)
    event["requestContext"]["authorizer"] = dict(ORG)
    event["headers"] = {k: v for k, v in event["headers"].items() if k != "Idempotency-Key"}
    event["body"] = json.dumps(body)
    return event


class Handler:
    def __init__(self) -> None:
        self.evaluate = importlib.import_module("functions.evaluate.app").lambda_handler
        self.create = importlib.import_module("functions.create_policy.app").lambda_handler

    def add_policy(self, policy: dict[str, Any]) -> None:
        """Store a reference policy through the create handler. A rule without an action gets its
        type's default action, which is what the compiler gives it (the API asks for one)."""
        from policy_engine.rules import RULE_TYPES

        rules = [{"action": RULE_TYPES[r["type"]].default_action.value, **r} for r in policy["rules"]]
        body = {k: v for k, v in policy.items() if k not in ("id", "version")} | {"rules": rules}
        reply = self.create(_event("create_policy", body), Context())
        if reply["statusCode"] != 201:
            raise RuntimeError(f"policy {policy['name']!r} refused: {reply['body']}")

    def latency_ms(self, body: dict[str, Any]) -> float:
        """One evaluate through the handler (dry run: nothing stored); the decision's latency_ms."""
        reply = self.evaluate(_event("evaluate", {**body, "dry_run": True}), Context())
        if reply["statusCode"] != 200:
            raise RuntimeError(f"evaluate answered {reply['statusCode']}: {reply['body']}")
        return float(json.loads(reply["body"])["latency_ms"])


@contextmanager
def in_process_stack() -> Iterator[Handler]:
    """moto in-process with the template's table; the handlers' environment pointing at it."""
    os.environ.update(
        {
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "TABLE_NAME": "governance-bench",
            "CURSOR_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-signing",
            "POWERTOOLS_SERVICE_NAME": "policy-governance",
            "POWERTOOLS_METRICS_NAMESPACE": "PolicyGovernanceBench",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    import boto3
    from moto import mock_aws

    from local_stack.template import table_definitions
    from policy_engine.settings import get_settings
    from policy_engine.store import reset_stores

    get_settings.cache_clear()
    reset_stores()
    with mock_aws():
        dynamodb = boto3.resource("dynamodb")
        for kwargs in table_definitions().values():
            dynamodb.create_table(TableName=os.environ["TABLE_NAME"], **kwargs)
        yield Handler()
    reset_stores()
