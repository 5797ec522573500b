"""Reading a request body as JSON at the edge, before any model sees it.

- Nesting deeper than ``MAX_DEPTH`` is refused (400) before parsing: Python's parser recurses
  and would fail with RecursionError on a few thousand brackets. The depth is measured
  without recursion, in linear time (``too_deep``).
- ``NaN``, ``Infinity`` and ``-Infinity`` (which Python's parser accepts), numbers that overflow
  to infinity (``1e999``), integers outside the range every JSON parser holds exactly
  (``MAX_SAFE_INTEGER``), and strings with lone UTF-16 surrogates (``"\\ud800"``) are refused
  with 422 naming each field. Long integers are never converted, so no digit limit of the
  runtime is ever reached.

A standard library parser with hooks does the parsing; the depth check is hand-written
because the standard parser has no depth limit and the libraries that have one (orjson) fix
it at 1024, far above what this API needs.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from policy_engine.errors import BadRequest, ValidationFailed, field_error

MAX_DEPTH = 64
MAX_SAFE_INTEGER = 2**53 - 1
MAX_PROBLEMS = 20
_INT_DIGITS = len(str(MAX_SAFE_INTEGER))

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")  # objects and arrays nest alike
_OPEN = ord("[")
_CHUNK = 32
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")

NON_FINITE = "must be a finite number (NaN and Infinity are not JSON numbers)"
OUT_OF_RANGE = f"integers must be between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}"
LONE_SURROGATE = "text must be valid Unicode (a lone UTF-16 surrogate is not)"


class _Refused:
    """A number the parser read but the service does not accept; found again by the walk."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_NON_FINITE = _Refused(NON_FINITE)
_OUT_OF_RANGE = _Refused(OUT_OF_RANGE)


def too_deep(text: str) -> bool:
    """Whether arrays and objects nest deeper than MAX_DEPTH, without recursion, in linear time.

    At most MAX_DEPTH opening brackets cannot nest deeper (the common case: two counts in C).
    Otherwise strings are cut out and only brackets kept, then the depth is followed chunk by
    chunk: a chunk whose opening brackets cannot lift the depth over the limit is passed in C
    (two counts); the others are walked bracket by bracket, stopping at the first one too deep."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    outside = "".join(_outside_strings(text))
    brackets = outside.encode("utf-8", "surrogatepass").translate(_ONE_KIND, _NOT_BRACKETS)
    depth = 0
    for start in range(0, len(brackets), _CHUNK):
        chunk = brackets[start : start + _CHUNK]
        opens = chunk.count(b"[")
        if depth + opens <= MAX_DEPTH:
            depth += 2 * opens - len(chunk)
            continue
        for byte in chunk:
            depth += 1 if byte == _OPEN else -1
            if depth > MAX_DEPTH:
                return True
    return False


def _outside_strings(text: str) -> Iterator[str]:
    """The text between JSON strings: split at quotes (in C), then follow which parts are inside a
    string; a quote after an odd run of backslashes is escaped and does not end the string."""
    parts = text.split('"')
    yield parts[0]
    inside = False
    for previous, part in pairwise(parts):
        if not inside:
            inside = True
        elif (len(previous) - len(previous.rstrip("\\"))) % 2 == 0:
            inside = False
            yield part


def parse(text: str) -> Any:
    """``text`` as JSON, or BadRequest (not JSON, too deep) / ValidationFailed (refused values)."""
    if too_deep(text):
        raise BadRequest(f"the body is nested deeper than {MAX_DEPTH} levels")
    refused: list[bool] = []

    def constant(_name: str) -> _Refused:
        refused.append(True)
        return _NON_FINITE

    def number(raw: str) -> float | _Refused:
        value = float(raw)
        if math.isfinite(value):
            return value
        refused.append(True)
        return _NON_FINITE

    def integer(raw: str) -> int | _Refused:
        if len(raw.lstrip("-")) <= _INT_DIGITS and abs(value := int(raw)) <= MAX_SAFE_INTEGER:
            return value
        refused.append(True)
        return _OUT_OF_RANGE

    try:
        value = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except ValueError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from None
    if refused or _SURROGATE_ESCAPE.search(text):
        problems = list(_problems(value))
        if problems:
            raise ValidationFailed("the request body holds values the service does not accept", problems)
    return value


def _problems(value: Any) -> Iterator[dict[str, Any]]:
    """Field paths and messages of the refused values, breadth-first, at most MAX_PROBLEMS."""
    found = 0
    pending: deque[tuple[Any, str]] = deque([(value, "")])
    while pending and found < MAX_PROBLEMS:
        node, path = pending.popleft()
        message = None
        if isinstance(node, _Refused):
            message = node.message
        elif isinstance(node, str) and _SURROGATE.search(node):
            message = LONE_SURROGATE
        elif isinstance(node, dict):
            for key, item in node.items():
                if _SURROGATE.search(key):
                    found += 1
                    yield field_error(path or "body", f"a key: {LONE_SURROGATE}")
                pending.append((item, f"{path}.{key}" if path else key))
        elif isinstance(node, list):
            pending.extend((item, f"{path}[{i}]") for i, item in enumerate(node))
        if message is not None:
            found += 1
            yield field_error(path or "body", message)
