"""Prepare the labeled texts of the learned injection tier from pinned public sources.

Each source is a registry package pinned by version and SHA-256; its texts are extracted
into ``data/injection/{train,eval}/<source>.jsonl`` (committed, so training needs no network).
Python standard library docstrings are read from source files with ``ast`` (nothing is
imported) and split by module: a module whose name hashes into the eval fifth goes to
``eval``, the rest to ``train``. Third-party documentation (the long descriptions of the
packages installed in the venv) is evaluation only.

Run: python scripts/injection_data.py [--cache DIR]   (downloads with pip and npm)
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email import message_from_string
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "injection"

# (registry, name, version, sha256, license)
PROMPTFOO = ("npm", "promptfoo", "0.123.1", "53471b239132b5e7a270fda458f78a1f1b920abb617ef4dc2b096608d480ee2f", "MIT")
LANGKIT = (
    "pypi",
    "langkit",
    "0.0.35",
    "602cb673af70138691cd7709fb451af62a0927f1c396ff2cbbcba86dae886305",
    "Apache-2.0",
)
AIB = (
    "pypi",
    "agent-injection-bench",
    "0.1.0",
    "1c4339fc4e2cfcecf7971a96ab58d74ae124f5766b0a2162340fa6731c6ce9f9",
    "MIT",
)
# Standard-library modules whose docstrings are not prose worth keeping.
_PERMISSIVE = re.compile(r"\b(?:MIT|BSD|Apache|PSF|ISC|0BSD|CC0)")  # text kept only under these licenses
PER_PACKAGE = 25  # paragraphs per README, so no one package dominates
_SKIP_MODULES = {"this", "antigravity", "idlelib", "lib2to3", "test", "turtledemo", "pydoc_data", "encodings"}


def _fetch(spec: tuple[str, str, str, str, str], cache: Path) -> Path:
    registry, name, version, sha256, _ = spec
    cache.mkdir(parents=True, exist_ok=True)
    found = [p for p in cache.iterdir() if p.name.lower().replace("_", "-").startswith(f"{name}-{version}")]
    if not found:
        if registry == "npm":
            subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=cache, check=True)
        else:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache), f"{name}=={version}"],
                check=True,
            )
        found = [p for p in cache.iterdir() if p.name.lower().replace("_", "-").startswith(f"{name}-{version}")]
    path = found[0]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path.name}: sha256 {digest} is not the pinned {sha256}")
    return path


def _record(text: str, label: int, source: str, stratum: str, license_: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, "label": label, "source": source, "stratum": stratum, "license": license_, **extra}


def promptfoo(cache: Path) -> list[dict[str, Any]]:
    """The jailbreak templates of promptfoo's prompt-injection red-team strategy."""
    path = _fetch(PROMPTFOO, cache)
    with tarfile.open(path) as tar:
        member = next(m for m in tar.getmembers() if re.fullmatch(r"package/dist/src/strategies-[\w-]+\.js", m.name))
        source = tar.extractfile(member).read().decode()  # type: ignore[union-attr]
    start = source.index("//#region src/redteam/strategies/promptInjections/data.ts")
    body = source[source.index("[", start) : source.index("//#endregion", start)]
    templates = json.loads(body[: body.rindex("]") + 1])
    return [_record(t, 1, "promptfoo", "jailbreak_template", "MIT") for t in templates]


def langkit(cache: Path) -> list[dict[str, Any]]:
    """langkit's jailbreak theme examples (attacks) and its reference chat prompts (benign)."""
    path = _fetch(LANGKIT, cache)
    with zipfile.ZipFile(path) as wheel:
        themes = json.loads(wheel.read("langkit/themes.json"))
        chats = json.loads(wheel.read("langkit/whylogs/reference_chats.json"))
    out = [_record(t, 1, "langkit", "jailbreak_in_the_wild", "Apache-2.0") for t in themes["jailbreak"]]
    # Only the sentiment examples ("pos", "neg") are benign by construction; "archived_chats" are
    # unlabeled chat logs that include probing and jailbreak-like requests, so they are left out.
    prompts = {c["prompt"] for group in ("pos", "neg") for c in chats[group] if len(c["prompt"]) > 15}
    out += [_record(p, 0, "langkit", "chat", "Apache-2.0") for p in sorted(prompts)]
    return out


def aib(cache: Path) -> list[dict[str, Any]]:
    """agent-injection-bench: injections inside tool results, documents, web pages and emails."""
    path = _fetch(AIB, cache)
    with zipfile.ZipFile(path) as wheel:
        lines = wheel.read("aib/data/attacks.jsonl").decode().splitlines()
    out = []
    for line in lines:
        case = json.loads(line)
        control = case["family"] == "control"  # benign texts the bench ships as controls
        stratum = "agent_control" if control else "indirect_" + case["channel"]
        record = _record(case["injected"], int(not control), "agent-injection-bench", stratum, "MIT")
        out.append({**record, "task": case["task"], "channel": case["channel"]})
    return out


def _docstrings(path: Path) -> list[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return []
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef))]
    docs = []
    for node in nodes:
        doc = ast.get_docstring(node)  # type: ignore[arg-type]
        if doc and len(doc) >= 80:
            docs.append(doc[:2000])
    return docs


def _eval_module(name: str) -> bool:
    return hashlib.sha256(name.encode()).digest()[0] % 5 == 0


def stdlib() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Docstrings of the standard library (PSF-2.0), split by module; long documents are
    several docstrings of one eval module joined, 2 to 8 KB."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    train: list[dict[str, Any]] = []
    evaluation: list[dict[str, Any]] = []
    for path in sorted(lib.rglob("*.py")):
        rel = path.relative_to(lib)
        top = rel.parts[0].removesuffix(".py")
        if top in _SKIP_MODULES or "site-packages" in rel.parts or "tests" in rel.parts or top.startswith("_"):
            continue
        module = ".".join(rel.with_suffix("").parts)
        docs = _docstrings(path)
        if not docs:
            continue
        if _eval_module(top):
            evaluation += [_record(d, 0, "python-stdlib", "documentation", "PSF-2.0", module=module) for d in docs]
            joined, parts = "", []
            for doc in docs:
                parts.append(doc)
                joined = "\n\n".join(parts)
                if len(joined) >= 2000:
                    evaluation.append(_record(joined[:8000], 0, "python-stdlib", "long_document", "PSF-2.0"))
                    parts = []
        else:
            train += [_record(d, 0, "python-stdlib", "documentation", "PSF-2.0", module=module) for d in docs]
    return train, evaluation


def thirdparty_docs() -> list[dict[str, Any]]:
    """Paragraphs of the long descriptions (READMEs) of the packages installed in the venv."""
    site = Path(sysconfig.get_paths()["purelib"])
    out: list[dict[str, Any]] = []
    for meta in sorted(site.glob("*.dist-info/METADATA")):
        message = message_from_string(meta.read_text(encoding="utf-8", errors="replace"))
        name, license_ = message.get("Name", meta.parent.name), message.get("License-Expression") or ""
        if not license_:
            classifiers = [c for c in message.get_all("Classifier") or [] if c.startswith("License ::")]
            license_ = classifiers[0].rsplit("::", 1)[-1].strip() if classifiers else (message.get("License") or "")
        body = message.get_payload()
        if not isinstance(body, str) or not _PERMISSIVE.search(license_):
            continue
        kept = 0
        for paragraph in re.split(r"\n\s*\n", body):
            paragraph = paragraph.strip()
            if 120 <= len(paragraph) <= 3000 and not paragraph.startswith(("[!", "![", "<img", "|", "..")):
                out.append(_record(paragraph, 0, "package-readmes", "documentation", license_[:60], package=name))
                kept += 1
                if kept == PER_PACKAGE:
                    break
    return out


def write(name: str, records: list[dict[str, Any]]) -> None:
    path = DATA / name
    path.parent.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            if record["text"] in seen:
                continue
            seen.add(record["text"])
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{name}: {len(seen)} records")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=ROOT / ".local" / "injection-sources")
    args = parser.parse_args()
    write("train/promptfoo.jsonl", promptfoo(args.cache))
    kit = langkit(args.cache)
    write("eval/langkit.jsonl", kit)
    write("eval/agent_injection_bench.jsonl", aib(args.cache))
    train, evaluation = stdlib()
    write("train/python_stdlib.jsonl", train)
    write("eval/python_stdlib.jsonl", evaluation)
    write("eval/package_readmes.jsonl", thirdparty_docs())


if __name__ == "__main__":
    main()
