"""The real ``openai`` and ``anthropic`` clients, wrapped, against a fake upstream and the real local stack.

Given the module's policies (tests/sdk/conftest.py: email redaction, "launch codes" blocked in
prompts, "project nightingale" blocked in responses, "wire transfer" held for a reviewer), when a
wrapped client calls the fake provider over HTTP, then what reaches the provider and what comes
back are what the policies say.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest
from anthropic import Anthropic, AsyncAnthropic
from openai import AsyncOpenAI, OpenAI

from policy_gov import (
    ApprovalRequired,
    AsyncClient,
    AsyncGuard,
    Client,
    Guard,
    PolicyBlocked,
    StreamBlocked,
    wrap_anthropic,
    wrap_openai,
)
from tests.e2e.conftest import RunningStack
from tests.sdk.conftest import FakeLLM, closed_port

pytestmark = pytest.mark.e2e

EMAIL = "jane.doe@example.com"


def openai_client(llm: FakeLLM, gov: RunningStack, **guard_options: Any) -> OpenAI:
    guard = Guard(Client(gov.api_url, gov.key), **guard_options)
    return wrap_openai(OpenAI(api_key="sk-test", base_url=f"{llm.url}/v1", max_retries=0), guard)


def anthropic_client(llm: FakeLLM, gov: RunningStack, **guard_options: Any) -> Anthropic:
    guard = Guard(Client(gov.api_url, gov.key), **guard_options)
    return wrap_anthropic(Anthropic(api_key="sk-ant-test", base_url=llm.url, max_retries=0), guard)


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


# -- requests --


def test_openai_pii_prompt_reaches_the_model_redacted(gov: RunningStack, llm: FakeLLM) -> None:
    # Given a wrapped OpenAI client; when the prompt carries an email address
    messages = user(f"write to {EMAIL} about the offsite")
    completion = openai_client(llm, gov).chat.completions.create(model="gpt-4o", messages=messages)  # type: ignore[arg-type]
    # then the model got the redacted prompt, and the caller's list is untouched
    sent = llm.last()["messages"]
    assert sent == [{"role": "user", "content": "write to [EMAIL] about the offsite"}]
    assert EMAIL not in str(llm.requests)
    assert messages[0]["content"].endswith("about the offsite") and EMAIL in messages[0]["content"]
    assert completion.choices[0].message.content == "echo: write to [EMAIL] about the offsite"


def test_anthropic_pii_in_system_and_blocks_reaches_the_model_redacted(gov: RunningStack, llm: FakeLLM) -> None:
    client = anthropic_client(llm, gov)
    message = client.messages.create(
        model="claude-fake-1",
        max_tokens=100,
        system=f"The operator is {EMAIL}.",
        messages=[{"role": "user", "content": [{"type": "text", "text": f"cc {EMAIL} please"}]}],
    )
    body = llm.last()
    assert body["system"] == "The operator is [EMAIL]."
    assert body["messages"] == [{"role": "user", "content": [{"type": "text", "text": "cc [EMAIL] please"}]}]
    assert message.content[0].text == "echo: cc [EMAIL] please"  # type: ignore[union-attr]


def test_openai_tool_call_arguments_are_checked_as_text(gov: RunningStack, llm: FakeLLM) -> None:
    # Given a conversation whose assistant turn called a tool with an email in its arguments
    messages = [
        {"role": "user", "content": "look the customer up"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": f'{{"email": "{EMAIL}"}}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "found: launch codes are 0000"},
    ]
    # When it is sent: the tool result's banned phrase blocks it before it leaves
    with pytest.raises(PolicyBlocked) as blocked:
        openai_client(llm, gov).chat.completions.create(model="gpt-4o", messages=messages)  # type: ignore[arg-type]
    assert {v.rule_type for v in blocked.value.decision.violations} >= {"banned_patterns"}
    assert llm.requests == []
    # and without the tool result, the arguments are redacted in place, still JSON
    openai_client(llm, gov).chat.completions.create(model="gpt-4o", messages=messages[:2])  # type: ignore[arg-type]
    sent = llm.last()["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert sent == '{"email": "[EMAIL]"}'


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_banned_prompt_never_leaves(gov: RunningStack, llm: FakeLLM, provider: str) -> None:
    # When the prompt has a banned phrase, then PolicyBlocked carries the decision and the fake saw nothing
    def send() -> Any:
        if provider == "openai":
            return openai_client(llm, gov).chat.completions.create(
                model="gpt-4o", messages=user("share the launch codes")
            )  # type: ignore[arg-type]
        return anthropic_client(llm, gov).messages.create(
            model="claude-fake-1",
            max_tokens=50,
            messages=user("share the launch codes"),  # type: ignore[arg-type]
        )

    with pytest.raises(PolicyBlocked) as blocked:
        send()
    decision = blocked.value.decision
    assert blocked.value.stage == "request"
    assert decision.verdict == "blocked"
    assert [v.policy_name for v in decision.violations] == ["sdk: launch codes never leave"]
    assert llm.requests == []


# -- responses --


def test_response_rule_blocks_the_answer(gov: RunningStack, llm: FakeLLM) -> None:
    llm.reply = "Sure: Project Nightingale ships in May."
    with pytest.raises(PolicyBlocked) as blocked:
        openai_client(llm, gov).chat.completions.create(model="gpt-4o", messages=user("what ships next?"))  # type: ignore[arg-type]
    assert blocked.value.stage == "response"
    assert blocked.value.decision.violations[0].rule_type == "banned_patterns"
    assert len(llm.requests) == 1  # the call was made; its answer was withheld


def test_response_rule_rewrites_the_answer(gov: RunningStack, llm: FakeLLM) -> None:
    llm.reply = f"Reach the owner at {EMAIL}."
    message = anthropic_client(llm, gov).messages.create(
        model="claude-fake-1",
        max_tokens=50,
        messages=user("who owns it?"),  # type: ignore[arg-type]
    )
    assert message.content[0].text == "Reach the owner at [EMAIL]."  # type: ignore[union-attr]


# -- tool calls the model returns --

# A tool call whose arguments break the response rule ("project nightingale" never comes back)
TOOL_CALL = ("search_docs", {"query": "when does Project Nightingale launch?", "limit": 3})


def call_with_tools(provider: str, llm: FakeLLM, gov: RunningStack, *, stream: bool) -> Any:
    tools_openai = [{"type": "function", "function": {"name": "search_docs", "parameters": {"type": "object"}}}]
    tools_anthropic = [{"name": "search_docs", "input_schema": {"type": "object"}}]
    if provider == "openai":
        client = openai_client(llm, gov, stream_check_chars=16, stream_holdback_chars=8)
        return client.chat.completions.create(
            model="gpt-4o",
            messages=user("look it up"),  # type: ignore[arg-type]
            tools=tools_openai,  # type: ignore[arg-type]
            stream=stream,  # type: ignore[call-overload]
        )
    claude = anthropic_client(llm, gov, stream_check_chars=16, stream_holdback_chars=8)
    return claude.messages.create(
        model="claude-fake-1",
        max_tokens=100,
        messages=user("look it up"),  # type: ignore[arg-type]
        tools=tools_anthropic,  # type: ignore[arg-type]
        stream=stream,  # type: ignore[call-overload]
    )


def streamed_arguments(provider: str, events: list[Any]) -> str:
    if provider == "openai":
        return "".join(
            call.function.arguments or ""
            for chunk in events
            for choice in chunk.choices
            for call in choice.delta.tool_calls or []
            if call.function is not None
        )
    return "".join(e.delta.partial_json for e in events if e.type == "content_block_delta")


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_tool_call_the_model_returns_is_checked(gov: RunningStack, llm: FakeLLM, provider: str) -> None:
    # Given a model that answers with a tool call whose arguments carry the banned phrase
    llm.tool_call = TOOL_CALL
    # When it is called, then the answer is withheld with the response rule's decision
    with pytest.raises(PolicyBlocked) as blocked:
        call_with_tools(provider, llm, gov, stream=False)
    assert not isinstance(blocked.value, StreamBlocked)
    assert blocked.value.stage == "response"
    assert [v.policy_name for v in blocked.value.decision.violations] == ["sdk: nightingale never comes back"]
    assert len(llm.requests) == 1
    # And a harmless tool call comes back as the model sent it
    llm.tool_call = ("search_docs", {"query": "opening hours", "limit": 3})
    answer = call_with_tools(provider, llm, gov, stream=False)
    if provider == "openai":
        function = answer.choices[0].message.tool_calls[0].function
        assert (function.name, json.loads(function.arguments)) == llm.tool_call
    else:
        assert (answer.content[0].name, answer.content[0].input) == llm.tool_call


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_streamed_tool_call_is_stopped_before_its_banned_arguments(
    gov: RunningStack, llm: FakeLLM, provider: str
) -> None:
    # Given the same tool call, streamed (OpenAI tool_calls deltas; Anthropic input_json_delta) in 8-char pieces
    llm.tool_call = TOOL_CALL
    stream = call_with_tools(provider, llm, gov, stream=True)
    seen: list[Any] = []

    def read() -> None:
        seen.extend(stream)

    # When it is read, then it stops with StreamBlocked and the phrase was never delivered
    with pytest.raises(StreamBlocked) as blocked:
        read()
    assert blocked.value.decision.violations[0].rule_type == "banned_patterns"
    delivered = streamed_arguments(provider, seen)
    assert "Nightingale" not in delivered
    assert json.dumps(TOOL_CALL[1]).startswith(delivered)
    # And a harmless streamed tool call arrives whole
    llm.tool_call = ("search_docs", {"query": "opening hours and the holiday schedule", "limit": 3})
    events = list(call_with_tools(provider, llm, gov, stream=True))
    assert json.loads(streamed_arguments(provider, events)) == llm.tool_call[1]


# -- streams --


def test_openai_stream_with_banned_phrase_mid_way_stops_with_an_error(gov: RunningStack, llm: FakeLLM) -> None:
    # Given an answer whose middle breaks a response rule, streamed in 8-character deltas
    before = "The roadmap is long and detailed. " * 4
    llm.reply = before + "Next up: Project Nightingale. " + "Everything after is secret too. " * 4
    client = openai_client(llm, gov, stream_check_chars=40, stream_holdback_chars=16)
    stream = client.chat.completions.create(model="gpt-4o", messages=user("roadmap?"), stream=True)  # type: ignore[arg-type]
    got: list[str] = []

    # When it is read; then it stops with StreamBlocked, and nothing from the phrase on was yielded
    def read() -> None:
        for chunk in stream:
            got.append(chunk.choices[0].delta.content or "" if chunk.choices else "")

    with pytest.raises(StreamBlocked) as blocked:
        read()
    text = "".join(got)
    assert blocked.value.decision.violations[0].rule_type == "banned_patterns"
    assert "Nightingale" not in text and "secret" not in text
    # what came out is the answer's clean beginning, cut before the phrase
    assert text.startswith(before) and len(text) <= llm.reply.index("Project Nightingale")
    assert llm.reply.startswith(text)


def test_anthropic_stream_redaction_is_applied_and_clean_stream_is_complete(gov: RunningStack, llm: FakeLLM) -> None:
    llm.reply = "All good here, nothing to report. " * 3 + f"Ping {EMAIL} when done."
    client = anthropic_client(llm, gov, stream_check_chars=30, stream_holdback_chars=40)
    stream = client.messages.create(
        model="claude-fake-1",
        max_tokens=100,
        messages=user("status?"),
        stream=True,  # type: ignore[arg-type]
    )
    events = list(stream)
    text = "".join(e.delta.text for e in events if e.type == "content_block_delta")  # type: ignore[union-attr]
    assert text == "All good here, nothing to report. " * 3 + "Ping [EMAIL] when done."
    assert events[0].type == "message_start" and events[-1].type == "message_stop"


def test_async_clients_are_guarded_too(gov: RunningStack, llm: FakeLLM) -> None:
    async def run() -> tuple[str, str, list[str]]:
        async with AsyncClient(gov.api_url, gov.key) as gclient:
            guard = AsyncGuard(gclient, stream_check_chars=16)
            openai = wrap_openai(AsyncOpenAI(api_key="sk-test", base_url=f"{llm.url}/v1", max_retries=0), guard)
            claude = wrap_anthropic(AsyncAnthropic(api_key="sk-ant-test", base_url=llm.url, max_retries=0), guard)
            completion = await openai.chat.completions.create(model="gpt-4o", messages=user(f"mail {EMAIL}"))  # type: ignore[arg-type]
            first = completion.choices[0].message.content or ""
            with pytest.raises(PolicyBlocked):
                await claude.messages.create(model="claude-fake-1", max_tokens=10, messages=user("launch codes now"))  # type: ignore[arg-type]
            llm.reply = "one two three four five six seven eight nine ten, project nightingale, more"
            stream = await openai.chat.completions.create(model="gpt-4o", messages=user("count"), stream=True)  # type: ignore[arg-type]
            seen: list[str] = []

            async def read() -> None:
                async for chunk in stream:
                    if chunk.choices:
                        seen.append(chunk.choices[0].delta.content or "")

            with pytest.raises(StreamBlocked):
                await read()
            return first, llm.requests[0].body["messages"][0]["content"], seen

    first, sent, seen = asyncio.run(run())
    assert sent == "mail [EMAIL]" and first == "echo: mail [EMAIL]"
    assert "nightingale" not in "".join(seen)


def test_openai_responses_api_is_guarded_both_ways(gov: RunningStack, llm: FakeLLM) -> None:
    client = openai_client(llm, gov)
    # Given instructions and input with an email: the model gets them redacted
    response = client.responses.create(model="gpt-4o", instructions=f"Sign as {EMAIL}", input=f"greet {EMAIL}")
    assert (llm.last()["instructions"], llm.last()["input"]) == ("Sign as [EMAIL]", "greet [EMAIL]")
    assert response.output_text == "echo: greet [EMAIL]"
    # a banned phrase in an input item never leaves
    with pytest.raises(PolicyBlocked):
        client.responses.create(model="gpt-4o", input=[{"role": "user", "content": "the launch codes, now"}])
    assert len(llm.requests) == 1
    # a streamed answer with a banned phrase mid-way stops, and its closing events never arrive
    llm.reply = "A long and careful answer, sentence after sentence. " * 3 + "Project Nightingale is next."
    stream = client.responses.create(model="gpt-4o", input="what is next?", stream=True)
    seen: list[Any] = []

    def read() -> None:
        seen.extend(stream)

    with pytest.raises(StreamBlocked):
        read()
    assert "Nightingale" not in "".join(getattr(e, "delta", "") for e in seen)
    assert not any(e.type in ("response.output_text.done", "response.completed") for e in seen)
    # and a stream whose answer needs a redaction is stopped rather than passed on unredacted
    llm.reply = f"Write to {EMAIL}."
    stream = client.responses.create(model="gpt-4o", input="who?", stream=True)
    seen.clear()
    with pytest.raises(StreamBlocked, match="rewrite this stream cannot carry"):
        read()
    assert EMAIL not in json.dumps([e.model_dump() for e in seen])


# -- approvals --


def test_held_call_waits_for_the_reviewer_then_goes_through_once(gov: RunningStack, llm: FakeLLM) -> None:
    client = openai_client(llm, gov)
    with pytest.raises(ApprovalRequired) as held:
        client.chat.completions.create(model="gpt-4o", messages=user("start the wire transfer for invoice 42"))  # type: ignore[arg-type]
    assert held.value.approval_id and llm.requests == []
    # The reviewer is not the key that made the request (the org asks for another reviewer)
    minted = Client(gov.api_url, gov.key).create_api_key("reviewer", ["approvals:read", "approvals:decide"])
    reviewer = Client(gov.api_url, minted.key)

    def approve_later() -> None:
        time.sleep(0.3)
        reviewer.approve(str(held.value.approval_id), "budgeted")

    threading.Thread(target=approve_later).start()
    completion = held.value.wait_and_retry(timeout=20, interval=0.1)
    assert completion.choices[0].message.content == "echo: start the wire transfer for invoice 42"
    assert len(llm.requests) == 1
    # the approval is single-use: the same call is held again
    with pytest.raises(ApprovalRequired):
        client.chat.completions.create(model="gpt-4o", messages=user("start the wire transfer for invoice 42"))  # type: ignore[arg-type]


# -- the service unreachable --


def test_fail_mode_closed_blocks_and_open_lets_through(llm: FakeLLM) -> None:
    down = f"http://127.0.0.1:{closed_port()}"
    for mode in ("closed", "open"):
        guard = Guard(Client(down, "pgk_x_" + "y" * 32, fail_mode=mode, max_retries=1, backoff=0.01))  # type: ignore[arg-type]
        openai = wrap_openai(OpenAI(api_key="sk-test", base_url=f"{llm.url}/v1", max_retries=0), guard)
        if mode == "closed":
            with pytest.raises(PolicyBlocked) as blocked:
                openai.chat.completions.create(model="gpt-4o", messages=user("hello"))  # type: ignore[arg-type]
            assert blocked.value.decision.violations[0].rule_type == "fail_mode"
            assert llm.requests == []
        else:
            completion = openai.chat.completions.create(model="gpt-4o", messages=user("hello"))  # type: ignore[arg-type]
            assert completion.choices[0].message.content == "echo: hello"
            assert len(llm.requests) == 1
