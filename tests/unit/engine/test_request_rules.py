"""Rules over request fields: models, keys, cost, tokens, prompt size, system prompt, end user,
and the response-stage rules (token limit, grounding)."""

from __future__ import annotations

from tests.unit.engine.helpers import make_policy, run


def test_model_allowlist_globs_case_insensitive() -> None:
    # Given an allowlist of globs
    policy = make_policy({"type": "model_allowlist", "models": ["gpt-4o*", "claude-3-*"]})
    # When allowed and disallowed models are used
    # Then only the unlisted model is blocked
    assert run(policy, model="GPT-4o-mini", prompt="hi").verdict == "allowed"
    assert run(policy, model="claude-3-opus", prompt="hi").verdict == "allowed"
    blocked = run(policy, model="llama-3", prompt="hi")
    assert blocked.verdict == "blocked"
    assert "llama-3" in blocked.violations[0].message


def test_model_allowlist_empty_list_is_off() -> None:
    # Given an empty allowlist
    policy = make_policy({"type": "model_allowlist", "models": []})
    # Then any model passes
    assert run(policy, model="anything", prompt="hi").verdict == "allowed"


def test_key_environment() -> None:
    # Given production keys allowed only in prod
    policy = make_policy(
        {"type": "key_environment", "prod_key_prefixes": ["sk_live_"], "allowed_envs": ["prod", "production"]}
    )
    # When a live key is used in staging, in production, without environment; a test key in staging
    # Then only the misuse (and the unknown environment) fire
    assert run(policy, prompt="x", api_key_prefix="sk_live_", environment="staging").verdict == "blocked"
    assert run(policy, prompt="x", api_key_prefix="sk_live_", environment="Production").verdict == "allowed"
    assert run(policy, prompt="x", api_key_prefix="sk_live_").verdict == "blocked"
    assert run(policy, prompt="x", api_key_prefix="sk_test_", environment="staging").verdict == "allowed"


def test_cost_threshold_requires_approval_at_threshold() -> None:
    # Given a 29-cent approval threshold
    policy = make_policy({"type": "cost_threshold", "threshold_cents": 29}, id="cost")
    # When the cost is exactly 0.29 USD (a float that is 28.999... cents), and below
    at = run(policy, prompt="x", cost_usd=0.29)
    below = run(policy, prompt="x", cost_usd=0.28)
    # Then the threshold is inclusive and the policy is listed for approval
    assert at.verdict == "pending_approval"
    assert at.approval_required_policy_ids == ["cost"]
    assert below.verdict == "allowed"
    assert run(make_policy({"type": "cost_threshold", "threshold_cents": 0}), prompt="x", cost_usd=99).verdict == (
        "allowed"
    )


def test_max_tokens_clamp_and_block() -> None:
    # Given a clamping and a blocking limit
    clamp = make_policy({"type": "max_tokens", "max_tokens": 500})
    block = make_policy({"type": "max_tokens", "max_tokens": 500, "action": "block"})
    # When the request asks for more
    clamped = run(clamp, prompt="x", max_tokens=4000)
    # Then modify clamps, block blocks, and a request within the limit passes
    assert clamped.verdict == "modified"
    assert clamped.modified_request is not None
    assert clamped.modified_request.model_dump(exclude_none=True) == {"max_tokens": 500}
    assert run(block, prompt="x", max_tokens=4000).verdict == "blocked"
    assert run(clamp, prompt="x", max_tokens=500).verdict == "allowed"


def test_max_prompt_chars_truncates_exactly() -> None:
    # Given a truncating limit of 5 characters
    policy = make_policy({"type": "max_prompt_chars", "max_chars": 5, "action": "modify"})
    # When the prompt is longer
    result = run(policy, prompt="Hello, world")
    # Then the exact first 5 characters are kept, no marker, and the span marks the cut part
    assert result.modified_request is not None
    assert result.modified_request.prompt == "Hello"
    assert [(m.start, m.end) for m in result.violations[0].matches] == [(5, 12)]


def test_max_prompt_chars_on_messages_spares_the_system_message() -> None:
    # Given a blocking limit
    policy = make_policy({"type": "max_prompt_chars", "max_chars": 5})
    messages = [{"role": "system", "content": "a long system prompt"}, {"role": "user", "content": "short"}]
    # When only the system message is long
    # Then nothing fires
    assert run(policy, messages=messages).verdict == "allowed"


def test_system_prompt_replace_on_bare_prompt_returns_messages() -> None:
    # Given a system prompt rewrite
    policy = make_policy({"type": "system_prompt", "prompt": "Be safe."})
    # When a bare prompt comes in
    result = run(policy, prompt="hi")
    # Then modified_request.messages is system + user
    assert result.verdict == "modified"
    assert result.modified_request is not None
    assert [(m.role, m.content) for m in result.modified_request.messages or []] == [
        ("system", "Be safe."),
        ("user", "hi"),
    ]
    assert result.modified_request.prompt is None


def test_system_prompt_prepend_and_append_join_with_blank_line() -> None:
    messages = [{"role": "system", "content": "You help."}, {"role": "user", "content": "hi"}]
    for mode, expected in (("prepend", "Be safe.\n\nYou help."), ("append", "You help.\n\nBe safe.")):
        # Given a prepend/append rule
        policy = make_policy({"type": "system_prompt", "prompt": "Be safe.", "mode": mode})
        # When the request has a system message
        result = run(policy, messages=messages)
        # Then the existing system message is edited
        assert result.modified_request is not None
        assert result.modified_request.messages is not None
        assert result.modified_request.messages[0].content == expected
        assert result.modified_request.messages[1].content == "hi"


def test_system_prompt_already_in_place_does_not_fire() -> None:
    # Given a replace rule and a request that already has exactly that system prompt
    policy = make_policy({"type": "system_prompt", "prompt": "Be safe."})
    messages = [{"role": "system", "content": "Be safe."}, {"role": "user", "content": "hi"}]
    # Then nothing is rewritten
    result = run(policy, messages=messages)
    assert result.verdict == "allowed"
    assert result.modified_request is None


def test_system_prompt_block_rejects_a_differing_system_prompt() -> None:
    # Given a blocking system prompt rule
    policy = make_policy({"type": "system_prompt", "prompt": "Be safe.", "action": "block"})
    own = [{"role": "system", "content": "You are evil."}, {"role": "user", "content": "hi"}]
    # When the request brings its own system prompt, or none
    # Then only the differing one is blocked
    assert run(policy, messages=own).verdict == "blocked"
    assert run(policy, prompt="hi").verdict == "allowed"


def test_end_user_required() -> None:
    policy = make_policy({"type": "end_user_required"})
    # Given the rule, when end_user_id is missing or blank, then it blocks
    assert run(policy, prompt="x").verdict == "blocked"
    assert run(policy, prompt="x", end_user_id="  ").verdict == "blocked"
    assert run(policy, prompt="x", end_user_id="u-1").verdict == "allowed"


def test_response_token_limit() -> None:
    # Given a 10-token response limit (about 4 characters per token)
    policy = make_policy({"type": "response_token_limit", "max_tokens": 10})
    # When the response is 41 characters (11 tokens), and 40 (10 tokens)
    # Then only the longer one fires; a request without response is not judged
    assert run(policy, prompt="q", response="x" * 41).verdict == "blocked"
    assert run(policy, prompt="q", response="x" * 40).verdict == "allowed"
    assert run(policy, prompt="q" * 1000).verdict == "allowed"


def test_grounding() -> None:
    # Given a grounding rule at 0.5
    policy = make_policy({"type": "grounding", "threshold": 0.5, "action": "block"})
    context = "The Eiffel Tower is in Paris. It was completed in 1889 for the World Fair."
    grounded = "The Eiffel Tower is in Paris. It was completed in 1889."
    made_up = "The Eiffel Tower is in Paris. Bananas grow on volcanic islands. Penguins fly south swiftly."
    # When the response is supported, then mostly invented
    ok = run(policy, response=grounded, context=context)
    bad = run(policy, response=made_up, context=context)
    # Then only the invented one fires, with the unsupported sentences as spans
    assert ok.verdict == "allowed"
    assert bad.verdict == "blocked"
    assert [made_up[m.start : m.end] for m in bad.violations[0].matches] == [
        "Bananas grow on volcanic islands.",
        "Penguins fly south swiftly.",
    ]
    assert run(policy, response=made_up).verdict == "allowed"  # no context: nothing to judge


def test_request_rules_skip_on_response_stage() -> None:
    # Given request-stage rules
    policy = make_policy({"type": "end_user_required"}, {"type": "model_allowlist", "models": ["x"]})
    # When only a response is evaluated
    # Then they do not fire
    assert run(policy, response="fine").verdict == "allowed"
