"""Compilation checks for user-supplied patterns: RE2 (linear time), Python-compatible
patterns (``regex``, under a time bound) and globs.

User regexes run on RE2 whenever RE2 can run them: RE2 guarantees time linear in the
input, so a pattern such as ``(a+)+$`` is accepted and cannot blow up. Condition
``matches`` patterns are RE2 only. A ``banned_patterns`` pattern that RE2 cannot run
(lookarounds, backreferences, possessive quantifiers, atomic groups) runs on the ``regex``
package instead, with a timeout per call and a budget per evaluate (see
``engine.fallback``); it is refused on write when it is catastrophic on a probe input
(an exponential or high-polynomial search on a short run of one character).
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import re2

MAX_PATTERN_LENGTH = 1000
RE2_MAX_MEM = 8 << 20  # bytes of compiled program per pattern

_options = re2.Options()
_options.log_errors = False
_options.max_mem = RE2_MAX_MEM

_UNSUPPORTED_HINTS = {
    "invalid perl operator: (?=": "lookahead",
    "invalid perl operator: (?!": "negative lookahead",
    "invalid perl operator: (?<=": "lookbehind",
    "invalid perl operator: (?<!": "negative lookbehind",
    "invalid escape sequence: \\1": "backreference",
}


def re2_options() -> re2.Options:
    return _options


def _re2_reason(pattern: str) -> str:
    try:
        re2.compile(pattern, _options)
    except re2.error as exc:
        return exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
    return "ok"


def check_regex(pattern: str) -> str:
    """Return the pattern if RE2 compiles it, else raise ValueError with a clear reason."""
    if not pattern:
        raise ValueError("pattern must not be empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern is longer than {MAX_PATTERN_LENGTH} characters")
    try:
        re2.compile(pattern, _options)
    except re2.error:
        reason = _re2_reason(pattern)
        feature = next((name for prefix, name in _UNSUPPORTED_HINTS.items() if reason.startswith(prefix)), None)
        if feature is None and reason.startswith("invalid escape sequence: \\") and reason[-1:].isdigit():
            feature = "backreference"
        if feature:
            raise ValueError(
                f"invalid regex {pattern!r}: {feature} is not supported here; these patterns run on RE2 "
                f"so they are guaranteed linear-time ({reason})"
            ) from None
        raise ValueError(f"invalid regex {pattern!r}: {reason}") from None
    return pattern


# The write-time probe: each character of the pattern's literals (and a few common ones),
# repeated, then a character that ends no match. Each search must finish within the timeout.
PROBE_TIMEOUT_SECONDS = 0.05
PROBE_LENGTHS = (32, 512)
_PROBE_CHARS = "a0 ."
_PROBE_ENDS = "!\x00"


def needs_fallback(pattern: str) -> bool:
    """True when RE2 cannot compile the pattern (it then runs on ``regex``)."""
    try:
        re2.compile(pattern, _options)
    except re2.error:
        return True
    return False


@lru_cache(maxsize=1024)
def compile_fallback(pattern: str) -> Any:
    """The pattern compiled by ``regex`` (imported only when a pattern needs it)."""
    import regex

    return regex.compile(pattern)


def _probes(pattern: str) -> list[str]:
    chars = dict.fromkeys(c for c in pattern if c.isalnum() or c in " -_.@")
    chars.update(dict.fromkeys(_PROBE_CHARS))
    picked = list(chars)[:12]
    return [c * n + end for n in PROBE_LENGTHS for c in picked for end in _PROBE_ENDS]


def check_banned_pattern(pattern: str) -> str:
    """An RE2 pattern, or a Python-compatible one that is not catastrophic on the probes."""
    if not pattern:
        raise ValueError("pattern must not be empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern is longer than {MAX_PATTERN_LENGTH} characters")
    if not needs_fallback(pattern):
        return pattern
    try:
        compiled = compile_fallback(pattern)
    except Exception as exc:  # regex.error: the pattern is invalid on both engines
        raise ValueError(f"invalid regex {pattern!r}: {_re2_reason(pattern)} (as a Python pattern: {exc})") from None
    for probe in _probes(pattern):
        started = time.perf_counter()
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT_SECONDS)
        except TimeoutError:
            elapsed = (time.perf_counter() - started) * 1000
            raise ValueError(
                f"pattern {pattern!r} backtracks catastrophically: searching {len(probe)} characters "
                f"({probe[0]!r} repeated) did not finish in {elapsed:.0f} ms; RE2 cannot run it either "
                "(it uses lookaround, backreferences or another backtracking feature)"
            ) from None
    return pattern


def check_glob(pattern: str) -> str:
    """Model globs use fnmatch syntax (``*``, ``?``, ``[...]``); reject unbalanced brackets."""
    if not pattern or len(pattern) > 255:
        raise ValueError("model glob must be 1..255 characters")
    if pattern.count("[") != pattern.count("]"):
        raise ValueError(f"invalid model glob {pattern!r}: unbalanced '['")
    return pattern
