"""Compiled RE2 Sets are shared by the policy sets of one pattern table (the write that checks an
org's limits and the evaluates after it, orgs with the same rules), and the compile-time limit
still counts what building them took."""

from __future__ import annotations

import uuid
from typing import Any

from policy_engine.engine import compile_policy_set
from policy_engine.engine.scanner import SHARED_SETS
from policy_engine.models.evaluate import EvaluateRequest


def policy(*patterns: str) -> list[dict[str, Any]]:
    rules = [{"type": "banned_patterns", "action": "block", "patterns": list(patterns)}, {"type": "injection"}]
    return [{"id": "p1", "name": "shared", "version": 1, "rules": rules}]


def regex_sets(policies: list[dict[str, Any]]) -> Any:
    compiled = compile_policy_set(policies)
    return compiled, [part.regex_set for part in compiled.scanner.parts]


def test_one_pattern_table_is_compiled_into_sets_once_and_shared() -> None:
    table = policy(f"case-{uuid.uuid4().hex}")
    first, first_sets = regex_sets(table)
    again, again_sets = regex_sets(table)
    assert first_sets and all(a is b for a, b in zip(first_sets, again_sets, strict=True))
    # The first compile built them; the second reused them and knows what building them took
    assert first.scanner.reused_seconds == 0.0
    assert again.scanner.reused_seconds > 0.0
    # And both judge alike
    request = EvaluateRequest(model="m", prompt=f"{table[0]['rules'][0]['patterns'][0]} here")
    assert first.evaluate(request).verdict == again.evaluate(request).verdict
    assert first.evaluate(request).verdict.value == "blocked"


def test_another_pattern_table_gets_sets_of_its_own() -> None:
    _, one = regex_sets(policy(f"one-{uuid.uuid4().hex}"))
    _, other = regex_sets(policy(f"other-{uuid.uuid4().hex}"))
    assert not any(a is b for a in one for b in other)


def test_only_the_last_few_tables_are_kept() -> None:
    table = policy(f"old-{uuid.uuid4().hex}")
    _, old = regex_sets(table)
    for _ in range(SHARED_SETS):
        regex_sets(policy(f"newer-{uuid.uuid4().hex}"))
    _, rebuilt = regex_sets(table)
    assert not any(a is b for a, b in zip(old, rebuilt, strict=True))
