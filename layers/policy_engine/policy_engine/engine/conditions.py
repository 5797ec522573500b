"""Compile a policy's scope (model glob + conditions) into predicates over a request.

Semantics (the stored form is ``models.conditions``'s canonical form):
- A missing field (``None``) equals only ``None``; ``exists`` tells whether it is set.
- ``eq``/``ne``/``in``/``not_in`` compare exactly (strings case-sensitively; a boolean
  never equals a number).
- ``gt``/``gte``/``lt``/``lte`` are false unless both sides are numbers.
- ``contains``/``not_contains`` test a substring of a string field (case-sensitive);
  on a missing or non-string field ``contains`` is false and ``not_contains`` true.
- ``matches`` is an RE2 search of the string form of a set field.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

import re2

from policy_engine.engine.text import prompt_text
from policy_engine.models.conditions import normalize_conditions
from policy_engine.models.evaluate import EvaluateRequest
from policy_engine.rules.patterns import re2_options

Predicate = Callable[[EvaluateRequest], bool]


def compile_glob(glob: str) -> Callable[[str], bool]:
    """Case-insensitive fnmatch glob."""
    matcher = re.compile(fnmatch.translate(glob.lower()), re.DOTALL)
    return lambda model: matcher.match(model.lower()) is not None


def glob_specificity(glob: str | None) -> int:
    """2: an exact model name, 1: a glob, 0: every model."""
    if glob is None:
        return 0
    return 1 if any(c in glob for c in "*?[") else 2


def field_value(request: EvaluateRequest, name: str) -> Any:
    if name.startswith("metadata."):
        return request.metadata.get(name[9:])
    if name == "prompt":
        return prompt_text(request)
    if name == "model":
        return request.model or None  # no model (a gateway that sent none) is a missing field
    return getattr(request, name)


def _same(a: Any, b: Any) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _compare(op: str, operand: Any) -> Callable[[Any], bool]:
    if op == "eq":
        return lambda v: _same(v, operand)
    if op == "ne":
        return lambda v: not _same(v, operand)
    if op in ("in", "not_in"):
        wanted = list(operand)
        inside: Callable[[Any], bool] = lambda v: any(_same(v, w) for w in wanted)  # noqa: E731
        return inside if op == "in" else (lambda v: not inside(v))
    if op in ("gt", "gte", "lt", "lte"):
        test = {"gt": float.__gt__, "gte": float.__ge__, "lt": float.__lt__, "lte": float.__le__}[op]
        return lambda v: _number(v) and test(float(v), float(operand))
    if op in ("contains", "not_contains"):
        needle = str(operand)
        has: Callable[[Any], bool] = lambda v: isinstance(v, str) and needle in v  # noqa: E731
        return has if op == "contains" else (lambda v: not has(v))
    if op == "matches":
        regex = re2.compile(operand, re2_options())
        return lambda v: v is not None and regex.search(v if isinstance(v, str) else str(v)) is not None
    if op == "exists":
        return lambda v: (v is not None) == bool(operand)
    raise ValueError(f"unknown operator {op!r}")


def _compile_node(node: dict[str, Any]) -> list[Predicate]:
    tests: list[Predicate] = []
    for key, value in node.items():
        if key == "all":
            parts = [_all(_compile_node(n)) for n in value]
            tests.append(_all(parts))
        elif key == "any":
            tests.append(_any([_all(_compile_node(n)) for n in value]))
        elif key == "not":
            tests.append(_not(_all(_compile_node(value))))
        else:
            tests += [_field(key, _compare(op, operand)) for op, operand in value.items()]
    return tests


def _field(name: str, compare: Callable[[Any], bool]) -> Predicate:
    return lambda r: compare(field_value(r, name))


def _any(tests: list[Predicate]) -> Predicate:
    return lambda r: any(t(r) for t in tests)


def _not(test: Predicate) -> Predicate:
    return lambda r: not test(r)


def _all(tests: list[Predicate]) -> Predicate:
    if len(tests) == 1:
        return tests[0]
    return lambda r: all(t(r) for t in tests)


def compile_conditions(conditions: dict[str, Any]) -> Predicate | None:
    """A predicate for the conditions, or ``None`` when there are none (always in scope)."""
    if not conditions:
        return None
    normalized, problems = normalize_conditions(conditions)
    if problems:
        raise ValueError(f"invalid conditions: {problems[0]['field']}: {problems[0]['message']}")
    return _all(_compile_node(normalized))


def count_conditions(node: Any) -> int:
    """The number of field tests in a conditions tree (how narrow the scope is)."""
    if isinstance(node, list):
        return sum(count_conditions(n) for n in node)
    if not isinstance(node, dict):
        return 0
    total = 0
    for key, value in node.items():
        if key in ("all", "any", "not"):
            total += count_conditions(value)
        else:
            total += len(value) if isinstance(value, dict) else 1
    return total
