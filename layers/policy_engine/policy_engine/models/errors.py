"""Turn pydantic validation errors into the envelope's ``details`` with readable field paths."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

_PREFIXES = ("Value error, ", "Assertion failed, ")
# The tag pydantic puts after a field for each member of a union (``constrained-str``, ``int``,
# ``function-after[...]``): the name of its own type, not part of the client's document.
_UNION_TAG = re.compile(r"(constrained-)?(str|int|float|bool|none|decimal)|(function|list|dict|tagged-union)[-\[].*")
_SHOULD = "Input should be "


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('rules', 0, 'pii', 'entities', 2)`` -> ``rules[0].entities[2]``.

    A string right after a list index under ``rules`` is the discriminated union's tag
    (the rule type), which is not part of the client's document.
    """
    from policy_engine.rules import RULE_TYPES

    out = ""
    previous: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif (isinstance(previous, int) and part in RULE_TYPES) or part.startswith("function-"):
            pass
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out or "body"


def _without_union_tag(loc: tuple[int | str, ...]) -> tuple[tuple[int | str, ...], bool]:
    if loc and isinstance(loc[-1], str) and _UNION_TAG.fullmatch(loc[-1]):
        return loc[:-1], True
    return loc, False


def pydantic_details(exc: ValidationError) -> list[dict[str, Any]]:
    """One detail per field; the failures of each member of a union become one message
    ("Input should be a valid string, a valid integer or a finite number")."""
    details: list[dict[str, Any]] = []
    unions: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        message = error["msg"]
        for prefix in _PREFIXES:
            message = message.removeprefix(prefix)
        loc, in_union = _without_union_tag(tuple(error["loc"]))
        field = field_path(loc)
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            field, message = f"{field}.type", _rule_type_message(error)
        if in_union:
            if field not in unions:
                unions[field] = []
                details.append({"field": field, "message": ""})
            unions[field].append(message)
            continue
        details.append({"field": field, "message": message})
    for detail in details:
        if detail["field"] in unions and not detail["message"]:
            detail["message"] = _one_of(unions[detail["field"]])
    return details


def _one_of(messages: list[str]) -> str:
    if len(messages) == 1:
        return messages[0]
    parts = list(dict.fromkeys(m.removeprefix(_SHOULD) for m in messages))
    head = _SHOULD if all(m.startswith(_SHOULD) for m in messages) else ""
    return head + (", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else parts[0])


def _rule_type_message(error: Any) -> str:
    from policy_engine.rules import RULE_TYPES

    known = ", ".join(RULE_TYPES)
    if error["type"] == "union_tag_not_found":
        return f"required: one of {known}"
    return f"unknown rule type: use one of {known}"
