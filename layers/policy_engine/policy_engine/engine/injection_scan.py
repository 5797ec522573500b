"""The injection rule's check: which texts it reads, how each is scored, what it reports.

Texts: the rule's ``targets``; ``prompt`` is the bare prompt and every non-system message
(user, assistant, tool), ``context`` the request's retrieved documents. Each text is scored on
its own and the rule's score is the best of them, so an attack in a tool message or a
document counts as much as one in the last user turn.

``lexical``: the signals' noisy-or score (see ``injection``). ``fast`` and ``thorough``: the
learned model of ``injection_model``, whose windows also take the signals that hit inside them
as features; a finding reports the tier, the signal families of the best window and the
``classifier`` span, narrowed to the sentence of that window with the most attack weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_engine.engine import injection, injection_model
from policy_engine.engine.context import Context, Finding
from policy_engine.engine.scanner import TargetScan
from policy_engine.engine.text import PROMPT, RESPONSE, SYSTEM, Target
from policy_engine.models.evaluate import Match
from policy_engine.rules.injection import InjectionMode, InjectionTarget

CONTEXT = "context"
CLASSIFIER = "classifier"
_KINDS = {InjectionTarget.PROMPT: PROMPT, InjectionTarget.SYSTEM: SYSTEM, InjectionTarget.RESPONSE: RESPONSE}


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    matches: list[Match]
    families: tuple[str, ...]


def texts(ctx: Context, targets: frozenset[InjectionTarget]) -> list[TargetScan]:
    kinds = frozenset(_KINDS[t] for t in targets if t in _KINDS)
    scans = ctx.scans(kinds)
    if InjectionTarget.CONTEXT in targets and ctx.request.context:
        scans.append(ctx.scanner.scan(Target(CONTEXT, ctx.request.context, CONTEXT)))
    return scans


def finding(
    ctx: Context,
    signal_ids: list[int],
    positions: dict[int, int],
    threshold: float,
    mode: InjectionMode,
    targets: frozenset[InjectionTarget],
) -> Finding | None:
    scored = [
        s for scan in texts(ctx, targets) if (s := _score(scan, signal_ids, positions, mode, threshold)) is not None
    ]
    if not scored:
        return None
    best = max(scored, key=lambda s: s.score)
    if best.score < threshold or best.score == 0.0:
        return None
    over = [s for s in scored if s.score >= threshold]
    families = sorted({f for s in over for f in s.families})
    matches = [m for s in over for m in s.matches]
    label = ", ".join(families)
    return Finding(f"injection score {best.score:.2f} >= {threshold:.2f} ({mode.value} tier: {label})", matches)


def _score(
    scan: TargetScan, signal_ids: list[int], positions: dict[int, int], mode: InjectionMode, threshold: float
) -> Scored | None:
    """The text's score; its matches only when it reaches the threshold (spans cost a second look)."""
    hit = sorted(positions[i] for i in scan.hits if i in positions)
    name = scan.target.name
    if mode == InjectionMode.LEXICAL:
        if not hit:
            return None
        weights = injection.family_weights(hit)
        score = injection.score(weights)
        matches = (
            [
                Match(kind=injection.SIGNALS[i].family, start=s, end=e, target=name)
                for i in hit
                for s, e in scan.spans(signal_ids[i])
            ]
            if score >= threshold
            else []
        )
        return Scored(score, matches, tuple(sorted(weights)))
    text = scan.target.text
    if not text.strip():
        return None
    signals = injection.signal_hits(scan, signal_ids, hit) if hit else []
    scorer = injection_model.scorer()
    sizes = injection_model.THOROUGH if mode == InjectionMode.THOROUGH else injection_model.FAST
    window = scorer.score(text, signals, sizes, threshold)
    if window.score < threshold:
        return Scored(window.score, [], ())
    start, end = scorer.focus(text, window.start, window.end)
    matches = [Match(kind=CLASSIFIER, start=start, end=end, target=name)]
    matches += [
        Match(kind=family, start=s, end=e, target=name)
        for family, _, s, e in signals
        if family in window.lexical and s < window.end and e > window.start
    ]
    return Scored(round(window.score, 4), matches, (CLASSIFIER, *window.lexical))
