"""Detectors that say where their matches are (``anchor``: an email's "@") are searched only there
on ASCII text; the spans must be exactly those of a search of the whole text."""

from __future__ import annotations

import random

import pytest

from policy_engine.engine import compile_policy_set
from policy_engine.engine.context import Context
from policy_engine.engine.detectors import PII_DETECTORS
from policy_engine.models.evaluate import EvaluateRequest
from tests.unit.engine.helpers import make_policy

GATED = [d for d in PII_DETECTORS if d.anchor]

# Pieces that make and break emails (and other values), glued in random orders.
PIECES = [
    "jane.doe@example.com", "a@b.co", "@", "@@", "x@", "@y.org", ".", "..", "-", "_", "%", "+", "a.b", "mail",
    "Passport", "PASSPORTS:", "passport no.", "travel  documents", "Travel document", "X1234567", "ab12345678",
    "DOB", "d.o.b.", "D.O.B:", "date of birth", "Birth date", "birthday", "born on", "Born", "1984-03-12",
    "12/03/1984", "5-May-2021", "March 3, 1990", "dobby", "dated", "0", "42", " ", "  ", "\n", "\t", ",", ":",
    "é", "and", "the", "\u200b",
]  # fmt: skip


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test inputs
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


@pytest.mark.parametrize("detector", GATED, ids=lambda d: d.kind)
def test_a_gated_detector_finds_the_spans_of_a_whole_text_search(detector: object) -> None:
    # Given a policy set that detects every entity, and texts made of pieces of its values
    compiled = compile_policy_set([make_policy({"type": "pii", "action": "redact"})])
    scanner = compiled.scanner
    index = next(i for i, d in scanner.detectors.items() if d.pattern == detector.pattern)  # type: ignore[attr-defined]
    bound = scanner.detectors[index]
    checked = found = 0
    for text in _texts(20261202, 1500):
        scan = Context(EvaluateRequest(model="m", prompt=text), scanner).scan(0)
        # When its candidates are searched where its matches can start, and over the whole text
        gated = list(scan.detector_spans(index, bound))
        whole = list(scan._scan_spans(index, bound.group, None))
        # Then both give the same spans, in the same order
        assert gated == whole, text
        checked += 1
        found += len(whole)
    assert checked == 1500
    assert found > 100  # the texts do hold candidates of this detector


RUN_GATED = [d for d in PII_DETECTORS if d.within]

# Pieces of numbers, their separators and their neighbours, glued in random orders.
NUMBER_PIECES = [
    "415-555-0132", "+44 20 7946 0958", "(020) 7946 0958", "+1 (415) 555", "078-05-1123", "078.05.1123",
    "4111 1111 1111 1111", "4111-1111-1111-1111", "192.168.0.1", "10.0.0.0/8", "/123", "943 476 5919",
    "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "NL91ABNA0417164300", "2345 6789 0123",
    "123456789", "12345678901", "912-78-1234", "900 70 0000", "021000021", "0260-0959-3",
    "9", "42", "0", "-", ".", "/", "(", ")", "+", ":", " ", "  ", "\n", "\t",
    "\v", "a", "Z", "_", "x1", "é", "€", "\u200b", "tel", "phone:", "SSN ", "and", "AB", "ABCD",
]  # fmt: skip


def _number_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test inputs
    return ["".join(rng.choice(NUMBER_PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("detector", RUN_GATED, ids=lambda d: f"{d.kind}:{d.pattern[:12]}")
def test_a_run_gated_detector_finds_the_spans_of_a_whole_text_search(detector: object) -> None:
    # Given a policy set that detects every entity, and texts made of numbers, their pieces and neighbours
    compiled = compile_policy_set([make_policy({"type": "pii", "action": "redact"})])
    scanner = compiled.scanner
    index = next(i for i, d in scanner.detectors.items() if d.pattern == detector.pattern)  # type: ignore[attr-defined]
    bound = scanner.detectors[index]
    found = 0
    for text in _number_texts(20261203, 1500):
        scan = Context(EvaluateRequest(model="m", prompt=text), scanner).scan(0)
        # When its candidates are searched in the runs of its bytes only, and over the whole text
        gated = list(scan.run_spans(index, bound))
        whole = list(scan._scan_spans(index, bound.group, None))
        # Then both give the same spans, in the same order (on the view, non-ASCII texts included)
        assert gated == whole, text
        found += len(whole)
    assert found > 50  # the texts do hold candidates of this detector
