"""Helpers: build stored-policy dicts and evaluate requests against them."""

from __future__ import annotations

import itertools
from typing import Any

from policy_engine.engine import EngineResult, compile_policy_set
from policy_engine.models.evaluate import EvaluateRequest

_ids = itertools.count(1)


def make_policy(*rules: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A stored policy dict as the store returns it (id, name, version and the content)."""
    number = next(_ids)
    return {
        "id": fields.pop("id", f"p{number}"),
        "name": fields.pop("name", f"policy {number}"),
        "version": fields.pop("version", 1),
        "rules": list(rules),
        **fields,
    }


def run(policies: list[dict[str, Any]] | dict[str, Any], **request: Any) -> EngineResult:
    if isinstance(policies, dict):
        policies = [policies]
    request.setdefault("model", "gpt-4o")
    return compile_policy_set(policies).evaluate(EvaluateRequest(**request))


def kinds(result: EngineResult) -> list[str]:
    return [m.kind for v in result.violations for m in v.matches]
