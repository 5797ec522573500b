"""The learned tier of the injection rule: a logistic model over word n-grams and lexical signals.

Features (``features`` is the one definition, used by training and scoring alike): the text is
case-folded and every non-word character becomes a space, so offsets stay those of the text.
A feature is a word (``" ignore "``), two words one separator apart (``" ignore all "``), or two
consecutive CJK/kana/hangul characters (``"無視"``; those scripts have no spaces), at the offset
where it starts. Each lexical signal family of ``injection`` that hits inside a window adds its
weight as one more feature (``§instruction_override``).

A window of the text scores ``sigmoid(bias + sum(w) / sqrt(max(len, 40) / 6) + sum(lex))``:
word weights are scaled by the window's length so a long document does not add up evidence it
does not have. Short texts are one window. ``fast`` slides windows of ``FAST`` characters with
half overlap; ``thorough`` adds shorter and longer windows (``THOROUGH``), so an attack of one
sentence inside a long document is scored nearly on its own. A text scores as its best window.

At run time the weighted n-grams go into one Aho-Corasick automaton (ahocorasick_rs) that runs
over the folded text: the scan is native code and only the n-grams with a weight come back.
Their weights are summed once per ``BUCKET`` into prefix sums, so a window costs two lookups.
The model is loaded on first use, when a policy set with an injection rule is compiled.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick_rs

from policy_engine.engine.text import FEW_NON_ASCII, fold_case, non_ascii_chars

MODEL_PATH = Path(__file__).with_name("injection_model.json.gz")
FAST: tuple[int, ...] = (400,)
THOROUGH: tuple[int, ...] = (200, 400, 1200)
BUCKET = 100  # every window starts and ends on a multiple of this (or at the text's end)
MIN_CHARS = 40
BOUND_NEGATIVE = -2.0  # n-gram weights this negative or more go into the bound's automaton too
CHARS_PER_WORD = 6
LEXICAL_PREFIX = "§"
QUOTED = "quoted"  # a lexical signal that opens right after a quotation mark: an attack quoted, not made
_QUOTES = frozenset("'\"`\u2018\u201c\u00ab\u201e\u2039\u300c\u300e")

_NON_ASCII_NON_WORD = re.compile(r"[^\w\x00-\x7f]")
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?\n\u3002\uff01\uff1f]+[.!?\u3002\uff01\uff1f]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}")

Span = tuple[int, int]


# ASCII letters, digits and "_" lower-cased, other ASCII bytes as spaces, bytes >= 128 left alone
# (so a character's UTF-8 sequence is kept whole): the ASCII part of ``folded`` as one C loop.
_ASCII_FOLD = bytes(
    (ord(c.lower()) if c.isalnum() or c == "_" else 32) if code < 128 else code
    for code, c in ((code, chr(code)) for code in range(256))
)


def folded(text: str) -> str:
    """The text as features see it: case-folded, non-word characters as spaces, padded by one
    space each side (so offset ``i`` of the text is offset ``i + 1`` here). The ASCII characters
    take a byte table (a plain C loop over the text's UTF-8, which leaves the others' bytes as
    they are, so every code point stays where it was); each non-ASCII character that is not a
    word character (a typographic quote, an emoji) is then replaced by a space with
    ``str.replace``, or all of them with one regex pass when there are many kinds."""
    if text.isascii():
        return f" {text.encode('ascii').translate(_ASCII_FOLD).decode('ascii')} "
    data = fold_case(text).encode("utf-8", "surrogatepass")
    out = data.translate(_ASCII_FOLD).decode("utf-8", "surrogatepass")
    others = non_ascii_chars(data)
    spaced = [] if others.isalnum() else [c for c in set(others) if not c.isalnum()]
    if len(spaced) > FEW_NON_ASCII:
        return f" {_NON_ASCII_NON_WORD.sub(' ', out)} "
    for c in spaced:
        out = out.replace(c, " ")
    return f" {out} "


def features(text: str) -> Iterator[tuple[str, int]]:
    """Every candidate feature of a text with the offset the automaton reports for it: where a
    word starts in the text, one past where a CJK pair starts (training's view)."""
    padded = folded(text)
    previous: re.Match[str] | None = None
    for match in _WORD.finditer(padded):
        word = match.group()
        yield f" {word} ", match.start() - 1
        if previous is not None and previous.end() + 1 == match.start():
            yield f" {previous.group()} {word} ", previous.start() - 1
        previous = match
    for run in _CJK.finditer(padded):
        chars = run.group()
        for i in range(len(chars) - 1):
            yield chars[i : i + 2], run.start() + i


def windows(length: int, sizes: Iterable[int]) -> list[Span]:
    """Character windows over a text: one when it is short, else each size with half overlap
    (the last window of a size may be shorter), in order. Sizes are even multiples of ``BUCKET``."""
    return [(start, end) for start, end, *_ in _plan(length, tuple(sizes))]


def quoted(text: str, start: int) -> bool:
    """True when a quotation mark opens at most two characters before ``start``."""
    return any(c in _QUOTES for c in text[max(0, start - 2) : start])


def window_lexical(text: str, signals: Iterable[tuple[str, float, int, int]], start: int, end: int) -> dict[str, float]:
    """Lexical features of a window: each family's strongest hit inside it, and ``quoted``."""
    families: dict[str, float] = {}
    for family, weight, s, e in signals:
        if s < end and e > start:
            if weight > families.get(family, 0.0):
                families[family] = weight
            if quoted(text, s):
                families[QUOTED] = 1.0
    return families


def length_scale(start: int, end: int) -> float:
    return math.sqrt(max(end - start, MIN_CHARS) / CHARS_PER_WORD)


@dataclass(frozen=True, slots=True)
class WindowScore:
    score: float
    start: int
    end: int
    lexical: tuple[str, ...]  # lexical families that took part in this window


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    lexical: dict[str, float]  # family -> weight
    patterns: tuple[str, ...]
    weights: tuple[float, ...]
    digest: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        items = sorted(data["features"].items())
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        return cls(
            bias=float(data["bias"]),
            lexical={k: float(v) for k, v in data["lexical"].items()},
            patterns=tuple(p for p, _ in items),
            weights=tuple(float(w) for _, w in items),
            digest=hashlib.sha256(canonical).hexdigest(),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return cls.from_dict(json.load(handle))


def _totals(matcher: Any, weights: tuple[float, ...], padded: str, length: int) -> list[float]:
    """Prefix sums of the n-gram weights per ``BUCKET``: entry i sums the buckets before i, the
    last entry all of them. A match starts at padded offset ``p`` (its space), so its word starts
    at text offset p."""
    buckets = [0.0] * (length // BUCKET + 2)
    for index, start, _ in matcher.find_matches_as_indexes(padded, overlapping=True):
        buckets[start // BUCKET] += weights[index]
    return list(accumulate(buckets, initial=0.0))


def _plan(length: int, sizes: tuple[int, ...]) -> list[tuple[int, int, int, int, float]]:
    """The windows of a text (see ``windows``) as ``(start, end, first bucket, stop bucket,
    length scale)``; the window that ends the text stops at -1, the sum of every bucket. Every
    window of a size but its last has the same length, so the same scale."""
    plan: list[tuple[int, int, int, int, float]] = []
    for size in sizes:
        step = size // 2
        last = max(0, -(-(length - size) // step)) * step  # the first start whose window reaches the end
        full = length_scale(0, size)
        plan += [
            (start, start + size, start // BUCKET, (start + size) // BUCKET, full) for start in range(0, last, step)
        ]
        plan.append((last, length, last // BUCKET, -1, length_scale(last, length)))
    if len(sizes) == 1:
        return plan
    unique = {(window[0], window[1]): window for window in plan}  # two sizes can end on the same short window
    return [unique[span] for span in sorted(unique)]


class _Signals(NamedTuple):
    """A text's lexical signal hits ``(family, weight, start, end)`` by start, their starts, and the
    longest one's length: a window finds the hits that reach it by bisection, once per text."""

    hits: list[tuple[str, float, int, int]]
    starts: list[int]
    reach: int

    @classmethod
    def of(cls, lexical: Iterable[tuple[str, float, int, int]]) -> _Signals:
        hits = sorted(lexical, key=lambda hit: hit[2])
        return cls(hits, [hit[2] for hit in hits], max((e - s for _, _, s, e in hits), default=0))


def _automaton(patterns: list[str]) -> Any:
    return ahocorasick_rs.AhoCorasick(
        patterns or ["\x00"],  # an automaton needs a pattern; NUL never survives folding as a word
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


class Scorer:
    """A model ready to score: its n-grams in one automaton, its positive ones and its strongly
    negative ones (``BOUND_NEGATIVE``) in a second.

    The second gives a bound: without the weakly negative weights no window can score lower,
    so when even that bound is under the rule's threshold the text passes without the full
    scan. Benign text holds few attack n-grams, so that scan returns few matches, and the few
    strong benign n-grams it also holds ("explain", "why", "our") keep the bound of ordinary
    documentation under the threshold. Either scan is
    one native pass; Python then adds each match's weight to its ``BUCKET`` and takes prefix
    sums, so a window is the difference of two of them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._matcher = _automaton(list(model.patterns))
        bounding = zip(model.patterns, model.weights, strict=True)
        positive = [(p, w) for p, w in bounding if w > 0 or w <= BOUND_NEGATIVE]
        self._positive = _automaton([p for p, _ in positive])
        self._positive_weights = tuple(w for _, w in positive) or (0.0,)
        self._positive_lexical = {f: max(w, 0.0) for f, w in model.lexical.items()}
        self._longest = max(map(len, model.patterns), default=1) + 1

    def hits(self, text: str) -> list[tuple[int, float]]:
        """``(offset in text, weight)`` of every weighted n-gram of the text."""
        weights = self.model.weights
        found = self._matcher.find_matches_as_indexes(folded(text), overlapping=True)
        return [(start, weights[index]) for index, start, _ in found]

    def score(
        self,
        text: str,
        lexical: Iterable[tuple[str, float, int, int]] = (),
        sizes: Iterable[int] = FAST,
        threshold: float | None = None,
    ) -> WindowScore:
        """The best window of a text. ``lexical`` are ``(family, weight, start, end)`` signal hits.

        With a ``threshold``, a text whose bound stays under it gets the bound (an upper limit
        of its score, still under the threshold) instead of its exact score, and only the windows
        whose bound reaches it are scored exactly: a score at or over the threshold is exact."""
        signals = _Signals.of(lexical)
        padded = folded(text)
        plan = _plan(len(text), tuple(sizes))
        if threshold is None:
            totals = _totals(self._matcher, self.model.weights, padded, len(text))
            return self._best(text, totals, signals, plan, self.model.lexical)
        totals = _totals(self._positive, self._positive_weights, padded, len(text))
        bound = self._best(text, totals, signals, plan, self._positive_lexical)
        if bound.score < threshold:
            return bound
        # Only the windows whose own bound reaches the threshold can; the full scan reads those.
        if signals.hits:
            over = [
                w for w in plan if self._best(text, totals, signals, [w], self._positive_lexical).score >= threshold
            ]
        else:  # the common case: the bound of a window is its positive sum
            bias, cut = self.model.bias, _logit(threshold)
            over = [w for w in plan if bias + (totals[w[3]] - totals[w[2]]) / w[4] >= cut]
            over = over or plan  # at the threshold's edge, where the sigmoid and the logit round apart
        exact = self._best(text, self._totals_within(padded, len(text), over), signals, over, self.model.lexical)
        if exact.score >= threshold or len(over) == len(plan):
            return exact
        scored = set(over)
        rest = [w for w in plan if w not in scored]  # each window's bound is under the threshold
        under = self._best(text, totals, signals, rest, self._positive_lexical)
        return exact if exact.score >= under.score else under

    def _totals_within(self, padded: str, length: int, plan: list[tuple[int, int, int, int, float]]) -> list[float]:
        """``_totals`` of the full model, exact for the windows of ``plan`` (and zero elsewhere):
        the automaton reads only the stretches those windows cover, plus the longest n-gram."""
        buckets = [0.0] * (length // BUCKET + 2)
        weights, reach = self.model.weights, self._longest
        stretches: list[list[int]] = []
        for start, end, *_ in plan:  # by start: windows are planned in order
            if stretches and start <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], end)
            else:
                stretches.append([start, end])
        for lo, hi in stretches:
            for index, start, _ in self._matcher.find_matches_as_indexes(padded[lo : hi + reach], overlapping=True):
                if start + lo < hi:
                    buckets[(start + lo) // BUCKET] += weights[index]
        return list(accumulate(buckets, initial=0.0))

    def _best(
        self,
        text: str,
        totals: list[float],
        signals: _Signals,
        plan: list[tuple[int, int, int, int, float]],
        lexical_weights: dict[str, float],
    ) -> WindowScore:
        bias = self.model.bias
        best_z, best = -math.inf, plan[0]
        if not signals.hits:  # the common case: n-gram sums only
            for window in plan:
                z = bias + (totals[window[3]] - totals[window[2]]) / window[4]
                if z > best_z:
                    best_z, best = z, window
            return WindowScore(_sigmoid(best_z), best[0], best[1], ())
        hits, starts, reach = signals
        best_families: dict[str, float] = {}
        for window in plan:
            start, end, first, stop, scale = window
            z = bias + (totals[stop] - totals[first]) / scale
            near = hits[bisect.bisect_left(starts, start - reach) : bisect.bisect_left(starts, end)]
            families = window_lexical(text, near, start, end) if near else {}
            if families:
                z += sum(lexical_weights.get(f, 0.0) * w for f, w in families.items())
            if z > best_z:
                best_z, best, best_families = z, window, families
        lexical = tuple(sorted(f for f in best_families if f != QUOTED))
        return WindowScore(_sigmoid(best_z), best[0], best[1], lexical)

    def focus(self, text: str, start: int, end: int) -> Span:
        """The sentence of a window with the most attack weight (the window when none has any)."""
        hits = self.hits(text[start:end])
        best, span = 0.0, (start, end)
        for sentence in _SENTENCE.finditer(text, start, end):
            s, e = sentence.span()
            weight = sum(w for offset, w in hits if s - start <= offset < e - start)
            if weight > best:
                best, span = weight, (s, e)
        s, e = span
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return s, e


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p)) if 0.0 < p < 1.0 else (math.inf if p >= 1.0 else -math.inf)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@cache
def scorer() -> Scorer:
    """The shipped model, loaded once per process on first use."""
    return Scorer(Model.load())
