"""Reading a request body as JSON at the edge, before any model sees it.

- Nesting deeper than ``MAX_DEPTH`` is refused (400) before parsing: Python's parser recurses
  and would fail with RecursionError on a few thousand brackets. The depth is measured
  without recursion: strings are cut out, then the running sum of opening and closing
  brackets is taken, in linear time.
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
from itertools import accumulate
from typing import Any

from policy_engine.errors import BadRequest, ValidationFailed, field_error

MAX_DEPTH = 64
MAX_SAFE_INTEGER = 2**53 - 1
MAX_PROBLEMS = 20
_INT_DIGITS = len(str(MAX_SAFE_INTEGER))

_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_DELTA = {"[": 1, "{": 1, "]": -1, "}": -1}
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


def nesting_depth(text: str) -> int:
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


def parse(text: str) -> Any:
    """``text`` as JSON, or BadRequest (not JSON, too deep) / ValidationFailed (refused values)."""
    if nesting_depth(text) > MAX_DEPTH:
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
