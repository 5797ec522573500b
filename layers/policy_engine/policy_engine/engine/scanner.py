"""One pass per text for every pattern and every word of a compiled policy set.

- Regexes (user patterns, PII/secret detectors, injection signals) go into RE2 ``Set``s:
  one linear-time DFA pass says which patterns occur; spans are then recovered only for
  those, each pattern on its own (RE2 too, so linear as well).
- Words (word lists, content lexicons) go into one Aho-Corasick DFA (ahocorasick_rs) run
  over the case-folded text; case-sensitive entries and whole-word entries are checked per hit.

A ``Set`` answers "nothing matched" when its DFA runs out of memory. Each set therefore
holds a sentinel pattern that always matches: a result without it means the pass failed,
and those patterns are searched one by one instead (slower, still linear).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import ahocorasick_rs
import re2

from policy_engine.engine.detectors import PRIORITY, Detector
from policy_engine.engine.text import Target, at_word_boundaries, fold_case
from policy_engine.rules.patterns import re2_options

SET_MAX_MEM = 64 << 20  # the DFA cache grows lazily up to this
_SENTINEL = r"\z"

Span = tuple[int, int]


def _set_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = SET_MAX_MEM
    return options


@dataclass(frozen=True, slots=True)
class WordEntry:
    owner: Hashable  # what the hit is reported to (a word_list rule, a content category)
    word: str
    case_sensitive: bool
    whole_word: bool


@dataclass(slots=True)
class _SetPart:
    """A compiled RE2 Set over a slice of the pattern table; ``sentinel`` is its own index."""

    regex_set: Any
    first: int
    sentinel: int


class Finder(Protocol):
    """Detections found outside the Set pass (secret rules gated by their keywords' word hits)."""

    def find(self, scan: TargetScan) -> Iterable[tuple[str, int, int]]: ...


class Scanner:
    """The compiled multi-pattern matcher of a policy set. Immutable after construction."""

    def __init__(
        self,
        patterns: list[str],
        detectors: dict[int, Detector],
        words: list[WordEntry],
        finders: Sequence[Finder] = (),
    ) -> None:
        self.patterns = patterns
        self.detectors = detectors  # pattern index -> detector
        self.regexes = [re2.compile(p.encode(), re2_options()) for p in patterns]
        self.parts = _build_sets(patterns, 0, len(patterns)) if patterns else []
        self.words = words
        self.automaton = _build_automaton(words) if words else None
        self.finders = tuple(finders)

    def scan(self, target: Target) -> TargetScan:
        return TargetScan(self, target)


def _build_sets(patterns: list[str], first: int, stop: int) -> list[_SetPart]:
    """One Set for all patterns if it compiles within its memory budget, else halves."""
    regex_set = re2.Set.SearchSet(_set_options())
    for pattern in patterns[first:stop]:
        regex_set.Add(pattern)
    sentinel = regex_set.Add(_SENTINEL)
    try:
        regex_set.Compile()
    except re2.error:
        if stop - first == 1:
            return []  # searched on its own by the fallback
        middle = (first + stop) // 2
        return _build_sets(patterns, first, middle) + _build_sets(patterns, middle, stop)
    return [_SetPart(regex_set, first, sentinel)]


@dataclass(frozen=True, slots=True)
class _Automaton:
    """The case-folded words in one Aho-Corasick DFA; ``entries[k]`` are the word entries of
    pattern ``k`` (several entries can share a folded word)."""

    matcher: Any
    entries: tuple[tuple[int, ...], ...]


def _build_automaton(words: list[WordEntry]) -> _Automaton:
    keys: dict[str, list[int]] = {}
    for index, entry in enumerate(words):
        keys.setdefault(fold_case(entry.word), []).append(index)
    matcher = ahocorasick_rs.AhoCorasick(
        list(keys),
        matchkind=ahocorasick_rs.MatchKind.Standard,  # every occurrence, overlapping ones included
        implementation=ahocorasick_rs.Implementation.DFA,  # the fastest scan, a few MB per 100k chars
    )
    return _Automaton(matcher, tuple(tuple(indices) for indices in keys.values()))


@dataclass(slots=True)
class TargetScan:
    """Scan results of one text, each part computed on first use and then cached."""

    scanner: Scanner
    target: Target
    _hits: frozenset[int] | None = None
    _words: dict[Hashable, list[Span]] | None = None
    _spans: dict[tuple[int, int | None], list[Span]] = field(default_factory=dict)
    _detections: list[tuple[str, int, int]] | None = None

    @property
    def hits(self) -> frozenset[int]:
        """Indices of the patterns that occur in the text."""
        if self._hits is None:
            self._hits = frozenset(self._set_hits())
        return self._hits

    def _set_hits(self) -> Iterator[int]:
        data = self.target.data
        covered = 0
        for part in self.scanner.parts:
            found = part.regex_set.Match(data) or []
            if part.sentinel in found:
                yield from (part.first + i for i in found if i != part.sentinel)
            else:
                yield from self._search_each(part.first, part.first + part.sentinel, data)
            covered += part.sentinel
        if covered < len(self.scanner.patterns):  # patterns no Set could hold
            in_sets = {p.first + i for p in self.scanner.parts for i in range(p.sentinel)}
            yield from (i for i in range(len(self.scanner.patterns)) if i not in in_sets and self._found(i, data))

    def _search_each(self, first: int, stop: int, data: bytes) -> Iterator[int]:
        return (i for i in range(first, stop) if self._found(i, data))

    def _found(self, index: int, data: bytes) -> bool:
        return self.scanner.regexes[index].search(data) is not None

    def spans(self, index: int, group: int = 0, limit: int | None = None) -> list[Span]:
        """Code-point spans of every match of pattern ``index`` (within the first ``limit`` chars)."""
        key = (index, limit)
        cached = self._spans.get(key)
        if cached is not None:
            return cached
        target = self.target
        data = target.data if limit is None or limit >= len(target.text) else target.text[:limit].encode()
        out: list[Span] = []
        for match in self.scanner.regexes[index].finditer(data):
            start, end = match.span(group)
            if start >= 0 and end > start:
                out.append((target.char_offset(start), target.char_offset(end)))
        self._spans[key] = out
        return out

    def words(self) -> dict[Hashable, list[Span]]:
        """Word hits per owner, after the case and word-boundary checks."""
        if self._words is None:
            self._words = self._word_hits(self.scanner.automaton) if self.scanner.automaton is not None else {}
        return self._words

    def _word_hits(self, automaton: _Automaton) -> dict[Hashable, list[Span]]:
        text, entries = self.target.text, self.scanner.words
        found: dict[Hashable, list[Span]] = {}
        for key, start, end in automaton.matcher.find_matches_as_indexes(self.target.lower, overlapping=True):
            for index in automaton.entries[key]:
                entry = entries[index]
                if entry.case_sensitive and text[start:end] != entry.word:
                    continue
                if entry.whole_word and not at_word_boundaries(text, start, end):
                    continue
                found.setdefault(entry.owner, []).append((start, end))
        return found

    def detections(self) -> list[tuple[str, int, int]]:
        """Validated PII/secret findings ``(kind, start, end)``, overlaps resolved (longest wins).

        Overlaps are resolved across every kind of the set, so a card number is never
        also reported as a phone number by a rule that only asks for phones.
        """
        if self._detections is not None:
            return self._detections
        text = self.target.text
        candidates: list[tuple[str, int, int]] = []
        for index in self.hits:
            detector = self.scanner.detectors.get(index)
            if detector is None:
                continue
            for start, end in self.spans(index, detector.group):
                if detector.validate is None or detector.validate(text, start, end):
                    candidates.append((detector.kind, start, end))
        for finder in self.scanner.finders:
            candidates.extend(finder.find(self))
        self._detections = resolve_overlaps(candidates)
        return self._detections


def resolve_overlaps(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep the longest of overlapping findings; equal lengths go to the kind with priority."""
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(set(found), key=lambda f: (f[1] - f[2], PRIORITY.get(f[0], 99), f[1])):
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((kind, start, end))
    return sorted(kept, key=lambda f: f[1])
