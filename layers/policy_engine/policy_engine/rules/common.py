"""Annotated field types shared by several rule configs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from policy_engine.rules.patterns import check_glob, check_regex

Regex = Annotated[str, AfterValidator(check_regex)]
ModelGlob = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(check_glob)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Ratio = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveInt = Annotated[int, Field(ge=1, le=10_000_000)]


def csv_or_list(value: Any) -> Any:
    """A comma-separated string becomes a list of its trimmed, non-empty parts."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def lower_items(value: Any) -> Any:
    if isinstance(value, list):
        return [item.strip().lower() if isinstance(item, str) else item for item in value]
    return value


LowerList = BeforeValidator(lower_items)
