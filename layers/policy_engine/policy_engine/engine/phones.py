"""Phone numbers validated against libphonenumber's numbering plans (``phonenumberslite``).

Only RE2 candidates reach this module, and the library is imported on the first candidate,
not when the engine loads. The plans are read once per region into compact tables (trunk
prefix, possible lengths, one compiled pattern of every number type), so validating a
candidate is a few regex matches rather than a parse; every answer is cached per candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

CACHE_SIZE = 8192
_TYPES = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip", "pager", "uan",
    "voicemail",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Plan:
    """One region's numbering plan as the validator needs it."""

    region: str
    national_prefix: str
    strip: re.Pattern[str] | None  # national_prefix_for_parsing: what a national form may start with
    lengths: frozenset[int]
    valid: re.Pattern[str]  # every number type's national pattern


@cache
def _library() -> Any:
    import phonenumbers  # about 100 ms: loaded on the first phone candidate only

    return phonenumbers


@cache
def supported_regions() -> frozenset[str]:
    return frozenset(_library().SUPPORTED_REGIONS)


@cache
def _plan(region: str) -> _Plan | None:
    metadata = _library().PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return None
    patterns: list[str] = []
    lengths: set[int] = set()
    for name in _TYPES:
        desc = getattr(metadata, name, None)
        if desc is not None and desc.national_number_pattern:
            patterns.append(f"(?:{desc.national_number_pattern})")
            lengths.update(desc.possible_length or metadata.general_desc.possible_length or ())
    if not patterns:
        return None
    strip = metadata.national_prefix_for_parsing or metadata.national_prefix
    return _Plan(
        region=region,
        national_prefix=metadata.national_prefix or "",
        strip=re.compile(strip) if strip else None,
        lengths=frozenset(lengths),
        valid=re.compile("|".join(patterns)),
    )


def _fits(plan: _Plan, number: str) -> bool:
    return len(number) in plan.lengths and plan.valid.fullmatch(number) is not None


def valid_in_region(region: str, digits: str) -> bool:
    """The digits of a national form (trunk prefix optional) are a number of the region's plan."""
    plan = _plan(region)
    if plan is None:
        return False
    if _fits(plan, digits):
        return True
    if plan.strip is not None:
        matched = plan.strip.match(digits)
        if matched is not None and matched.end() > 0 and _fits(plan, digits[matched.end() :]):
            return True
    return False


@cache
def _regions_of_code() -> dict[int, tuple[str, ...]]:
    return {code: tuple(regions) for code, regions in _library().COUNTRY_CODE_TO_REGION_CODE.items()}


@lru_cache(maxsize=CACHE_SIZE)
def international_valid(digits: str) -> bool:
    """``+<country code><national number>``: valid in a region of that country code."""
    codes = _regions_of_code()
    for size in (1, 2, 3):
        regions = codes.get(int(digits[:size])) if len(digits) > size else None
        if regions:
            national = digits[size:]  # "+44 (0)20 ...": a trunk prefix after the code is dropped too
            return any(valid_in_region(r, national) for r in regions)
    return False


@lru_cache(maxsize=CACHE_SIZE)
def national_regions(digits: str, regions: frozenset[str]) -> tuple[str, ...]:
    """The ``regions`` (in alphabetical order) whose numbering plan holds this national-form number.
    A frozenset keeps its hash, so the cache lookup does not hash every region again."""
    return tuple(r for r in sorted(regions) if valid_in_region(r, digits))


@lru_cache(maxsize=CACHE_SIZE)
def region_set(regions: tuple[str, ...]) -> frozenset[str]:
    return frozenset(regions)


def trunk_prefixed(region: str, digits: str) -> bool:
    plan = _plan(region)
    return plan is not None and bool(plan.national_prefix) and digits.startswith(plan.national_prefix)


_GROUPS = re.compile(r"\d+")


@cache
def _formats(region: str) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]:
    """The region's national formats: (leading digits, pattern whose groups are the written groups)."""
    metadata = _library().PhoneMetadata.metadata_for_region(region)
    out = []
    for fmt in (metadata.number_format if metadata else None) or ():
        leading = fmt.leading_digits_pattern[-1] if fmt.leading_digits_pattern else None
        out.append((re.compile(leading) if leading else None, re.compile(fmt.pattern)))
    return tuple(out)


@lru_cache(maxsize=CACHE_SIZE)
def grouped_in_any(value: str, regions: tuple[str, ...]) -> bool:
    """``grouped_as_written`` in one of ``regions``."""
    return any(grouped_as_written(value, r) for r in regions)


@lru_cache(maxsize=CACHE_SIZE)
def grouped_as_written(value: str, region: str) -> bool:
    """The candidate's digit groups are those of the region's own national format
    ("532-123-45-67" as Turkey writes 0532 123 45 67), trunk prefix aside."""
    plan = _plan(region)
    if plan is None:
        return False
    written = [len(g) for g in _GROUPS.findall(value)]
    national = "".join(_GROUPS.findall(value))
    prefix = plan.national_prefix
    if prefix and national.startswith(prefix) and not _fits(plan, national):
        national = national[len(prefix) :]
        written[0] -= len(prefix)
        written = [n for n in written if n]
    for leading, pattern in _formats(region):
        if leading is not None and leading.match(national) is None:
            continue
        matched = pattern.fullmatch(national)
        if matched is not None:
            return [len(g) for g in matched.groups()] == written
    return False
