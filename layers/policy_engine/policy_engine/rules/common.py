"""Annotated field types shared by several rule configs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints

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


MAX_ALLOW_ENTRIES = 500


def check_allow_entry(entry: str) -> str:
    """An ``allow`` entry is an exact value or an RE2 pattern for the whole value: it must compile."""
    if not entry:
        raise ValueError("allow entries must not be empty")
    try:
        return check_regex(entry)
    except ValueError as exc:
        raise ValueError(
            f"{exc}; an exact value with regex characters ('+', '(', '?') needs them escaped, e.g. '\\+1'"
        ) from None


AllowEntry = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_allow_entry)]


class DetectionOptions(BaseModel):
    """Options that ``pii`` and ``secrets`` rules share to keep false positives in the user's hands.

    - ``allow``: values never reported. A detected value is skipped when it equals an entry, or
      when an entry, read as an RE2 pattern, matches the whole value (with or without its spaces,
      dashes, dots and parentheses). Every entry is compiled when the policy is written.
    - ``min_confidence``: detections below it are not reported. Structured, checksummed values
      (emails, cards, IBANs, IP addresses) have confidence 1.0; context-dependent ones are
      higher after a context word (see docs/engine.md, "Confidence").
    """

    allow: list[AllowEntry] = Field(default_factory=list, max_length=MAX_ALLOW_ENTRIES)
    min_confidence: Ratio = 0.5
