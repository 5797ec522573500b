"""The benchmarks' harness runs (tiny sizes, targets not enforced): ``make bench`` stays runnable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["bench_engine.py", "bench_cold_import.py", "bench_compiled_set.py"])
def test_bench_smoke_run_completes_and_prints_its_figures(script: str) -> None:
    # Given a benchmark script, when it runs in smoke mode
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "benchmarks" / script), "--smoke"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    # Then it exits 0 and prints its figures with their baselines and targets
    assert done.returncode == 0, done.stderr[-2000:]
    assert "smoke run: harness checked" in done.stdout
    if script == "bench_engine.py":
        for heading in ("naive us", "presidio us", "handler ms", "us/match", "x first", "without hits"):
            assert heading in done.stdout
    elif script == "bench_compiled_set.py":
        for heading in ("largest / reference", "left for the cache", "orgs held before eviction", "estimated"):
            assert heading in done.stdout
    else:
        assert "import boto3" in done.stdout
        assert "ratio:" in done.stdout
