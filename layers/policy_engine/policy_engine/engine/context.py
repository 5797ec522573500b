"""What a check sees (one request, its texts, their lazy scans) and what it reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from policy_engine.engine.scanner import Scanner, TargetScan
from policy_engine.engine.text import Target, request_targets
from policy_engine.models.evaluate import EvaluateRequest, Match
from policy_engine.rules.base import Stage
from policy_engine.rules.system_prompt import SystemPromptMode


class Context:
    """One evaluation: the request, its targets, and scans made only when a check needs them."""

    __slots__ = ("_scans", "request", "scanner", "stages", "targets")

    def __init__(self, request: EvaluateRequest, scanner: Scanner) -> None:
        self.request = request
        self.scanner = scanner
        self.targets: list[Target] = request_targets(request)
        stages = {Stage.REQUEST} if request.has_request_text else set()
        if request.response is not None:
            stages.add(Stage.RESPONSE)
        self.stages = frozenset(stages)
        self._scans: dict[int, TargetScan] = {}

    def scan(self, position: int) -> TargetScan:
        scan = self._scans.get(position)
        if scan is None:
            scan = self._scans[position] = self.scanner.scan(self.targets[position])
        return scan

    def scans(self, kinds: frozenset[str]) -> list[TargetScan]:
        """Scans of the targets of the given kinds (prompt, system, response)."""
        return [self.scan(i) for i, t in enumerate(self.targets) if t.kind in kinds]


@dataclass(frozen=True, slots=True)
class Redaction:
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
