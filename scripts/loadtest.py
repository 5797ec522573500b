"""A bounded load test of the local stack over loopback: throughput, latency, nothing lost.

Starts ``python -m local_stack`` on free ports (its own data, nothing kept), creates a policy that
flags one word, sets the org to full logging, then sends ``--requests`` evaluates from
``--workers`` threads, half of them flagged. Afterwards it counts what was kept: decisions with
violations in the table (the violations feed, paged to the end) and the rest in the decision log
(moto's S3). Every answered evaluate must be kept exactly once; the stack's memory (RSS) is read
before and after.

    python scripts/loadtest.py                 # make loadtest: 2,000 evaluates
    python scripts/loadtest.py --requests 10000

Exits 1 when a decision is missing or duplicated, or a request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEY = "pgk_load_" + "k" * 32
START_TIMEOUT = 90


def request(api: str, method: str, path: str, body: Any = None, timeout: float = 30) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    sent = urllib.request.Request(api + path, data=data, headers=headers, method=method)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(tmp: Path) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    state = tmp / "stack.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"DEV_API_KEY": KEY, "PYTHONUNBUFFERED": "1"})
    log = (tmp / "stack.log").open("wb")
    arguments = ["--port", "0", "--moto-port", "0", "--state-file", str(state)]
    process = subprocess.Popen(
        [sys.executable, "-m", "local_stack", *arguments, "--parameter-overrides", "PolicyCacheSeconds=0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not state.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the local stack did not start; see {tmp / 'stack.log'}")
        time.sleep(0.1)
    return process, json.loads(state.read_text())


def feed_ids(api: str) -> list[str]:
    ids, cursor = [], None
    while True:
        query = "?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, page = request(api, "GET", f"/v1/violations{query}")
        assert status == 200, page
        ids += [d["decision_id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


def logged_ids(moto_url: str) -> list[str]:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto's fake credentials
    )
    ids = []
    for bucket in s3.list_buckets()["Buckets"]:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket["Name"], Prefix="decisions/"):
            for listed in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket["Name"], Key=listed["Key"])["Body"].read().decode()
                ids += [json.loads(line)["decision_id"] for line in body.splitlines() if line]
    return ids


def run(requests: int, workers: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        process, state = start(Path(tmp))
        api = state["api_url"]
        try:
            policy = {"name": "flag", "rules": [{"type": "word_list", "action": "alert", "words": ["medrisk"]}]}
            assert request(api, "POST", "/v1/policies", policy)[0] == 201
            assert request(api, "PUT", "/v1/org/policy", {"logging_level": "full"})[0] == 200
            rss_before = rss_kib(process.pid)
            latencies: list[float] = []
            answered: list[str] = []
            failures: list[int] = []
            lock = threading.Lock()
            counter = iter(range(requests))

            def work() -> None:
                for n in counter:
                    prompt = f"request {n} " + ("medrisk" if n % 2 else "all clear")
                    started = time.perf_counter()
                    status, body = request(api, "POST", "/v1/evaluate", {"model": "gpt-4o", "prompt": prompt})
                    elapsed = time.perf_counter() - started
                    with lock:
                        if status == 200:
                            latencies.append(elapsed)
                            answered.append(body["decision_id"])
                        else:
                            failures.append(status)

            began = time.perf_counter()
            threads = [threading.Thread(target=work) for _ in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
            rss_after = rss_kib(process.pid)
            stored, logged = feed_ids(api), logged_ids(state["moto_url"])
        finally:
            process.terminate()
            process.wait(timeout=30)
    kept = stored + logged
    missing = set(answered) - set(kept)
    duplicated = len(kept) - len(set(kept))
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"evaluates: {requests} from {workers} threads in {wall:.1f} s: {len(answered) / wall:.0f}/s")
    p50, p90, p99 = (quantiles[i] * 1000 for i in (49, 89, 98))
    print(f"latency ms: p50 {p50:.1f}  p90 {p90:.1f}  p99 {p99:.1f}  max {max(latencies, default=0) * 1000:.1f}")
    print(f"answered {len(answered)}, failed {len(failures)}")
    print(f"kept: {len(stored)} in the table (violations), {len(logged)} in the decision log (S3)")
    print(f"missing {len(missing)}, duplicated {duplicated}")
    print(f"local stack RSS: {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after")
    return 0 if not missing and not duplicated and not failures else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    return run(args.requests, args.workers)


if __name__ == "__main__":
    raise SystemExit(main())
