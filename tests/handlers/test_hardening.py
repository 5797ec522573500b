"""Abuse at the edge and between orgs: what a hostile or careless caller sends is refused in the
service's own words, never a 5xx, and one org's policies cannot make evaluate slow or unsafe."""

from __future__ import annotations

import importlib
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from local_stack.template import api_routes
from tests.conftest import RECORDER, invoke
from tests.contract import route_of
from tests.handlers.stored import store_conditions
from tests.handlers.test_alerts_and_events import Receiver, alert_rule, receiver  # noqa: F401 - a fixture

POLICY_ID = "3f9a1c2e-7b4d-4e8f-a6c5-1d2e3f4a5b6c"
HELD = {"name": "costly", "rules": [{"type": "cost_threshold", "action": "require_approval", "threshold_cents": 100}]}
HELD_REQUEST = {"model": "gpt-4o", "prompt": "run the quarterly batch", "cost_usd": 1.5}


def fields(reply: Any) -> list[str]:
    return [d["field"] for d in reply.body["error"]["details"]]


# -- 1, 2: numbers in conditions --


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "1" + "0" * 400])
def test_a_number_that_is_not_finite_or_too_large_in_conditions_is_422_and_nothing_is_stored(
    call: Any, number: str
) -> None:
    # Given a policy whose condition compares with a non-finite or 400-digit number
    raw = '{"name": "p", "action": "block", "conditions": {"cost_usd": {"gt": ' + number + "}}}"
    # When it is written
    reply = call("create_policy", raw_body=raw)
    # Then it is refused naming the field, and the org still has no policy
    assert reply.status == 422
    assert fields(reply) == ["conditions.cost_usd.gt"]
    assert call("list_policies").body["items"] == []


def test_numbers_in_conditions_have_a_documented_range(call: Any) -> None:
    reply = call("create_policy", body={"name": "p", "action": "block", "conditions": {"max_tokens": {"lt": 1e300}}})
    assert reply.status == 422
    assert fields(reply) == ["conditions.max_tokens.lt"]
    assert "9007199254740991" in reply.body["error"]["details"][0]["message"]
    ok = call("create_policy", body={"name": "p", "action": "block", "conditions": {"cost_usd": {"gt": 1e15}}})
    assert ok.status == 201


def test_a_stored_policy_with_a_huge_integer_is_skipped_and_evaluate_never_500s(call: Any, aws: Any) -> None:
    # Given a policy edited by hand to compare with a 400-digit integer (which float() overflows)
    policy = call("create_policy", body={"name": "huge", "action": "block", "conditions": {"cost_usd": {"gt": 1}}})
    store_conditions(aws, policy.body["id"], {"cost_usd": {"gt": 10**400}})
    # When a request with a cost is evaluated
    reply = call("evaluate", body={"model": "gpt-4o", "prompt": "hi", "cost_usd": 3})
    # Then the answer is a decision naming the skipped policy, not a 500
    assert reply.status == 200
    assert [s["policy_id"] for s in reply.body["skipped_policies"]] == [policy.body["id"]]


# -- 3: nesting --


def body_routes() -> list[tuple[str, dict[str, str] | None]]:
    """Every route of template.yaml whose handler reads a body, with its path parameters filled:
    taken from the route registry, so a route added later is checked too."""
    routes = []
    for event in api_routes():
        function = Path(event.code_uri).name
        route = route_of(importlib.import_module(f"functions.{function}.app"))
        assert route is not None, function
        if route.body is not None:
            names = re.findall(r"{(\w+)}", route.path)
            routes.append((function, dict.fromkeys(names, POLICY_ID) or None))
    return routes


BODY_ROUTES = body_routes()


def test_the_body_routes_include_every_route_known_to_read_a_body() -> None:
    known = {
        "create_policy",
        "update_policy",
        "rollback_policy",
        "evaluate",
        "evaluate_policy",
        "put_org_policy",
        "create_api_key",
        "approve_approval",
        "reject_approval",
        "ingest_events",
        "litellm_guardrail",
        "portkey_guardrail",
    }
    assert {function for function, _ in BODY_ROUTES} >= known


@pytest.mark.parametrize(("function", "path"), BODY_ROUTES)
@pytest.mark.parametrize("raw", ["[" * 3000 + "]" * 3000, '{"metadata": ' + "[" * 65 + "]" * 65 + "}"])
def test_a_body_nested_deeper_than_64_is_400_on_every_route_with_a_body(
    call: Any, function: str, path: dict[str, str] | None, raw: str
) -> None:
    reply = invoke(function, path=path, raw_body=raw)
    assert reply.status == 400
    assert reply.body["error"]["message"] == "the body is nested deeper than 64 levels"


def test_a_body_nested_64_deep_is_parsed(call: Any) -> None:
    raw = '{"name": "p", "action": "block", "conditions": ' + "[" * 63 + "]" * 63 + "}"
    reply = call("create_policy", raw_body=raw)
    assert reply.status == 422  # parsed, then refused by the model: conditions is not a list
    assert fields(reply) == ["conditions"]


def test_brackets_inside_strings_are_text_not_nesting(call: Any) -> None:
    # Given a prompt full of brackets, quotes and backslashes (JSON-escaped in the body)
    prompt = 'say "[[{{" \\' * 100 + "[" * 100
    # When it is evaluated, Then it is judged like any text
    reply = call("evaluate", body={"model": "m", "prompt": prompt, "metadata": {"k": "]]]" * 50}})
    assert reply.status == 200


# -- 4: non-standard JSON in and out --


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_metadata_is_422_and_never_stored(call: Any, number: str) -> None:
    call("put_org_policy", body={"logging_level": "full"})
    raw = '{"model": "gpt-4o", "prompt": "hi", "metadata": {"x": ' + number + "}}"
    reply = call("evaluate", raw_body=raw)
    assert reply.status == 422
    assert fields(reply) == ["metadata.x"]
    assert call("list_violations").body["items"] == []


def test_a_response_that_is_not_standard_json_is_a_clean_500_never_sent() -> None:
    from policy_engine.api.http import Response, Route, dispatch

    # Given an operation whose answer holds a NaN (a bug the edge checks did not catch)
    route = Route("GET", "/v1/x", None, lambda _request: Response(200, {"ratio": float("nan")}), authenticated=False)
    # When it is dispatched
    proxy = dispatch(route, {"requestContext": {"requestId": "r-1"}, "headers": {}})
    # Then the client gets the error envelope, which strict parsers read
    assert proxy["statusCode"] == 500

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON: {constant}")

    assert json.loads(proxy["body"], parse_constant=refuse)["error"]["code"] == "internal"


# -- 5: the approval fingerprint --


HELD_MESSAGES: dict[str, Any] = {
    "model": "gpt-4o",
    "messages": [{"role": "system", "content": "you run batches"}, {"role": "user", "content": "the quarterly one"}],
    "cost_usd": 1.5,
}


@pytest.mark.parametrize(
    ("held_request", "change"),
    [
        (HELD_REQUEST, {"cost_usd": 1e9}),
        (HELD_REQUEST, {"prompt": "run every batch"}),
        (HELD_REQUEST, {"response": "another answer"}),
        (HELD_REQUEST, {"context": "another context"}),
        (HELD_REQUEST, {"api_key_prefix": "sk_live_"}),
        (HELD_REQUEST, {"max_tokens": 4000}),
        (HELD_REQUEST, {"environment": "prod"}),
        (HELD_REQUEST, {"end_user_id": "someone-else"}),
        (HELD_REQUEST, {"connection_id": "conn-2"}),
        (HELD_REQUEST, {"metadata": {"agent_id": "other"}}),
        (HELD_REQUEST, {"model": "gpt-4o-mini"}),
        # the request sent as messages: another message, or the same text under another role
        (HELD_MESSAGES, {"messages": [*HELD_MESSAGES["messages"], {"role": "user", "content": "and the yearly one"}]}),
        (HELD_MESSAGES, {"messages": [{**m, "role": "user"} for m in HELD_MESSAGES["messages"]]}),
    ],
)
def test_an_approval_is_redeemed_only_for_the_request_it_was_given_for(
    call: Any, stack: Any, held_request: dict[str, Any], change: dict[str, Any]
) -> None:
    # Given a request held for approval and approved by a reviewer
    call("create_policy", body=HELD)
    held = call("evaluate", body=held_request).body
    approval_id = held["approval"]["id"]
    stack.drain_until_reviewable("org-a", approval_id)
    assert call("approve_approval", path={"id": approval_id}, key="reviewer-1").status == 200
    # When the approval is presented with a request that differs in one field a rule can read
    other = call("evaluate", body={**held_request, **change, "approval_id": approval_id}).body
    # Then it does not let that request through; the same request still redeems it
    assert other["verdict"] == "pending_approval"
    assert other["approval"]["id"] != approval_id
    same = call("evaluate", body={**held_request, "approval_id": approval_id}).body
    assert same["verdict"] == "allowed"


def test_the_approval_fingerprint_covers_every_request_field_but_how_to_evaluate() -> None:
    from policy_engine.logic.approvals import FINGERPRINT_FIELDS
    from policy_engine.models.evaluate import EvaluateRequest

    # Only which approval to redeem and whether to store are not what a rule looks at: any
    # other field, including one added later, is part of what an approval was given for
    assert set(FINGERPRINT_FIELDS) == set(EvaluateRequest.model_fields) - {"approval_id", "dry_run"}


# -- 6: per-org limits --


@pytest.fixture
def limits(monkeypatch: Any) -> Any:
    from policy_engine.settings import get_settings

    def set_limits(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield set_limits
    get_settings.cache_clear()


def banned(*patterns: str) -> dict[str, Any]:
    return {"name": "b", "rules": [{"type": "banned_patterns", "action": "block", "patterns": list(patterns)}]}


def limit_named(reply: Any) -> str:
    assert reply.status == 422, reply.body
    (field,) = fields(reply)
    return str(field)


def test_an_org_holds_at_most_max_policies_per_org(call: Any, limits: Any) -> None:
    limits(MAX_POLICIES_PER_ORG="2")
    for _ in range(2):
        assert call("create_policy", body={"name": "p", "action": "alert"}).status == 201
    assert limit_named(call("create_policy", body={"name": "p", "action": "alert"})) == "max_policies_per_org"
    # another org has its own count
    assert call("create_policy", body={"name": "p", "action": "alert"}, org="org-b").status == 201


def test_patterns_and_words_per_set_are_limited_across_the_orgs_policies(call: Any, limits: Any) -> None:
    limits(MAX_PATTERNS_PER_SET="3", MAX_WORDS_PER_SET="3")
    first = call("create_policy", body=banned("alpha", "beta")).body
    assert limit_named(call("create_policy", body=banned("gamma", "delta"))) == "max_patterns_per_set"
    # the same patterns are compiled once, and a disabled policy compiles nothing
    assert call("create_policy", body=banned("alpha", "beta", "gamma")).status == 201
    assert call("create_policy", body={**banned("delta", "epsilon"), "enabled": False}).status == 201
    # new patterns in the first policy would go over: refused, the policy stays as it was
    update = call("update_policy", path={"id": first["id"]}, body={"rules": banned("x", "y")["rules"]})
    assert limit_named(update) == "max_patterns_per_set"
    assert call("get_policy", path={"id": first["id"]}).body["version"] == 1
    words = {"name": "w", "rules": [{"type": "word_list", "action": "block", "words": ["a", "b", "c", "d"]}]}
    assert limit_named(call("create_policy", body=words)) == "max_words_per_set"


def test_compiled_size_and_compile_time_are_measured_on_write(call: Any, limits: Any) -> None:
    complex_pattern = "[a-z]{1,20}Nq M[0-9]{1,30}(a|b|c)+z"
    limits(MAX_COMPILED_INSTRUCTIONS="1000")
    many = banned(*(f"{complex_pattern}{i}" for i in range(10)))
    assert limit_named(call("create_policy", body=many)) == "max_compiled_instructions"
    assert call("create_policy", body=banned(complex_pattern)).status == 201
    limits(MAX_COMPILED_INSTRUCTIONS="1000000", MAX_COMPILE_SECONDS="0.000001")
    assert limit_named(call("create_policy", body=banned("x"))) == "max_compile_seconds"
    assert call("list_policies").body["items"][0]["rules"][0]["patterns"] == [complex_pattern]


def test_a_write_refused_for_its_compile_time_is_refused_again_though_its_sets_are_kept(call: Any, limits: Any) -> None:
    # Compiled Sets are kept for the next compile of the same pattern table, so the second write
    # compiles in a fraction of the time; the limit still counts what building them took.
    heavy = {
        "name": "heavy",
        "rules": [
            {"type": "banned_patterns", "action": "block", "patterns": [f"unique-{uuid.uuid4().hex}"]},
            {"type": "injection", "action": "block"},
            {"type": "pii", "action": "redact"},
        ],
    }
    limits(MAX_COMPILE_SECONDS="0.005")
    assert limit_named(call("create_policy", body=heavy)) == "max_compile_seconds"
    assert limit_named(call("create_policy", body=heavy)) == "max_compile_seconds"
    assert call("list_policies").body["items"] == []


def test_the_text_one_evaluate_scans_is_limited_in_bytes(call: Any, limits: Any) -> None:
    limits(MAX_PROMPT_BYTES="1024")
    ok = call("evaluate", body={"model": "m", "prompt": "é" * 512})
    over = call("evaluate", body={"model": "m", "messages": [{"role": "user", "content": "é" * 513}]})
    assert ok.status == 200
    assert over.status == 413
    assert fields(over) == ["max_prompt_bytes"]


def test_another_orgs_writes_never_make_an_org_recompile(call: Any, limits: Any, monkeypatch: Any) -> None:
    from policy_engine.engine import compile_policy_set as real
    from policy_engine.logic import evaluate as logic

    # Every whole-set compile evaluate makes, by the policies it compiles
    compiled: list[set[str]] = []

    def counting(policies: Any) -> Any:
        policies = list(policies)
        compiled.append({p["id"] for p in policies if isinstance(p, dict)})
        return real(policies)

    monkeypatch.setattr(logic, "compile_policy_set", counting)
    # Given org-b evaluating warm, with every request checking its policy-set version
    limits(POLICY_CACHE_SECONDS="0")
    secret = call("create_policy", body=banned("secret"), org="org-b").body
    assert call("evaluate", body={"model": "m", "prompt": "a secret"}, org="org-b").body["verdict"] == "blocked"
    assert compiled == [{secret["id"]}]
    # When org-a writes policies over and over, evaluating after each write
    noise = []
    for i in range(5):
        noise.append(call("create_policy", body=banned(f"noise{i}")).body["id"])
        assert call("evaluate", body={"model": "m", "prompt": f"noise{i}"}).body["verdict"] == "blocked"
    RECORDER.accesses.clear()
    reply = call("evaluate", body={"model": "m", "prompt": "a secret"}, org="org-b")
    # Then org-a's set was compiled once per write, and org-b's never again
    assert compiled == [{secret["id"]}, *({*noise[: i + 1]} for i in range(5))]
    # And org-b's evaluate read one small item of its own
    assert reply.body["verdict"] == "blocked"
    reads = [
        (a.action, a.leading_keys)
        for a in RECORDER.accesses
        if a.function == "EvaluateFunction" and a.action in ("dynamodb:GetItem", "dynamodb:Query")
    ]
    assert reads == [("dynamodb:GetItem", ("ORG#org-b",))]


def test_single_policy_evaluate_compiles_each_version_once(call: Any, monkeypatch: Any) -> None:
    from policy_engine.logic import evaluate as logic

    compiled: list[str] = []
    real = logic.compile_policy
    monkeypatch.setattr(logic, "compile_policy", lambda policy: compiled.append(policy["id"]) or real(policy))
    policy = call("create_policy", body=banned("secret")).body
    for _ in range(3):
        reply = call("evaluate_policy", path={"id": policy["id"]}, body={"model": "m", "prompt": "a secret"})
        assert reply.body["verdict"] == "blocked"
    call("update_policy", path={"id": policy["id"]}, body={"name": "renamed"})
    call("evaluate_policy", path={"id": policy["id"]}, body={"model": "m", "prompt": "a secret"})
    assert compiled == [policy["id"], policy["id"]]


# -- 7: Slack --

HOSTILE_MODEL = "gpt-4o` <!channel> <https://evil.example|Approve here>"


def test_caller_text_in_a_slack_alert_is_escaped_and_identifiers_are_code(
    call: Any,
    stack: Any,
    receiver: Receiver,  # noqa: F811 - the fixture
) -> None:
    # Given an alert rule on blocks, and a policy named with markup of its own
    call("create_policy", body={**banned("secret"), "name": "<@U123> & co"})
    call("put_org_policy", body={"alert_rules": [alert_rule("Blocks <!here>", receiver.url("/ok"))]})
    # When a request whose model carries a mention and a link is blocked, and the queues run
    assert call("evaluate", body={"model": HOSTILE_MODEL, "prompt": "a secret"}).body["verdict"] == "blocked"
    stack.drain()
    # Then Slack got text with no live mention or link: every < > & is escaped, the model is code
    (_, message), *_ = receiver.posts
    text = message["text"]
    assert "<" not in text and ">" not in text
    assert "model `gpt-4o' &lt;!channel&gt; &lt;https://evil.example|Approve here&gt;`" in text
    assert "&lt;@U123&gt; &amp; co" in text and "Blocks &lt;!here&gt;" in text


def test_caller_text_in_a_review_request_is_escaped() -> None:
    from policy_engine.logic.alerts import review_message

    approval = {
        "id": POLICY_ID,
        "expires_at": "2026-12-01T00:00:00+00:00",
        "request_summary": {
            "risk_level": "medium",
            "model": HOSTILE_MODEL,
            "violations": [{"policy_name": "<!channel>", "rule_type": "cost_threshold", "message": "a & b"}],
        },
    }
    text = review_message(approval)["text"]
    assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt;" in text and "a &amp; b" in text


# -- 8: canonical ids, strict integers and booleans --


@pytest.mark.parametrize(
    "spelling",
    [str.upper, lambda i: "{" + i + "}", lambda i: "urn:uuid:" + i, lambda i: i.replace("-", ""), lambda i: f" {i}"],
)
def test_an_id_in_another_spelling_is_404(call: Any, spelling: Any) -> None:
    policy = call("create_policy", body={"name": "p", "action": "alert"}).body
    assert call("get_policy", path={"id": policy["id"]}).status == 200
    assert call("get_policy", path={"id": spelling(policy["id"])}).status == 404
    assert call("get_version", path={"id": spelling(policy["id"]), "n": "1"}).status == 404


@pytest.mark.parametrize("version", ["01", "+1", "1.0", "0", "1e0", "\u0661"])
def test_a_version_in_another_spelling_is_404(call: Any, version: str) -> None:
    policy = call("create_policy", body={"name": "p", "action": "alert"}).body
    assert call("get_version", path={"id": policy["id"], "n": "1"}).status == 200
    assert call("get_version", path={"id": policy["id"], "n": version}).status == 404


@pytest.mark.parametrize(
    ("function", "body", "field"),
    [
        ("create_policy", {"name": "p", "action": "alert", "priority": "5"}, "priority"),
        ("create_policy", {"name": "p", "action": "alert", "priority": True}, "priority"),
        ("create_policy", {"name": "p", "action": "alert", "enabled": "yes"}, "enabled"),
        ("create_policy", {"name": "p", "action": "alert", "enabled": 1}, "enabled"),
        ("evaluate", {"model": "m", "prompt": "x", "max_tokens": "5"}, "max_tokens"),
        ("evaluate", {"model": "m", "prompt": "x", "dry_run": "true"}, "dry_run"),
        ("evaluate", {"model": "m", "prompt": "x", "cost_usd": "1.5"}, "cost_usd"),
    ],
)
def test_integer_and_boolean_fields_refuse_strings_and_booleans(
    call: Any, function: str, body: dict[str, Any], field: str
) -> None:
    reply = call(function, body=body)
    assert reply.status == 422
    assert fields(reply) == [field]


def test_rollback_refuses_a_boolean_version(call: Any) -> None:
    policy = call("create_policy", body={"name": "p", "action": "alert"}).body
    call("update_policy", path={"id": policy["id"]}, body={"name": "q"})
    reply = call("rollback_policy", path={"id": policy["id"]}, body={"version": True})
    assert reply.status == 422
    assert fields(reply) == ["version"]
    assert call("get_policy", path={"id": policy["id"]}).body["version"] == 2


# -- 9: messages in the service's own words --


def test_a_5000_digit_integer_is_refused_in_the_services_words(call: Any) -> None:
    reply = call("evaluate", raw_body='{"model": "m", "prompt": "x", "max_tokens": ' + "9" * 5000 + "}")
    assert reply.status == 422
    message = json.dumps(reply.body)
    assert "sys.set_int_max_str_digits" not in message and "4300" not in message
    assert fields(reply) == ["max_tokens"]


def test_a_metadata_value_of_the_wrong_type_is_one_readable_detail(call: Any) -> None:
    reply = call("evaluate", body={"model": "m", "prompt": "x", "metadata": {"tags": ["a"]}})
    assert reply.status == 422
    (detail,) = reply.body["error"]["details"]
    assert detail["field"] == "metadata.tags"
    assert "constrained" not in detail["message"]
    assert detail["message"].startswith("Input should be a valid string")


def test_a_body_that_is_not_utf8_is_400_in_plain_words(aws: Any) -> None:
    import base64
    import copy
    import importlib

    from tests.conftest import LambdaContext, load_event

    event = copy.deepcopy(load_event("evaluate"))
    event["requestContext"]["authorizer"] = {"org_id": "org-a", "key_id": "key-a", "scopes": "admin"}
    event["body"], event["isBase64Encoded"] = base64.b64encode(b'{"model": "\xff\xfe"}').decode(), True
    with RECORDER.running("evaluate"):
        response = importlib.import_module("functions.evaluate.app").lambda_handler(event, LambdaContext())
    assert response["statusCode"] == 400
    message = json.loads(response["body"])["error"]["message"]
    assert message == "the body is not valid UTF-8 text; send JSON encoded as UTF-8"


# -- 10: key prefixes --


def test_a_key_prefix_is_made_of_the_key_id_never_of_the_secret(call: Any) -> None:
    from policy_engine.logic.api_keys import create_key

    # Given a key registered with a secret of the org's own (as DEV_API_KEY or a bootstrap key)
    secret = "pgk_dev_0123456789abcdef0123456789abcdef"
    record, _ = create_key("org-a", "bootstrap", ["admin"], secret=secret)
    minted = call("create_api_key", body={"name": "gw", "scopes": ["evaluate"]}).body
    # When the keys are listed
    listed = {k["id"]: k["prefix"] for k in call("list_api_keys").body["items"]}
    # Then each prefix comes from its id: the registered secret's characters never show
    assert listed[record["id"]] == "pgk_" + record["id"].replace("-", "")[:8]
    assert not secret.startswith(listed[record["id"]])
    assert minted["key"].startswith(listed[minted["id"]])
    assert minted["key"].split("_")[2][:4] not in listed[minted["id"]]


# -- 11: a reviewer other than the requester --


def test_the_key_that_made_the_held_request_cannot_approve_it(call: Any, stack: Any) -> None:
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=HELD_REQUEST).body["approval"]["id"]
    stack.drain_until_reviewable("org-a", approval_id)
    # When the requester's own key approves or rejects, it is refused and the approval stays pending
    for function in ("approve_approval", "reject_approval"):
        reply = call(function, path={"id": approval_id})
        assert reply.status == 403
        assert fields(reply) == ["approvals.require_distinct_reviewer"]
    assert call("get_approval", path={"id": approval_id}).body["status"] == "pending"
    # Then another key can
    assert call("approve_approval", path={"id": approval_id}, key="reviewer-1").status == 200


def test_an_org_may_let_requesters_review_their_own_requests(call: Any, stack: Any) -> None:
    assert call("get_org_policy").body["approvals"] == {"require_distinct_reviewer": True}
    call("put_org_policy", body={"approvals": {"require_distinct_reviewer": False}})
    call("create_policy", body=HELD)
    approval_id = call("evaluate", body=HELD_REQUEST).body["approval"]["id"]
    stack.drain_until_reviewable("org-a", approval_id)
    assert call("approve_approval", path={"id": approval_id}).status == 200
    assert call("put_org_policy", body={"approvals": {"require_distinct_reviewer": "no"}}).status == 422


# -- 12: revocation that would lock an org out --


def admin_key(call: Any, name: str) -> str:
    return str(call("create_api_key", body={"name": name, "scopes": ["admin"]}).body["id"])


def test_the_last_active_admin_key_cannot_be_revoked(call: Any) -> None:
    # Given an org with two admin keys and an evaluate key
    first, second = admin_key(call, "ops-1"), admin_key(call, "ops-2")
    gateway = call("create_api_key", body={"name": "gw", "scopes": ["evaluate"]}).body["id"]
    # When the first is revoked, then the second
    assert call("revoke_api_key", path={"id": first}, key=second, query={"confirm": "self"}).status == 204
    last = call("revoke_api_key", path={"id": second}, key=second, query={"confirm": "self"})
    # Then the last one stays active (409); keys without admin can still be revoked
    assert last.status == 409
    assert fields(last) == ["id"]
    assert call("revoke_api_key", path={"id": gateway}, key=second).status == 204
    active = [k["id"] for k in call("list_api_keys").body["items"] if not k["revoked_at"]]
    assert active == [second]


def test_revoking_the_calling_key_needs_confirm_self(call: Any) -> None:
    mine, other = admin_key(call, "me"), admin_key(call, "other")
    refused = call("revoke_api_key", path={"id": mine}, key=mine)
    assert refused.status == 409
    assert fields(refused) == ["confirm"]
    assert call("revoke_api_key", path={"id": mine}, key=mine, query={"confirm": "yes"}).status == 400
    assert call("revoke_api_key", path={"id": mine}, key=mine, query={"confirm": "self"}).status == 204
    assert call("revoke_api_key", path={"id": other}, key=mine).status == 409  # now the last admin key


# -- per-key throttling: usage plans --


@pytest.fixture
def usage_plans(aws: Any, monkeypatch: Any) -> dict[str, str]:
    """The template's two plans in moto, the functions' environment and roles pointing at them."""
    import boto3

    from policy_engine.settings import get_settings

    gateway = boto3.client("apigateway")
    plans = {tier: gateway.create_usage_plan(name=tier)["id"] for tier in ("standard", "high")}
    monkeypatch.setenv("USAGE_PLAN_IDS", ",".join(f"{tier}={plan}" for tier, plan in plans.items()))
    monkeypatch.setenv("SHARED_USAGE_KEY", "llm-policy-governance-shared-usage-123456789012")
    # The roles' ARNs name these plans; kept after the test, as the IAM check runs after every
    # fixture is torn down (no other test calls API Gateway).
    RECORDER.roles.resolver.created.update(
        StandardUsagePlan={"Ref": plans["standard"]}, HighUsagePlan={"Ref": plans["high"]}
    )
    get_settings.cache_clear()
    yield plans
    get_settings.cache_clear()


def plan_keys(plan: str) -> list[str]:
    import boto3

    return [k["value"] for k in boto3.client("apigateway").get_usage_plan_keys(usagePlanId=plan)["items"]]


def test_each_new_key_is_throttled_by_its_own_usage_plan_key(call: Any, usage_plans: dict[str, str]) -> None:
    from tests.handlers.test_api_keys import authorize

    # When an admin creates a key of the high tier and one of the default tier
    high = call("create_api_key", body={"name": "batch", "scopes": ["evaluate"], "tier": "high"}).body
    standard = call("create_api_key", body={"name": "gw", "scopes": ["evaluate"]}).body
    # Then each has a usage identifier of its own in its tier's plan, which the authorizer names
    high_usage = authorize(f"Bearer {high['key']}")["usageIdentifierKey"]
    standard_usage = authorize(f"Bearer {standard['key']}")["usageIdentifierKey"]
    assert plan_keys(usage_plans["high"]) == [high_usage]
    assert plan_keys(usage_plans["standard"]) == [standard_usage]
    assert high["id"].replace("-", "") in high_usage and high["key"].split("_")[2] not in high_usage
    # And a revoked key leaves its plan
    assert call("revoke_api_key", path={"id": high["id"]}).status == 204
    assert plan_keys(usage_plans["high"]) == []
    assert call("create_api_key", body={"name": "x", "scopes": ["evaluate"], "tier": "gold"}).status == 422


def test_a_key_without_a_plan_of_its_own_is_metered_by_the_shared_usage_key(aws: Any, monkeypatch: Any) -> None:
    from policy_engine.logic.api_keys import create_key
    from policy_engine.settings import get_settings
    from tests.handlers.test_api_keys import authorize

    monkeypatch.setenv("SHARED_USAGE_KEY", "llm-policy-governance-shared-usage-123456789012")
    get_settings.cache_clear()
    _, key = create_key("org-a", "bootstrap", ["admin"])  # no plans configured: not attached
    assert authorize(f"Bearer {key}")["usageIdentifierKey"] == "llm-policy-governance-shared-usage-123456789012"
    get_settings.cache_clear()


def test_two_admins_revoking_each_other_at_once_leave_one_active(call: Any, monkeypatch: Any) -> None:
    from policy_engine.logic import api_keys
    from policy_engine.store import get_api_key_store
    from policy_engine.store.audit import AuditEvent

    # Given two admin keys, and the other admin revoking the first one while this request
    # is between finding it as the key that stays active and writing its own revocation
    first, second = admin_key(call, "ops-1"), admin_key(call, "ops-2")
    found = api_keys._other_active_admin

    def rival_revokes_first(org_id: str, key_id: str) -> str | None:
        keeper = found(org_id, key_id)
        if keeper == first:
            event = AuditEvent(actor=second, action="apikey.revoke", resource_type="api_key", resource_id=first)
            get_api_key_store().revoke(org_id, first, "2026-12-01T00:00:00+00:00", event, keep_active=second)
        return keeper

    monkeypatch.setattr(api_keys, "_other_active_admin", rival_revokes_first)
    # When the first key revokes the second
    reply = call("revoke_api_key", path={"id": second}, key=first)
    # Then the second revocation loses: the org keeps one active admin key
    assert reply.status == 409
    active = [k["id"] for k in call("list_api_keys").body["items"] if not k["revoked_at"]]
    assert active == [second]
