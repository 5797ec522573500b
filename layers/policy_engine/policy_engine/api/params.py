"""Query and path parameters: strict parsing, 400 for anything out of range, 404 for bad ids."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from policy_engine.api.cursor import CURSOR_PATTERN
from policy_engine.api.http import Param
from policy_engine.errors import BadRequest, NotFound
from policy_engine.models.ids import CANONICAL_UUID, is_canonical_uuid

CANONICAL_VERSION = re.compile(r"[1-9][0-9]{0,8}")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_TEXT = 255
# A header value as HTTP carries it: visible ASCII, inner spaces allowed, none at either end.
HEADER_TEXT = r"[!-~]([ -~]*[!-~])?"
MAX_IDEMPOTENCY_KEY = 255


# -- what the OpenAPI spec states of each parameter (the parsers below read them) --


def query(name: str, schema: dict[str, Any], description: str) -> Param:
    """A query parameter; a constrained one may also be sent empty, which means "not given"."""
    if schema.get("type") != "string" or schema.keys() & {"enum", "format", "pattern"}:
        schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        description += " An empty value means not given."
    return Param(name, "query", schema, description)


def choice(name: str, choices: Iterable[str], description: str) -> Param:
    return query(name, {"type": "string", "enum": sorted(choices)}, description)


def path(name: str, pattern: re.Pattern[str], description: str) -> Param:
    """A path segment; a value of another spelling names nothing (404)."""
    return Param(name, "path", {"type": "string", "pattern": f"^{pattern.pattern}$"}, description)


def header(name: str, pattern: str, description: str, max_length: int = MAX_TEXT) -> Param:
    schema = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": f"^{pattern}$"}
    return Param(name, "header", schema, description)


ID = path("id", CANONICAL_UUID, "The resource's id (a lowercase hyphenated UUID).")
VERSION = path("n", CANONICAL_VERSION, "A version number, 1 to 999999999.")
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "Page size.")
CURSOR = query("cursor", {"type": "string", "pattern": CURSOR_PATTERN}, "next_cursor of the previous page.")
PAGE = (CURSOR, LIMIT)
IF_MATCH = header(
    "If-Match", f'"{CANONICAL_VERSION.pattern}"', 'The version read, as "<version>": 412 if it is no longer current.'
)
IDEMPOTENCY_KEY = header(
    "Idempotency-Key",
    HEADER_TEXT,
    "A retry with the same key and body returns the first result.",
    MAX_IDEMPOTENCY_KEY,
)


def _is_number(raw: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts characters such as '²' that ``int`` refuses."""
    return raw.isascii() and raw.isdigit()


def listing_key(name: str, **filters: object) -> str:
    """What a cursor is bound to: the listing and its exact filters (None and "None" differ)."""
    return f"{name}:{json.dumps(filters, sort_keys=True, default=str)}"


def _bad(name: str, message: str) -> BadRequest:
    return BadRequest(f"invalid query parameter {name}: {message}", [{"field": name, "message": message}])


def bad_param(name: str, message: str) -> BadRequest:
    """A 400 naming the query parameter, for checks that span several parameters."""
    return _bad(name, message)


def limit_param(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not _is_number(raw) or not 1 <= int(raw) <= MAX_LIMIT:
        raise _bad("limit", f"must be an integer from 1 to {MAX_LIMIT}")
    return int(raw)


def bool_param(query: Mapping[str, str], name: str) -> bool | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise _bad(name, "must be true or false")
    return lowered == "true"


def choice_param(query: Mapping[str, str], name: str, choices: Mapping[str, object] | frozenset[str]) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise _bad(name, f"must be one of {', '.join(sorted(choices))}")
    return raw


def text_param(query: Mapping[str, str], name: str, max_length: int = 255) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if len(raw) > max_length:
        raise _bad(name, f"must be at most {max_length} characters")
    return raw


def uuid_path(value: str, what: str) -> str:
    """A malformed or non-canonical id answers 404, exactly as an unknown one does."""
    if not is_canonical_uuid(value):
        raise NotFound(f"no such {what}")
    return value


def version_path(value: str) -> int:
    """A version number as the service writes it: 1 to 999999999, no sign, no leading zero."""
    if CANONICAL_VERSION.fullmatch(value) is None:
        raise NotFound("no such version")
    return int(value)


def time_param(query: Mapping[str, str], name: str) -> str | None:
    """An ISO 8601 timestamp as the service writes them (UTC, milliseconds), so that it compares
    as a string with stored ``created_at`` values. Without an offset it is read as UTC."""
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        parsed = datetime.fromisoformat(raw)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC).isoformat(timespec="milliseconds")
    except (ValueError, OverflowError):
        raise _bad(name, "must be an ISO 8601 timestamp such as 2026-05-12T14:08:32+00:00") from None


def uuid_param(query: Mapping[str, str], name: str) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if not is_canonical_uuid(raw):
        raise _bad(name, "must be a UUID in lowercase hyphenated form")
    return raw
