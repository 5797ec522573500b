"""PII detectors: an RE2 candidate pattern plus a validator per detector.

Every detector pattern joins the policy set's single RE2 ``Set`` pass; only detectors
whose pattern hit a text are run again to recover spans, and only validated candidates
count. Context keywords (``passport``, ``DOB``, ``api_key=``) sit outside the capture
group: the reported span is the value alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policy_engine.engine import validators as v
from policy_engine.rules.pii import PiiEntity

Validator = Callable[[str, int, int], bool]


@dataclass(frozen=True, slots=True)
class Detector:
    kind: str
    pattern: str
    validate: Validator | None = None
    group: int = 0  # the capture group that holds the value


# Letters of the scripts most often seen in internationalised addresses (Latin, Greek, Cyrillic, CJK).
# Listed as ranges rather than \pL: the Unicode letter class makes RE2's DFA several times slower.
_LETTERS = r"\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{370}-\x{3FF}\x{400}-\x{52F}\x{4E00}-\x{9FFF}"
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
_DATE = (
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DOB_CONTEXT = (
    r"(?i:\b(?:date\s+of\s+birth|birth\s*date|d\.o\.b\.?|dob|born(?:\s+on)?|birthday))\b\s*(?:is|was|:|-|=)?\s*"
)

PII_DETECTORS: tuple[Detector, ...] = (
    Detector(
        PiiEntity.EMAIL,
        rf"[A-Za-z0-9._%+\-{_LETTERS}]+@[A-Za-z0-9\-{_LETTERS}]+(?:\.[A-Za-z0-9\-{_LETTERS}]+)*"
        rf"\.[A-Za-z{_LETTERS}]{{2,24}}",
        v.email,
    ),
    Detector(PiiEntity.PHONE, r"\+[1-9]\d{0,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){1,5}", v.phone),
    Detector(PiiEntity.PHONE, r"(?:\(\d{3}\)\s?|\b\d{3}[ .\-])\d{3}[ .\-]\d{4}\b", v.phone),
    Detector(PiiEntity.PHONE, r"\b0\d{1,4}(?:[ \-/]\d{2,8}){1,3}\b", v.phone),
    Detector(PiiEntity.PHONE, r"\b0[1-9](?:[ .]\d{2}){4}\b", v.phone),
    Detector(PiiEntity.SSN, r"\b\d{3}([\- ])\d{2}[\- ]\d{4}\b", v.ssn),
    Detector(PiiEntity.SSN, r"(?i:\b(?:ssn|social\s+security(?:\s+(?:number|no\.?))?))\W{0,5}(\d{9})\b", v.ssn, 1),
    Detector(PiiEntity.CREDIT_CARD, r"\b\d(?:[ \-]?\d){12,18}\b", v.credit_card),
    Detector(PiiEntity.IP_ADDRESS, r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", v.ipv4),
    Detector(PiiEntity.IP_ADDRESS, r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}", v.ipv6),
    Detector(PiiEntity.IBAN, r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", v.iban),
    Detector(
        PiiEntity.PASSPORT,
        r"(?i:\bpassport(?:\s+(?:no\.?|number|num|#|id))?(?:\s+is)?)\s*[:#]?\s*([A-Z0-9]{6,9})\b",
        v.passport,
        1,
    ),
    Detector(PiiEntity.DATE_OF_BIRTH, _DOB_CONTEXT + _DATE, v.date_value, 1),
)

# Secret detectors live in ``secret_detectors`` (gitleaks' rule set, keyword-gated).

# Ties between overlapping detections of equal length go to the lower number: a specific
# credential format (every secret kind not listed, 99) beats the generic ones, a secret
# beats PII, a card beats a phone number.
_GENERIC_SECRETS = ("generic_api_key", "bearer_token", "url_credentials")
PRIORITY: dict[str, int] = {
    **{kind: 150 + i for i, kind in enumerate(_GENERIC_SECRETS)},
    **{
        kind: 200 + i
        for i, kind in enumerate(
            [
                PiiEntity.EMAIL,
                PiiEntity.IBAN,
                PiiEntity.CREDIT_CARD,
                PiiEntity.SSN,
                PiiEntity.DATE_OF_BIRTH,
                PiiEntity.PASSPORT,
                PiiEntity.IP_ADDRESS,
                PiiEntity.PHONE,
            ]
        )
    },
}


def detectors_for(kinds: set[str]) -> list[Detector]:
    return [d for d in PII_DETECTORS if d.kind in kinds]
