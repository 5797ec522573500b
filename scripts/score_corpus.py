"""Score the detectors on the labeled corpora: precision and recall per PII entity and secret kind,
detection and false-positive rates for injection.

Injection is scored on three sets: the templated one of ``make_corpus``, the earlier small
hand-written set kept there, and the held-out set of ``injection_heldout`` (never used to
tune the signals). Each reports detection per attack family, false positives per benign
topic, and on which share of benign prompts each signal family took part in a false alarm.

Run: python scripts/score_corpus.py [--size N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]

from policy_engine.engine import CompiledPolicySet, compile_policy_set  # noqa: E402
from policy_engine.engine.secret_detectors import catalog  # noqa: E402
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402
from scripts import injection_heldout  # noqa: E402
from scripts.make_corpus import (  # noqa: E402
    HELDOUT_ATTACKS,
    HELDOUT_BENIGN,
    SEED,
    Sample,
    build_corpus,
    build_injection_sets,
)

DETECT_ALL = [
    {"id": "pii", "name": "pii", "version": 1, "rules": [{"type": "pii", "action": "alert"}]},
    {"id": "secrets", "name": "secrets", "version": 1, "rules": [{"type": "secrets", "action": "alert"}]},
]
INJECTION = [{"id": "inj", "name": "injection", "version": 1, "rules": [{"type": "injection", "action": "alert"}]}]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def family_of(kind: str) -> str:
    """The corpus labels secrets by family (the ten kind names of before the gitleaks rule set)."""
    rule = catalog().rules.get(kind)
    return rule.family if rule is not None and rule.family is not None else kind


def score_detectors(samples: list[Sample]) -> tuple[dict[str, Score], list[tuple[str, str]]]:
    """Exact-span scores per kind, and the misses as ``(what, text)`` for inspection."""
    engine = compile_policy_set(DETECT_ALL)
    scores: dict[str, Score] = {}
    misses = []
    for sample in samples:
        result = engine.evaluate(EvaluateRequest(model="m", prompt=sample.text))
        found = Counter((family_of(m.kind), m.start, m.end) for v in result.violations for m in v.matches)
        expected = Counter(sample.labels)
        for kind, *_ in found | expected:
            scores.setdefault(kind, Score())
        for item, n in (found & expected).items():
            scores[item[0]].tp += n
        for item, n in (found - expected).items():
            scores[item[0]].fp += n
            misses.append((f"FP {item[0]} {sample.text[item[1] : item[2]]!r}", sample.text))
        for item, n in (expected - found).items():
            scores[item[0]].fn += n
            misses.append((f"FN {item[0]} {sample.text[item[1] : item[2]]!r}", sample.text))
    return scores, misses


def _fired(engine: CompiledPolicySet, text: str) -> set[str]:
    """The signal families of a firing injection rule, empty when it does not fire."""
    result = engine.evaluate(EvaluateRequest(model="m", prompt=text))
    return {m.kind for v in result.violations for m in v.matches}


def _fires(engine: CompiledPolicySet, text: str) -> bool:
    return bool(engine.evaluate(EvaluateRequest(model="m", prompt=text)).violations)


@dataclass
class InjectionScore:
    detection: dict[str, float]  # per attack family, and "all"
    false_positive: dict[str, float]  # per benign topic, and "all"
    alarm_families: dict[str, float]  # per signal family: share of benign prompts it raised an alarm on
    errors: list[str]
    attacks: int = 0
    benign: int = 0


def score_labeled(attacks: list[tuple[str, str]], benign: list[tuple[str, str]]) -> InjectionScore:
    """Rates on ``(family, text)`` attacks and ``(topic, text)`` benign prompts at the default threshold."""
    engine = compile_policy_set(INJECTION)
    detected: dict[str, list[bool]] = {}
    flagged: dict[str, list[bool]] = {}
    alarms: Counter[str] = Counter()
    errors = []
    for family, text in attacks:
        hit = _fires(engine, text)
        detected.setdefault(family, []).append(hit)
        if not hit:
            errors.append(f"missed {family}: {text!r}")
    for topic, text in benign:
        families = _fired(engine, text)
        flagged.setdefault(topic, []).append(bool(families))
        alarms.update(families)
        if families:
            errors.append(f"false positive {topic} ({', '.join(sorted(families))}): {text!r}")

    def rates(groups: dict[str, list[bool]], total: int) -> dict[str, float]:
        out = {name: sum(hits) / len(hits) for name, hits in groups.items()}
        out["all"] = sum(sum(h) for h in groups.values()) / total if total else 0.0
        return out

    return InjectionScore(
        detection=rates(detected, len(attacks)),
        false_positive=rates(flagged, len(benign)),
        alarm_families={family: n / len(benign) for family, n in sorted(alarms.items())} if benign else {},
        errors=errors,
        attacks=len(attacks),
        benign=len(benign),
    )


def score_templated(seed: int = SEED) -> InjectionScore:
    attacks, benign = build_injection_sets(seed)
    return score_labeled(attacks, [("templated", text) for text in benign])


def score_heldout() -> InjectionScore:
    """The held-out set of ``scripts/injection_heldout.py``."""
    return score_labeled(injection_heldout.ATTACKS, injection_heldout.BENIGN)


def score_earlier_heldout() -> InjectionScore:
    """The earlier 20 + 20 hand-written prompts of ``make_corpus`` (seen while broadening the signals)."""
    return score_labeled([("mixed", t) for t in HELDOUT_ATTACKS], [("mixed", t) for t in HELDOUT_BENIGN])


def score_injection(seed: int = SEED) -> tuple[dict[str, float], float, list[str]]:
    """Detection rate per family, false-positive rate on benign prompts, and the errors (templated set)."""
    result = score_templated(seed)
    return result.detection, result.false_positive["all"], result.errors


def print_injection(title: str, result: InjectionScore) -> None:
    print(f"\n{title}: {result.attacks} attacks, {result.benign} benign prompts (threshold 0.5)")
    print(f"  {'attack family':<22} {'detection':>9}")
    for family, rate in result.detection.items():
        print(f"  {family:<22} {rate:>9.4f}")
    print(f"  {'benign topic':<22} {'false pos':>9}")
    for topic, rate in result.false_positive.items():
        print(f"  {topic:<22} {rate:>9.4f}")
    if result.alarm_families:
        print("  signal families behind false positives (share of benign prompts):")
        for family, rate in result.alarm_families.items():
            print(f"  {family:<22} {rate:>9.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    samples = build_corpus(args.size, args.seed)
    scores, misses = score_detectors(samples)
    labels = sum(len(s.labels) for s in samples)
    print(f"corpus: {len(samples)} prompts, {labels} labeled items, seed {args.seed}")
    print(f"{'kind':<16} {'support':>7} {'precision':>9} {'recall':>7}")
    for kind, score in sorted(scores.items()):
        print(f"{kind:<16} {score.tp + score.fn:>7} {score.precision:>9.4f} {score.recall:>7.4f}")
    templated = score_templated(args.seed)
    print_injection("injection, templated sets", templated)
    earlier = score_earlier_heldout()
    print_injection("injection, earlier hand-written set (seen during tuning)", earlier)
    heldout = score_heldout()
    print_injection("injection, held-out set (scripts/injection_heldout.py, not used for tuning)", heldout)
    errors = templated.errors + [f"earlier {e}" for e in earlier.errors] + [f"held-out {e}" for e in heldout.errors]
    if args.show_errors:
        for line in [m for m, _ in misses] + errors:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
