"""The real LiteLLM proxy, its Generic Guardrail API pointed at the local stack, driven by the real
``openai`` client.

One module: a local stack of its own (its own org and policies), a fake OpenAI upstream served
here over HTTP on 127.0.0.1 (it records every request the model receives and answers
``echo: <last message>``), and ``litellm`` from ``.venv-litellm`` (``make litellm``; created
here when missing) with two ``generic_guardrail_api`` guardrails, ``pre_call`` and ``post_call``,
whose ``api_base`` is the stack's ``/v1/integrations/litellm`` and whose key has only the
``evaluate`` scope.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import ROOT, RunningStack, start_stack, stop_stack

pytestmark = pytest.mark.e2e

LITELLM = ROOT / ".venv-litellm" / "bin" / "litellm"
MASTER_KEY = "sk-e2e-master-" + "m" * 16
MODEL = "echo"  # the proxy's model name; the upstream sees UPSTREAM_MODEL
UPSTREAM_MODEL = "echo-1"
START_TIMEOUT = 180.0
EMAIL = "jane.doe@example.com"

POLICIES = [
    {"name": "Redact emails", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]},
    {"name": "No exfiltration", "rules": [{"type": "word_list", "action": "block", "words": ["exfiltrate"]}]},
    {
        "name": "Ticket ids stay internal",
        "rules": [
            {"type": "banned_patterns", "action": "redact", "patterns": ["TICKET-[0-9]{4}"], "targets": ["response"]}
        ],
    },
    {
        "name": "Codenames never leave",
        "rules": [
            {"type": "banned_patterns", "action": "block", "patterns": ["PROJECT-[A-Z]{5}"], "targets": ["response"]}
        ],
    },
    {
        "name": "Payments need a human",
        "rules": [
            {"type": "banned_patterns", "action": "require_approval", "patterns": ["(?i)wire"], "targets": ["prompt"]}
        ],
    },
]


# -- a fake OpenAI upstream --


@dataclass
class Upstream:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)

    def bodies_mentioning(self, marker: str) -> list[dict[str, Any]]:
        return [b for b in self.received if marker in json.dumps(b)]


def serve_upstream() -> tuple[Upstream, ThreadingHTTPServer]:
    upstream = Upstream("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            upstream.received.append(body)
            last = body["messages"][-1]["content"]
            reply = {
                "id": "chatcmpl-e2e",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": f"echo: {last}"}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10},
            }
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    upstream.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return upstream, server


# -- the LiteLLM proxy --


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def litellm_config(upstream: Upstream, api_url: str, key: str) -> dict[str, Any]:
    """The README's config.yaml, pointed at this test's upstream and stack; and two guardrails a
    call may ask for (``guardrails`` in its body) whose service is unreachable (nothing listens),
    one with LiteLLM's default ``unreachable_fallback`` (fail_closed), one with ``fail_open``."""

    def guardrail(name: str, mode: str, base: str = api_url, **extra: Any) -> dict[str, Any]:
        return {
            "guardrail_name": name,
            "litellm_params": {
                "guardrail": "generic_guardrail_api",
                "mode": mode,
                "api_base": f"{base}/v1/integrations/litellm",
                "headers": {"Authorization": f"Bearer {key}"},
                "default_on": True,
                "timeout": 10,
                **extra,
            },
        }

    down = f"http://127.0.0.1:{free_port()}"

    return {
        "model_list": [
            {
                "model_name": MODEL,
                "litellm_params": {"model": f"openai/{UPSTREAM_MODEL}", "api_base": upstream.url, "api_key": "unused"},
            }
        ],
        "guardrails": [
            guardrail("governance-pre", "pre_call"),
            guardrail("governance-post", "post_call"),
            guardrail("governance-down", "pre_call", down, default_on=False),
            guardrail("governance-down-open", "pre_call", down, default_on=False, unreachable_fallback="fail_open"),
        ],
    }


def ensure_litellm() -> Path:
    """``make litellm``: creates .venv-litellm from requirements-litellm.txt unless it is current."""
    subprocess.run(["make", "-s", "litellm"], cwd=ROOT, check=True)  # noqa: S607 - the repo's own Makefile
    return LITELLM


def litellm_version() -> str:
    python = LITELLM.parent / "python"
    out = subprocess.run(  # noqa: S603 - the venv's own interpreter, fixed arguments
        [str(python), "-c", "import importlib.metadata as m; print(m.version('litellm'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


@dataclass
class Proxy:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    version: str


def start_proxy(tmp: Path, config: dict[str, Any]) -> Proxy:
    binary = ensure_litellm()
    (tmp / "config.yaml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp / "litellm.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OPENAI_", "LITELLM_"))}
    # Offline: the model cost map ships with the package; no telemetry.
    env.update({"LITELLM_MASTER_KEY": MASTER_KEY, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False"})
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - the venv's litellm, fixed arguments
            [str(binary), "--config", str(tmp / "config.yaml"), "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health/liveliness", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the LiteLLM proxy did not start:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    return Proxy(url, process, log, litellm_version())


def stop_proxy(proxy: Proxy) -> None:
    proxy.process.terminate()
    try:
        proxy.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proxy.process.kill()
        proxy.process.wait()


# -- fixtures --


@dataclass
class Setup:
    stack: RunningStack
    upstream: Upstream
    proxy: Proxy


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    stack = start_stack(tmp_path_factory.mktemp("litellm-stack"))
    upstream, server = serve_upstream()
    proxy = None
    try:
        for policy in POLICIES:
            created = stack.request("POST", "/v1/policies", body=policy)
            assert created.status == 201, created.body
        minted = stack.request("POST", "/v1/api-keys", body={"name": "litellm", "scopes": ["evaluate"]})
        assert minted.status == 201, minted.body
        config = litellm_config(upstream, stack.api_url, minted.body["key"])
        proxy = start_proxy(tmp_path_factory.mktemp("litellm"), config)
        yield Setup(stack, upstream, proxy)
    finally:
        if proxy is not None:
            stop_proxy(proxy)
        server.shutdown()
        stop_stack(stack)


@pytest.fixture
def client(setup: Setup) -> Any:
    from openai import OpenAI

    return OpenAI(base_url=setup.proxy.url, api_key=MASTER_KEY, max_retries=0, timeout=60)


def stored_decisions(stack: RunningStack) -> list[dict[str, Any]]:
    reply = stack.request("GET", "/v1/violations?limit=100")
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.body["items"]
    return items


# -- tests --


def test_the_proxy_is_the_pinned_litellm(setup: Setup) -> None:
    pinned = next(
        line.split("==")[1]
        for line in (ROOT / "requirements-litellm.txt").read_text().splitlines()
        if line.startswith("litellm[proxy]==")
    )
    assert setup.proxy.version == pinned


def test_a_pii_prompt_reaches_the_model_redacted(setup: Setup, client: Any) -> None:
    # Given the email-redaction policy and a conversation with a system prompt
    messages = [
        {"role": "system", "content": "You are a billing assistant."},
        {"role": "user", "content": f"Send the invoice to {EMAIL} by Friday."},
    ]
    # When the openai client calls the proxy
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=messages)
    completion = raw.parse()
    # Then the model received the prompt with the email masked and the rest unchanged
    got = setup.upstream.bodies_mentioning("Send the invoice to")
    assert len(got) == 1
    assert got[0]["model"] == UPSTREAM_MODEL
    assert got[0]["messages"] == [
        {"role": "system", "content": "You are a billing assistant."},
        {"role": "user", "content": "Send the invoice to [EMAIL] by Friday."},
    ]
    assert EMAIL not in json.dumps(setup.upstream.received)
    # And the caller gets the model's answer to the redacted prompt
    assert completion.choices[0].message.content == "echo: Send the invoice to [EMAIL] by Friday."
    # And the stored decision names the LiteLLM call, without the text
    call_id = raw.headers.get("x-litellm-call-id")
    assert call_id
    mine = [d for d in stored_decisions(setup.stack) if d["metadata"].get("litellm_call_id") == call_id]
    assert len(mine) == 1
    assert mine[0]["verdict"] == "modified"
    assert mine[0]["model"] == MODEL
    assert "invoice" not in json.dumps(mine[0])
    assert EMAIL not in json.dumps(mine[0])


def test_a_banned_prompt_is_refused_with_the_reason(setup: Setup, client: Any) -> None:
    from openai import BadRequestError

    # Given the word-list policy that blocks "exfiltrate"
    # When a prompt with the word goes through the proxy
    with pytest.raises(BadRequestError) as refused:
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Quietly exfiltrate the customer table."}]
        )
    # Then the caller is refused with the policy's reason, which does not repeat the matched word
    message = str(refused.value)
    assert "blocked by policy: No exfiltration (word_list)" in message
    assert "exfiltrate" not in message.lower().replace("no exfiltration", "")
    assert "customer table" not in message
    # And the model never saw the prompt
    assert setup.upstream.bodies_mentioning("customer table") == []


def test_a_response_stage_rule_rewrites_the_answer(setup: Setup, client: Any) -> None:
    # Given a policy that redacts ticket ids in responses only
    prompt = "Which queue handles TICKET-4711?"
    # When the model's answer repeats the ticket id
    completion = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
    # Then the model got the prompt as it was (the rule targets responses)
    assert setup.upstream.bodies_mentioning(prompt)[0]["messages"] == [{"role": "user", "content": prompt}]
    # And the caller gets the answer with the ticket id masked
    assert completion.choices[0].message.content == "echo: Which queue handles [REDACTED]?"


def test_a_response_stage_rule_blocks_the_answer(setup: Setup, client: Any) -> None:
    from openai import APIStatusError

    # Given a policy that blocks responses naming a codename
    prompt = "Summarise the plan for PROJECT-ORION."
    # When the model's answer names it
    with pytest.raises(APIStatusError) as refused:
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
    # Then the model was called, and the caller gets the refusal instead of the answer
    assert len(setup.upstream.bodies_mentioning(prompt)) == 1
    assert "blocked by policy: Codenames never leave (banned_patterns)" in str(refused.value)
    assert "PROJECT-ORION" not in str(refused.value)


def test_a_held_call_goes_through_once_approved(setup: Setup, client: Any) -> None:
    from openai import BadRequestError

    # Given a policy that holds payment requests for a human
    messages = [{"role": "user", "content": "Prepare the wire for invoice 8812."}]
    # When the call goes through the proxy
    with pytest.raises(BadRequestError) as held:
        client.chat.completions.create(model=MODEL, messages=messages)
    # Then it is refused with the approval to wait for, and the model never saw it
    message = str(held.value)
    assert "approval required: approval " in message
    approval_id = message.split("approval required: approval ")[1].split(" ")[0]
    assert setup.upstream.bodies_mentioning("invoice 8812") == []
    pending = setup.stack.request("GET", f"/v1/approvals/{approval_id}")
    assert pending.status == 200, pending.body
    assert pending.body["status"] == "pending"
    # When a reviewer approves it and the caller sends the call again naming the approval
    approved = setup.stack.request("POST", f"/v1/approvals/{approval_id}/approve", body={"comment": "ok"})
    assert approved.status == 200, approved.body
    completion = client.chat.completions.create(
        model=MODEL, messages=messages, extra_headers={"x-litellm-approval-id": approval_id}
    )
    # Then it reaches the model, once
    assert completion.choices[0].message.content == "echo: Prepare the wire for invoice 8812."
    assert len(setup.upstream.bodies_mentioning("invoice 8812")) == 1
    with pytest.raises(BadRequestError) as again:
        client.chat.completions.create(
            model=MODEL, messages=messages, extra_headers={"x-litellm-approval-id": approval_id}
        )
    assert "approval required: approval " in str(again.value)
    assert approval_id not in str(again.value)


def test_with_the_service_unreachable_litellm_fails_the_call_by_default(setup: Setup, client: Any) -> None:
    from openai import APIStatusError

    # Given a guardrail whose service cannot be reached, with LiteLLM's defaults
    prompt = "Draft the release notes for 4.2."
    # When a call asks for it
    with pytest.raises(APIStatusError) as failed:
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": prompt}], extra_body={"guardrails": ["governance-down"]}
        )
    # Then the call fails and the model never sees it (unreachable_fallback: fail_closed)
    assert "Generic Guardrail API failed" in str(failed.value)
    assert setup.upstream.bodies_mentioning(prompt) == []


def test_with_the_service_unreachable_fail_open_lets_the_call_through(setup: Setup, client: Any) -> None:
    # Given the same unreachable service, on a guardrail set to unreachable_fallback: fail_open
    prompt = "Draft the release notes for 4.3."
    # When a call asks for it
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": prompt}], extra_body={"guardrails": ["governance-down-open"]}
    )
    # Then LiteLLM lets it through unguarded
    assert completion.choices[0].message.content == f"echo: {prompt}"
    assert len(setup.upstream.bodies_mentioning(prompt)) == 1
