"""Lexical grounding: how much of a response is supported by the supplied context.

A sentence is *supported* when at least half of its content words (lower-cased, three
letters or more, stop words removed, a plural ``s`` stripped) occur in the context.
Sentences without content words ("Sure!") are not counted. The score is the share of
supported sentences; the rule fires when it is below the threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORT_SHARE = 0.5

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[^\W_]{3,}")
_STOP_WORDS_TEXT = (
    "the and for are but not you all any can had her was one our out has his how its may new now see way who did "
    "get let say she too use that with have this will your from they been more when were what which their there "
    "than then them into some could would should about also just like over such only other these those very does "
    "here where while because being each after before most much many both between through during"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True, slots=True)
class Grounding:
    supported: int
    total: int
    unsupported: list[tuple[int, int]]  # spans of the unsupported sentences

    @property
    def share(self) -> float:
        return self.supported / self.total if self.total else 1.0


def content_words(text: str) -> set[str]:
    words = (w.lower() for w in _WORD.findall(text))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in STOP_WORDS}


def grounding(response: str, context: str) -> Grounding:
    known = content_words(context)
    supported, total, unsupported = 0, 0, []
    for match in _SENTENCE.finditer(response):
        words = content_words(match.group())
        if not words:
            continue
        total += 1
        if len(words & known) >= SUPPORT_SHARE * len(words):
            supported += 1
        else:
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            unsupported.append((start, match.end()))
    return Grounding(supported, total, unsupported)
