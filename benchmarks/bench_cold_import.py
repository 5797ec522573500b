"""Cold import time: ``import boto3`` against the evaluate path, each in fresh interpreters.

Run: python benchmarks/bench_cold_import.py [module] [--runs N] [--smoke]
The default module is ``functions.evaluate.app`` when it exists, else ``policy_engine.engine``.
Exits 1 when the module takes more than ``MAX_RATIO`` x ``import boto3``; ``--smoke`` runs each
import once and checks the harness only.

The package and the functions are imported from a copy compiled the way the layer's build
compiles them (unchecked-hash bytecode, ``layers/policy_engine/Makefile``), as boto3 is imported
with the bytecode pip wrote: a source tree without ``__pycache__`` (``PYTHONDONTWRITEBYTECODE``)
would otherwise be timed compiling itself.
"""

from __future__ import annotations

import compileall
import os
import py_compile
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 1.5
PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def default_module() -> str:
    return "functions.evaluate.app" if (ROOT / "functions" / "evaluate" / "app.py").exists() else "policy_engine.engine"


def stage(into: Path) -> list[str]:
    """The layer's package and the functions, copied and compiled as the layer's build does."""
    fresh = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "layers" / "policy_engine" / "policy_engine", into / "layer" / "policy_engine", ignore=fresh)
    shutil.copytree(ROOT / "functions", into / "code" / "functions", ignore=fresh)
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    if not compileall.compile_dir(into, quiet=1, invalidation_mode=mode):
        raise SystemExit("the staged copy did not compile")
    return [str(into / "layer"), str(into / "code")]


def import_ms(module: str, runs: int, paths: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "POWERTOOLS_TRACE_DISABLED": "true"}
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    # What every function is deployed with (its values are not read at import).
    env.setdefault("TABLE_NAME", "governance")
    env.setdefault("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-signing")
    samples = []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed probe
            [sys.executable, "-X", "frozen_modules=on", "-c", PROBE.format(module=module)],
            capture_output=True, text=True, env=env, check=True, cwd=paths[-1],
        )  # fmt: skip
        samples.append(float(out.stdout.strip()) * 1000)
    return statistics.median(samples)


def main() -> int:
    smoke = "--smoke" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else (1 if smoke else 7)
    args = [a for a in sys.argv[1:] if not a.startswith("--") and a != str(runs)]
    module = args[0] if args else default_module()
    with tempfile.TemporaryDirectory() as tmp:
        paths = stage(Path(tmp))
        import_ms(module, 1, paths)  # let the OS cache the files once
        boto3 = import_ms("boto3", runs, paths)
        target = import_ms(module, runs, paths)
    print(f"median of {runs} fresh interpreters")
    print(f"import boto3: {boto3:8.1f} ms")
    print(f"import {module}: {target:8.1f} ms")
    ratio = target / boto3
    met = ratio <= MAX_RATIO
    print(f"ratio: {ratio:.2f}x boto3 (target <= {MAX_RATIO}x): {'met' if met else 'MISSED'}")
    if smoke:
        print("smoke run: harness checked, target not enforced")
        return 0
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
