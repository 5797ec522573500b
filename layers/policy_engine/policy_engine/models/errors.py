"""Turn pydantic validation errors into the envelope's ``details`` with readable field paths."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

_PREFIXES = ("Value error, ", "Assertion failed, ")


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


def pydantic_details(exc: ValidationError) -> list[dict[str, Any]]:
    details = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        message = error["msg"]
        for prefix in _PREFIXES:
            message = message.removeprefix(prefix)
        field = field_path(tuple(error["loc"]))
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            field, message = f"{field}.type", _rule_type_message(error)
        details.append({"field": field, "message": message})
    return details


def _rule_type_message(error: Any) -> str:
    from policy_engine.rules import RULE_TYPES

    known = ", ".join(RULE_TYPES)
    if error["type"] == "union_tag_not_found":
        return f"required: one of {known}"
    return f"unknown rule type: use one of {known}"
