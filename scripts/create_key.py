"""Mint an API key for any org, directly in the table (bootstrap: no key is needed to run it).

Usage: python scripts/create_key.py --org ORG --scopes admin[,evaluate...] [--name NAME]
       [--table TABLE | --stack STACK] [--endpoint-url URL]

Against AWS, the table is --table, else TABLE_NAME, else the TableName output of --stack
(default llm-policy-governance). Against the local stack, pass its moto endpoint with
--endpoint-url (`make create-key` does this when the local stack is running).
The key is printed alone on the last line of standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "layers" / "policy_engine"))


def _table_from_stack(stack: str, endpoint_url: str | None) -> str:
    import boto3

    outputs = boto3.client("cloudformation", endpoint_url=endpoint_url).describe_stacks(StackName=stack)["Stacks"][0]
    for output in outputs.get("Outputs", []):
        if output["OutputKey"] == "TableName":
            return str(output["OutputValue"])
    raise SystemExit(f"stack {stack} has no TableName output")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", required=True)
    parser.add_argument("--scopes", required=True, help="comma-separated, e.g. admin or evaluate,policies:read")
    parser.add_argument("--name", default="bootstrap")
    parser.add_argument("--table")
    parser.add_argument("--stack", default="llm-policy-governance")
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL") or None)
    args = parser.parse_args(argv)

    table = args.table or os.environ.get("TABLE_NAME") or _table_from_stack(args.stack, args.endpoint_url)
    os.environ["TABLE_NAME"] = table
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
