"""The conditions language of a policy's scope: validation and canonical form.

A node is an object whose keys are ANDed. A key is a combinator (``all``: list of
nodes, ``any``: list of nodes, ``not``: node) or a field (a request field or
``metadata.<key>``) mapped to ``{operator: value}`` (several operators are ANDed).
A bare scalar is shorthand for ``{"eq": scalar}`` and is stored in that form.
"""

from __future__ import annotations

import math
from typing import Any

from policy_engine.rules.patterns import check_regex

REQUEST_FIELDS = frozenset({"model", "environment", "end_user_id", "connection_id", "cost_usd", "max_tokens", "prompt"})
COMBINATORS = frozenset({"all", "any", "not"})
SCALAR_OPERATORS = frozenset({"eq", "ne", "contains", "not_contains"})
LIST_OPERATORS = frozenset({"in", "not_in"})
NUMERIC_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})
OPERATORS = SCALAR_OPERATORS | LIST_OPERATORS | NUMERIC_OPERATORS | {"matches", "exists"}
MAX_DEPTH = 10
MAX_LIST = 1000
# Numbers in conditions are finite and at most this in magnitude (the largest integer every
# JSON parser holds exactly), so every comparison the evaluator makes is defined.
MAX_NUMBER = 2**53 - 1
NUMBER_RANGE = f"a finite number from -{MAX_NUMBER} to {MAX_NUMBER}"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[dict[str, str]] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append({"field": field, "message": message})

    def node(self, node: Any, path: str, depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            self.fail(path, f"conditions are nested deeper than {MAX_DEPTH} levels")
            return {}
        if not isinstance(node, dict):
            self.fail(path, "a condition must be an object")
            return {}
        out: dict[str, Any] = {}
        for key, value in node.items():
            sub = f"{path}.{key}"
            if key in ("all", "any"):
                if not isinstance(value, list) or not value or len(value) > 100:
                    self.fail(sub, f"'{key}' takes a list of 1..100 conditions")
                    continue
                out[key] = [self.node(item, f"{sub}[{i}]", depth + 1) for i, item in enumerate(value)]
            elif key == "not":
                out[key] = self.node(value, sub, depth + 1)
            elif key in REQUEST_FIELDS or (key.startswith("metadata.") and 0 < len(key) - 9 <= 128):
                out[key] = self.field(value, sub)
            else:
                fields = ", ".join(sorted(REQUEST_FIELDS))
                self.fail(sub, f"unknown field '{key}': use one of {fields}, metadata.<key>, all, any, not")
        return out

    def field(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            if _is_scalar(value):
                return {"eq": value}
            self.fail(path, f"a field condition is {{operator: value}} or a scalar (numbers: {NUMBER_RANGE})")
            return {}
        if not value:
            self.fail(path, "a field condition needs at least one operator")
        for op, operand in value.items():
            self.operand(op, operand, f"{path}.{op}")
        return dict(value)

    def operand(self, op: str, operand: Any, path: str) -> None:
        if op not in OPERATORS:
            self.fail(path, f"unknown operator '{op}': use one of {', '.join(sorted(OPERATORS))}")
        elif op in SCALAR_OPERATORS and not _is_scalar(operand):
            self.fail(path, f"'{op}' takes a string, {NUMBER_RANGE}, a boolean or null")
        elif op in LIST_OPERATORS and (
            not isinstance(operand, list) or len(operand) > MAX_LIST or not all(_is_scalar(v) for v in operand)
        ):
            self.fail(path, f"'{op}' takes a list of at most {MAX_LIST} scalars (numbers: {NUMBER_RANGE})")
        elif op in NUMERIC_OPERATORS and not _is_number(operand):
            self.fail(path, f"'{op}' takes {NUMBER_RANGE}")
        elif op == "exists" and not isinstance(operand, bool):
            self.fail(path, "'exists' takes true or false")
        elif op == "matches":
            if not isinstance(operand, str):
                self.fail(path, "'matches' takes a regular expression string")
            else:
                try:
                    check_regex(operand)
                except ValueError as exc:
                    self.fail(path, str(exc))


def _is_number(value: Any) -> bool:
    """A finite int or float within MAX_NUMBER; booleans are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -MAX_NUMBER <= value <= MAX_NUMBER


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool) or _is_number(value)


def normalize_conditions(conditions: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Return the canonical conditions and the problems found (field paths start at ``conditions``)."""
    checker = _Checker()
    normalized = checker.node(conditions, "conditions", 1)
    return normalized, checker.problems
