"""``make invoke`` on every sample event against a running local stack: each API event answers
a success in the seeded dev org, with the records its ids name made on demand."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_stack.seed import DEFAULT_ORG
from tests.e2e.conftest import ROOT, RunningStack, start_stack, stop_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningStack, Path]]:
    """A stack of its own: the samples make policies that would change other tests' verdicts."""
    tmp = tmp_path_factory.mktemp("samples")
    running = start_stack(tmp)
    yield running, tmp / "stack.json"
    stop_stack(running)


def every_sample(state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "local_stack.invoke", "--every-sample", "--state-file", str(state)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip


def test_the_api_sample_events_name_the_seeded_dev_org() -> None:
    for path in sorted((ROOT / "events").glob("*.json")):
        event = json.loads(path.read_text())
        authorizer = (event.get("requestContext") or {}).get("authorizer") if isinstance(event, dict) else None
        if authorizer is not None:
            assert authorizer["org_id"] == DEFAULT_ORG, path.name


def test_every_api_sample_event_succeeds_twice_and_reuses_what_it_made(sample_stack: tuple[RunningStack, Path]) -> None:
    _, state = sample_stack
    api_events = [p for p in (ROOT / "events").glob("*.json") if '"httpMethod"' in p.read_text()]
    # When every sample is invoked against the running stack
    first = every_sample(state)
    lines = first.stdout.splitlines()
    # Then each API event (and the authorizer's) answered a success
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    assert len(lines) == len(api_events) >= 28
    assert all(line.startswith("ok ") for line in lines), first.stdout
    assert any("AuthorizerFunction: Allow" in line for line in lines)
    made = json.loads(state.with_name("samples.json").read_text())[DEFAULT_ORG]
    # And a second run succeeds too, reusing the policy and the decision it made
    second = every_sample(state)
    assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    again = json.loads(state.with_name("samples.json").read_text())[DEFAULT_ORG]
    assert (again["policy"], again["decision"]) == (made["policy"], made["decision"])


def test_make_create_key_mints_a_working_key_in_the_running_stack(sample_stack: tuple[RunningStack, Path]) -> None:
    running, state = sample_stack
    # When a reviewer key is minted as the README's walkthrough does
    done = subprocess.run(  # noqa: S603 - the repo's own script
        [sys.executable, "scripts/create_key.py", "--local", "--state-file", str(state), "--org", DEFAULT_ORG,
         "--scopes", "approvals:read,approvals:decide", "--name", "reviewer"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    # Then the key on its last line is accepted by the stack, with those scopes
    assert done.returncode == 0, done.stderr[-3000:]
    key = done.stdout.strip().splitlines()[-1]
    me = running.request("GET", "/v1/whoami", key=key)
    assert me.status == 200
    assert (me.body["org_id"], sorted(me.body["scopes"])) == (DEFAULT_ORG, ["approvals:decide", "approvals:read"])
