"""Phone numbers validated against libphonenumber's numbering plans (``phonenumberslite``).

Only RE2 candidates reach this module, and the library is imported on the first candidate,
not when the engine loads. Per region a compact pre-check (the plan's possible lengths and
general pattern, compiled once) rejects most regions before the library parses anything, and
every answer is cached per candidate text, so a number seen again costs a dictionary lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the pre-check needs of one region's numbering plan."""

    region: str
    national_prefix: str
    lengths: frozenset[int]
    general: re.Pattern[str]


@cache
def _library() -> Any:
    import phonenumbers

    return phonenumbers


@cache
def _plan(region: str) -> _Plan | None:
    lib = _library()
    metadata = lib.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None or not metadata.general_desc.national_number_pattern:
        return None
    desc = metadata.general_desc
    return _Plan(
        region=region,
        national_prefix=metadata.national_prefix or "",
        lengths=frozenset(desc.possible_length or ()),
        general=re.compile(f"(?:{desc.national_number_pattern})"),
    )


def _may_be_national(plan: _Plan, digits: str) -> bool:
    """The cheap test: some reading of the digits (with or without the trunk prefix) fits the plan."""
    readings = [digits]
    if plan.national_prefix and digits.startswith(plan.national_prefix):
        readings.append(digits[len(plan.national_prefix) :])
    return any((not plan.lengths or len(r) in plan.lengths) and plan.general.fullmatch(r) for r in readings)


@lru_cache(maxsize=CACHE_SIZE)
def international_valid(value: str) -> bool:
    """``+<country code> ...`` is a valid number of the region its country code names."""
    lib = _library()
    try:
        number = lib.parse(value, None)
    except lib.NumberParseException:
        return False
    return bool(lib.is_valid_number(number))


@lru_cache(maxsize=CACHE_SIZE)
def national_regions(value: str, digits: str, regions: tuple[str, ...]) -> tuple[str, ...]:
    """The ``regions`` whose numbering plan holds this national-form number."""
    lib = _library()
    found: list[str] = []
    for region in regions:
        plan = _plan(region)
        if plan is None or not _may_be_national(plan, digits):
            continue
        try:
            number = lib.parse(value, region)
        except lib.NumberParseException:
            continue
        if lib.is_valid_number_for_region(number, region):
            found.append(region)
    return tuple(found)


def trunk_prefixed(region: str, digits: str) -> bool:
    plan = _plan(region)
    return plan is not None and bool(plan.national_prefix) and digits.startswith(plan.national_prefix)


_GROUPS = re.compile(r"\d+")


@lru_cache(maxsize=CACHE_SIZE)
def grouped_as_written(value: str, region: str) -> bool:
    """The candidate's digit groups are those of the region's own national format
    ("532-123-45-67" as Turkey writes 0532 123 45 67), trunk prefix aside."""
    lib = _library()
    try:
        number = lib.parse(value, region)
    except lib.NumberParseException:
        return False
    written = _GROUPS.findall(value)
    national = _GROUPS.findall(lib.format_number(number, lib.PhoneNumberFormat.NATIONAL))
    plan = _plan(region)
    prefix = plan.national_prefix if plan else ""
    if national and prefix and not written[0].startswith(prefix) and national[0].startswith(prefix):
        national[0] = national[0][len(prefix) :]
        national = [g for g in national if g]
    return [len(g) for g in written] == [len(g) for g in national]
