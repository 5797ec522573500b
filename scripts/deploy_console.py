"""Upload the console to its bucket after ``sam deploy`` (``make deploy`` runs it).

Reads the stack's outputs, syncs console/ into ConsoleBucketName (every file with its content type,
``Cache-Control: no-cache``; objects no longer in console/ are deleted, the bucket keeps their old
versions), writes config.json pointing the console at ApiUrl, and invalidates the distribution.
When the stack's ConsoleOrigin parameter is not yet the distribution's origin, it deploys the stack
once more with that origin, so CORS allows the console and nothing else.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONSOLE = ROOT / "console"
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def console_files(root: Path = CONSOLE) -> dict[str, Path]:
    """The files to publish, by object key (config.json is written, not copied)."""
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.name != "config.json"
    }


def sync(s3: Any, bucket: str, api_url: str, root: Path = CONSOLE) -> list[str]:
    """Upload console/ and config.json; delete what is gone. Returns the keys written."""
    files = console_files(root)
    written = []
    for key, path in files.items():
        s3.put_object(
            Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type(path), CacheControl="no-cache"
        )
        written.append(key)
    config = json.dumps({"api_base": api_url.rstrip("/")}).encode()
    s3.put_object(
        Bucket=bucket, Key="config.json", Body=config, ContentType="application/json", CacheControl="no-cache"
    )
    written.append("config.json")
    keep = set(written)
    stale = [
        {"Key": obj["Key"]}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for obj in page.get("Contents", [])
        if obj["Key"] not in keep
    ]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": stale[start : start + 1000], "Quiet": True})
    return written


def stack_outputs(cloudformation: Any, stack: str) -> tuple[dict[str, str], dict[str, str]]:
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in described.get("Parameters", [])}
    return outputs, parameters


def redeploy_with_origin(origin: str) -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    overrides = config.get("default", {}).get("deploy", {}).get("parameters", {}).get("parameter_overrides", "")
    command = [
        "sam",
        "deploy",
        "--no-confirm-changeset",
        "--parameter-overrides",
        *overrides.split(),
        f"ConsoleOrigin={origin}",
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    import boto3

    parser = argparse.ArgumentParser(description=__doc__)
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    parser.add_argument("--stack", default=config["default"]["global"]["parameters"]["stack_name"])
    parser.add_argument("--region", default=config["default"]["deploy"]["parameters"].get("region", "us-east-1"))
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region)
    outputs, parameters = stack_outputs(session.client("cloudformation"), args.stack)
    if parameters.get("ConsoleOrigin") != outputs["ConsoleUrl"]:
        print(f"setting ConsoleOrigin to {outputs['ConsoleUrl']} (CORS for the console only)", file=sys.stderr)
        redeploy_with_origin(outputs["ConsoleUrl"])
    written = sync(session.client("s3"), outputs["ConsoleBucketName"], outputs["ApiUrl"])
    session.client("cloudfront").create_invalidation(
        DistributionId=outputs["ConsoleDistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": str(time.time())},
    )
    print(f"console: {len(written)} files uploaded; open {outputs['ConsoleUrl']}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
