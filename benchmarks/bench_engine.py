"""Engine benchmark: the reference policy set on 512 B, 4 KB and 32 KB prompts, against a naive build.

Exits 1 when a target is missed. Run: python benchmarks/bench_engine.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]

from benchmarks.naive import NaiveChecker  # noqa: E402
from benchmarks.reference import reference_policies, request_body  # noqa: E402
from policy_engine.engine import compile_policy_set  # noqa: E402
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402

SIZES = {"512 B": 512, "4 KB": 4096, "32 KB": 32768}
TARGETS_US = {"4 KB": 150.0, "32 KB": 1000.0}
MIN_SPEEDUP = 50.0


def median_us(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches (RE2's lazily built DFA states, the automaton's pages)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def main() -> int:
    quick = "--quick" in sys.argv
    policies = reference_policies()
    started = time.perf_counter()
    compiled = compile_policy_set(policies)
    compile_ms = (time.perf_counter() - started) * 1000
    naive = NaiveChecker(policies)
    print(
        f"reference set: {len(policies)} policies, {len(compiled.scanner.patterns)} RE2 patterns in one pass, "
        f"{len(compiled.scanner.words)} words in one automaton; compiled in {compile_ms:.0f} ms"
    )
    print(f"{'prompt':>7} {'engine us':>10} {'parse us':>9} {'naive us':>12} {'speedup':>8}  verdict")
    failures = []
    for label, size in SIZES.items():
        body = request_body(size)
        request = EvaluateRequest.model_validate(body)
        engine = median_us(lambda request=request: compiled.evaluate(request), 50 if quick else 500)
        parse = median_us(lambda body=body: EvaluateRequest.model_validate(body), 50 if quick else 500)
        slow = median_us(lambda text=body["prompt"]: naive.check(text), 2 if quick else 5)
        verdict = compiled.evaluate(request).verdict.value
        speedup = slow / engine
        print(f"{label:>7} {engine:>10.1f} {parse:>9.1f} {slow:>12.0f} {speedup:>7.0f}x  {verdict}")
        if label in TARGETS_US and engine > TARGETS_US[label]:
            failures.append(f"{label}: {engine:.1f} us > {TARGETS_US[label]:.0f} us")
        if speedup < MIN_SPEEDUP:
            failures.append(f"{label}: {speedup:.0f}x < {MIN_SPEEDUP:.0f}x")
    print("targets: 4 KB <= 150 us, 32 KB <= 1000 us, >= 50x naive:", "MET" if not failures else "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
