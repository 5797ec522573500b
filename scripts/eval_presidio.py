"""Score the PII detectors on Microsoft Presidio's own recognizer test cases.

Data: ``scripts/data/presidio_recognizer_cases.json`` (microsoft/presidio, MIT; each case names
its source file and commit). Every case is evaluated through the engine's public API
(``compile_policy`` + ``evaluate``) with a pii rule for that case's entity alone, as Presidio
tests one recognizer at a time.

- recall: expected spans reported with exactly that span;
- false positives: the share of cases in which a span was reported that the case does not expect
  (on a case that expects nothing, any report);
- cases marked ``excluded`` (we disagree with Presidio, one line each) are listed, not scored.

Two settings: ``min_confidence 0`` counts every detection, as Presidio's tests count results of
any score (its low-score results included); ``default`` is a rule as users write it.

Run: python scripts/eval_presidio.py [--verbose]. Exits 1 when a goal is missed (at min_confidence 0):
the six core entities recall >= 0.95 with <= 2% false positives; passport and date of birth
(with their context word) recall >= 0.90. The national ids are reported without a goal.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]

from policy_engine.engine import compile_policy  # noqa: E402
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402

DATA = ROOT / "scripts" / "data" / "presidio_recognizer_cases.json"
CORE = ("email", "phone", "ssn", "credit_card", "ip_address", "iban")
CONTEXTUAL = ("passport", "date_of_birth")
NATIONAL_IDS = (
    "uk_nino", "uk_nhs", "es_nif", "it_fiscal_code", "pl_pesel", "in_pan", "in_aadhaar", "au_tfn", "sg_nric",
    "us_itin", "us_bank_routing",
)  # fmt: skip
GOALS = {"core": (0.95, 0.02), "contextual": (0.90, None)}


@dataclass
class Tally:
    cases: int = 0
    expected: int = 0
    found: int = 0
    cases_with_fp: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.cases += other.cases
        self.expected += other.expected
        self.found += other.found
        self.cases_with_fp += other.cases_with_fp

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def fp_rate(self) -> float:
        return self.cases_with_fp / self.cases if self.cases else 0.0


def load() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def cross_entity(cases: list[dict[str, Any]]) -> list[str]:
    """Cases in which a default rule over every entity reports something the case does not expect
    (another entity on the value, or a span elsewhere)."""
    rule = {"type": "pii", "action": "alert"}
    policy = compile_policy({"id": "presidio-all", "name": "every entity", "version": 1, "rules": [rule]})
    out = []
    for case in cases:
        if case.get("excluded"):
            continue
        text, entity = case["text"], case["entity"]
        expected = {(entity, s, e) for s, e in case["spans"]}
        result = policy.evaluate(EvaluateRequest(model="eval", prompt=text))
        extra = {(m.kind, m.start, m.end) for v in result.violations for m in v.matches} - expected
        out += [f"[{entity}] {text!r}: {kind} {text[s:e]!r}" for kind, s, e in sorted(extra)]
    return out


def reported(entity: str, text: str, min_confidence: float | None) -> set[tuple[int, int]]:
    rule: dict[str, Any] = {"type": "pii", "action": "alert", "entities": [entity]}
    if min_confidence is not None:
        rule["min_confidence"] = min_confidence
    policy = compile_policy({"id": "presidio", "name": "presidio cases", "version": 1, "rules": [rule]})
    result = policy.evaluate(EvaluateRequest(model="eval", prompt=text))
    return {(m.start, m.end) for v in result.violations for m in v.matches if m.kind == entity}


def score(cases: list[dict[str, Any]], min_confidence: float | None) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        if case.get("excluded"):
            continue
        entity, text = case["entity"], case["text"]
        expected = {(s, e) for s, e in case["spans"]}
        got = reported(entity, text, min_confidence)
        tally = tallies[entity]
        tally.cases += 1
        tally.expected += len(expected)
        tally.found += len(expected & got)
        tally.misses += [f"{text!r} expected {text[s:e]!r}" for s, e in sorted(expected - got)]
        if got - expected:
            tally.cases_with_fp += 1
            tally.false += [f"{text!r} reported {text[s:e]!r}" for s, e in sorted(got - expected)]
    return tallies


def report(title: str, tallies: dict[str, Tally], verbose: bool) -> dict[str, Tally]:
    print(f"\n{title}")
    print(f"  {'entity':<15}{'cases':>6}{'spans':>7}{'recall':>8}{'FP cases':>10}{'FP rate':>9}")
    groups = {"core": Tally(), "contextual": Tally(), "national": Tally()}
    for entity in (*CORE, *CONTEXTUAL, *NATIONAL_IDS):
        t = tallies.get(entity, Tally())
        groups["core" if entity in CORE else "contextual" if entity in CONTEXTUAL else "national"].add(t)
        print(f"  {entity:<15}{t.cases:>6}{t.expected:>7}{t.recall:>8.3f}{t.cases_with_fp:>10}{t.fp_rate:>9.3f}")
        if verbose:
            for line in t.misses:
                print(f"      miss  {line}")
            for line in t.false:
                print(f"      false {line}")
    labels = {
        "core": "six core entities",
        "contextual": "passport + date of birth",
        "national": "national ids (no goal)",
    }
    for name, t in groups.items():
        label = labels[name]
        print(f"  {label:<27} recall {t.recall:.3f}, FP {t.fp_rate:.3f} ({t.cases_with_fp}/{t.cases} cases)")
    return groups


def main() -> int:
    verbose = "--verbose" in sys.argv
    data = load()
    cases = data["cases"]
    print(f"Presidio recognizer test cases: {data['repo']} ({data['license']}), {len(cases)} cases")
    for key, source in data["sources"].items():
        print(f"  {key:<14} {source['path']} @ {source['commit'][:12]}")
    excluded = [c for c in cases if c.get("excluded")]
    print(f"\nExcluded ({len(excluded)}), each with the reason we disagree:")
    for case in excluded:
        print(f"  [{case['entity']}] {case['text']!r}: {case['excluded']}")
    groups = report(
        "min_confidence 0 (every detection, as Presidio's tests count any score)", score(cases, 0.0), verbose
    )
    report("default rule (min_confidence 0.5)", score(cases, None), verbose)
    scored = [c for c in cases if not c.get("excluded")]
    others = cross_entity(scored)
    print(f"\nevery entity at once (a default rule): {len(others)} reports no case expects, in {len(scored)} cases")
    for line in others if verbose else others[:10]:
        print(f"  {line}")
    missed = []
    for name, (recall_goal, fp_goal) in GOALS.items():
        t = groups[name]
        if t.recall < recall_goal or (fp_goal is not None and t.fp_rate > fp_goal):
            missed.append(f"{name}: recall {t.recall:.3f} (goal >= {recall_goal}), FP {t.fp_rate:.3f}")
    print("\n" + ("goals met" if not missed else "goals missed: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
