"""The same checks built the obvious way on stdlib ``re``: one search per pattern and per word."""

from __future__ import annotations

import re
from typing import Any

from policy_engine.engine.detectors import PII_DETECTORS
from policy_engine.engine.injection import SIGNALS
from policy_engine.engine.lexicons import LEXICONS
from policy_engine.engine.secret_detectors import catalog


def to_python_re(pattern: str) -> str:
    """RE2 spellings that Python's ``re`` writes differently."""
    pattern = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: "\\u" + m.group(1).zfill(4), pattern)
    return pattern.replace(r"\pL\pN", r"\w").replace(r"\pL", r"[^\W\d_]").replace(r"\pN", r"\d").replace(r"\z", r"\Z")


class NaiveChecker:
    def __init__(self, policies: list[dict[str, Any]]) -> None:
        rules = [rule for policy in policies for rule in policy["rules"]]
        by_type = {rule["type"]: rule for rule in rules}
        self.banned = [re.compile(to_python_re(p)) for p in by_type["banned_patterns"]["patterns"]]
        self.words = [re.compile(r"\b" + re.escape(w) + r"\b", re.IGNORECASE) for w in by_type["word_list"]["words"]]
        self.detectors = [(re.compile(to_python_re(d.pattern)), d) for d in PII_DETECTORS]
        # The secret rules of the ten families (the kinds the engine had before the gitleaks rule set).
        family_rules = [r for r in catalog().rules.values() if r.family is not None]
        self.secrets = [(re.compile(to_python_re(r.pattern)), r.group) for r in family_rules]
        self.signals = [re.compile(to_python_re(s.pattern)) for s in SIGNALS]
        lexicon = [w for words in LEXICONS.values() for w in words]
        self.lexicon = [re.compile(r"\b" + re.escape(w) + r"\b", re.IGNORECASE) for w in lexicon]

    def check(self, text: str) -> int:
        """Run every check; return the number of hits (so the work cannot be skipped)."""
        hits = sum(1 for p in self.banned if p.search(text))
        hits += sum(1 for p in self.words if p.search(text))
        for pattern, detector in self.detectors:
            for match in pattern.finditer(text):
                start, end = match.span(detector.group)
                if detector.validate is None or detector.validate(text, start, end):
                    hits += 1
        hits += sum(1 for pattern, _ in self.secrets for _ in pattern.finditer(text))
        hits += sum(1 for p in self.signals if p.search(text))
        hits += sum(1 for p in self.lexicon if p.search(text))
        return hits
