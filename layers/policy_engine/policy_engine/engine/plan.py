"""Collects the patterns and words of every rule of a policy set, deduplicated, for one Scanner."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from policy_engine.engine import injection
from policy_engine.engine.detectors import Detector, detectors_for
from policy_engine.engine.lexicons import LEXICONS
from policy_engine.engine.scanner import Scanner, WordEntry
from policy_engine.engine.secret_detectors import SecretFinder
from policy_engine.rules.content_filter import ContentCategory


class ScanPlan:
    def __init__(self) -> None:
        self.patterns: list[str] = []
        self._pattern_index: dict[tuple[str, bool], int] = {}
        self._raw: set[int] = set()
        self.detectors: dict[int, Detector] = {}
        self._detector_kinds: set[str] = set()
        self.phone_regions: set[str] = set()
        self.words: list[WordEntry] = []
        self._categories: set[ContentCategory] = set()
        self._signals: list[int] | None = None
        self.secret_kinds: set[str] = set()

    def pattern(self, pattern: str, *, raw: bool = False) -> int:
        """The Set index of a pattern; the same pattern text is scanned once. A ``raw`` pattern
        runs on the original text instead of its normalised view."""
        index = self._pattern_index.get((pattern, raw))
        if index is None:
            index = self._pattern_index[pattern, raw] = len(self.patterns)
            self.patterns.append(pattern)
            if raw:
                self._raw.add(index)
        return index

    def detect(self, kinds: Iterable[str], regions: Iterable[str] = ()) -> None:
        """Register the detectors of ``kinds``; ``regions``: national phone forms to recognise."""
        self.phone_regions.update(regions)
        for detector in detectors_for(set(kinds) - self._detector_kinds):
            self.detectors[self.pattern(detector.pattern)] = detector
        self._detector_kinds.update(kinds)

    def detect_secrets(self, kinds: Iterable[str]) -> None:
        """Secret kinds are keyword-gated: their keywords join the words, not the Set."""
        self.secret_kinds.update(kinds)

    def signals(self) -> list[int]:
        """Set indices of the injection signals, in ``injection.SIGNALS`` order."""
        if self._signals is None:
            # Raw: the signals look for the disguises themselves (zero-width, fullwidth, mixed scripts).
            self._signals = [self.pattern(s.pattern, raw=True) for s in injection.SIGNALS]
        return self._signals

    def word_list(self, owner: Hashable, words: Iterable[str], case_sensitive: bool, whole_word: bool) -> None:
        self.words.extend(WordEntry(owner, w, case_sensitive, whole_word) for w in words)

    def category(self, category: ContentCategory) -> Hashable:
        owner = ("content", category.value)
        if category not in self._categories:
            self._categories.add(category)
            self.word_list(owner, LEXICONS[category], case_sensitive=False, whole_word=True)
        return owner

    def build(self) -> Scanner:
        regions = frozenset(self.phone_regions)
        detectors = {index: detector.bound(regions) for index, detector in self.detectors.items()}
        finders = []
        if self.secret_kinds:
            finder = SecretFinder(frozenset(self.secret_kinds))
            self.words.extend(finder.words())
            finders.append(finder)
        return Scanner(self.patterns, detectors, self.words, frozenset(self._raw), finders)
