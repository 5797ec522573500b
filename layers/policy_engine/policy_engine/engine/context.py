"""What a check sees (one request, its texts, their lazy scans) and what it reports."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple

from policy_engine.engine.scanner import Scanner, Spans, TargetScan
from policy_engine.engine.text import Target, request_targets
from policy_engine.models.evaluate import EvaluateRequest, Match
from policy_engine.rules.base import Stage
from policy_engine.rules.system_prompt import SystemPromptMode

# Python-compatible patterns (``regex``): each search may take BASE + PER_CHAR x its text's length,
# and all of them together at most BUDGET per evaluate; past that a pattern counts as timed out.
REGEX_BUDGET_SECONDS = 0.05
REGEX_TIMEOUT_BASE_SECONDS = 0.002
REGEX_TIMEOUT_PER_CHAR_SECONDS = 0.5e-6


@dataclass(frozen=True, slots=True)
class Timeout:
    """A Python-compatible pattern that did not finish within its time (rule, pattern, text)."""

    rule_index: int
    pattern: str  # "patterns[i]"
    target: str
    on_timeout: str  # what the rule answered: "match" or "skip"


class Context:
    """One evaluation: the request, its targets, and scans made only when a check needs them."""

    __slots__ = ("_scans", "regex_budget", "request", "scanner", "stages", "targets", "timeouts")

    def __init__(self, request: EvaluateRequest, scanner: Scanner) -> None:
        self.request = request
        self.scanner = scanner
        self.targets: list[Target] = request_targets(request)
        stages = {Stage.REQUEST} if request.has_request_text else set()
        if request.response is not None:
            stages.add(Stage.RESPONSE)
        self.stages = frozenset(stages)
        self._scans: dict[int, TargetScan] = {}
        self.regex_budget = REGEX_BUDGET_SECONDS
        self.timeouts: list[Timeout] = []

    def scan(self, position: int) -> TargetScan:
        scan = self._scans.get(position)
        if scan is None:
            scan = self._scans[position] = self.scanner.scan(self.targets[position])
        return scan

    def fallback_spans(self, scan: TargetScan, pattern: str, limit: int | None) -> Spans | None:
        """A Python-compatible pattern's spans in one text, within its timeout and what is left
        of this evaluation's budget; None when it timed out or no budget is left."""
        length = len(scan.target.text) if limit is None else min(limit, len(scan.target.text))
        timeout = min(self.regex_budget, REGEX_TIMEOUT_BASE_SECONDS + REGEX_TIMEOUT_PER_CHAR_SECONDS * length)
        if timeout <= 0:
            return None
        started = time.perf_counter()
        found = scan.fallback_spans(pattern, limit, timeout)
        self.regex_budget -= time.perf_counter() - started
        return found

    def scans(self, kinds: frozenset[str]) -> list[TargetScan]:
        """Scans of the targets of the given kinds (prompt, system, response)."""
        return [self.scan(i) for i, t in enumerate(self.targets) if t.kind in kinds]


class Redaction(NamedTuple):
    """One span of a text to mask (a tuple: cheap to make by the thousand)."""

    target: str
    start: int
    end: int
    mask: str


@dataclass(slots=True)
class Finding:
    """A rule that fired: a message without matched text, spans, and its rewrites if any."""

    message: str
    matches: list[Match] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    truncations: dict[str, int] = field(default_factory=dict)  # target -> max chars
    clamp_max_tokens: int | None = None
    system_prompt: tuple[SystemPromptMode, str] | None = None

    @property
    def rewrites(self) -> bool:
        return bool(self.redactions or self.truncations or self.clamp_max_tokens or self.system_prompt)
