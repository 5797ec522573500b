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
from local_stack.samples import prepare
from local_stack.stack import STATE_FILE
from local_stack.template import ROOT, TEMPLATE, Resolver, api_routes, function_specs, load_env_vars


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


def open_functions(endpoint: str, template: Path, env_vars: Path | None) -> Functions:
    """The template's functions, with their environment, against the running stack's moto."""
    import boto3

    resolver = Resolver(template, endpoint=endpoint)
    specs = function_specs(resolver, load_env_vars(env_vars))
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
    return Functions(
        specs,
        {**aws_environment(endpoint, resolver.region), "LOCAL_STACK": "true"},
        lambda value: resolve_dynamic_references(value, resolver, session),
    )


def sample_functions(template: Path) -> dict[Path, str]:
    """Every API sample event in events/ and the function its route is bound to, plus the
    authorizer's sample (the events of queue workers need records of their own)."""
    bound = {(route.method, route.path): route.function for route in api_routes(template)}
    found: dict[Path, str] = {}
    for path in sorted((ROOT / "events").glob("*.json")):
        event = json.loads(path.read_text())
        if not isinstance(event, dict):
            continue
        if event.get("type") == "REQUEST" and "methodArn" in event:
            found[path] = "AuthorizerFunction"
        elif (str(event.get("httpMethod", "")).upper(), event.get("resource")) in bound:
            found[path] = bound[(event["httpMethod"].upper(), event["resource"])]
    return found


def run_one(functions: Functions, function: str, event: Any, state_file: Path) -> Any:
    if function not in functions.specs:
        raise SystemExit(f"no function {function} in the template: use one of {', '.join(sorted(functions.specs))}")
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    made = state_file.with_name("samples.json")
    return functions.invoke(function, prepare(function, event, functions.invoke, state.get("org_id"), made))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack.invoke", description=__doc__)
    parser.add_argument("function", nargs="?", help="the function's logical id in the template")
    parser.add_argument("event", nargs="?", help="an event JSON file (events/*.json), or - for stdin")
    parser.add_argument("--every-sample", action="store_true", help="invoke every API sample event; print each status")
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--env-vars", type=Path, default=ROOT / "env.json")
    parser.add_argument("--endpoint", help="moto's URL (default: the running local stack's)")
    parser.add_argument("--state-file", type=Path, default=Path(os.environ.get("LOCAL_STACK_STATE", STATE_FILE)))
    args = parser.parse_args(argv)
    if not args.every_sample and not (args.function and args.event):
        parser.error("give FUNCTION and EVENT, or --every-sample")
    endpoint = moto_endpoint(args.endpoint, args.state_file)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    with contextlib.redirect_stdout(sys.stderr):
        functions = open_functions(endpoint, args.template, args.env_vars)
    if args.every_sample:
        return every_sample(functions, args.template, args.state_file)
    text = sys.stdin.read() if args.event == "-" else Path(args.event).read_text()
    try:
        with contextlib.redirect_stdout(sys.stderr):
            response = run_one(functions, args.function, json.loads(text), args.state_file)
    except Exception as exc:
        # What Lambda (and sam local invoke) report for an unhandled error.
        error = {"errorMessage": str(exc), "errorType": type(exc).__name__}
        print(json.dumps(error, indent=2))
        return 1
    print(json.dumps(response, indent=2, default=str))
    return 0


def every_sample(functions: Functions, template: Path, state_file: Path) -> int:
    """One line per sample event: its function and what it answered; 1 if any was not a success."""
    failed = 0
    for path, function in sample_functions(template).items():
        try:
            with contextlib.redirect_stdout(sys.stderr):
                response = run_one(functions, function, json.loads(path.read_text()), state_file)
            if function == "AuthorizerFunction":
                outcome = response["policyDocument"]["Statement"][0]["Effect"]
                ok = outcome == "Allow"
            else:
                outcome = str(response["statusCode"])
                ok = 200 <= response["statusCode"] < 300
        except Exception as exc:
            outcome, ok = f"{type(exc).__name__}: {exc}", False
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {path.relative_to(ROOT)} -> {function}: {outcome}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
