"""One pass per text for every pattern and every word of a compiled policy set.

- Regexes (user patterns, PII/secret detectors, injection signals) go into RE2 ``Set``s:
  one linear-time DFA pass says which patterns occur; spans are then recovered only for
  those, each pattern on its own (RE2 too, so linear as well).
- Words (word lists, content lexicons) go into one Aho-Corasick DFA (ahocorasick_rs) run
  over the case-folded text; case-sensitive entries and whole-word entries are checked per hit.

A ``Set`` answers "nothing matched" when its DFA runs out of memory. Each set therefore
holds a sentinel pattern that always matches: a result without it means the pass failed,
and those patterns are searched one by one instead (slower, still linear).

Everything runs on the text's normalised view (``text.Target.view``) and reports spans of
the original text; *raw* patterns (the injection signals, which look for the disguises
themselves) run on the original. Cost is linear in the text and the matches: offsets are
converted with a cursor per pattern, overlaps are resolved against an occupancy map, and
each pattern, word owner and detector keeps at most ``SPAN_CAP`` spans per text, counting
the rest and remembering where the first one it did not keep starts.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import Any, Protocol, cast

import ahocorasick_rs
import re2

from policy_engine.engine.detectors import PRIORITY, Detector
from policy_engine.engine.text import Span, Target, View, at_word_boundaries, byte_to_char, fold_case
from policy_engine.engine.validators import CERTAIN, Hit
from policy_engine.rules.patterns import compile_fallback, re2_options

SET_MAX_MEM = 64 << 20  # the DFA cache grows lazily up to this
_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
_SENTINEL = r"\z"
# Detectors with ``within`` bytes read a copy of the text's runs of those bytes once this many of
# them occur in it: the copy costs about one pass of such a detector and saves most of each.
RUNS_MIN_DETECTORS = 3
# Pattern tables whose compiled Sets are kept after the last set using them is gone (each holds at
# most SET_MAX_MEM of DFA states; a table still in use costs nothing more here).
SHARED_SETS = 4
SPAN_CAP = 10_000  # spans kept per pattern, word owner or detector and text (and per rule): the rest are counted


def _set_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = SET_MAX_MEM
    return options


@lru_cache(maxsize=4096)
def compiled_pattern(pattern: str) -> Any:
    """A pattern's RE2 program, compiled once per process: the built-in detectors and injection
    signals (and a pattern several orgs share) are held once, not once per org's policy set. An
    RE2 program is immutable and safe to share; its lazily built DFA states are shared too."""
    return re2.compile(pattern.encode(), re2_options())


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
        raw: frozenset[int] = frozenset(),
        finders: Sequence[Finder] = (),
    ) -> None:
        self.patterns = patterns
        self.raw = raw  # indices of the patterns that run on the original text, not its view
        self.detectors = detectors  # pattern index -> detector
        self.regexes = [compiled_pattern(p) for p in patterns]
        self.literals = [_literal(p) for p in patterns]  # plain-text patterns, found with bytes.find
        started = time.perf_counter()
        sets = shared_sets(tuple(patterns)) if patterns else _Sets((), 0.0)
        self.parts = list(sets.parts)
        # What compiling the Sets took when they were built, less what getting them took now: the
        # time a process without them would spend (the per-org compile-time limit counts it).
        self.reused_seconds = max(sets.seconds - (time.perf_counter() - started), 0.0)
        self.words = words
        self.automaton = _build_automaton(words) if words else None
        self.finders = tuple(finders)

    def scan(self, target: Target) -> TargetScan:
        return TargetScan(self, target)


@dataclass(frozen=True, slots=True)
class Spans:
    """The spans of one pattern in one text: at most ``SPAN_CAP`` kept, ``total`` counted;
    ``rest`` is where the first span not kept starts (None when all are kept)."""

    items: list[Span]
    total: int
    rest: int | None = None


@dataclass(frozen=True, slots=True)
class Overflow:
    """Matches counted past the cap: how many, and the start of the first one not kept."""

    count: int
    rest: int


@dataclass(frozen=True, slots=True)
class _Sets:
    parts: tuple[_SetPart, ...]
    seconds: float  # what building them took


@lru_cache(maxsize=SHARED_SETS)
def shared_sets(patterns: tuple[str, ...]) -> _Sets:
    """The compiled Sets of a pattern table, built once for the last ``SHARED_SETS`` tables: the
    write that checks an org's limits and the evaluates that follow compile the same table, and
    orgs with the same rules share one. A compiled Set is immutable and safe to share (its lazily
    built DFA states are shared too). Compiling the Sets is most of a policy set's compile time
    (the injection signals alone take tens of milliseconds)."""
    started = time.perf_counter()
    parts = tuple(_build_sets(list(patterns), 0, len(patterns)))
    return _Sets(parts, time.perf_counter() - started)


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
    _word_overflow: dict[Hashable, Overflow] = field(default_factory=dict)
    _spans: dict[tuple[int, int, int | None], Spans] = field(default_factory=dict)
    _detections: list[tuple[str, int, int]] | None = None
    _detection_overflow: dict[str, Overflow] = field(default_factory=dict)
    _fallback: dict[tuple[str, int | None], Spans | None] = field(default_factory=dict)
    # span of a detection -> (kind, confidence, phone regions, the kind's rank): see ``detections``
    _readings: dict[Span, tuple[str, float, frozenset[str] | None, int]] = field(default_factory=dict)
    _runs: dict[tuple[bytes, bool], _Runs] = field(default_factory=dict)  # (within, original?) -> runs

    @property
    def hits(self) -> frozenset[int]:
        """Indices of the patterns that occur in the text (raw ones in the original, the others in the view)."""
        if self._hits is None:
            raw = self.scanner.raw
            if self.target.view is None or not raw:
                found = set(self._set_hits(self.target.scan_data))
            else:
                found = {i for i in self._set_hits(self.target.scan_data) if i not in raw}
                found.update(i for i in self._set_hits(self.target.data) if i in raw)
            self._hits = frozenset(found)
        return self._hits

    def _set_hits(self, data: bytes) -> Iterator[int]:
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

    def _view_of(self, index: int) -> View | None:
        return None if index in self.scanner.raw else self.target.view

    def _scan_spans(self, index: int, group: int, limit: int | None) -> Iterator[Span]:
        """Spans of pattern ``index`` in the text it runs on (the view, or the original for a raw
        pattern), in that text's code points; ``limit`` counts characters of the original."""
        target, view = self.target, self._view_of(index)
        text, data = (target.text, target.data) if view is None else (view.text, target.scan_data)
        if limit is not None and limit < len(target.text):
            text = text[: limit if view is None else view.limit(limit)]
            data = text.encode("utf-8", "surrogatepass")
        literal = self.scanner.literals[index]
        found = _literal_spans(literal, data) if literal else _match_spans(self.scanner.regexes[index], data, group)
        if len(data) == len(text):  # ASCII: byte offsets are code-point offsets
            yield from found
            return
        to_char = byte_to_char(text, data)
        for start, end in found:
            yield to_char(start), to_char(end)

    def detector_spans(self, index: int, detector: Detector) -> Iterator[Span]:
        """The candidates of a detector (``_scan_spans`` of its pattern and group). On ASCII text a
        detector that says where its matches are (``anchor``: an email's "@") is searched only
        there: one anchored match per anchor instead of a pass over the whole text, the same spans."""
        view = self._view_of(index)
        text, data = (self.target.text, self.target.data) if view is None else (view.text, self.target.scan_data)
        program = getattr(self.scanner.regexes[index], "_regexp", None)
        if program is None or self.scanner.literals[index]:
            return self._scan_spans(index, detector.group, None)
        if detector.anchor and len(data) == len(text):
            return _anchor_spans(program, data, detector.anchor, detector.run, detector.group)
        if detector.within and self._within_hits() >= RUNS_MIN_DETECTORS:
            return self.run_spans(index, detector)
        return self._scan_spans(index, detector.group, None)

    def _within_hits(self) -> int:
        """How many detectors with ``within`` bytes occur in the text (so would read its runs)."""
        detectors = self.scanner.detectors
        return sum(1 for i in self.hits if (d := detectors.get(i)) is not None and d.within)

    def run_spans(self, index: int, detector: Detector) -> Iterator[Span]:
        """``_scan_spans`` of a detector with ``within`` bytes, searched in the copy of the runs of
        those bytes (``_Runs``, made once per text and shared by every such detector)."""
        view = self._view_of(index)
        text, data = (self.target.text, self.target.data) if view is None else (view.text, self.target.scan_data)
        key = (detector.within, view is None)
        runs = self._runs.get(key)
        if runs is None:
            runs = self._runs[key] = _Runs.of(data, detector.within)
        found = runs.spans(self.scanner.regexes[index]._regexp, detector.group)
        if len(data) == len(text):  # ASCII: byte offsets are code-point offsets
            return found
        to_char = byte_to_char(text, data)
        return ((to_char(start), to_char(end)) for start, end in found)

    def spans_found(self, index: int, group: int = 0, limit: int | None = None) -> Spans:
        """Original code-point spans of the matches of pattern ``index`` (within the first
        ``limit`` characters), at most ``SPAN_CAP`` kept, all counted."""
        key = (index, group, limit)
        cached = self._spans.get(key)
        if cached is not None:
            return cached
        view = self._view_of(index)
        items: list[Span] = []
        total, rest = 0, None
        for start, end in self._scan_spans(index, group, limit):
            total += 1
            if total <= SPAN_CAP:
                items.append((start, end) if view is None else view.span(start, end))
            elif rest is None:
                rest = start if view is None else view.span(start, end)[0]
        found = self._spans[key] = Spans(items, total, rest)
        return found

    def spans(self, index: int, group: int = 0, limit: int | None = None) -> list[Span]:
        """The kept spans of pattern ``index`` (see ``spans_found``)."""
        return self.spans_found(index, group, limit).items

    def fallback_spans(self, pattern: str, limit: int | None, timeout: float) -> Spans | None:
        """Spans of a Python-compatible pattern (``regex``) on the view, within ``timeout``
        seconds for the whole search; None when it timed out (cached either way)."""
        key = (pattern, limit)
        if key in self._fallback:
            return self._fallback[key]
        target, view = self.target, self.target.view
        text = target.scan_text
        if limit is not None and limit < len(target.text):
            text = text[: limit if view is None else view.limit(limit)]
        items: list[Span] = []
        total, rest = 0, None
        found: Spans | None
        try:
            for match in compile_fallback(pattern).finditer(text, timeout=timeout):
                start, end = match.span()
                if end <= start:
                    continue
                total += 1
                span = (start, end) if view is None else view.span(start, end)
                if total <= SPAN_CAP:
                    items.append(span)
                elif rest is None:
                    rest = span[0]
            found = Spans(items, total, rest)
        except TimeoutError:
            found = None
        self._fallback[key] = found
        return found

    def words(self) -> dict[Hashable, list[Span]]:
        """Word hits per owner, after the case and word-boundary checks (at most ``SPAN_CAP`` each)."""
        if self._words is None:
            self._words = self._word_hits(self.scanner.automaton) if self.scanner.automaton is not None else {}
        return self._words

    def word_overflow(self) -> dict[Hashable, Overflow]:
        """Word hits counted past the cap, per owner."""
        self.words()
        return self._word_overflow

    def _word_hits(self, automaton: _Automaton) -> dict[Hashable, list[Span]]:
        text, entries, view = self.target.scan_text, self.scanner.words, self.target.view
        found: dict[Hashable, list[Span]] = {}
        counts: dict[Hashable, int] = {}
        rests: dict[Hashable, int] = {}
        for key, start, end in automaton.matcher.find_matches_as_indexes(self.target.lower, overlapping=True):
            for index in automaton.entries[key]:
                entry = entries[index]
                if entry.case_sensitive and text[start:end] != entry.word:
                    continue
                if entry.whole_word and not at_word_boundaries(text, start, end):
                    continue
                owner = entry.owner
                spans = found.setdefault(owner, [])
                span = (start, end) if view is None else view.span(start, end)
                if len(spans) < SPAN_CAP:
                    spans.append(span)
                else:
                    counts[owner] = counts.get(owner, 0) + 1
                    rests.setdefault(owner, span[0])
        self._word_overflow = {owner: Overflow(n, rests[owner]) for owner, n in counts.items()}
        return found

    def detections(self) -> list[tuple[str, int, int]]:
        """Validated PII/secret findings ``(kind, start, end)``, overlaps resolved (longest wins).

        Overlaps are resolved across every kind of the set, so a card number is never
        also reported as a phone number by a rule that only asks for phones. Validators see
        the view; the spans are of the original text. Each detector keeps at most
        ``SPAN_CAP`` candidates; the rest are counted in ``detection_overflow``.
        """
        if self._detections is not None:
            return self._detections
        text, view = self.target.scan_text, self.target.view
        # Original span -> its most confident reading (kind, confidence, phone regions, kind's rank):
        # one span, several kinds (9 digits: an SSN, a routing number ...) keeps the most confident.
        readings = self._readings
        held_of = readings.get
        overflow: dict[str, list[int]] = {}
        detectors = self.scanner.detectors
        for index in self.hits:
            detector = detectors.get(index)
            if detector is None:
                continue
            kind, rank, kept, validate = detector.kind, PRIORITY.get(detector.kind, 99), 0, detector.validate
            for start, end in self.detector_spans(index, detector):
                result = True if validate is None else validate(text, start, end)
                if not result:
                    continue
                found: Sequence[tuple[int, int, float, frozenset[str] | None]]
                if result is True:
                    found = ((start, end, CERTAIN, None),)
                elif isinstance(result, list):
                    found = result
                else:
                    found = (cast(Hit, result),)
                for first, last, confidence, regions in found:
                    if last <= first:
                        continue
                    if view is not None:
                        first, last = view.span(first, last)
                    if kept >= SPAN_CAP:
                        counted = overflow.setdefault(kind, [0, first])
                        counted[0] += 1
                        counted[1] = min(counted[1], first)
                        continue
                    kept += 1
                    span = (first, last)
                    held = held_of(span)
                    if held is None or confidence > held[1] or (confidence == held[1] and rank < held[3]):
                        readings[span] = (kind, confidence, regions, rank)
        # Secret rules gated by their keywords: spans of the original already, each kind capped alike.
        found_per_kind: dict[str, int] = {}
        for finder in self.scanner.finders:
            for kind, start, end in finder.find(self):
                count = found_per_kind[kind] = found_per_kind.get(kind, 0) + 1
                if count > SPAN_CAP:
                    counted = overflow.setdefault(kind, [0, start])
                    counted[0] += 1
                    counted[1] = min(counted[1], start)
                    continue
                rank, span = PRIORITY.get(kind, 99), (start, end)
                held = held_of(span)
                if held is None or held[1] < CERTAIN or (held[1] == CERTAIN and rank < held[3]):
                    readings[span] = (kind, CERTAIN, None, rank)
        self._detection_overflow = {kind: Overflow(n, rest) for kind, (n, rest) in overflow.items()}
        self._detections = resolve_overlaps([(r[0], span[0], span[1]) for span, r in readings.items()])
        return self._detections

    def readings(self) -> dict[Span, tuple[str, float, frozenset[str] | None, int]]:
        """Span of one of ``detections()`` -> (kind, confidence, phone regions, the kind's rank)."""
        self.detections()
        return self._readings

    def detail(self, kind: str, start: int, end: int) -> Hit:
        """Confidence (and phone regions) of one of ``detections()``, in original offsets."""
        reading = self.readings().get((start, end))
        if reading is None or reading[0] != kind:
            return Hit(start, end)
        return Hit(start, end, reading[1], reading[2])

    def detection_overflow(self) -> dict[str, Overflow]:
        """Validated candidates counted past the cap, per kind (not checked against overlaps)."""
        self.detections()
        return self._detection_overflow


_METACHARACTERS = frozenset("\\.^$*+?{}[]|()")


def _literal(pattern: str) -> bytes | None:
    """The UTF-8 bytes of a pattern that is plain text (no regex syntax), else None."""
    return None if not pattern or any(c in _METACHARACTERS for c in pattern) else pattern.encode()


def _literal_spans(literal: bytes, data: bytes) -> Iterator[Span]:
    """Leftmost non-overlapping occurrences of a plain-text pattern: what RE2 would report."""
    find, size = data.find, len(literal)
    position = find(literal)
    while position >= 0:
        yield position, position + size
        position = find(literal, position + size)


def _match_spans(regex: Any, data: bytes, group: int) -> Iterator[Span]:
    """Byte spans of ``group`` in every match, leftmost first, as ``finditer`` gives them; an
    empty span (or a group that took no part in the match) is left out.

    One call of the compiled program per match, without the wrapper's match objects: about
    half the cost per match of ``finditer`` (the pinned google-re2 exposes the program as
    ``_regexp``; any other build falls back to ``finditer``).
    """
    program = getattr(regex, "_regexp", None)
    if program is None:
        yield from (s for m in regex.finditer(data) if (s := m.span(group))[1] > s[0] >= 0)
        return
    yield from _program_spans(program, data, group)


def _program_spans(program: Any, data: bytes, group: int) -> Iterator[Span]:
    """``_match_spans`` with the compiled program."""
    search, anchor = program.Match, _UNANCHORED
    position, stop = 0, len(data)
    while position <= stop:
        spans = search(anchor, data, position, stop)
        start, end = spans[0]
        if start < 0:
            return
        span = spans[group]
        if span[1] > span[0] >= 0:
            yield span
        position = end if end > start else end + 1


_start = itemgetter(1)


_ANCHOR_START = re2._re2.RE2.Anchor.ANCHOR_START


def _anchored(program: Any, data: bytes, start: int, group: int) -> tuple[Span, Span] | None:
    """The match that starts at ``start`` (the whole match's span, the group's), or None."""
    spans = program.Match(_ANCHOR_START, data, start, len(data))
    return None if spans[0][0] < 0 else (spans[0], spans[group])


def _anchor_spans(program: Any, data: bytes, anchor: bytes, run: bytes, group: int) -> Iterator[Span]:
    """``_match_spans`` of a pattern whose every match holds ``anchor`` right after a run of ``run``
    bytes (without ``anchor``) it starts with, and whose success does not depend on where in that
    run it starts (an email: its local part, then "@"), on ASCII ``data``. Each anchor is tried once,
    anchored at the start of the run before it; the text between two anchors is read once."""
    position = floor = 0
    at = data.find(anchor)
    while at >= 0:
        chunk = data[max(position, floor) : at]
        start = at - (len(chunk) - len(chunk.rstrip(run)))
        floor = at + 1
        found = _anchored(program, data, start, group) if start < at else None
        if found is not None:
            (first, end), span = found
            if span[1] > span[0] >= 0:
                yield span
            position = end if end > first else end + 1
        at = data.find(anchor, max(position, floor))


_NOT_WITHIN, _DIGIT = b"\x00", b"\x01"


@cache
def _run_table(within: bytes) -> bytes:
    """A ``bytes.translate`` table: 1 for a digit, 2 for another ``within`` byte, 0 for the rest."""
    table = bytearray(256)
    for byte in within:
        table[byte] = 1 if 0x30 <= byte <= 0x39 else 2
    return bytes(table)


@dataclass(frozen=True, slots=True)
class _Runs:
    """Where a detector whose matches are made of ``within`` bytes and start at a digit or one
    byte before it (``Detector.within``) may match, copied into one short text: each run from the
    byte before a digit to the first byte not ``within``, with one byte of the text on either
    side (the byte before a run is never where a match starts, the byte after is not ``within``),
    so ``\\b`` reads the same there. A match cannot start before its run nor cross the byte
    after it, so a search of the copy finds the same matches, in the same order, as a search of
    the whole text, on a fraction of its bytes. The runs are found with ``translate`` and
    ``find`` (C loops), not a regex pass."""

    data: bytes
    starts: list[int]  # where the text copied for run k starts in ``data``
    origins: list[int]  # and in the text

    @classmethod
    def of(cls, text: bytes, within: bytes) -> _Runs:
        marks = text.translate(_run_table(within))
        find, stop = marks.find, len(text)
        pieces: list[bytes] = []
        starts: list[int] = []
        origins: list[int] = []
        size = 0
        at = find(_DIGIT)
        while at >= 0:
            first = at - 2 if at > 1 and marks[at - 1] else at - 1 if at else 0
            end = find(_NOT_WITHIN, at)
            last = stop if end < 0 else end + 1
            piece = text[first:last]
            pieces.append(piece)
            starts.append(size)
            origins.append(first)
            size += len(piece)
            if end < 0:
                break
            at = find(_DIGIT, end)
        return cls(b"".join(pieces), starts, origins)

    def spans(self, program: Any, group: int) -> Iterator[Span]:
        """``_match_spans`` of ``program`` on the text, read from the copy."""
        if not self.starts:
            return
        starts, origins = self.starts, self.origins
        k, following = 0, starts[1] if len(starts) > 1 else len(self.data) + 1
        for start, end in _program_spans(program, self.data, group):
            if start >= following:
                k = bisect_right(starts, start) - 1
                following = starts[k + 1] if k + 1 < len(starts) else len(self.data) + 1
            shift = origins[k] - starts[k]
            yield start + shift, end + shift


def resolve_overlaps(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep the longest of overlapping findings; equal lengths go to the kind with priority.

    Longest first, each kept finding marks its characters taken: linear in the total length
    of the findings (after the sort, which the detectors' runs in text order keep cheap),
    however many there are. A duplicate overlaps its twin, so it is dropped like any overlap.
    """
    if len(found) < 2:
        return list(found)
    by_start = sorted(found, key=_start)
    if all(before[2] <= after[1] for before, after in pairwise(by_start)):
        return by_start  # the common case: nothing overlaps, everything is kept
    ordered = sorted(found, key=lambda f: (f[1] - f[2], PRIORITY.get(f[0], 99), f[1]))
    taken = bytearray(max(end for _, _, end in ordered))
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in ordered:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((kind, start, end))
    return sorted(kept, key=lambda f: f[1])
