"""The gateway integrations through their handlers (moto in-process): LiteLLM's Generic Guardrail
API and Portkey's webhook guardrail, mapped onto evaluate and answered in each gateway's terms.

Portkey's payloads are the ones its documentation shows for the webhook guardrail
(https://portkey.ai/docs/integrations/guardrails/bring-your-own-guardrails, the "beforeRequestHook
Example" and "afterRequestHook Example"), with only the texts a test needs changed.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from tests.conftest import load_event

EMAIL = "jane.doe@example.com"
PII = {"name": "Redact emails", "rules": [{"type": "pii", "action": "redact", "entities": ["email"]}]}
NO_EXFIL = {"name": "No exfiltration", "rules": [{"type": "word_list", "action": "block", "words": ["exfiltrate"]}]}
HOLD_WIRES = {
    "name": "Payments need a human",
    "rules": [
        {"type": "banned_patterns", "action": "require_approval", "patterns": ["(?i)wire"], "targets": ["prompt"]}
    ],
}


COSTLY = {
    "name": "Costly calls need a human",
    "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}],
}
MEDIUM = {"name": "Medium", "rules": [{"type": "word_list", "action": "alert", "words": ["medrisk"]}]}


def given_policy(call: Any, body: dict[str, Any]) -> None:
    created = call("create_policy", body=body)
    assert created.status == 201, created.body


def unreachable(*_args: Any, **_kwargs: Any) -> Any:
    raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")


@pytest.fixture
def failing_store(monkeypatch: Any) -> None:
    """The table is unreachable: every read of the policy store raises as botocore does."""
    from policy_engine.store.policies import PolicyStore

    monkeypatch.setattr(PolicyStore, "org_meta", unreachable)
    monkeypatch.setattr(PolicyStore, "iter_policies", unreachable)


def open_org_then_store_fails(call: Any, monkeypatch: Any) -> None:
    """An org whose fail_mode is open, known to a warm function whose staleness bound passed, and
    then the store fails (as in test_org_governance)."""
    given_policy(call, MEDIUM)
    assert call("put_org_policy", body={"fail_mode": "open"}).status == 200
    assert call("evaluate", body={"model": "gpt-4o", "prompt": "a medrisk word"}).body["verdict"] == "flagged"
    from policy_engine.logic.evaluate import _cache
    from policy_engine.store.policies import PolicyStore

    for entry in _cache.values():
        entry.checked_at = -1e9
    monkeypatch.setattr(PolicyStore, "org_meta", unreachable)
    monkeypatch.setattr(PolicyStore, "iter_policies", unreachable)


HOUSE_RULE = {"type": "system_prompt", "action": "modify", "prompt": "House rules."}
HOUSE_PROMPT = {"name": "House prompt", "rules": [HOUSE_RULE]}


def stored(aws: Any) -> list[dict[str, Any]]:
    items = [i for i in aws.Table("governance-test").scan()["Items"] if i["sk"] == "DECISION"]
    return [json.loads(i["doc"]) for i in items]


def error(reply: Any, status: int, code: str) -> list[dict[str, Any]]:
    assert reply.status == status, reply.body
    assert reply.body["error"]["code"] == code
    assert reply.body["request_id"]
    details: list[dict[str, Any]] = reply.body["error"]["details"]
    return details


# -- LiteLLM --


def litellm_body(**overrides: Any) -> dict[str, Any]:
    """The sample event's payload (the fields LiteLLM 1.106.12 sends), with overrides."""
    body: dict[str, Any] = json.loads(load_event("litellm_guardrail")["body"])
    body.update(overrides)
    return body


def chat(*messages: tuple[str, str]) -> dict[str, Any]:
    """texts and structured_messages as LiteLLM builds them from chat messages."""
    return {
        "texts": [content for _, content in messages],
        "structured_messages": [{"role": role, "content": content} for role, content in messages],
    }


def test_litellm_redacts_the_texts_in_order_and_stores_the_mapped_decision(call: Any, aws: Any) -> None:
    # Given the email-redaction policy
    assert call("create_policy", body=PII).status == 201
    # When LiteLLM posts its pre_call payload (system prompt and a user message with an email and a phone)
    reply = call("litellm_guardrail", scopes="evaluate")
    # Then every text comes back, in order, with only the email masked
    assert reply.status == 200, reply.body
    assert reply.body["action"] == "GUARDRAIL_INTERVENED"
    assert reply.body["texts"] == [
        "You are a helpful support assistant.",
        "Please email the refund to [EMAIL] and call me on +1 415 555 0100.",
    ]
    # And the decision is stored with the mapped fields and the call's ids, without the text
    [decision] = stored(aws)
    assert decision["decision_id"] == reply.body["decision_id"]
    assert decision["verdict"] == "modified"
    assert (decision["model"], decision["end_user_id"], decision["environment"]) == ("gpt-4o", "user-42", "production")
    assert decision["metadata"] == {
        "department": "support",
        "litellm_call_id": "6f1d2c3b-8a4e-4f7a-9b1c-2d3e4f5a6b7c",
        "litellm_trace_id": "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e",
    }
    assert EMAIL not in json.dumps(decision)
    assert "refund" not in json.dumps(decision)


def test_litellm_answers_none_when_nothing_fires(call: Any) -> None:
    given_policy(call, PII)
    reply = call("litellm_guardrail", body=litellm_body(**chat(("user", "What is the capital of France?"))))
    assert reply.status == 200
    assert reply.body["action"] == "NONE"
    assert "texts" not in reply.body
    assert reply.body["decision_id"]


def test_litellm_blocks_with_the_policy_reason_and_never_the_matched_text(call: Any) -> None:
    given_policy(call, NO_EXFIL)
    body = litellm_body(**chat(("system", "Be brief."), ("user", "Please exfiltrate the payroll file.")))
    reply = call("litellm_guardrail", body=body)
    assert reply.status == 200
    assert reply.body["action"] == "BLOCKED"
    reason = reply.body["blocked_reason"]
    assert reason.startswith("blocked by policy: No exfiltration (word_list): ")
    assert reply.body["decision_id"] in reason
    assert "exfiltrate" not in reason.replace("No exfiltration", "")
    assert "payroll" not in json.dumps(reply.body)
    assert "texts" not in reply.body


def test_litellm_response_stage_keeps_count_and_order_of_several_texts(call: Any) -> None:
    # Given a policy that redacts emails, and a response with two choices
    given_policy(call, PII)
    texts = ["First: write to ann@example.org.", "Second: nothing to hide.", f"Third: {EMAIL} again"]
    body = litellm_body(input_type="response", texts=texts, structured_messages=None)
    # When LiteLLM posts it as post_call
    reply = call("litellm_guardrail", body=body)
    # Then three texts come back in the same order, each rewritten only where it had an email
    assert reply.body["action"] == "GUARDRAIL_INTERVENED"
    assert reply.body["texts"] == ["First: write to [EMAIL].", "Second: nothing to hide.", "Third: [EMAIL] again"]


def test_litellm_response_stage_rules_do_not_judge_the_prompt(call: Any) -> None:
    given_policy(
        call,
        {
            "name": "Ticket ids stay internal",
            "rules": [
                {"type": "banned_patterns", "action": "block", "patterns": ["TICKET-[0-9]+"], "targets": ["response"]}
            ],
        },
    )
    prompt = litellm_body(**chat(("user", "Where is TICKET-12?")))
    assert call("litellm_guardrail", body=prompt).body["action"] == "NONE"
    answer = call("litellm_guardrail", body=litellm_body(input_type="response", texts=["TICKET-12 is closed."]))
    assert answer.body["action"] == "BLOCKED"


def test_litellm_roles_come_from_structured_messages(call: Any) -> None:
    # Given a rule on system prompts only
    given_policy(
        call,
        {
            "name": "No leaked instructions",
            "rules": [
                {"type": "banned_patterns", "action": "block", "patterns": ["(?i)internal only"], "targets": ["system"]}
            ],
        },
    )
    # When the text is the system message, it fires; as a user message, it does not
    as_system = litellm_body(**chat(("system", "Internal only: be terse."), ("user", "hi")))
    assert call("litellm_guardrail", body=as_system).body["action"] == "BLOCKED"
    as_user = litellm_body(**chat(("user", "Internal only: be terse.")))
    assert call("litellm_guardrail", body=as_user).body["action"] == "NONE"
    # And content parts count one text each, as LiteLLM extracts them
    parts = litellm_body(
        texts=["look at this", "Internal only: be terse."],
        structured_messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": "look at this"}, {"type": "image_url", "image_url": {}}],
            },
            {"role": "system", "content": [{"type": "text", "text": "Internal only: be terse."}]},
        ],
    )
    assert call("litellm_guardrail", body=parts).body["action"] == "BLOCKED"


def test_litellm_without_a_model_model_rules_and_model_scoped_policies_do_not_fire(call: Any) -> None:
    # Given an allowlist of models, and a policy scoped to gpt-4* models
    allowlist = {"type": "model_allowlist", "action": "block", "models": ["gpt-4o"]}
    assert call("create_policy", body={"name": "Allowed models", "rules": [allowlist]}).status == 201
    scoped_policy = {"name": "gpt-4 only", "model": "gpt-4*", "rules": NO_EXFIL["rules"]}
    assert call("create_policy", body=scoped_policy).status == 201
    text = chat(("user", "exfiltrate it"))
    # When no model is sent (neither the payload's nor the params')
    reply = call("litellm_guardrail", body=litellm_body(model=None, additional_provider_specific_params={}, **text))
    # Then neither the allowlist nor the scoped policy fires
    assert reply.body["action"] == "NONE", reply.body
    # And with a model, both apply as on /v1/evaluate
    other = call("litellm_guardrail", body=litellm_body(model="claude-3", **text)).body
    assert other["action"] == "BLOCKED"
    assert "Allowed models (model_allowlist)" in other["blocked_reason"]
    params = {"model": "gpt-4o-mini"}
    scoped = call(
        "litellm_guardrail", body=litellm_body(model=None, additional_provider_specific_params=params, **text)
    )
    assert "gpt-4 only (word_list)" in scoped.body["blocked_reason"]


def test_litellm_a_held_call_names_its_approval_and_is_redeemed_by_header(call: Any, stack: Any) -> None:
    # Given a policy that holds payment requests
    given_policy(call, HOLD_WIRES)
    body = litellm_body(**chat(("user", "Send the wire for invoice 8812.")))
    # When LiteLLM posts the call
    held = call("litellm_guardrail", body=body).body
    # Then it is blocked with the approval's id, which is pending
    assert held["action"] == "BLOCKED"
    reason = held["blocked_reason"]
    assert reason.startswith("approval required: approval ")
    approval_id = reason.removeprefix("approval required: approval ").split(" ")[0]
    assert "the header x-litellm-approval-id:" in reason
    assert call("get_approval", path={"id": approval_id}).body["status"] == "pending"
    stack.drain_until_reviewable("org-a", approval_id)
    # When it is approved and the client sends the call again (a new LiteLLM call id) naming it
    assert call("approve_approval", path={"id": approval_id}, body={}, key="reviewer-1").status == 200
    retry = {**body, "litellm_call_id": "another-call", "request_headers": {"X-LiteLLM-Approval-Id": approval_id}}
    # Then it passes, once
    assert call("litellm_guardrail", body=retry).body["action"] == "NONE"
    again = call("litellm_guardrail", body=retry).body
    assert again["action"] == "BLOCKED"
    assert approval_id not in again["blocked_reason"]


def test_litellm_a_rewrite_that_changes_the_message_count_is_refused(call: Any) -> None:
    # Given a policy that replaces the system prompt (dropping a second system message)
    given_policy(call, HOUSE_PROMPT)
    two_systems = litellm_body(**chat(("system", "A"), ("system", "B"), ("user", "hi")))
    reply = call("litellm_guardrail", body=two_systems).body
    assert reply["action"] == "BLOCKED"
    assert "cannot carry" in reply["blocked_reason"]
    # And with one system message it is rewritten in place
    one = call("litellm_guardrail", body=litellm_body(**chat(("system", "A"), ("user", "hi")))).body
    assert one == {"action": "GUARDRAIL_INTERVENED", "texts": ["House rules.", "hi"], "decision_id": one["decision_id"]}


def test_litellm_connection_id_and_cost_usd_reach_evaluate(call: Any, aws: Any, stack: Any) -> None:
    # Given a policy that holds calls costing a dollar or more
    given_policy(call, COSTLY)
    params = {"connection_id": "c1", "cost_usd": 5}
    # When LiteLLM posts a call whose params say it costs five dollars, on connection c1
    body = litellm_body(additional_provider_specific_params=params, **chat(("user", "Summarise the report.")))
    reply = call("litellm_guardrail", body=body).body
    # Then it is held, and the reason names the approval
    assert reply["action"] == "BLOCKED", reply
    assert reply["blocked_reason"].startswith("approval required: approval ")
    approval_id = reply["blocked_reason"].removeprefix("approval required: approval ").split(" ")[0]
    assert call("get_approval", path={"id": approval_id}).body["status"] == "pending"
    # And the stored decision carries the connection and the cost's violation
    [decision] = stored(aws)
    assert decision["decision_id"] == reply["decision_id"]
    assert decision["connection_id"] == "c1"
    assert [v["rule_type"] for v in decision["violations"]] == ["cost_threshold"]
    # And under the threshold the same call passes
    cheap = litellm_body(additional_provider_specific_params={"connection_id": "c1", "cost_usd": 0.5})
    assert call("litellm_guardrail", body={**cheap, **chat(("user", "hi"))}).body["action"] == "NONE"


def test_litellm_fail_mode_closed_blocks_when_the_store_is_unreachable(call: Any, failing_store: None) -> None:
    reply = call("litellm_guardrail", body=litellm_body(**chat(("user", "What is the capital of France?"))))
    assert reply.status == 200, reply.body
    assert reply.body["action"] == "BLOCKED"
    assert "fail_mode" in reply.body["blocked_reason"]


def test_litellm_fail_mode_open_lets_the_call_through(call: Any, monkeypatch: Any) -> None:
    open_org_then_store_fails(call, monkeypatch)
    reply = call("litellm_guardrail", body=litellm_body(**chat(("user", "a medrisk word"))))
    assert reply.status == 200, reply.body
    assert reply.body["action"] == "NONE"


TOO_MANY_KEYS = {f"k{i}": i for i in range(49)}  # 48 are the caller's, two the call ids'


@pytest.mark.parametrize(
    ("raw", "status", "code", "field"),
    [
        ("not json", 400, "bad_request", None),
        (json.dumps({"texts": ["hi"]}), 422, "validation_error", "input_type"),
        (json.dumps({"input_type": "prompt", "texts": ["hi"]}), 422, "validation_error", "input_type"),
        (json.dumps({"input_type": "request", "texts": "hi"}), 422, "validation_error", "texts"),
        (json.dumps({"input_type": "request", "texts": [1]}), 422, "validation_error", "texts[0]"),
        (
            json.dumps({"input_type": "request", "additional_provider_specific_params": {"cost_usd": False}}),
            422,
            "validation_error",
            "additional_provider_specific_params.cost_usd",
        ),
        (
            json.dumps({"input_type": "request", "additional_provider_specific_params": {"cost_usd": -1}}),
            422,
            "validation_error",
            "additional_provider_specific_params.cost_usd",
        ),
        (
            json.dumps(
                {
                    "input_type": "request",
                    "additional_provider_specific_params": {"metadata": {str(i): i for i in range(49)}},
                }
            ),
            422,
            "validation_error",
            "additional_provider_specific_params.metadata",
        ),
    ],
)
def test_litellm_bad_payloads_answer_the_error_envelope(
    call: Any, raw: str, status: int, code: str, field: str | None
) -> None:
    details = error(call("litellm_guardrail", raw_body=raw), status, code)
    if field is not None:
        assert field in [d["field"] for d in details]


def test_litellm_needs_the_evaluate_scope(call: Any) -> None:
    error(call("litellm_guardrail", scopes="policies:read"), 403, "forbidden")
    error(call("litellm_guardrail", authorizer={}), 401, "unauthorized")


# -- Portkey --

BEFORE = {
    "request": {
        "json": {
            "stream": False,
            "messages": [
                {"role": "system", "content": "You are a helpful assistant"},
                {"role": "user", "content": "Say Hi"},
            ],
            "max_tokens": 20,
            "n": 1,
            "model": "gpt-4o-mini",
        },
        "text": "Say Hi",
        "isStreamingRequest": False,
        "isTransformed": False,
    },
    "response": {"json": {}, "text": "", "statusCode": None, "isTransformed": False},
    "provider": "openai",
    "requestType": "chatComplete",
    "metadata": {"_user": "visarg123"},
    "eventType": "beforeRequestHook",
}
AFTER = {
    **BEFORE,
    "response": {
        "json": {
            "id": "chatcmpl-B9SAAj7zd4mq12omkeEImYvYnjbOr",
            "object": "chat.completion",
            "created": 1741592910,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hi! How can I assist you today?", "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": 18,
                "completion_tokens": 10,
                "total_tokens": 28,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": 0,
                    "audio_tokens": 0,
                    "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                },
            },
            "service_tier": "default",
            "system_fingerprint": "fp_06737a9306",
        },
        "text": "Hi! How can I assist you today?",
        "statusCode": 200,
        "isTransformed": False,
    },
    "eventType": "afterRequestHook",
}


def before_with(user_text: str) -> dict[str, Any]:
    payload = copy.deepcopy(BEFORE)
    payload["request"]["json"]["messages"][1]["content"] = user_text
    payload["request"]["text"] = user_text
    return payload


def after_with(answer: str) -> dict[str, Any]:
    payload = copy.deepcopy(AFTER)
    payload["response"]["json"]["choices"][0]["message"]["content"] = answer
    payload["response"]["text"] = answer
    return payload


def test_portkey_documented_payloads_pass_when_nothing_fires(call: Any) -> None:
    given_policy(call, PII)
    for payload in (BEFORE, AFTER):
        reply = call("portkey_guardrail", body=payload, scopes="evaluate")
        assert reply.status == 200, reply.body
        assert reply.body["verdict"] is True
        assert "transformedData" not in reply.body
        assert reply.body["data"]["verdict"] == "allowed"


def test_portkey_before_request_redaction_returns_the_whole_request_body(call: Any, aws: Any) -> None:
    given_policy(call, PII)
    payload = before_with(f"Mail {EMAIL} the summary")
    reply = call("portkey_guardrail", body=payload)
    assert reply.body["verdict"] is True
    expected = copy.deepcopy(payload["request"]["json"])
    expected["messages"][1]["content"] = "Mail [EMAIL] the summary"
    assert reply.body["transformedData"] == {"request": {"json": expected}}
    # And the decision is stored with Portkey's _user as the end user and the model of the body
    [decision] = stored(aws)
    assert (decision["end_user_id"], decision["model"], decision["metadata"]) == ("visarg123", "gpt-4o-mini", {})
    assert EMAIL not in json.dumps(decision)


def test_portkey_after_request_redaction_returns_the_whole_response_body(call: Any) -> None:
    given_policy(call, PII)
    payload = after_with(f"Sure, reach us at {EMAIL}.")
    reply = call("portkey_guardrail", body=payload)
    assert reply.body["verdict"] is True
    expected = copy.deepcopy(payload["response"]["json"])
    expected["choices"][0]["message"]["content"] = "Sure, reach us at [EMAIL]."
    assert reply.body["transformedData"] == {"response": {"json": expected}}


def test_portkey_a_block_fails_the_check_with_the_reason(call: Any) -> None:
    given_policy(call, NO_EXFIL)
    reply = call("portkey_guardrail", body=before_with("exfiltrate the ledger"))
    assert reply.body["verdict"] is False
    data = reply.body["data"]
    assert data["verdict"] == "blocked"
    assert data["reason"].startswith("blocked by policy: No exfiltration (word_list): ")
    assert "ledger" not in json.dumps(reply.body)
    assert "transformedData" not in reply.body


def test_portkey_content_parts_and_several_choices_are_rewritten_in_place(call: Any) -> None:
    given_policy(call, PII)
    payload = copy.deepcopy(BEFORE)
    payload["request"]["json"]["messages"][1]["content"] = [
        {"type": "text", "text": f"to {EMAIL}"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "text", "text": "thanks"},
    ]
    reply = call("portkey_guardrail", body=payload).body
    parts = reply["transformedData"]["request"]["json"]["messages"][1]["content"]
    assert parts == [
        {"type": "text", "text": "to [EMAIL]"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "text", "text": "thanks"},
    ]
    after = copy.deepcopy(AFTER)
    second = copy.deepcopy(after["response"]["json"]["choices"][0])
    second.update(index=1, message={"role": "assistant", "content": f"{EMAIL} it is"})
    after["response"]["json"]["choices"].append(second)
    choices = call("portkey_guardrail", body=after).body["transformedData"]["response"]["json"]["choices"]
    assert [c["message"]["content"] for c in choices] == ["Hi! How can I assist you today?", "[EMAIL] it is"]


def test_portkey_a_system_prompt_policy_adds_the_system_message(call: Any) -> None:
    given_policy(call, HOUSE_PROMPT)
    payload = copy.deepcopy(BEFORE)
    payload["request"]["json"]["messages"] = [{"role": "user", "content": "Say Hi"}]
    body = call("portkey_guardrail", body=payload).body["transformedData"]["request"]["json"]
    assert body["messages"] == [{"role": "system", "content": "House rules."}, {"role": "user", "content": "Say Hi"}]


def test_portkey_anthropic_messages_bodies_are_read_and_rewritten_in_place(call: Any) -> None:
    # Given email redaction, and an Anthropic messages body (system and content parts)
    given_policy(call, PII)
    payload = copy.deepcopy(BEFORE)
    payload["requestType"] = "messages"
    payload["provider"] = "anthropic"
    payload["request"]["json"] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 256,
        "system": f"Escalate to {EMAIL}.",
        "messages": [{"role": "user", "content": [{"type": "text", "text": f"cc {EMAIL}"}]}],
    }
    request = call("portkey_guardrail", body=payload).body["transformedData"]["request"]["json"]
    assert request["system"] == "Escalate to [EMAIL]."
    assert request["messages"] == [{"role": "user", "content": [{"type": "text", "text": "cc [EMAIL]"}]}]
    # And its answer's content parts too
    after = copy.deepcopy(payload)
    after["eventType"] = "afterRequestHook"
    after["response"] = {
        "json": {"id": "msg_1", "type": "message", "role": "assistant", "content": [{"type": "text", "text": EMAIL}]},
        "text": EMAIL,
        "statusCode": 200,
    }
    response = call("portkey_guardrail", body=after).body["transformedData"]["response"]["json"]
    assert response == {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "content": [{"type": "text", "text": "[EMAIL]"}],
    }


def test_portkey_a_system_prompt_for_anthropic_goes_to_its_system_field(call: Any) -> None:
    given_policy(call, HOUSE_PROMPT)
    payload = copy.deepcopy(BEFORE)
    payload["requestType"] = "messages"
    payload["request"]["json"] = {"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "hi"}]}
    added = call("portkey_guardrail", body=payload).body["transformedData"]["request"]["json"]
    assert added["system"] == "House rules."
    assert added["messages"] == [{"role": "user", "content": "hi"}]


def test_portkey_a_held_call_fails_and_is_redeemed_through_metadata(call: Any, stack: Any) -> None:
    given_policy(call, HOLD_WIRES)
    payload = before_with("Send the wire for invoice 8812.")
    held = call("portkey_guardrail", body=payload).body
    assert held["verdict"] is False
    approval_id = held["data"]["approval_id"]
    assert held["data"]["verdict"] == "pending_approval"
    assert "the metadata key approval_id:" in held["data"]["reason"]
    stack.drain_until_reviewable("org-a", approval_id)
    assert call("approve_approval", path={"id": approval_id}, body={}, key="reviewer-1").status == 200
    retry = copy.deepcopy(payload)
    retry["metadata"]["approval_id"] = approval_id
    assert call("portkey_guardrail", body=retry).body["verdict"] is True
    assert call("portkey_guardrail", body=retry).body["verdict"] is False


def test_portkey_metadata_that_does_not_fit_is_left_out_not_refused(call: Any, aws: Any) -> None:
    # Portkey lets a call through when its webhook answers an error, so metadata must not cause one
    given_policy(call, PII)
    payload = before_with(f"to {EMAIL}")
    payload["metadata"] = {"_user": "u1", "long": "x" * 5000, **{f"k{i}": str(i) for i in range(60)}}
    reply = call("portkey_guardrail", body=payload)
    assert reply.status == 200
    assert reply.body["verdict"] is True
    assert "transformedData" in reply.body
    [decision] = stored(aws)
    assert decision["end_user_id"] == "u1"
    assert "long" not in decision["metadata"]
    assert len(decision["metadata"]) == 47  # the first 48 entries that fit, less _user


def test_portkey_a_text_without_a_body_is_judged_and_cannot_be_rewritten(call: Any) -> None:
    given_policy(call, PII)
    payload = copy.deepcopy(BEFORE)
    payload["requestType"] = "embed"
    payload["request"] = {"json": {"input": f"to {EMAIL}", "model": "text-embedding-3-small"}, "text": f"to {EMAIL}"}
    reply = call("portkey_guardrail", body=payload).body
    assert reply["verdict"] is False
    assert "cannot carry" in reply["data"]["reason"]
    assert EMAIL not in json.dumps(reply)
    clean = copy.deepcopy(payload)
    clean["request"] = {"json": {"input": "hello", "model": "text-embedding-3-small"}, "text": "hello"}
    assert call("portkey_guardrail", body=clean).body["verdict"] is True


def test_portkey_a_call_that_cannot_be_judged_fails_the_check(call: Any, aws: Any) -> None:
    # Portkey would let an error answer through, so a call over evaluate's limits fails the check
    payload = copy.deepcopy(BEFORE)
    payload["request"]["json"]["model"] = "m" * 300
    reply = call("portkey_guardrail", body=payload)
    assert reply.status == 200
    assert reply.body["verdict"] is False
    assert reply.body["data"]["reason"] == "blocked: the call could not be judged (the request body is invalid: model)"
    assert stored(aws) == []


def test_portkey_fail_mode_closed_fails_the_check_when_the_store_is_unreachable(call: Any, failing_store: None) -> None:
    reply = call("portkey_guardrail", body=BEFORE)
    assert reply.status == 200, reply.body
    assert reply.body["verdict"] is False
    assert reply.body["data"]["verdict"] == "blocked"
    assert "fail_mode" in reply.body["data"]["reason"]


def test_portkey_fail_mode_open_passes_the_check(call: Any, monkeypatch: Any) -> None:
    open_org_then_store_fails(call, monkeypatch)
    reply = call("portkey_guardrail", body=before_with("a medrisk word"))
    assert reply.status == 200, reply.body
    assert reply.body["verdict"] is True
    assert reply.body["data"]["verdict"] == "allowed"


@pytest.mark.parametrize(
    ("raw", "status", "code", "field"),
    [
        ("{", 400, "bad_request", None),
        (json.dumps({"request": {"json": {}}}), 422, "validation_error", "eventType"),
        (json.dumps({**BEFORE, "eventType": "onRequest"}), 422, "validation_error", "eventType"),
        (json.dumps({**BEFORE, "request": {"json": []}}), 422, "validation_error", "request.json"),
    ],
)
def test_portkey_bad_payloads_answer_the_error_envelope(
    call: Any, raw: str, status: int, code: str, field: str | None
) -> None:
    details = error(call("portkey_guardrail", raw_body=raw), status, code)
    if field is not None:
        assert field in [d["field"] for d in details]


def test_portkey_needs_the_evaluate_scope(call: Any) -> None:
    error(call("portkey_guardrail", scopes="audit:read"), 403, "forbidden")
