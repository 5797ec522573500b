"""The labeled corpora (built in memory, deterministic) meet the detection targets."""

from __future__ import annotations

import pytest

from scripts.make_corpus import build_corpus
from scripts.score_corpus import score_detectors, score_injection
from tests.unit.engine.helpers import make_policy, run


def test_every_entity_and_kind_scores_at_least_0_99() -> None:
    # Given the seeded corpus of 2,400 prompts (PII, secrets, decoys)
    samples = build_corpus()
    # When every prompt is scanned for every entity and kind
    scores, misses = score_detectors(samples)
    # Then precision and recall are >= 0.99 for each, over the full set of kinds
    assert len(samples) >= 2000
    assert len(scores) == 18
    low = {k: (s.precision, s.recall) for k, s in scores.items() if s.precision < 0.99 or s.recall < 0.99}
    assert low == {}, misses[:10]


def test_templated_injection_sets() -> None:
    # Given the templated attack families and benign prompts that mention instructions
    # When scored at the default threshold
    rates, false_positive_rate, errors = score_injection()
    # Then attacks are detected and benign prompts pass
    assert rates["all"] >= 0.95, errors[:10]
    assert false_positive_rate <= 0.05, errors[-10:]


@pytest.mark.parametrize("size", [100_000])
def test_large_prompt_with_every_detector_completes(size: int) -> None:
    # Given every detector, and a large prompt of separators and digits (worst cases for the patterns)
    policy = make_policy({"type": "pii", "action": "redact"}, {"type": "secrets", "action": "redact"})
    text = ("1-2 " * (size // 8)) + ("a." * (size // 4))
    # When evaluated, then it completes and finds nothing
    assert run(policy, prompt=text).verdict == "allowed"
