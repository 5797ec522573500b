"""The conditions language of a policy's scope: validation and canonical form.

A node is an object whose keys are ANDed. A key is a combinator (``all``: list of
nodes, ``any``: list of nodes, ``not``: node) or a field (a request field or
``metadata.<key>``) mapped to ``{operator: value}`` (several operators are ANDed).
A bare scalar is shorthand for ``{"eq": scalar}`` and is stored in that form.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import ConfigDict, Field, create_model

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


# -- the JSON Schema of the language, built from the same constants (validation stays above) --

_Number = Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)]
_Scalar = str | bool | _Number | None
_METADATA_KEY = r"^metadata\..{1,128}$"


def _present_values_only(schema: dict[str, Any]) -> None:
    """An operator or combinator that is given has a value of its type: null is not "absent"."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)
        options = prop.get("anyOf")
        if options and {"type": "null"} in options and prop.get("x-nullable") is not True:
            rest = [o for o in options if o != {"type": "null"}]
            prop.pop("anyOf")
            prop.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
        prop.pop("x-nullable", None)


def _operators_schema(schema: dict[str, Any]) -> None:
    _present_values_only(schema)
    schema["minProperties"] = 1


def _node_schema(schema: dict[str, Any]) -> None:
    _present_values_only(schema)
    schema["patternProperties"] = {_METADATA_KEY: schema.pop("additionalProperties")}
    schema["additionalProperties"] = False


_scalar_ops: dict[str, Any] = {
    op: (_Scalar, Field(default=None, json_schema_extra={"x-nullable": True})) for op in sorted(SCALAR_OPERATORS)
}
_list_ops: dict[str, Any] = {
    op: (list[_Scalar] | None, Field(None, max_length=MAX_LIST)) for op in sorted(LIST_OPERATORS)
}
_number_ops: dict[str, Any] = dict.fromkeys(sorted(NUMERIC_OPERATORS), (_Number | None, None))
_SELF: Any = "Conditions"  # the node's own name: its schema nests
FieldCondition: Any = create_model(
    "FieldCondition",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_operators_schema, title="FieldCondition"),
    __doc__="{operator: value}; several operators are ANDed. A bare scalar means {eq: scalar}.",
    **_scalar_ops,
    **_list_ops,
    **_number_ops,
    exists=(bool | None, None),
    matches=(str | None, Field(None, description="A regular expression (RE2).")),
)
_FieldValue: Any = _Scalar | FieldCondition
Conditions: Any = create_model(  # type: ignore[call-overload]
    "Conditions",
    __config__=ConfigDict(extra="allow", json_schema_extra=_node_schema, title="Conditions"),
    __doc__="A policy's scope: the keys are ANDed; all/any take lists of conditions, not one; fields as "
    f"{sorted(REQUEST_FIELDS)} or metadata.<key>. Nesting is at most {MAX_DEPTH} levels.",
    __pydantic_extra__=(dict[str, _FieldValue], None),
    all=(list[_SELF] | None, Field(None, min_length=1, max_length=100)),
    any=(list[_SELF] | None, Field(None, min_length=1, max_length=100)),
    not_=(f"{_SELF} | None", Field(None, alias="not")),
    **{
        name: (_FieldValue | None, Field(None, json_schema_extra={"x-nullable": True}))
        for name in sorted(REQUEST_FIELDS)
    },
)


class ConditionsSchema:
    """Marks a conditions field: its JSON Schema is ``Conditions`` (its values are checked above)."""

    @classmethod
    def __get_pydantic_json_schema__(cls, _core_schema: Any, handler: Any) -> Any:
        return handler(Conditions.__pydantic_core_schema__)
