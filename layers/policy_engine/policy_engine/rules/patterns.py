"""Compilation checks for user-supplied patterns: RE2 (linear time) and globs.

User regexes run on RE2 only. RE2 guarantees time linear in the input, so a
pattern such as ``(a+)+$`` is accepted and cannot blow up. Features RE2 cannot run
in linear time (lookarounds, backreferences, possessive quantifiers) are refused at
write time with a message naming the problem: nothing that can backtrack is stored.
"""

from __future__ import annotations

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


def check_regex(pattern: str) -> str:
    """Return the pattern if RE2 compiles it, else raise ValueError with a clear reason."""
    if not pattern:
        raise ValueError("pattern must not be empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern is longer than {MAX_PATTERN_LENGTH} characters")
    try:
        re2.compile(pattern, _options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        feature = next((name for prefix, name in _UNSUPPORTED_HINTS.items() if reason.startswith(prefix)), None)
        if feature is None and reason.startswith("invalid escape sequence: \\") and reason[-1:].isdigit():
            feature = "backreference"
        if feature:
            raise ValueError(
                f"invalid regex {pattern!r}: {feature} is not supported; patterns run on RE2 "
                f"so they are guaranteed linear-time ({reason})"
            ) from None
        raise ValueError(f"invalid regex {pattern!r}: {reason}") from None
    return pattern


def check_glob(pattern: str) -> str:
    """Model globs use fnmatch syntax (``*``, ``?``, ``[...]``); reject unbalanced brackets."""
    if not pattern or len(pattern) > 255:
        raise ValueError("model glob must be 1..255 characters")
    if pattern.count("[") != pattern.count("]"):
        raise ValueError(f"invalid model glob {pattern!r}: unbalanced '['")
    return pattern
