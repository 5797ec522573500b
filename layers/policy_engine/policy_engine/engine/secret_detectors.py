"""Secret detectors: gitleaks' rule set (generated into ``secret_rules.json``) plus a few of ours.

Each rule is a kind (its gitleaks id in snake_case). Kinds belong to at most one *family*,
the ten names of ``SecretKind`` that policies configured before; ``"all"`` is every kind.

A rule's regex runs only on a text where one of its keywords occurs: the keywords join
the policy set's Aho-Corasick automaton (the one that already finds listed words), so a
clean text costs one dictionary walk over its few word hits, and no regex of this module
runs on it. A candidate counts when its secret (the rule's secret group, else the first
non-empty group, else the match) has more entropy than the rule asks, is not allowed by
the global or the rule's allowlists, and is not a placeholder (``secret_values``).

The rule set is read once, on first use, so importing the engine does not parse it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import re2

from policy_engine.engine.secret_values import Allowlist, entropy, is_placeholder
from policy_engine.engine.text import byte_to_char
from policy_engine.rules.secrets import ALL_KINDS, SecretKind

if TYPE_CHECKING:
    from policy_engine.engine.scanner import TargetScan, WordEntry

RULES_FILE = Path(__file__).with_name("secret_rules.json")
KEYWORD_OWNER = "secret-keyword"  # word-hit owners are (KEYWORD_OWNER, keyword)


@dataclass(frozen=True, slots=True)
class SecretRule:
    kind: str
    family: str | None
    description: str
    pattern: str
    keywords: tuple[str, ...]
    group: int = 0  # 0: the first non-empty group, else the whole match
    entropy: float = 0.0  # a secret at or below this many bits per character does not count
    allowlists: tuple[Allowlist, ...] = ()
    check_group: int | None = None  # the group the value checks look at, when not the reported one
    validate: Callable[[str], bool] | None = None
    source: str = "gitleaks"


def _has_digit(value: str) -> bool:
    return any(c.isdigit() for c in value)


def _mixed(value: str) -> bool:
    return _has_digit(value) and any(c.isalpha() for c in value)


# Credentials gitleaks has no rule for.
OWN_RULES: tuple[SecretRule, ...] = (
    SecretRule(
        "aws_secret_key",
        SecretKind.AWS_SECRET_KEY,
        "An AWS secret access key (40 characters) after an AWS secret name.",
        r"(?i:aws.{0,20}?secret.{0,20}?|secret[_\-]?access[_\-]?key)[\"']?\s*[:=]?\s*[\"']?"
        r"([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)",
        ("secret",),
        group=1,
        entropy=3.9,
        validate=_has_digit,
        source="own",
    ),
    SecretRule(
        "url_credentials",
        SecretKind.GENERIC_API_KEY,
        "A user name and password inside a URL (postgres://user:pass@host), as connection strings carry them.",
        r"\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://([^\s:/?#@\"'<>\[\]]{1,128}:([^\s/?#@\"'<>]{1,256}))@[A-Za-z0-9\-._~%\[\]]",
        ("://",),
        group=1,
        check_group=2,
        source="own",
    ),
    SecretRule(
        "bearer_token",
        SecretKind.GENERIC_API_KEY,
        "A random-looking bearer token after 'Bearer' (an HTTP Authorization header).",
        r"(?i:\bbearer)\s+([A-Za-z0-9_\-.~+/]{16,512}={0,2})(?:[^A-Za-z0-9_\-.~+/=]|$)",
        ("bearer",),
        group=1,
        entropy=3.0,
        validate=_mixed,
        source="own",
    ),
)


@dataclass(frozen=True, slots=True)
class SecretCatalog:
    rules: dict[str, SecretRule]  # kind -> rule
    families: dict[str, frozenset[str]]  # family -> its kinds
    global_allow: Allowlist
    source: dict[str, str]
    skipped: tuple[dict[str, str], ...]

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """The kinds a rule's ``kinds`` select: ``all``, a family's kinds, or a kind itself."""
        kinds: set[str] = set()
        for name in names:
            if name == ALL_KINDS:
                return frozenset(self.rules)
            kinds.update(self.families.get(name) or {name} & self.rules.keys())
        return frozenset(kinds)


def _gitleaks_rule(raw: dict[str, Any]) -> SecretRule:
    return SecretRule(
        kind=raw["kind"],
        family=raw["family"],
        description=raw["description"],
        pattern=raw["regex"],
        keywords=tuple(raw["keywords"]),
        group=raw["group"],
        entropy=raw["entropy"],
        allowlists=tuple(Allowlist.of(a) for a in raw["allowlists"]),
    )


@cache
def catalog() -> SecretCatalog:
    document = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    rules = {r.kind: r for r in (*map(_gitleaks_rule, document["rules"]), *OWN_RULES)}
    families: dict[str, set[str]] = {family.value: set() for family in SecretKind}
    for rule in rules.values():
        if rule.family is not None:
            families[rule.family].add(rule.kind)
    allow = document["global_allowlist"]
    return SecretCatalog(
        rules=rules,
        families={f: frozenset(k) for f, k in families.items()},
        global_allow=Allowlist(tuple(allow["regexes"]), tuple(allow["stopwords"])),
        source=document["source"],
        skipped=tuple(document["skipped"]),
    )


@cache
def _compiled(pattern: str) -> Any:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 32 << 20
    return re2.compile(pattern.encode(), options)


def _line(data: bytes, start: int, end: int) -> str:
    first = data.rfind(b"\n", 0, start) + 1
    last = data.find(b"\n", end)
    return data[first : last if last >= 0 else len(data)].decode("utf-8", "replace")


def _before_full_stop(data: bytes, start: int, end: int) -> int:
    """A value that ends a sentence does not take the full stop: ``key = abc123.`` is ``abc123``."""
    while end > start and data[end - 1 : end] in (b".", b",") and (end == len(data) or data[end] in _AFTER_STOP):
        end -= 1
    return end


_AFTER_STOP = frozenset(b" \t\r\n\"'`)]}>")


def _secret_span(match: Any, group: int) -> tuple[int, int]:
    if group:
        start, end = match.span(group)
        return int(start), int(end)
    for index in range(1, (match.re.groups or 0) + 1):
        start, end = match.span(index)
        if end > start:
            return int(start), int(end)
    start, end = match.span(0)
    return int(start), int(end)


@dataclass(eq=False)
class SecretFinder:
    """The secret rules of one policy set, keyed by their keywords."""

    kinds: frozenset[str]
    by_owner: dict[Hashable, tuple[SecretRule, ...]] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        rules = catalog().rules
        grouped: dict[Hashable, list[SecretRule]] = {}
        for kind in sorted(self.kinds):
            rule = rules[kind]
            for keyword in rule.keywords:
                grouped.setdefault((KEYWORD_OWNER, keyword), []).append(rule)
        self.by_owner = {owner: tuple(found) for owner, found in grouped.items()}
        self.keywords = tuple(sorted({k for kind in self.kinds for k in rules[kind].keywords}))

    def words(self) -> list[WordEntry]:
        from policy_engine.engine.scanner import WordEntry

        return [WordEntry((KEYWORD_OWNER, w), w, case_sensitive=False, whole_word=False) for w in self.keywords]

    def find(self, scan: TargetScan) -> Iterator[tuple[str, int, int]]:
        """Validated ``(kind, start, end)`` of the rules whose keywords occur in the text."""
        selected: dict[str, SecretRule] = {}
        for owner in scan.words():
            for rule in self.by_owner.get(owner, ()):
                selected[rule.kind] = rule
        for rule in selected.values():
            yield from self._matches(rule, scan)

    def _matches(self, rule: SecretRule, scan: TargetScan) -> Iterator[tuple[str, int, int]]:
        # On the normalised view, like every detector; spans are reported in the original text.
        target, view = scan.target, scan.target.view
        data = target.scan_data
        to_char = byte_to_char(target.scan_text, data)
        for match in _compiled(rule.pattern).finditer(data):
            start, whole_end = _secret_span(match, rule.group)
            end = _before_full_stop(data, start, whole_end)
            if end <= start:
                continue
            # Checked with its trailing dots: "abc..." is a value cut short, a placeholder.
            checked = match.span(rule.check_group) if rule.check_group else (start, whole_end)
            secret = data[checked[0] : checked[1]].decode("utf-8", "replace")
            if self._counts(rule, secret, match, data):
                first, last = to_char(start), to_char(end)
                yield (rule.kind, first, last) if view is None else (rule.kind, *view.span(first, last))

    @staticmethod
    def _counts(rule: SecretRule, secret: str, match: Any, data: bytes) -> bool:
        if not secret or is_placeholder(secret):
            return False
        if rule.entropy and entropy(secret) <= rule.entropy:
            return False
        if rule.validate is not None and not rule.validate(secret):
            return False
        whole = match.group(0).decode("utf-8", "replace")
        if catalog().global_allow.allows(secret, whole, whole):
            return False
        if rule.allowlists:
            start, end = match.span(0)
            line = _line(data, start, end) if _needs_line(rule) else whole
            return not any(a.allows(secret, whole, line) for a in rule.allowlists)
        return True


def _needs_line(rule: SecretRule) -> bool:
    return any(a.target == "line" for a in rule.allowlists)
