"""Checks on a candidate secret's value: entropy, placeholders and allowlists (gitleaks' semantics).

A gitleaks allowlist lists ``regexes`` (searched in the secret, the whole match or its line,
as ``regexTarget`` says), ``stopwords`` (substrings of the lower-cased secret) and ``paths``.
A text has no path, so a path never matches: an ``OR`` list is decided by its regexes and
stopwords, an ``AND`` list that names paths never applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import ahocorasick_rs
import re2

# Values that stand in for a secret in docs, templates and samples: "EXAMPLE" (AWS's
# documentation keys), runs of x, *, 0, . or # (ghp_xxxx, sk_live_****, AKIA...), and
# "your key here" / <token> / ${VAR} / {{ var }} / "changeme" forms.
_PLACEHOLDER = (
    r"(?i)example|x{4,}|\*{3,}|0{6,}|\.{3,}|#{3,}|<[^<>]*>|\$\{|\{\{|%[a-z_]+%"
    r"|\byour[_\-. ]?(?:[a-z]+[_\-. ]?){0,4}(?:key|token|secret|password|pass|pwd|here)"
    r"|placeholder|redacted|change[_\-. ]?me|replace[_\-. ]?me|insert[_\-. ]?(?:your|key|token|here)"
)


_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
_TABLED = 1024  # values up to this length read their entropy terms from a table


@cache
def _regex(pattern: str) -> Any:
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


@cache
def _any_of(patterns: tuple[str, ...]) -> Any:
    """One RE2 program that matches where any of ``patterns`` does (each keeps its own flags:
    RE2 scopes an inline flag to its group). None when the union does not compile."""
    try:
        return _regex("|".join(f"(?:{p})" for p in patterns))
    except re2.error:
        return None


def _found(regex: Any, subject: str) -> bool:
    """Whether ``regex`` occurs in ``subject``: one call of the compiled program, without the
    wrapper's match objects (any other build of the binding goes through ``search``)."""
    program = getattr(regex, "_regexp", None)
    if program is None:
        return regex.search(subject) is not None
    data = subject.encode("utf-8", "surrogatepass")
    return bool(program.Match(_UNANCHORED, data, 0, len(data))[0][0] >= 0)


@cache
def _stopwords(words: tuple[str, ...]) -> Any:
    return ahocorasick_rs.AhoCorasick(list(words), implementation=ahocorasick_rs.Implementation.DFA)


@lru_cache(maxsize=512)
def _terms(size: int) -> tuple[float, ...]:
    """``n / size * log2(n / size)`` for every count ``n`` of a value of ``size`` characters."""
    return (0.0, *(n / size * math.log2(n / size) for n in range(1, size + 1)))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    size = len(value)
    # Counts in order of first occurrence (as ``Counter`` gives them): the same sum, bit for bit.
    # Each term is read from a table per length (the same float as computed here).
    if size > _TABLED:
        return -sum(n / size * math.log2(n / size) for n in map(value.count, dict.fromkeys(value)))
    terms = _terms(size)
    return -sum([terms[n] for n in map(value.count, dict.fromkeys(value))])


def is_placeholder(value: str) -> bool:
    return _found(_regex(_PLACEHOLDER), value)


@dataclass(frozen=True, slots=True)
class Allowlist:
    regexes: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    target: str = "secret"  # or "match", "line"
    all_of: bool = False  # gitleaks' condition = "AND"
    paths: bool = False

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Allowlist:
        return cls(
            regexes=tuple(raw.get("regexes", ())),
            stopwords=tuple(raw.get("stopwords", ())),
            target=raw.get("target", "secret"),
            all_of=bool(raw.get("and", False)),
            paths=bool(raw.get("paths", False)),
        )

    def allows(self, secret: str, match: str, line: str) -> bool:
        subject = {"match": match, "line": line}.get(self.target, secret)
        tests: list[bool] = []
        if self.paths:
            tests.append(False)
        if self.regexes:
            union = _any_of(self.regexes)
            if union is not None:
                tests.append(_found(union, subject))
            else:
                tests.append(any(_found(_regex(r), subject) for r in self.regexes))
        if self.stopwords:
            tests.append(bool(_stopwords(self.stopwords).find_matches_as_indexes(secret.lower())))
        if not tests:
            return False
        return all(tests) if self.all_of else any(tests)
