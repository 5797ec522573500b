"""``python -m local_stack.invoke FUNCTION EVENT``: one function on one event, like ``sam local invoke``.

The handler and its environment come from template.yaml and env.json; AWS is the running
local stack's moto (``--endpoint``, else $LOCAL_STACK_ENDPOINT, else the stack's state file).
The response is printed as JSON on stdout; the function's own output goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any

from local_stack.lambdas import Functions, aws_environment
from local_stack.resources import resolve_dynamic_references
from local_stack.stack import STATE_FILE
from local_stack.template import ROOT, TEMPLATE, Resolver, function_specs, load_env_vars


def moto_endpoint(explicit: str | None, state_file: Path) -> str:
    endpoint = explicit or os.environ.get("LOCAL_STACK_ENDPOINT")
    if not endpoint and state_file.exists():
        endpoint = json.loads(state_file.read_text()).get("moto_url")
    if not endpoint:
        raise SystemExit(f"no local stack: start it with `make run` (no {state_file}, no LOCAL_STACK_ENDPOINT)")
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/config", timeout=5):  # noqa: S310 - loopback moto
            pass
    except (urllib.error.URLError, OSError):
        raise SystemExit(f"the local stack's moto at {endpoint} does not answer: is `make run` running?") from None
    return str(endpoint)


def invoke(function: str, event: Any, endpoint: str, template: Path, env_vars: Path | None) -> Any:
    import boto3

    resolver = Resolver(template, endpoint=endpoint)
    specs = function_specs(resolver, load_env_vars(env_vars))
    if function not in specs:
        raise SystemExit(f"no function {function} in {template}: use one of {', '.join(sorted(specs))}")
    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto's fake credentials
        region_name=resolver.region,
    )
    for logical_id in resolver.resources:
        kind = resolver.resources[logical_id]["Type"]
        if kind == "AWS::SecretsManager::Secret":
            # The running stack created it: its ARN carries a random suffix only moto knows.
            found = session.client("secretsmanager", endpoint_url=endpoint).describe_secret(
                SecretId=resolver.name(logical_id)
            )
            resolver.created[logical_id] = {"Ref": found["ARN"], "Id": found["ARN"]}
    os.environ.update(aws_environment(endpoint, resolver.region))
    functions = Functions(
        specs,
        {**aws_environment(endpoint, resolver.region), "LOCAL_STACK": "true"},
        lambda value: resolve_dynamic_references(value, resolver, session),
    )
    return functions.invoke(function, event)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack.invoke", description=__doc__)
    parser.add_argument("function", help="the function's logical id in the template")
    parser.add_argument("event", help="an event JSON file (events/*.json), or - for stdin")
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--env-vars", type=Path, default=ROOT / "env.json")
    parser.add_argument("--endpoint", help="moto's URL (default: the running local stack's)")
    parser.add_argument("--state-file", type=Path, default=Path(os.environ.get("LOCAL_STACK_STATE", STATE_FILE)))
    args = parser.parse_args(argv)
    text = sys.stdin.read() if args.event == "-" else Path(args.event).read_text()
    event = json.loads(text)
    endpoint = moto_endpoint(args.endpoint, args.state_file)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    try:
        with contextlib.redirect_stdout(sys.stderr):
            response = invoke(args.function, event, endpoint, args.template, args.env_vars)
    except Exception as exc:
        # What Lambda (and sam local invoke) report for an unhandled error.
        error = {"errorMessage": str(exc), "errorType": type(exc).__name__}
        print(json.dumps(error, indent=2))
        return 1
    print(json.dumps(response, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
