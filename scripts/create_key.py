"""Mint an API key for any org, directly in the table (bootstrap: no key is needed to run it).

Usage: python scripts/create_key.py --org ORG --scopes admin[,evaluate...] [--name NAME]
       [--table TABLE | --stack STACK] [--endpoint-url URL]

Against AWS, the table is --table, else TABLE_NAME, else the TableName output of --stack
(default llm-policy-governance). With --local, the running local stack's state file
(.local/stack.json) gives the endpoint and its one table (`make create-key` passes --local
when the local stack is running).
The key is printed alone on the last line of standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "layers" / "policy_engine"))


def _table_from_stack(stack: str, endpoint_url: str | None) -> str:
    import boto3

    outputs = boto3.client("cloudformation", endpoint_url=endpoint_url).describe_stacks(StackName=stack)["Stacks"][0]
    for output in outputs.get("Outputs", []):
        if output["OutputKey"] == "TableName":
            return str(output["OutputValue"])
    raise SystemExit(f"stack {stack} has no TableName output")


def _local_target(state_file: Path) -> tuple[str, str]:
    """(endpoint, table) of the running local stack."""
    import json

    import boto3

    if not state_file.exists():
        raise SystemExit(f"the local stack is not running ({state_file} is missing): start it with `make run`")
    endpoint = json.loads(state_file.read_text())["moto_url"]
    tables = boto3.client("dynamodb", endpoint_url=endpoint).list_tables()["TableNames"]
    if len(tables) != 1:
        raise SystemExit(f"expected one table in the local stack, found {tables}")
    return endpoint, tables[0]


def _use_function_environment(endpoint: str) -> None:
    """The local stack's create-key function's environment (table, usage plans, ...)."""
    import contextlib

    sys.path.insert(0, str(ROOT))
    from local_stack.invoke import open_functions
    from local_stack.template import TEMPLATE

    with contextlib.redirect_stdout(sys.stderr):
        functions = open_functions(endpoint, TEMPLATE, ROOT / "env.json")
        os.environ.update(functions.environment("CreateApiKeyFunction"))


def main(argv: list[str] | None = None) -> int:
    """Mint the key; AWS being out of reach is said in one line, not a traceback."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        return mint(argv)
    except NoCredentialsError:
        print(
            "no AWS credentials: start the local stack (`make run`) to mint a key there, "
            "or configure credentials for the deployed stack",
            file=sys.stderr,
        )
    except (BotoCoreError, ClientError) as error:
        print(f"could not reach the table: {error}", file=sys.stderr)
    return 1


def mint(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", required=True)
    parser.add_argument("--scopes", required=True, help="comma-separated, e.g. admin or evaluate,policies:read")
    parser.add_argument("--name", default="bootstrap")
    parser.add_argument("--table")
    parser.add_argument("--stack", default="llm-policy-governance")
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL") or None)
    parser.add_argument("--local", action="store_true", help="mint the key in the running local stack")
    parser.add_argument("--state-file", type=Path, default=ROOT / ".local/stack.json")
    args = parser.parse_args(argv)

    if args.local:
        for name, value in (("AWS_ACCESS_KEY_ID", "local"), ("AWS_SECRET_ACCESS_KEY", "local")):
            os.environ.setdefault(name, value)
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        args.endpoint_url, args.table = _local_target(args.state_file)
        _use_function_environment(args.endpoint_url)
    table = args.table or os.environ.get("TABLE_NAME") or _table_from_stack(args.stack, args.endpoint_url)
    os.environ["TABLE_NAME"] = table
    # Minting a key signs no pagination cursor: the secret's ARN is required of every function,
    # not of this script.
    os.environ.setdefault("CURSOR_SECRET_ARN", "unused-by-create-key")
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url

    from policy_engine.api.caller import ORG_ID_PATTERN
    from policy_engine.errors import ApiError
    from policy_engine.logic.api_keys import create_key

    if not ORG_ID_PATTERN.match(args.org):
        print(f"invalid org id {args.org!r}: letters, digits, '_', '.', '-' (1..64)", file=sys.stderr)
        return 2
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    try:
        record, key = create_key(args.org, args.name, scopes, actor="bootstrap")
    except ApiError as error:
        print(f"{error.message}: {error.details}", file=sys.stderr)
        return 2
    print(f"created key {record['id']} for org {args.org} with scopes {' '.join(record['scopes'])} in table {table}")
    print(key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
