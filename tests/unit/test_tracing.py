"""With tracing on, a handler's run is one X-Ray segment whose subsegments are its AWS calls.

The function runs in a child process (the X-Ray SDK patches botocore for the whole process),
in Lambda's environment, against moto; a UDP socket on loopback stands in for the X-Ray daemon
and receives what the SDK emits.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, sys
    from moto import mock_aws
    with mock_aws():
        import boto3
        from local_stack.template import table_definitions
        dynamodb = boto3.resource("dynamodb")
        for kwargs in table_definitions().values():
            dynamodb.create_table(TableName="governance-test", **kwargs)
        import os
        from tests.conftest import LambdaContext, create_cursor_secret, load_event
        os.environ["POWERTOOLS_TRACE_DISABLED"] = "false"  # the tests' defaults turn it off
        create_cursor_secret()
        import importlib.util
        spec = importlib.util.spec_from_file_location("app", "functions/list_policies/app.py")
        app = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(app)
        reply = app.lambda_handler(load_event("list_policies"), LambdaContext())
        print(json.dumps({"status": reply["statusCode"]}))
    """
)


def segments(sock: socket.socket) -> list[dict[str, Any]]:
    """Every document the SDK sent: each datagram is a JSON header line, then the segment."""
    found = []
    sock.settimeout(2)
    try:
        while True:
            data, _ = sock.recvfrom(65536)
            found.append(json.loads(data.decode().split("\n", 1)[1]))
    except TimeoutError:
        return found


def names(document: dict[str, Any]) -> list[str]:
    out = [document.get("name", "")]
    for sub in document.get("subsegments", []):
        out += names(sub)
    return out


def test_tracing_on_records_the_handler_and_its_dynamodb_calls() -> None:
    # Given a stand-in X-Ray daemon on loopback and a function deployed with tracing on
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as daemon:
        daemon.bind(("127.0.0.1", 0))
        port = daemon.getsockname()[1]
        env = {
            **os.environ,
            "POWERTOOLS_TRACE_DISABLED": "false",
            "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{port}",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
            "LAMBDA_TASK_ROOT": str(ROOT),
            "AWS_LAMBDA_FUNCTION_NAME": "ListPoliciesFunction",
            "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "policy_engine"), str(ROOT)]),
        }
        # When it serves one request
        run = subprocess.run(  # noqa: S603 - the test's own interpreter and script
            [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert json.loads(run.stdout.strip().splitlines()[-1]) == {"status": 200}
        documents = segments(daemon)
    # Then the handler's subsegment and a DynamoDB subsegment per call were emitted
    emitted = [name for document in documents for name in names(document)]
    assert any(name.startswith("## ") for name in emitted), emitted  # powertools' handler subsegment
    assert "dynamodb" in emitted, emitted
