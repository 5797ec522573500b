"""Score the detectors on the labeled corpora: precision and recall per PII entity and secret kind,
detection and false-positive rates for injection.

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
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402
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


def score_detectors(samples: list[Sample]) -> tuple[dict[str, Score], list[tuple[str, str]]]:
    """Exact-span scores per kind, and the misses as ``(what, text)`` for inspection."""
    engine = compile_policy_set(DETECT_ALL)
    scores: dict[str, Score] = {}
    misses = []
    for sample in samples:
        result = engine.evaluate(EvaluateRequest(model="m", prompt=sample.text))
        found = Counter((m.kind, m.start, m.end) for v in result.violations for m in v.matches)
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


def _fires(engine: CompiledPolicySet, text: str) -> bool:
    return bool(engine.evaluate(EvaluateRequest(model="m", prompt=text)).violations)


def score_heldout() -> tuple[float, float, list[str]]:
    """Detection and false-positive rates on the hand-written held-out prompts."""
    engine = compile_policy_set(INJECTION)
    missed = [t for t in HELDOUT_ATTACKS if not _fires(engine, t)]
    flagged = [t for t in HELDOUT_BENIGN if _fires(engine, t)]
    errors = [f"held-out missed: {t!r}" for t in missed] + [f"held-out false positive: {t!r}" for t in flagged]
    return 1 - len(missed) / len(HELDOUT_ATTACKS), len(flagged) / len(HELDOUT_BENIGN), errors


def score_injection(seed: int = SEED) -> tuple[dict[str, float], float, list[str]]:
    """Detection rate per family, false-positive rate on benign prompts, and the errors."""
    engine = compile_policy_set(INJECTION)
    attacks, benign = build_injection_sets(seed)

    def fires(text: str) -> bool:
        return _fires(engine, text)

    detected: dict[str, list[bool]] = {}
    errors = []
    for family, text in attacks:
        hit = fires(text)
        detected.setdefault(family, []).append(hit)
        if not hit:
            errors.append(f"missed {family}: {text!r}")
    false_positives = [text for text in benign if fires(text)]
    errors += [f"false positive: {text!r}" for text in false_positives]
    rates = {family: sum(hits) / len(hits) for family, hits in detected.items()}
    rates["all"] = sum(sum(h) for h in detected.values()) / len(attacks)
    return rates, len(false_positives) / len(benign), errors


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
    attacks, benign = build_injection_sets(args.seed)
    rates, fpr, errors = score_injection(args.seed)
    print(f"\ninjection: {len(attacks)} attacks, {len(benign)} benign prompts (threshold 0.5)")
    for family, rate in rates.items():
        print(f"  detection rate {family:<22} {rate:.4f}")
    print(f"  false-positive rate{'':<20} {fpr:.4f}")
    held_rate, held_fpr, held_errors = score_heldout()
    print(f"held-out (hand-written, not used for tuning): {len(HELDOUT_ATTACKS)} attacks, {len(HELDOUT_BENIGN)} benign")
    print(f"  detection rate {held_rate:.4f}, false-positive rate {held_fpr:.4f}")
    errors += held_errors
    if args.show_errors:
        for line in [m for m, _ in misses] + errors:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
