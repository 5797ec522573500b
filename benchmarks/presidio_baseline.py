"""Presidio's analyzer with its pattern recognizers only: the same texts, the same entities where
Presidio has a pattern recognizer for them (email, card, SSN, IP, IBAN, US passport, dates).

``ENTITIES`` are the engine's names for what these recognizers find: the like-for-like comparison
runs a policy set of one ``pii`` rule over exactly those entities against them.

The recognizers are called directly, as ``AnalyzerEngine`` calls them, but without an NLP
engine: no spaCy model is loaded (none can be downloaded), and context words, which need
the NLP artifacts, are not used. Phones are left out: Presidio finds them with
``phonenumbers``, not a pattern recognizer. The baseline therefore does less than the engine.
"""

from __future__ import annotations

import os
from typing import Any

# tldextract (used by the email recognizer) would fetch the public suffix list; use its bundled copy.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

ENTITIES = ("email", "credit_card", "ssn", "ip_address", "iban", "passport", "date_of_birth")


class PresidioPatterns:
    def __init__(self) -> None:
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            DateRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            UsPassportRecognizer,
            UsSsnRecognizer,
        )

        self.recognizers: list[Any] = [
            EmailRecognizer(),
            CreditCardRecognizer(),
            UsSsnRecognizer(),
            IpRecognizer(),
            IbanRecognizer(),
            UsPassportRecognizer(),
            DateRecognizer(),
        ]

    def analyze(self, text: str) -> int:
        """Every recognizer on the text; the number of results (so the work cannot be skipped)."""
        return sum(len(r.analyze(text, r.supported_entities, None)) for r in self.recognizers)
