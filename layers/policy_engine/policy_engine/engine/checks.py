"""One compiled check per rule type. A check returns a ``Finding`` when its rule fires.

Masks: ``pii`` uses the rule's mask (``{entity}`` -> ``EMAIL``); ``secrets`` masks with
``[<KIND>]`` (``[AWS_ACCESS_KEY]``); ``banned_patterns``, ``word_list`` and
``content_filter`` mask with ``[REDACTED]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import re2
from pydantic import TypeAdapter

from policy_engine.engine import injection_model, injection_scan
from policy_engine.engine.conditions import compile_glob
from policy_engine.engine.context import Context, Finding, Redaction, Timeout
from policy_engine.engine.grounding import grounding
from policy_engine.engine.plan import ScanPlan
from policy_engine.engine.scanner import SPAN_CAP, Overflow, TargetScan
from policy_engine.engine.secret_detectors import catalog
from policy_engine.engine.text import METADATA, PROMPT, RESPONSE, SYSTEM, normalise
from policy_engine.engine.validators import CERTAIN
from policy_engine.models.evaluate import Match, Role
from policy_engine.rules.banned_patterns import BannedPatternsRule
from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.content_filter import ContentFilterRule
from policy_engine.rules.cost_threshold import CostThresholdRule
from policy_engine.rules.end_user_required import EndUserRequiredRule
from policy_engine.rules.grounding import GroundingRule
from policy_engine.rules.injection import InjectionMode, InjectionRule, InjectionTarget
from policy_engine.rules.key_environment import KeyEnvironmentRule
from policy_engine.rules.max_prompt_chars import MaxPromptCharsRule
from policy_engine.rules.max_tokens import MaxTokensRule
from policy_engine.rules.model_allowlist import ModelAllowlistRule
from policy_engine.rules.patterns import needs_fallback, re2_options
from policy_engine.rules.pii import PiiRule
from policy_engine.rules.response_token_limit import ResponseTokenLimitRule
from policy_engine.rules.secrets import SecretsRule
from policy_engine.rules.system_prompt import SystemPromptMode, SystemPromptRule
from policy_engine.rules.word_list import WordListRule, WordMatch

REDACTED = "[REDACTED]"
CHARS_PER_TOKEN = 4
MAX_MATCHES = 100  # listed per violation; the message counts them all
ALL_TEXTS = frozenset({PROMPT, SYSTEM, RESPONSE})
DETECTED_TEXTS = ALL_TEXTS | {METADATA}  # pii and secrets also read end_user_id and metadata values


@dataclass(eq=False)
class Check:
    """A rule compiled for one policy set; ``run`` is the hot path."""

    rule: RuleBase
    action: Action
    index: int

    @property
    def rule_type(self) -> str:
        return self.rule.type

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def applies(self, stages: frozenset[Stage]) -> bool:
        return not stages.isdisjoint(self.rule.stages)

    def run(self, ctx: Context) -> Finding | None:
        raise NotImplementedError


def _plural(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} x{n}" for kind, n in sorted(counts.items()))


def _span_finding(
    message: str,
    found: Iterable[tuple[str, TargetScan, int, int]],
    mask: Callable[[str], str] | None,
    overflow: Iterable[tuple[str, TargetScan, Overflow]] = (),
) -> Finding | None:
    """Build a finding from ``(kind, scan, start, end)`` hits; redact them when ``mask`` is given.

    Every hit is counted; the first ``MAX_MATCHES`` are listed and the first ``SPAN_CAP``
    redacted. Past the cap (and for hits a scan only counted, ``overflow``) the text is
    masked from the first span not kept to its end, so no value is left in the clear.
    """
    finding = Finding(message)
    counts: dict[str, int] = {}
    rests: dict[str, tuple[int, TargetScan, str]] = {}  # target -> (start, scan, kind) of the earliest span not kept
    masks: dict[str, str] = {}
    listed: list[dict[str, Any]] = []  # the first MAX_MATCHES, validated into ``Match``es in one call
    redactions = finding.redactions
    add, get, make = redactions.append, counts.get, tuple.__new__  # a Redaction without its Python __new__
    kept = 0
    last_scan, name = None, ""
    for kind, scan, start, end in found:
        counts[kind] = get(kind, 0) + 1
        if scan is not last_scan:
            last_scan, name = scan, scan.target.name
        if len(listed) < MAX_MATCHES:
            listed.append({"kind": kind, "start": start, "end": end, "target": name})
        if mask is None:
            continue
        if kept < SPAN_CAP:
            kept += 1
            text = masks.get(kind)
            if text is None:
                text = masks[kind] = mask(kind)
            add(make(Redaction, (name, start, end, text)))
        elif start < rests.get(name, (start + 1,))[0]:
            rests[name] = (start, scan, kind)
    for kind, scan, extra in overflow:
        counts[kind] = counts.get(kind, 0) + extra.count
        name = scan.target.name
        if mask is not None and extra.rest < rests.get(name, (extra.rest + 1,))[0]:
            rests[name] = (extra.rest, scan, kind)
    if not counts:
        return None
    finding.matches = _matches(listed)
    for name, (start, scan, kind) in rests.items():
        finding.redactions.append(Redaction(name, start, len(scan.target.text), mask(kind) if mask else ""))
    finding.message = f"{message}: {_plural(counts)}"
    return finding


@cache
def _match_list() -> TypeAdapter[list[Match]]:
    return TypeAdapter(list[Match])


def _matches(rows: list[dict[str, Any]]) -> list[Match]:
    """``Match``es of plain rows, validated as one list (a fraction of the cost of one by one)."""
    return _match_list().validate_python(rows) if rows else []


@dataclass(eq=False)
class ModelAllowlist(Check):
    globs: list[Callable[[str], bool]] = field(default_factory=list)

    def run(self, ctx: Context) -> Finding | None:
        model = ctx.request.model
        # No model (a gateway that sent none): nothing to hold against the allowlist.
        if not self.globs or not model or any(matches(model) for matches in self.globs):
            return None
        return Finding(f"model '{model}' is not in the allowlist")


def _positions(pattern_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """Pattern index -> the positions it has in a rule's list (a pattern may be listed twice)."""
    positions: dict[int, tuple[int, ...]] = {}
    for position, index in enumerate(pattern_ids):
        positions[index] = (*positions.get(index, ()), position)
    return positions


def _present(positions: dict[int, tuple[int, ...]], hits: frozenset[int]) -> list[tuple[int, int]]:
    """``(position, pattern index)`` of a rule's patterns that occur in the text, in rule order:
    a walk over the text's few hits, not over the rule's many patterns."""
    return sorted((position, index) for index in hits if index in positions for position in positions[index])


@dataclass(eq=False)
class BannedPatterns(Check):
    """RE2 patterns come from the one Set pass; Python-compatible ones (``fallback``) run on
    ``regex`` within the evaluation's time budget, and a timeout answers as ``on_timeout`` says:
    ``match`` reports the whole text (fails closed), ``skip`` reports nothing. Either way the
    timeout is recorded on the context (and so in the decision)."""

    pattern_ids: list[int] = field(default_factory=list)  # Set index of each position (-1: fallback)
    fallback: list[tuple[int, str]] = field(default_factory=list)  # (position, pattern) run on regex
    limit: int | None = None
    kinds: frozenset[str] = ALL_TEXTS
    on_timeout: str = "match"

    @cached_property
    def positions(self) -> dict[int, tuple[int, ...]]:
        return {i: p for i, p in _positions(self.pattern_ids).items() if i >= 0}

    def run(self, ctx: Context) -> Finding | None:
        mask = (lambda _: REDACTED) if self.action == Action.REDACT else None
        overflow: list[tuple[str, TargetScan, Overflow]] = []
        return _span_finding("banned pattern matched", self._hits(ctx, overflow), mask, overflow)

    def _hits(
        self, ctx: Context, overflow: list[tuple[str, TargetScan, Overflow]]
    ) -> Iterable[tuple[str, TargetScan, int, int]]:
        for scan in ctx.scans(self.kinds):
            for position, index in _present(self.positions, scan.hits):
                if position != self.positions[index][0]:
                    continue  # a pattern listed twice is reported once, under its first position
                kind = f"patterns[{position}]"
                found = scan.spans_found(index, 0, self.limit)
                for start, end in found.items:
                    yield kind, scan, start, end
                if found.rest is not None:
                    overflow.append((kind, scan, Overflow(found.total - len(found.items), found.rest)))
            for position, pattern in self.fallback:
                kind = f"patterns[{position}]"
                spans = ctx.fallback_spans(scan, pattern, self.limit)
                if spans is None:
                    ctx.timeouts.append(Timeout(self.index, kind, scan.target.name, self.on_timeout))
                    if self.on_timeout == "match" and scan.target.text:
                        yield kind, scan, 0, len(scan.target.text)
                    continue
                for start, end in spans.items:
                    yield kind, scan, start, end
                if spans.rest is not None:
                    overflow.append((kind, scan, Overflow(spans.total - len(spans.items), spans.rest)))


@dataclass(eq=False)
class Words(Check):
    """word_list and content_filter: Aho-Corasick hits of the owners this rule reads."""

    owners: dict[object, str] = field(default_factory=dict)  # owner -> reported kind
    label: str = "listed words found"

    def run(self, ctx: Context) -> Finding | None:
        mask = (lambda _: REDACTED) if self.action == Action.REDACT else None
        overflow = [
            (kind, scan, extra)
            for scan in ctx.scans(ALL_TEXTS)
            for owner, kind in self.owners.items()
            if (extra := scan.word_overflow().get(owner)) is not None
        ]
        return _span_finding(self.label, self._hits(ctx), mask, overflow)

    def _hits(self, ctx: Context) -> Iterable[tuple[str, TargetScan, int, int]]:
        for scan in ctx.scans(ALL_TEXTS):
            words = scan.words()
            for owner, kind in self.owners.items():
                for start, end in words.get(owner, ()):
                    yield kind, scan, start, end


_SEPARATORS = str.maketrans("", "", " -.()/")


@dataclass(frozen=True, slots=True)
class AllowList:
    """Values a pii/secrets rule never reports: equal to an entry, or matched whole by one as an
    RE2 pattern, as written or without its separators (spaces, dashes, dots, parentheses)."""

    exact: frozenset[str] = frozenset()
    pattern: Any = None  # re2 pattern of every entry, fullmatched

    @classmethod
    def of(cls, entries: list[str]) -> AllowList:
        if not entries:
            return cls()
        joined = "|".join(f"(?:{e})" for e in entries)
        return cls(frozenset(entries), re2.compile(joined, re2_options()))

    def __bool__(self) -> bool:
        return bool(self.exact)

    def allows(self, value: str) -> bool:
        compact = value.translate(_SEPARATORS)
        if value in self.exact or compact in self.exact:
            return True
        return self.pattern.fullmatch(value) is not None or self.pattern.fullmatch(compact) is not None


@dataclass(eq=False)
class Detections(Check):
    """pii and secrets: validated detector findings of the rule's kinds (of one action group)."""

    kinds: frozenset[str] = frozenset()
    mask_template: str = "[{entity}]"
    label: str = "detected"
    allow: AllowList = field(default_factory=AllowList)
    min_confidence: float = 0.0
    regions: frozenset[str] | None = None  # national phone forms: the rule's regions

    def run(self, ctx: Context) -> Finding | None:
        template = self.mask_template
        mask = (lambda kind: template.format(entity=kind.upper())) if self.action == Action.REDACT else None
        overflow = [
            (kind, scan, extra)
            for scan in ctx.scans(DETECTED_TEXTS)
            for kind, extra in scan.detection_overflow().items()
            if kind in self.kinds
        ]
        return _span_finding(self.label, self._hits(ctx), mask, overflow)

    def _hits(self, ctx: Context) -> list[tuple[str, TargetScan, int, int]]:
        """The detections this rule reports: its kinds, confident enough, in its regions, not allowed."""
        kinds, floor, regions, allow = self.kinds, self.min_confidence, self.regions, bool(self.allow)
        reported: list[tuple[str, TargetScan, int, int]] = []
        add = reported.append
        for scan in ctx.scans(DETECTED_TEXTS):
            readings = scan.readings()
            for kind, start, end in scan.detections():
                if kind not in kinds:
                    continue
                # ``scan.detail``, inline: the reading of this span, if it is of this kind.
                hit = readings.get((start, end))
                if hit is not None and hit[0] == kind:
                    _, confidence, found_in, _ = hit
                    if confidence < floor:
                        continue
                    if found_in is not None and regions is not None and found_in.isdisjoint(regions):
                        continue
                elif floor > CERTAIN:
                    continue
                if allow and self._allowed(scan.target.text[start:end]):
                    continue
                add((kind, scan, start, end))
        return reported

    def _allowed(self, value: str) -> bool:
        # As written, or as matched: its normalised form (a disguised allowed value is still that value).
        normal = normalise(value)
        return self.allow.allows(value) or (normal is not None and self.allow.allows(normal.text))


def _detection_checks(rule: PiiRule | SecretsRule, action: Action, index: int, plan: ScanPlan) -> list[Check]:
    """One check per action group: entities with their own action apart from the rule's."""
    allow, min_confidence = AllowList.of(rule.allow), rule.min_confidence
    if isinstance(rule, SecretsRule):
        kinds = catalog().expand(rule.kinds)
        plan.detect_secrets(kinds)
        return [
            Detections(
                rule,
                action,
                index,
                kinds=kinds,
                label="credentials detected",
                allow=allow,
                min_confidence=min_confidence,
            )
        ]
    groups: dict[Action, set[str]] = {}
    for entity, own in rule.entity_actions().items():
        groups.setdefault(own or action, set()).add(entity.value)
    plan.detect({k for kinds in groups.values() for k in kinds}, rule.regions)
    return [
        Detections(
            rule,
            group_action,
            index,
            kinds=frozenset(kinds),
            mask_template=rule.mask,
            label="PII detected",
            regions=frozenset(rule.regions),
            allow=allow,
            min_confidence=min_confidence,
        )
        for group_action, kinds in groups.items()
    ]


@dataclass(eq=False)
class Injection(Check):
    """Lexical signals and the learned tier over the rule's texts (see ``injection_scan``)."""

    signal_ids: list[int] = field(default_factory=list)
    threshold: float = 0.5
    mode: InjectionMode = InjectionMode.FAST
    targets: frozenset[InjectionTarget] = frozenset()

    @cached_property
    def positions(self) -> dict[int, int]:
        return {index: position for position, index in enumerate(self.signal_ids)}

    def run(self, ctx: Context) -> Finding | None:
        return injection_scan.finding(ctx, self.signal_ids, self.positions, self.threshold, self.mode, self.targets)


@dataclass(eq=False)
class KeyEnvironment(Check):
    prefixes: tuple[str, ...] = ()
    allowed: frozenset[str] = frozenset()

    def run(self, ctx: Context) -> Finding | None:
        prefix, env = ctx.request.api_key_prefix, ctx.request.environment
        if not prefix or not prefix.startswith(self.prefixes):
            return None
        if env is not None and env.strip().lower() in self.allowed:
            return None
        return Finding(f"a production key is used in environment '{env or 'unset'}'")


@dataclass(eq=False)
class CostThreshold(Check):
    threshold_cents: int = 0

    def run(self, ctx: Context) -> Finding | None:
        cost = ctx.request.cost_usd
        # Rounded so that 0.29 USD is 29 cents, not 28.999999999999996.
        if not self.threshold_cents or cost is None or round(cost * 100, 6) < self.threshold_cents:
            return None
        return Finding(f"cost {cost} USD is at or over {self.threshold_cents} cents")


@dataclass(eq=False)
class MaxTokens(Check):
    limit: int = 0

    def run(self, ctx: Context) -> Finding | None:
        requested = ctx.request.max_tokens
        if requested is None or requested <= self.limit:
            return None
        finding = Finding(f"max_tokens {requested} is over {self.limit}")
        if self.action == Action.MODIFY:
            finding.clamp_max_tokens = self.limit
            finding.message += f"; clamped to {self.limit}"
        return finding


@dataclass(eq=False)
class MaxPromptChars(Check):
    """The bare prompt and every non-system message are each held to ``limit`` characters."""

    limit: int = 0

    def run(self, ctx: Context) -> Finding | None:
        finding = Finding(f"prompt text is longer than {self.limit} characters")
        for target in ctx.targets:
            if target.kind == PROMPT and len(target.text) > self.limit:
                finding.matches.append(
                    Match(kind="over_limit", start=self.limit, end=len(target.text), target=target.name)
                )
                if self.action == Action.MODIFY:
                    finding.truncations[target.name] = self.limit
        return finding if finding.matches else None


@dataclass(eq=False)
class SystemPrompt(Check):
    prompt: str = ""
    mode: SystemPromptMode = SystemPromptMode.REPLACE

    def run(self, ctx: Context) -> Finding | None:
        systems = [(i, m.content) for i, m in enumerate(ctx.request.messages or ()) if m.role == Role.SYSTEM]
        if self.action == Action.BLOCK:
            differing = [
                Match(kind="system_prompt", start=0, end=len(c), target=f"messages[{i}]")
                for i, c in systems
                if c.strip() != self.prompt.strip()
            ]
            return Finding("the request brings its own system prompt", differing) if differing else None
        first = systems[0][1] if systems else None
        done = (
            first is not None
            and {
                SystemPromptMode.REPLACE: first == self.prompt and len(systems) == 1,
                SystemPromptMode.PREPEND: first.startswith(self.prompt),
                SystemPromptMode.APPEND: first.endswith(self.prompt),
            }[self.mode]
        )
        if done:
            return None
        return Finding(f"system prompt rewritten ({self.mode.value})", system_prompt=(self.mode, self.prompt))


@dataclass(eq=False)
class EndUserRequired(Check):
    def run(self, ctx: Context) -> Finding | None:
        if ctx.request.end_user_id and ctx.request.end_user_id.strip():
            return None
        return Finding("end_user_id is required")


def estimate_tokens(text: str) -> int:
    """About four characters per token (the usual English rule of thumb for BPE tokenizers)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


@dataclass(eq=False)
class ResponseTokenLimit(Check):
    limit: int = 0

    def run(self, ctx: Context) -> Finding | None:
        response = ctx.request.response
        if response is None or (tokens := estimate_tokens(response)) <= self.limit:
            return None
        return Finding(f"response is about {tokens} tokens, over {self.limit}")


@dataclass(eq=False)
class Grounding(Check):
    """Needs both ``response`` and ``context``; without a context there is nothing to judge."""

    threshold: float = 0.5

    def run(self, ctx: Context) -> Finding | None:
        response, context = ctx.request.response, ctx.request.context
        if not response or not context:
            return None
        result = grounding(response, context)
        if result.total == 0 or result.share >= self.threshold:
            return None
        matches = [Match(kind="unsupported", start=s, end=e, target=RESPONSE) for s, e in result.unsupported]
        return Finding(
            f"{result.supported} of {result.total} response sentences are supported by the context "
            f"({result.share:.2f} < {self.threshold:.2f})",
            matches,
        )


def build_checks(rule: RuleBase, action: Action, index: int, plan: ScanPlan, on_timeout: str = "match") -> list[Check]:
    """Compile one validated rule into its checks (a pii rule: one per action group).
    ``on_timeout`` (the policy's) answers for Python-compatible patterns that run out of time."""
    if isinstance(rule, PiiRule | SecretsRule):
        return _detection_checks(rule, action, index, plan)
    return [build_check(rule, action, index, plan, on_timeout)]


def build_check(rule: RuleBase, action: Action, index: int, plan: ScanPlan, on_timeout: str = "match") -> Check:
    """Compile one validated rule, registering its patterns and words with the plan."""
    base = (rule, action, index)
    match rule:
        case ModelAllowlistRule():
            return ModelAllowlist(*base, globs=[compile_glob(g) for g in rule.models])
        case BannedPatternsRule():
            ids: list[int] = []
            fallback: dict[str, int] = {}  # pattern -> its first position; a duplicate runs once
            for position, pattern in enumerate(rule.patterns):
                if needs_fallback(pattern):
                    fallback.setdefault(pattern, position)
                    ids.append(-1)
                else:
                    ids.append(plan.pattern(pattern))
            kinds = frozenset(t.value for t in rule.targets)
            return BannedPatterns(
                *base,
                pattern_ids=ids,
                fallback=[(position, pattern) for pattern, position in fallback.items()],
                limit=rule.scan_limit_chars,
                kinds=kinds,
                on_timeout=on_timeout,
            )
        case WordListRule():
            owner = object()
            plan.word_list(owner, rule.words, rule.case_sensitive, rule.match == WordMatch.WORD)
            return Words(*base, owners={owner: "word"})
        case ContentFilterRule():
            owners = {plan.category(c): c.value for c in rule.categories}
            return Words(*base, owners=owners, label="content categories matched")
        case InjectionRule():
            if rule.mode != InjectionMode.LEXICAL:
                injection_model.scorer()  # loaded when the policy set is compiled, not on the first request
            return Injection(
                *base,
                signal_ids=plan.signals(),
                threshold=rule.threshold,
                mode=rule.mode,
                targets=frozenset(rule.targets),
            )
        case KeyEnvironmentRule():
            allowed = frozenset(e.lower() for e in rule.allowed_envs)
            return KeyEnvironment(*base, prefixes=tuple(rule.prod_key_prefixes), allowed=allowed)
        case CostThresholdRule():
            return CostThreshold(*base, threshold_cents=rule.threshold_cents)
        case MaxTokensRule():
            return MaxTokens(*base, limit=rule.max_tokens)
        case MaxPromptCharsRule():
            return MaxPromptChars(*base, limit=rule.max_chars)
        case SystemPromptRule():
            return SystemPrompt(*base, prompt=rule.prompt, mode=rule.mode)
        case EndUserRequiredRule():
            return EndUserRequired(*base)
        case ResponseTokenLimitRule():
            return ResponseTokenLimit(*base, limit=rule.max_tokens)
        case GroundingRule():
            return Grounding(*base, threshold=rule.threshold)
    raise ValueError(f"no check for rule type {rule.type!r}")
