"""The reference policy set and prompts of the engine benchmark (deterministic, seeded)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

SEED = 20260512
SYLLABLES = ["ka", "zu", "mir", "tok", "vel", "qua", "rin", "dax", "lo", "bre", "syn", "ox", "pel", "gri", "ton", "wex"]
_PROSE = (
    "the quarterly report shows revenue growth across all regions and the team would like a short summary "
    "for the board meeting next week please focus on customer retention costs hiring plans and the main risks "
    "we also need a list of open questions for the finance department and a draft email to the product leads "
    "explaining the timeline changes in plain language without jargon"
)
FILLER = _PROSE.split()
# The same prose in Russian and in Chinese: scripts whose look-alikes and fullwidth punctuation
# the normalised view folds.
FOREIGN_PROSE = {
    "Russian": [
        "квартальный", "отчёт", "показывает", "рост", "выручки", "во", "всех", "регионах", "и", "команда", "просит",
        "краткое", "резюме", "для", "заседания", "совета", "на", "следующей", "неделе", "пожалуйста", "обратите",
        "внимание", "на", "затраты", "на", "удержание", "клиентов", "планы", "найма", "и", "основные", "риски",
    ],
    "Chinese": [
        "季度报告显示", "所有地区的收入都在增长，", "团队希望", "为下周的董事会会议", "准备一份简短的总结。",  # noqa: RUF001
        "请重点关注", "客户留存成本、", "招聘计划和主要风险，", "还需要为财务部门", "列出未解决的问题。",  # noqa: RUF001
    ],
}  # fmt: skip


def codewords(count: int, rng: random.Random, syllables: tuple[int, int] = (3, 4)) -> list[str]:
    """Distinct pseudo-words (project codenames, internal terms) that do not occur in normal prose."""
    if count > sum(len(SYLLABLES) ** n for n in range(syllables[0], syllables[1] + 1)):
        raise ValueError(f"{count} distinct words need more syllables than {syllables}")
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*syllables))))
    return sorted(words)


def banned_regexes(count: int, rng: random.Random) -> list[str]:
    names = codewords(count, rng)
    shapes = [
        r"\bproject[-_ ]?{w}\b",
        r"(?i)confidential:\s*{w}",
        r"\b{w}-\d{{4,6}}\b",
        r"(?i)\binternal\s+{w}\s+(?:plan|roadmap)",
        r"{w}[0-9a-f]{{8}}",
    ]
    return [shapes[i % len(shapes)].format(w=name) for i, name in enumerate(names)]


def listed_words() -> list[str]:
    """The reference set's word list."""
    return codewords(10_000, random.Random(SEED + 1))


def reference_policies() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    regexes = banned_regexes(120, rng)
    words = listed_words()
    rules: list[tuple[str, dict[str, Any]]] = [
        ("banned", {"type": "banned_patterns", "patterns": regexes, "action": "block"}),
        ("words", {"type": "word_list", "words": words, "action": "alert"}),
        ("pii", {"type": "pii", "action": "redact"}),
        ("secrets", {"type": "secrets", "action": "block"}),
        ("injection", {"type": "injection", "action": "block"}),
        ("content", {"type": "content_filter", "action": "alert"}),
        ("models", {"type": "model_allowlist", "models": ["gpt-4o*", "claude-*"]}),
        ("keys", {"type": "key_environment", "prod_key_prefixes": ["sk_live_"], "allowed_envs": ["prod"]}),
        ("cost", {"type": "cost_threshold", "threshold_cents": 500}),
        ("tokens", {"type": "max_tokens", "max_tokens": 4096}),
    ]
    return [
        {"id": f"ref-{name}", "name": name, "version": 1, "priority": 100, "enabled": True, "rules": [rule]}
        for name, rule in rules
    ]


def pii_policies(entities: tuple[str, ...]) -> list[dict[str, Any]]:
    """One policy, one ``pii`` rule over ``entities``, as the reference set's pii rule acts (redact)."""
    rule = {"type": "pii", "entities": list(entities), "action": "redact"}
    return [{"id": "pii-only", "name": "pii only", "version": 1, "priority": 100, "enabled": True, "rules": [rule]}]


def _interleaved(
    size: int, first: int, every: int, value: Callable[[], str], filler: Callable[[], str], width: Callable[[str], int]
) -> list[str]:
    """Filler words until ``size`` (as ``width`` counts each part), with ``value()`` in their place
    once the length reaches ``first`` and then every ``every``."""
    parts: list[str] = []
    length, mark = 0, first
    while length < size:
        if length >= mark:
            extra = value()
            mark += every
        else:
            extra = filler()
        parts.append(extra)
        length += width(extra)
    return parts


def _spaced(part: str) -> int:
    return len(part) + 1


def prompt_of(size: int, seed: int = SEED) -> str:
    """Ordinary prose of ``size`` bytes with one email and one listed word every 2 KB."""
    rng = random.Random(seed + size)
    listed = listed_words()
    parts = _interleaved(
        size,
        256,
        2048,
        lambda: f"contact jane.doe{rng.randint(1, 99)}@example.com about {rng.choice(listed)}.",
        lambda: rng.choice(FILLER),
        _spaced,
    )
    return " ".join(parts)[:size]


def foreign_prompt_of(language: str, size: int, seed: int = SEED) -> str:
    """``prompt_of`` in another script: prose of about ``size`` UTF-8 bytes of ``FOREIGN_PROSE``,
    with one email every 2 KB."""
    rng = random.Random(seed + size)
    words, joiner = FOREIGN_PROSE[language], "" if language == "Chinese" else " "
    parts = _interleaved(
        size,
        256,
        2048,
        lambda: f" jane.doe{rng.randint(1, 99)}@example.com ",
        lambda: rng.choice(words),
        lambda part: len(part.encode()) + len(joiner),
    )
    return joiner.join(parts)


def request_body(size: int) -> dict[str, Any]:
    return {
        "model": "gpt-4o-mini",
        "prompt": prompt_of(size),
        "max_tokens": 1024,
        "cost_usd": 0.02,
        "api_key_prefix": "sk_live_",
        "environment": "prod",
        "end_user_id": "user-42",
    }


def dense_values(rng: random.Random) -> list[str]:
    """PII of every entity and a secret; an email or a phone most of the time."""
    n = rng.randint(10, 99)
    common = [f"jane.doe{n}@example.com", f"+1 415 555 01{n}", f"(212) 555-01{n}", f"m.rossi{n}@mail.example.org"]
    rare = [
        "4111 1111 1111 1111",
        f"SSN 123-45-67{n}",
        f"10.20.{n}.7",
        "IBAN DE89 3704 0044 0532 0130 00",
        "passport number X1234567",
        "DOB: 1984-03-12",
        "AKIAZ7Q3LJ5V2KXWMRTB",  # an access key id: base32 after its prefix
    ]
    return common if rng.random() < 0.85 else rare


def dense_prompt_of(size: int, seed: int = SEED) -> str:
    """Prose of ``size`` bytes with an email or phone every ~200 characters, and now and then
    another entity or a secret: the PII-dense reference prompt."""
    rng = random.Random(seed + size + 1)
    parts = _interleaved(
        size, 100, 200, lambda: f"reach {rng.choice(dense_values(rng))} today.", lambda: rng.choice(FILLER), _spaced
    )
    text = " ".join(parts)[:size]
    return text[: text.rfind(" ")] if " " in text else text  # never cut a value in half


def dense_request_body(size: int) -> dict[str, Any]:
    return {**request_body(size), "prompt": dense_prompt_of(size)}
