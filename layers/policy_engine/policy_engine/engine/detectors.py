"""PII detectors: an RE2 candidate pattern plus a validator per detector.

Every detector pattern joins the policy set's single RE2 ``Set`` pass; only detectors
whose pattern hit a text are run again to recover spans, and only validated candidates
count. Context keywords (``passport``, ``DOB``, ``api_key=``) sit outside the capture
group: the reported span is the value alone.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from policy_engine.engine import validators as v
from policy_engine.rules.pii import PiiEntity

Validator = Callable[..., "bool | v.Hit | list[v.Hit] | None"]


@dataclass(frozen=True, slots=True)
class Detector:
    """An RE2 candidate pattern and its validator.

    A validator answers True/False (the candidate's span as found, confidence 1), or a
    ``validators.Hit`` with the span to report (possibly narrowed), its confidence and, for
    national phone forms, the regions that hold it (a list of them when one candidate holds
    several values, as a context word followed by a list); None rejects. A ``regional`` validator also
    receives the phone regions of the policy set (``bound``).
    """

    kind: str
    pattern: str
    validate: Validator | None = None
    group: int = 0  # the capture group that holds the value
    regional: bool = False
    # Where matches are, so that on ASCII text spans are searched only there (the scanner's
    # ``detector_spans``; the same spans as a search of the whole text): every match holds
    # ``anchor`` right after a run of ``run`` bytes that it starts with.
    anchor: bytes = b""
    run: bytes = b""
    # Where matches are, another way: every match is made of ``within`` bytes alone and starts
    # with a digit or one byte before one, so on any text it is searched only in the runs of
    # those bytes from a digit on (the scanner's ``_Runs``; the same spans as a search of the
    # whole text).
    within: bytes = b""

    def bound(self, regions: frozenset[str]) -> Detector:
        if not self.regional or self.validate is None:
            return self
        return replace(self, validate=partial(self.validate, regions=regions), regional=False)


# Letters of the scripts most often seen in internationalised addresses (Latin, Greek, Cyrillic, CJK).
# Listed as ranges rather than \pL: the Unicode letter class makes RE2's DFA several times slower.
_LETTERS = r"\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{370}-\x{3FF}\x{400}-\x{52F}\x{4E00}-\x{9FFF}"
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
_ORD = r"(?:st|nd|rd|th)?"
_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+\-]\d{2}:?\d{2})?)?"
_DATE = (
    r"(\d{4}-\d{1,2}-\d{1,2}"
    + _TIME
    + r"|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}"
    rf"|\d{{1,2}}{_ORD}(?:\s+|[\-/.])(?:of\s+)?{_MONTH}(?:,?\s+|[\-/.])\d{{2,4}}"
    rf"|{_MONTH}(?:\s+|[\-/.])\d{{1,2}}{_ORD},?(?:\s+|[\-/.])\d{{4}}"
    rf"|{_MONTH}[\-/.\s]\d{{4}}|{_MONTH}[\-/.\s]\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}[\-/.\s]{_MONTH}"
    r"|\d{1,2}/\d{4}|\d{1,2}/\d{1,2})\b"
)
_DOB_CONTEXT = (
    r"(?i:\b(?:date\s+of\s+birth|birth\s*date|d\.o\.b\.?|dob|born(?:\s+on)?|birthday))\b"
    r"\s*(?:is|was|:|-|=)?[\s,:]*(?:on\s+)?(?:the\s+)?"
)
_DIGITS_SEP = r"[ \-]"

_EMAIL_LOCAL_ASCII = (string.ascii_letters + string.digits + "._%+-").encode()
# Every byte a match of the numeric detectors (phones, SSN, card, IPv4, the digit-only national
# ids) may hold: digits, RE2's \s and the separators their patterns allow; a match starts with a
# digit, or with "+" or "(" right before one.
_NUMERIC = (string.digits + " \t\n\v\f\r.-/()+:").encode()

PII_DETECTORS: tuple[Detector, ...] = (
    Detector(
        PiiEntity.EMAIL,
        rf"[A-Za-z0-9._%+\-{_LETTERS}]+@[A-Za-z0-9\-{_LETTERS}]+(?:\.[A-Za-z0-9\-{_LETTERS}]+)*"
        rf"\.[A-Za-z{_LETTERS}]{{2,24}}",
        v.email,
        anchor=b"@",
        run=_EMAIL_LOCAL_ASCII,  # the local part's ASCII characters
    ),
    # International: "+" and a country code, any region (RE2 finds a "+" as fast as a run would).
    # National: the policy set's regions.
    Detector(PiiEntity.PHONE, r"\+[1-9]\d{0,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}", v.phone, regional=True),
    Detector(
        PiiEntity.PHONE,
        r"(?:\(\d{2,5}\)\s?|\b\d{1,5}[ .\-/])\d{1,8}(?:[ .\-/]\d{1,8}){0,4}\b|\b\d{8,12}\b",
        v.phone,
        regional=True,
        within=_NUMERIC,
    ),
    Detector(PiiEntity.SSN, r"\b\d{3}[\-. ]\d{2}[\-. ]\d{4}\b|\b\d{9}\b", v.ssn, within=_NUMERIC),
    Detector(PiiEntity.CREDIT_CARD, r"\b\d(?:[ \-]?\d){12,18}\b", v.credit_card, within=_NUMERIC),
    Detector(PiiEntity.IP_ADDRESS, r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,3})?\b", v.ipv4, within=_NUMERIC),
    Detector(
        PiiEntity.IP_ADDRESS,
        r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z]{1,16})?(?:/\d{1,4})?",
        v.ipv6,
    ),
    Detector(PiiEntity.IBAN, r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", v.iban),
    # The context word is part of the candidate: a passport number is only read after one.
    Detector(
        PiiEntity.PASSPORT,
        r"(?i:\bpassports?\b|\btravel\s+documents?\b)[^\n]{0,48}?\b[A-Za-z]{0,5}\d[A-Za-z0-9]{1,8}\b"
        r"(?:(?:\s*,\s*|\s+and\s+)[A-Za-z]{0,5}\d[A-Za-z0-9]{1,8}\b)*",
        v.passports,
    ),
    Detector(PiiEntity.DATE_OF_BIRTH, _DOB_CONTEXT + _DATE, v.date_of_birth, 1),
    Detector(PiiEntity.UK_NINO, r"(?i:\b[A-Z]{2}(?: ?\d{2}){3} ?[A-D]\b)", v.national_id("uk_nino")),
    Detector(PiiEntity.UK_NHS, r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b", v.national_id("uk_nhs"), within=_NUMERIC),
    Detector(
        PiiEntity.ES_NIF,
        r"(?i:\b[0-9XYZKLM]\d{6,7}-?[A-Z]\b|\b[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]\b)",
        v.national_id("es_nif"),
    ),
    Detector(
        PiiEntity.IT_FISCAL_CODE,
        r"(?i:\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b)",
        v.national_id("it_fiscal_code"),
    ),
    Detector(PiiEntity.PL_PESEL, r"\b\d{11}\b", v.national_id("pl_pesel"), within=_NUMERIC),
    Detector(PiiEntity.IN_PAN, r"(?i:\b[A-Z]{3}[ABCFGHLJPTK][A-Z]\d{4}[A-Z]\b)", v.national_id("in_pan")),
    Detector(
        PiiEntity.IN_AADHAAR, r"\b[2-9]\d{3}([ \-:]?)\d{4}[ \-:]?\d{4}\b", v.national_id("in_aadhaar"), within=_NUMERIC
    ),
    Detector(PiiEntity.AU_TFN, r"\b\d{3}[ \-]?\d{3}[ \-]?\d{2,3}\b", v.national_id("au_tfn"), within=_NUMERIC),
    Detector(PiiEntity.SG_NRIC, r"(?i:\b[STFGM]\d{7}[A-Z]\b)", v.national_id("sg_nric")),
    Detector(
        PiiEntity.US_ITIN,
        r"\b9\d{2}[\- ]?(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])[\- ]?\d{4}\b",
        v.national_id("us_itin"),
        within=_NUMERIC,
    ),
    Detector(
        PiiEntity.US_BANK_ROUTING,
        r"\b[0-3]\d{8}\b|\b[0-3]\d{3}-\d{4}-\d\b",
        v.national_id("us_bank_routing"),
        within=_NUMERIC,
    ),
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
                PiiEntity.IT_FISCAL_CODE,
                PiiEntity.ES_NIF,
                PiiEntity.IN_PAN,
                PiiEntity.UK_NINO,
                PiiEntity.SG_NRIC,
                PiiEntity.US_ITIN,
                PiiEntity.IN_AADHAAR,
                PiiEntity.UK_NHS,
                PiiEntity.PL_PESEL,
                PiiEntity.US_BANK_ROUTING,
                PiiEntity.AU_TFN,
                PiiEntity.IP_ADDRESS,
                PiiEntity.PHONE,
            ]
        )
    },
}


def detectors_for(kinds: set[str]) -> list[Detector]:
    return [d for d in PII_DETECTORS if d.kind in kinds]
