"""The SDK's client over real HTTP: typed errors from the service's envelope, retries, and fail_mode."""

from __future__ import annotations

import asyncio
import inspect
import json
import subprocess
import sys
import time
import uuid

import pytest

from policy_gov import (
    APITimeoutError,
    AsyncClient,
    Client,
    Conflict,
    NotFound,
    PreconditionFailed,
    RateLimited,
    Unauthorized,
    ValidationError,
)
from tests.e2e.conftest import ROOT, RunningStack
from tests.sdk.conftest import Flaky, closed_port

pytestmark = pytest.mark.e2e


def test_policy_lifecycle_and_typed_errors(gov: RunningStack) -> None:
    client = Client(gov.api_url, gov.key)
    # Given a new policy
    created = client.create_policy(
        {"name": "sdk: lifecycle", "enabled": False, "rules": [{"type": "secrets", "action": "block"}]}
    )
    assert created.version == 1 and created.rules is not None
    # When it is updated at the version read, then the version moves; a stale If-Match is 412
    updated = client.update_policy(created.id, {"description": "v2"}, if_match=created.version)
    assert updated.version == 2 and updated.description == "v2"
    with pytest.raises(PreconditionFailed) as stale:
        client.update_policy(created.id, {"description": "v3"}, if_match=1)
    assert stale.value.status_code == 412 and stale.value.request_id
    assert [v.version for v in client.list_versions(created.id).items] == [2, 1]
    # an invalid rule is 422 with the field path
    with pytest.raises(ValidationError) as invalid:
        client.create_policy({"name": "bad", "rules": [{"type": "banned_patterns", "patterns": ["(a"]}]})
    assert [f.field for f in invalid.value.fields] == ["rules[0].patterns[0]"]
    # a deleted policy is 404; a wrong key is 401
    client.delete_policy(created.id, if_match=updated.version)
    with pytest.raises(NotFound):
        client.get_policy(created.id)
    with pytest.raises(Unauthorized):
        Client(gov.api_url, "pgk_nobody_" + "x" * 32).list_policies()


def test_idempotent_create_replays_and_approvals_conflict(gov: RunningStack) -> None:
    client = Client(gov.api_url, gov.key)
    key = str(uuid.uuid4())
    body = {"name": "sdk: idempotent", "enabled": False, "rules": [{"type": "secrets", "action": "block"}]}
    first = client.create_policy(body, idempotency_key=key)
    again = client.create_policy(body, idempotency_key=key)
    assert again.id == first.id
    with pytest.raises(Conflict):
        client.create_policy({**body, "name": "sdk: another"}, idempotency_key=key)
    client.delete_policy(first.id)


def test_retries_honour_retry_after_on_429_then_503(gov: RunningStack, flaky: Flaky) -> None:
    # Given a proxy that answers 429 (Retry-After: 1) and then 503 before passing requests on
    flaky.failures = [(429, "1"), (503, None)]
    client = Client(flaky.url, gov.key, backoff=0.05)
    # When evaluate is called, then it succeeds on the third attempt, the first retry after >= 1 s
    decision = client.evaluate({"model": "gpt-4o", "prompt": "plain words", "dry_run": True})
    assert decision.verdict == "allowed"
    assert len(flaky.arrivals) == 3
    assert flaky.arrivals[1] - flaky.arrivals[0] >= 0.95


def test_retries_give_up_with_the_typed_error(gov: RunningStack, flaky: Flaky) -> None:
    flaky.failures = [(429, "0")] * 3
    with pytest.raises(RateLimited) as limited:
        Client(flaky.url, gov.key, max_retries=2, backoff=0.01).list_policies()
    assert limited.value.retry_after == 0.0 and len(flaky.arrivals) == 3


def test_async_client_retries_and_pages(gov: RunningStack, flaky: Flaky) -> None:
    flaky.failures = [(503, "0")]

    async def run() -> tuple[str, int]:
        async with AsyncClient(flaky.url, gov.key, backoff=0.01) as client:
            decision = await client.evaluate({"model": "gpt-4o", "prompt": "mail jane.doe@example.com"})
            names = [p.name async for p in client.iter_policies()]
            return decision.verdict, len(names)

    verdict, count = asyncio.run(run())
    assert verdict == "modified" and count >= 4


STALL = 2.0  # seconds a stalled request waits at the proxy
TIMEOUT = 0.5  # the client's timeout, well under the stall


def test_a_timed_out_evaluate_is_sent_again_and_succeeds(gov: RunningStack, flaky: Flaky) -> None:
    # Given a proxy that holds the first request past the client's timeout
    flaky.stalls = [STALL]
    client = Client(flaky.url, gov.key, timeout=TIMEOUT, backoff=0.01)
    # When evaluate is called, then the second attempt answers, well before the stall ends
    started = time.monotonic()
    decision = client.evaluate({"model": "gpt-4o", "prompt": "plain words", "dry_run": True})
    assert time.monotonic() - started < STALL
    assert decision.verdict == "allowed"
    assert getattr(decision, "unreachable", False) is False
    assert len(flaky.arrivals) == 2
    flaky.wait_relayed(2)


def test_a_timed_out_create_is_sent_again_only_under_its_idempotency_key(gov: RunningStack, flaky: Flaky) -> None:
    client = Client(flaky.url, gov.key, timeout=TIMEOUT, backoff=0.01)
    direct = Client(gov.api_url, gov.key)
    # Given a create_policy (which always sends an Idempotency-Key) held past the timeout
    flaky.stalls = [STALL]
    name = f"sdk: slow create {uuid.uuid4().hex[:8]}"
    created = client.create_policy({"name": name, "enabled": False, "rules": [{"type": "secrets", "action": "block"}]})
    # Then it was sent twice, and both reached the stack, yet there is one policy
    assert len(flaky.arrivals) == 2
    flaky.wait_relayed(2)
    assert [p.id for p in direct.iter_policies() if p.name == name] == [created.id]
    direct.delete_policy(created.id)

    # Given a create_api_key (no Idempotency-Key: a second send would make a second key) held the same way
    flaky.arrivals.clear()
    flaky.relayed.clear()
    flaky.stalls = [STALL]
    key_name = f"sdk-slow-{uuid.uuid4().hex[:8]}"
    with pytest.raises(APITimeoutError):
        client.create_api_key(key_name, ["evaluate"])
    # Then it was sent once: the timeout is the caller's to resolve, and the stack made one key
    flaky.wait_relayed(1)
    time.sleep(0.2)
    assert len(flaky.arrivals) == 1
    made = [k for k in direct.list_api_keys(limit=100).items if k.name == key_name]
    assert len(made) == 1
    direct.revoke_api_key(made[0].id)


def test_fail_mode_when_the_service_is_down() -> None:
    down = f"http://127.0.0.1:{closed_port()}"
    closed = Client(down, "k" * 24, max_retries=1, backoff=0.01).evaluate({"model": "m", "prompt": "p"})
    opened = Client(down, "k" * 24, max_retries=1, backoff=0.01, fail_mode="open").evaluate(
        {"model": "m", "prompt": "p"}
    )
    assert (closed.verdict, closed.violations[0].rule_type) == ("blocked", "fail_mode")
    assert (opened.verdict, opened.violations) == ("allowed", [])


# Routes a gateway calls, not a client of the SDK.
GATEWAY_OPERATIONS = {"litellm_guardrail", "portkey_guardrail"}
# Where the client's method name is not the operationId.
METHOD_NAMES = {"approve_approval": "approve", "reject_approval": "reject"}


def test_every_operation_of_the_spec_has_a_method_on_both_clients() -> None:
    spec = json.loads((ROOT / "openapi.json").read_text())
    operations = {
        operation["operationId"]
        for path in spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert operations >= GATEWAY_OPERATIONS
    wanted = {METHOD_NAMES.get(op, op) for op in operations - GATEWAY_OPERATIONS}
    missing_sync = sorted(name for name in wanted if not callable(getattr(Client, name, None)))
    missing_async = sorted(name for name in wanted if not inspect.iscoroutinefunction(getattr(AsyncClient, name, None)))
    assert (missing_sync, missing_async) == ([], [])


def test_whoami_names_the_key_sent(gov: RunningStack) -> None:
    me = Client(gov.api_url, gov.key).whoami()
    assert me.org_id and me.key_id and me.scopes == sorted(me.scopes)
    assert gov.key not in me.model_dump_json()

    async def run() -> tuple[str, str]:
        async with AsyncClient(gov.api_url, gov.key) as client:
            identity = await client.whoami()
            return identity.org_id, identity.key_id

    assert asyncio.run(run()) == (me.org_id, me.key_id)
    with pytest.raises(Unauthorized):
        Client(gov.api_url, "pgk_nobody_" + "x" * 32).whoami()


def test_models_are_generated_from_the_current_openapi() -> None:
    script = ROOT / "sdk/python/scripts/generate_models.py"
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
