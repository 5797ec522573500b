"""The compiled policy set at scale: compile time and memory of the largest org the write limits
allow, against the reference org of ``make bench``, and how many orgs one warm evaluate
function holds before its cache evicts.

Run: python benchmarks/bench_compiled_set.py [--smoke]

Memory is the growth of the resident set while several copies of a set are kept alive and have
each evaluated 30 varied prompts (RE2 grows its DFA states lazily, and it and the Aho-Corasick
automata allocate outside Python's heap, so tracemalloc would miss most of it), divided by the
number of copies; each set is measured in a process of its own. The capacity figures take the evaluate function's
MemorySize from template.yaml and a warm process's own resident set, measured here.

Exits 1 when a target is missed:
- the largest allowed set compiles within the write limit ``max_compile_seconds`` (evaluate
  only ever compiles sets a write compiled once already, so a set over it could not be stored);
- the estimate the cache bounds its memory by (``limits.estimated_bytes``) falls under what a
  set is measured to hold;
- the cache's bound (``POLICY_CACHE_MAX_MB``, by default half the function's memory) plus one
  largest set, the warm process and the largest request fit in the function's memory: the
  newest set is kept even when it alone is over the bound.
``--smoke`` builds a small "largest" set and checks the harness only.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "policy_engine"), str(ROOT)]
os.environ.setdefault("TABLE_NAME", "governance")
os.environ.setdefault("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-signing")

from benchmarks.reference import banned_regexes, codewords, dense_prompt_of, prompt_of, reference_policies  # noqa: E402
from local_stack.template import load_template  # noqa: E402
from policy_engine.engine import compile_policy_set  # noqa: E402
from policy_engine.engine.scanner import shared_sets  # noqa: E402
from policy_engine.logic.limits import compiled_instructions, estimated_bytes  # noqa: E402
from policy_engine.models.evaluate import EvaluateRequest  # noqa: E402
from policy_engine.settings import get_settings  # noqa: E402

MIB = 1024 * 1024
# What a request needs besides the cache: the body as bytes and str, the parsed model, the
# normalised view and its span map, and the decision (about 6 copies of the largest prompt).
REQUEST_COPIES = 6


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def largest_policies(policies: int, patterns: int, words: int) -> list[dict[str, Any]]:
    """An org at the write limits: ``policies`` policies sharing ``patterns`` banned patterns and
    ``words`` listed words, plus a pii, a secrets and an injection rule (the built-in detectors)."""
    rng = random.Random(7)
    regexes = banned_regexes(patterns, rng)
    listed = [f"{word}{i % 7}" for i, word in enumerate(codewords(words, random.Random(8), syllables=(3, 5)))]
    out: list[dict[str, Any]] = []
    for i in range(policies):
        rules: list[dict[str, Any]] = [
            {"type": "banned_patterns", "patterns": regexes[i::policies], "action": "block"},
            {"type": "word_list", "words": listed[i::policies], "action": "alert"},
        ]
        if i == 0:
            rules += [
                {"type": "pii", "action": "redact"},
                {"type": "secrets", "action": "block"},
                {"type": "injection", "action": "block"},
            ]
        policy = {"id": f"big-{i}", "name": f"big {i}", "version": 1, "priority": 100, "enabled": True}
        out.append({**policy, "rules": rules})
    return out


def detector_policies() -> list[dict[str, Any]]:
    """A small org with the built-in detectors: pii, secrets and injection, and two patterns."""
    rules = [
        {"type": "pii", "action": "redact"},
        {"type": "secrets", "action": "block"},
        {"type": "injection", "action": "block"},
        {"type": "banned_patterns", "patterns": [r"project\s+aurora", r"(?i)internal[- ]only"], "action": "block"},
    ]
    return [{"id": "small", "name": "small", "version": 1, "priority": 100, "enabled": True, "rules": rules}]


def warm_prompts() -> list[EvaluateRequest]:
    """Varied prompts (prose and PII-dense, 4-32 KB): RE2 grows its DFA states as it meets text."""
    return [
        EvaluateRequest.model_validate(
            {"model": "gpt-4o-mini", "prompt": (dense_prompt_of if i % 2 else prompt_of)(4096 * (1 + i % 8), seed=i)}
        )
        for i in range(30)
    ]


def measure(name: str, policies: list[dict[str, Any]], copies: int) -> dict[str, Any]:
    """Median compile time, resident bytes per compiled copy once warm, and a 4 KB evaluate.
    Run in a process of its own, so no set reuses memory another one freed."""
    compile_policy_set(policies)  # warm: lazy tables and models load once per process, not per set
    prompts = warm_prompts()
    gc.collect()
    before = rss_bytes()
    kept, seconds = [], []
    for _ in range(copies):
        shared_sets.cache_clear()  # each copy compiles its own Sets, as an org's first compile does
        started = time.perf_counter()
        kept.append(compile_policy_set(policies))
        seconds.append(time.perf_counter() - started)
    for compiled in kept:
        for prompt in prompts:
            compiled.evaluate(prompt)
    gc.collect()
    per_set = max(rss_bytes() - before, 0) / copies
    compiled = kept[0]
    request = EvaluateRequest.model_validate({"model": "gpt-4o-mini", "prompt": prompt_of(4096)})
    runs = []
    for _ in range(25):
        started = time.perf_counter()
        compiled.evaluate(request)
        runs.append(time.perf_counter() - started)
    return {
        "name": name,
        "policies": len(policies),
        "patterns": len(compiled.scanner.patterns),
        "words": len(compiled.scanner.words),
        "instructions": compiled_instructions(compiled),
        "compile_s": statistics.median(seconds),
        "mib": per_set / MIB,
        "eval_ms": statistics.median(runs) * 1000,
        "estimate_mib": estimated_bytes(compiled) / MIB,
    }


def measure_apart(name: str, smoke: bool) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this script, a fixed set name
        [sys.executable, __file__, "--measure", name, *(["--smoke"] if smoke else [])],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def sets(smoke: bool) -> dict[str, tuple[list[dict[str, Any]], int]]:
    settings = get_settings()
    limits = (
        (20, 100, 2_000)
        if smoke
        else (settings.max_policies_per_org, settings.max_patterns_per_set, settings.max_words_per_set)
    )
    return {
        "small org with the detectors": (detector_policies(), 2 if smoke else 6),
        "reference org (make bench)": (reference_policies(), 2 if smoke else 6),
        "largest allowed org": (largest_policies(*limits), 2),
    }


def warm_process_mib() -> float:
    """A warm evaluate process without any org cached: the handler imported, its AWS clients
    made, and the lazily loaded tables (phone metadata, the injection model) loaded once."""
    import boto3

    import functions.evaluate.app  # noqa: F401 - the handler, the layer, boto3

    boto3.resource("dynamodb", region_name="us-east-1").Table("governance")
    boto3.client("events", region_name="us-east-1")
    boto3.client("firehose", region_name="us-east-1")
    compile_policy_set(reference_policies()).evaluate(EvaluateRequest.model_validate({"model": "m", "prompt": "warm"}))
    gc.collect()
    return rss_bytes() / MIB


def evaluate_memory_mb() -> int:
    props = load_template()["Resources"]["EvaluateFunction"]["Properties"]
    return int(props.get("MemorySize", 0))


def main() -> int:
    smoke = "--smoke" in sys.argv
    if "--measure" in sys.argv:
        name = sys.argv[sys.argv.index("--measure") + 1]
        policies, copies = sets(smoke)[name]
        print(json.dumps(measure(name, policies, copies)))
        return 0
    settings = get_settings()
    warm_mib = warm_process_mib()
    small, reference, largest = (measure_apart(name, smoke) for name in sets(smoke))
    function_mib = evaluate_memory_mb()
    request_mib = REQUEST_COPIES * settings.max_prompt_bytes / MIB
    headroom = function_mib - warm_mib - request_mib

    columns = ("policies", "patterns", "words", "RE2 instr", "compile", "memory", "4 KB eval")
    print(f"{'set':<28} " + " ".join(f"{c:>9}" for c in columns))
    for row in (small, reference, largest):
        print(
            f"{row['name']:<28} {row['policies']:>9} {row['patterns']:>9} {row['words']:>9} {row['instructions']:>9} "
            f"{row['compile_s'] * 1000:>7.0f}ms {row['mib']:>7.1f}MB {row['eval_ms']:>7.2f}ms"
        )
    print(
        f"largest / reference: compile {largest['compile_s'] / reference['compile_s']:.1f}x, "
        f"memory {largest['mib'] / max(reference['mib'], 0.01):.1f}x, "
        f"4 KB evaluate {largest['eval_ms'] / reference['eval_ms']:.1f}x"
    )
    print(
        f"evaluate function: {function_mib} MB; warm process {warm_mib:.0f} MB; largest request "
        f"{request_mib:.0f} MB; left for the cache {headroom:.0f} MB"
    )
    cache_orgs = settings.policy_cache_max_orgs
    cache_mb = settings.policy_cache_max_mb or function_mib // 2  # what Lambda's memory size makes the default
    fit_reference = int(headroom // max(reference["mib"], 0.01))
    fit_reference = min(fit_reference, int(cache_mb // max(reference["estimate_mib"], 0.01)))
    fit_small = min(int(headroom // max(small["mib"], 0.01)), int(cache_mb // max(small["estimate_mib"], 0.01)))
    fit_largest = max(1, int(min(headroom, cache_mb) // max(largest["estimate_mib"], 0.01)))
    print(
        f"orgs held before eviction: {min(cache_orgs, fit_small)} small, {min(cache_orgs, fit_reference)} reference, "
        f"{fit_largest} of the largest "
        f"(POLICY_CACHE_MAX_ORGS={cache_orgs}, POLICY_CACHE_MAX_MB={cache_mb})"
    )
    for row in (small, reference, largest):
        print(f"{row['name']}: estimated {row['estimate_mib']:.1f} MB, measured {row['mib']:.1f} MB")
    checks = [
        *(
            (f"the estimate of the {row['name']} covers what it holds", row["estimate_mib"] >= row["mib"])
            for row in (small, reference, largest)
        ),
        (
            f"largest set compiles in {largest['compile_s']:.2f} s "
            f"<= max_compile_seconds {settings.max_compile_seconds} s",
            largest["compile_s"] <= settings.max_compile_seconds,
        ),
        (f"POLICY_CACHE_MAX_MB {cache_mb} + one largest set {largest['estimate_mib']:.0f} MB <= {headroom:.0f} MB",
         cache_mb + largest["estimate_mib"] <= headroom),
    ]  # fmt: skip
    for text, met in checks:
        print(f"{'met' if met else 'MISSED'}: {text}")
    if smoke:
        print("smoke run: harness checked, targets not enforced")
        return 0
    return 0 if all(met for _, met in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
