"""The local stack in a subprocess on free ports, and a small HTTP client for the tests.

A subprocess keeps its moto server and its environment away from the in-process moto
mocks of the handler tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Reply

ROOT = Path(__file__).resolve().parents[2]
DEV_KEY = "pgk_e2e_" + "k" * 32
START_TIMEOUT = 60


@dataclass
class RunningStack:
    api_url: str
    moto_url: str
    key: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, service: str) -> Any:
        """A boto3 client of the stack's moto server (fake credentials, never real AWS)."""
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.moto_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        key: str | None = "default",
    ) -> Reply:
        sent = {"Accept": "application/json", **(headers or {})}
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        if key is not None:
            sent.setdefault("Authorization", f"Bearer {self.key if key == 'default' else key}")
        request = urllib.request.Request(self.api_url + path, data=data, headers=sent, method=method)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                status, got, text = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, got, text = error.code, dict(error.headers), error.read()
        return Reply(status, got, json.loads(text) if text else None)


def start_stack(tmp: Path, *args: str, env: dict[str, str] | None = None) -> RunningStack:
    """``python -m local_stack`` on free ports; waits for its state file."""
    state = tmp / "stack.json"
    log = tmp / "stack.log"
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    child_env.update({"DEV_API_KEY": DEV_KEY, "PYTHONUNBUFFERED": "1", **(env or {})})
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "local_stack", "--port", "0", "--moto-port", "0", "--state-file", str(state), *args],
            cwd=ROOT,
            env=child_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while not state.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the local stack did not start:\n{log.read_text()[-4000:]}")
        time.sleep(0.1)
    info = json.loads(state.read_text())
    return RunningStack(info["api_url"], info["moto_url"], DEV_KEY, process, log)


def stop_stack(stack: RunningStack) -> None:
    stack.process.terminate()
    try:
        stack.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        stack.process.wait()


@pytest.fixture(scope="session")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """A stack of its own for fuzzing, so generated data never meets the contract tests' org."""
    running = start_stack(tmp_path_factory.mktemp("fuzz"))
    yield running
    stop_stack(running)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The real template.yaml served on a free port, seeded with DEV_KEY as an admin key."""
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    stop_stack(running)
