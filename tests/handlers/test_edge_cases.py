"""Inputs and races that must never turn into a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from policy_engine.store.audit import AuditEvent, transact_audited
from policy_engine.store.dynamo import TransactionConflict, transact_write
from tests.handlers.stored import store_conditions


@pytest.mark.parametrize("limit", ["²", "٣", "1e2", "-1", " 5"])
def test_non_ascii_or_odd_numbers_in_limit_answer_400(call: Any, limit: str) -> None:
    assert call("list_policies", query={"limit": limit}).status == 400


def test_odd_version_numbers_in_the_path_answer_404(call: Any) -> None:
    policy = call("create_policy", body={"name": "p", "action": "block"}).body
    for n in ("²", "0", "-1", "1.0"):
        assert call("get_version", path={"id": policy["id"], "n": n}).status == 404


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "yesterday"])
def test_out_of_range_timestamps_answer_400(call: Any, since: str) -> None:
    assert call("list_violations", query={"since": since}).status == 400


def test_a_cursor_is_bound_to_its_exact_filters(call: Any) -> None:
    for i in range(3):
        call("create_policy", body={"name": f"p{i}", "action": "block"})
    cursor = call("list_policies", query={"limit": "1"}).body["next_cursor"]
    assert call("list_policies", query={"cursor": cursor, "model": "None"}).status == 400
    assert call("list_policies", query={"cursor": cursor}).status == 200


class _CancellingTable:
    """A table whose transactions are cancelled with the given reason codes the first ``times`` calls."""

    name = "t"

    def __init__(self, codes: list[str], times: int) -> None:
        self.codes, self.times, self.calls = codes, times, 0
        self.meta = self
        self.client = self

    def transact_write_items(self, TransactItems: list[Any]) -> None:
        self.calls += 1
        if self.calls <= self.times:
            reasons = [{"Code": code} for code in self.codes]
            error = {"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons}
            raise ClientError(error, "TransactWriteItems")  # type: ignore[arg-type]

    def get_item(self, **_: Any) -> dict[str, Any]:
        return {}


def test_a_transaction_lost_to_a_concurrent_one_is_a_retryable_conflict() -> None:
    table = _CancellingTable(["None", "TransactionConflict"], times=1)
    with pytest.raises(TransactionConflict) as raised:
        transact_write(table, [{"Put": {"Item": {}}}, {"Update": {"Key": {}}}])
    assert raised.value.failed == set()


def test_audited_writes_retry_a_race_on_the_meta_item() -> None:
    table = _CancellingTable(["None", "TransactionConflict", "None"], times=2)
    entry = transact_audited(table, "org-a", AuditEvent("k", "policy.create", "policy", "p"), [{"Put": {"Item": {}}}])
    assert table.calls == 3
    assert entry["seq"] == 1


def test_a_stored_policy_that_no_longer_compiles_is_skipped_alone_and_reported(call: Any, aws: Any) -> None:
    # Given two policies, one of them edited by hand in the table into something the engine
    # cannot compile (a NaN stored as null in its conditions, as an old write could leave it)
    good = call(
        "create_policy",
        body={"name": "No secrets", "rules": [{"type": "banned_patterns", "action": "block", "patterns": ["secret"]}]},
    ).body
    broken = call(
        "create_policy", body={"name": "Costly", "action": "block", "conditions": {"cost_usd": {"gt": 1}}}
    ).body
    store_conditions(aws, broken["id"], {"cost_usd": {"gt": None}})
    # When evaluate runs
    clean = call("evaluate", body={"model": "gpt-4o", "prompt": "hello", "cost_usd": 5})
    caught = call("evaluate", body={"model": "gpt-4o", "prompt": "a secret", "cost_usd": 5})
    # Then the broken policy is skipped on its own and named; the other still applies (no fail_mode)
    assert clean.status == caught.status == 200
    assert clean.body["verdict"] == "allowed"
    assert [s["policy_id"] for s in clean.body["skipped_policies"]] == [broken["id"]]
    assert clean.body["skipped_policies"][0]["policy_name"] == "Costly"
    assert caught.body["verdict"] == "blocked"
    assert [(v["policy_id"], v["rule_type"]) for v in caught.body["violations"]] == [(good["id"], "banned_patterns")]
    assert [s["policy_id"] for s in caught.body["skipped_policies"]] == [broken["id"]]
