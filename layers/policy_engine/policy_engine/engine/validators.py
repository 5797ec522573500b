"""Checks that turn a pattern candidate into a detection (or drop it as a look-alike).

Each validator takes the whole text and the candidate's code-point span, so it can look
at the neighbours (a digit glued to a card number means it is part of something longer).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import cache, lru_cache
from ipaddress import IPv6Address
from typing import NamedTuple, cast

from policy_engine.engine import phones

# Confidence levels (docs/engine.md, "Confidence"). A rule reports detections at or above its
# ``min_confidence`` (default 0.5): the LOW ones only when a user lowers it.
CERTAIN = 1.0  # structure and check digits (email, card, IBAN, IP address)
CONTEXT_CONFIDENCE = 0.95  # a context-dependent value right after its context word
LIKELY = 0.8  # a distinctive form without context (+44 ..., (020) 7946 0958, a NINO)
MEDIUM = 0.65  # a plausible form (415-555-0132, 078-05-1123, 943 476 5919)
MEDIUM_LOW = 0.5  # bare digits valid in a numbering plan (13812345678)
LOW = 0.3  # bare digits that only a checksum supports (078051121 as an SSN)

MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}


def digits_of(value: str) -> str:
    return value if value.isdigit() else "".join(filter(str.isdigit, value))


def glued(text: str, start: int, end: int, chars: str = "") -> bool:
    """True when the span continues into an adjacent digit/letter (or one of ``chars``)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum() or before in chars or after in chars


def continues_number(text: str, start: int, end: int) -> bool:
    """A separator followed by more digits on either side: the span is part of a longer number."""
    if end + 1 < len(text) and text[end] in "-./ " and text[end + 1].isdigit():
        return text[end] != " "
    return start >= 2 and text[start - 1] in "-./" and text[start - 2].isdigit()


def in_digit_groups(text: str, start: int, end: int) -> bool:
    """A 4-character group of digits (or capitals and digits, as IBANs are written) one space away:
    the span is a slice of a grouped number ("4472 0353 4748 9054", "BE71 0961 2345 6760")."""
    if start > 0 and text[start - 1] == " ":
        before = text[max(0, start - 6) : start]
        if _group(before[-5:-1]) and (len(before) < 6 or not before[0].isalnum()):
            return True
    if text[end : end + 1] == " ":
        after = text[end : end + 6]
        return _group(after[1:5]) and (len(after) < 6 or not after[5].isalnum())
    return False


def _group(chars: str) -> bool:
    """Four capitals and digits, at least one a digit."""
    return len(chars) == 4 and chars.isascii() and chars.isalnum() and not chars.isalpha() and chars.upper() == chars


def luhn_ok(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = ord(c) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_prefix_ok(number: str) -> bool:
    """The issuer ranges of the card networks in common use."""
    n2, n4, length = int(number[:2]), int(number[:4]), len(number)
    if number[0] == "4":
        return length in (13, 16, 19)  # Visa
    if 51 <= n2 <= 55 or 2221 <= n4 <= 2720:
        return length == 16  # Mastercard
    if n2 in (34, 37):
        return length == 15  # American Express
    if number.startswith(("6011", "65")) or 644 <= int(number[:3]) <= 649 or 622126 <= int(number[:6]) <= 622925:
        return 16 <= length <= 19  # Discover
    if 3528 <= n4 <= 3589:
        return 16 <= length <= 19  # JCB
    if n2 in (36, 38, 39) or 300 <= int(number[:3]) <= 305:
        return 14 <= length <= 19  # Diners Club
    if number.startswith("62"):
        return 16 <= length <= 19  # UnionPay
    if number[0] == "1":
        return length == 15  # UATP (airline cards)
    return number.startswith(("50", "56", "57", "58", "6")) and 12 <= length <= 19  # Maestro


class Hit(NamedTuple):
    """A validated detection: its span (possibly narrowed), confidence, and for a national-form
    phone the regions whose numbering plan holds it."""

    start: int
    end: int
    confidence: float = CERTAIN
    regions: frozenset[str] | None = None


def _context(words: str) -> re.Pattern[str]:
    # Lookarounds rather than a boundary character matched on each side: the same matches, and
    # the search can skip ahead to where a word may start.
    return re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])")


CONTEXT: dict[str, re.Pattern[str]] = {
    "phone": _context(
        r"phones?|tel|telephone|mobile|cell|fax|whatsapp|call\s+(?:me|us)(?:\s+(?:on|at))?|reach\s+(?:me|us)\s+(?:on|at)"
    ),
    "ssn": _context(r"ssn|ssns|social\s+security|social\s+sec|ss#|ss\s*no\.?"),
    "uk_nhs": _context(r"nhs|health\s+service|patient"),
    "pl_pesel": _context(r"pesel"),
    "in_aadhaar": _context(r"aadhaar|aadhar|uidai|uid"),
    "au_tfn": _context(r"tfn|tax\s+file"),
    "us_itin": _context(r"itin|taxpayer|tax\s+id"),
    "us_bank_routing": _context(r"routing|aba|rtn|transit|bank"),
}
# A text every context word of the entity holds: a window without any of them has no context
# word, and is not searched (a few substring tests instead of a regex pass over the window).
CONTEXT_HINTS: dict[str, tuple[str, ...]] = {
    "phone": ("phone", "tel", "mobile", "cell", "fax", "whatsapp", "call", "reach"),
    "ssn": ("ss", "social"),
    "uk_nhs": ("nhs", "health", "patient"),
    "pl_pesel": ("pesel",),
    "in_aadhaar": ("aadha", "uid"),
    "au_tfn": ("tfn", "tax"),
    "us_itin": ("itin", "tax"),
    "us_bank_routing": ("routing", "aba", "rtn", "transit", "bank"),
}
CONTEXT_WINDOW = 48  # characters before a candidate searched for its entity's context words


def has_context(text: str, start: int, entity: str) -> bool:
    window = text[max(0, start - CONTEXT_WINDOW) : start].lower()
    for hint in CONTEXT_HINTS[entity]:
        if hint in window:
            return CONTEXT[entity].search(window) is not None
    return False


def scored(text: str, start: int, end: int, entity: str, bare: float, formatted: float | None = None) -> Hit:
    """Confidence of a context-dependent entity: CONTEXT after a context word, else by its form."""
    if has_context(text, start, entity):
        return Hit(start, end, CONTEXT_CONFIDENCE)
    value = text[start:end]
    return Hit(start, end, bare if value.isdigit() or formatted is None else formatted)


def credit_card(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    separators = {c for c in value if not c.isdigit()}
    if len(separators) > 1 or glued(text, start, end) or continues_number(text, start, end):
        return False
    number = digits_of(value)
    return 13 <= len(number) <= 19 and card_prefix_ok(number) and luhn_ok(number)


# Numbers the SSA never issued although they were printed: the Woolworth wallet-card sample,
# the 1936 Social Security Board pamphlet, a widely published advertising number.
INVALID_SSNS = frozenset({"078051120", "219099999", "457555462", "123456789", "987654320"})


def ssn_number_ok(number: str) -> bool:
    """SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999; known-invalid numbers
    and one digit repeated (111-11-1111) are refused."""
    if len(number) != 9 or number in INVALID_SSNS or len(set(number)) == 1:
        return False
    area, group, serial = int(number[:3]), int(number[3:5]), int(number[5:])
    return 0 < area < 900 and area != 666 and group != 0 and serial != 0


def ssn(text: str, start: int, end: int) -> Hit | None:
    value = text[start:end]
    if glued(text, start, end, "-") or continues_number(text, start, end):
        return None
    separators = {c for c in value if not c.isdigit()}
    if len(separators) > 1 or not ssn_number_ok(digits_of(value)):
        return None
    # Dashes are the SSA's own form; spaces and dots are weaker; 9 bare digits need context.
    formatted = LIKELY if "-" in separators else MEDIUM
    return scored(text, start, end, "ssn", bare=LOW, formatted=formatted)


def iban_checksum_ok(value: str) -> bool:
    rearranged = value[4:] + value[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


@lru_cache(maxsize=4096)
def iban_valid(value: str) -> bool:
    """mod-97 first (cheap), then the country's length and structure from stdnum's registry."""
    if not iban_checksum_ok(value):
        return False
    from stdnum import iban as stdnum_iban

    try:
        stdnum_iban.validate(value, check_country=False)  # the registry's length and structure
    except ValueError:
        return False
    return True


def iban(text: str, start: int, end: int) -> Hit | None:
    if glued(text, start, end):
        return None
    value = text[start:end]
    if iban_valid(value.replace(" ", "")):
        return Hit(start, end)
    # A short group after the number may be the next word ("... 8901 X in a sentence").
    head, _, tail = value.rpartition(" ")
    if head and len(tail) < 4 and iban_valid(head.replace(" ", "")):
        return Hit(start, start + len(head))
    return None


def _ipv4_ok(value: str) -> bool:
    parts = value.split(".")
    return (
        len(parts) == 4
        and all(p.isdigit() and len(p) <= 3 for p in parts)
        and not any(len(p) > 1 and p[0] == "0" for p in parts)
        and all(int(p) <= 255 for p in parts)
    )


def _cidr(value: str, limit: int) -> tuple[str, int]:
    """The address and the length of the span to keep: a CIDR suffix only when it is in range."""
    address, slash, prefix = value.partition("/")
    if slash and prefix.isdigit() and int(prefix) <= limit and (len(prefix) == 1 or prefix[0] != "0"):
        return address, len(value)
    return address, len(address)


def ipv4(text: str, start: int, end: int) -> Hit | None:
    address, keep = _cidr(text[start:end], 32)
    stop = start + keep
    if glued(text, start, stop):
        return None
    # A prefix out of range ("10.0.0.0/123") still leaves the address to report.
    if (stop == end and continues_number(text, start, stop)) or not _ipv4_ok(address):
        return None
    # "version 10.2.3.4", "v1.2.3.4": a dotted version number, not an address.
    before = text[max(0, start - 12) : start].lower().rstrip()
    if before.endswith(("version", "ver", "ver.", "release", "build")) or text[start - 1 : start] in ("v", "V"):
        return None
    return Hit(start, stop)


def ipv6(text: str, start: int, end: int) -> Hit | None:
    address, keep = _cidr(text[start:end], 128)
    stop = start + keep
    if glued(text, start, stop, ":"):
        return None
    # "::ffff:192.168.1" stops inside an IPv4 part; "2001:db8::256.1.1.1" has a bad one.
    if stop == start + len(address) and stop + 1 < len(text) and text[stop] == "." and text[stop + 1].isdigit():
        return None
    if address.count(":") < 2 or ":::" in address:
        return None
    plain = address.split("%", 1)[0]
    if "::" not in plain and plain.count(":") + ("." in plain) < 7:
        return None
    try:
        IPv6Address(address)
    except ValueError:
        return None
    # The unspecified address "::" alone says little about anyone.
    return Hit(start, stop, LOW / 3 if plain == "::" else CERTAIN)


_DATE_SEPARATORS = re.compile(r"[/.\-]")


def _date_shaped(value: str) -> bool:
    parts = _DATE_SEPARATORS.split(value)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    return date_value(value, 0, len(value))


_SSN_SHAPE = re.compile(r"\d{3}([\-. ])\d{2}\1\d{4}")


def _ipv4_shaped(value: str) -> bool:
    parts = value.split(".")
    return len(parts) == 4 and all(p.isdigit() and 1 <= len(p) <= 3 for p in parts)


def phone(text: str, start: int, end: int, regions: frozenset[str] = frozenset()) -> Hit | None:
    """International numbers for every region; national forms for ``regions`` (libphonenumber)."""
    if glued(text, start, end, "+"):  # the cheapest test first: a slice of "+1 415 ...", say
        return None
    value = text[start:end]
    number = digits_of(value)
    if not 7 <= len(number) <= 15 or continues_number(text, start, end) or in_digit_groups(text, start, end):
        return None
    if value.startswith("+"):
        if not phones.international_valid(number):
            return None
        return Hit(start, end, CONTEXT_CONFIDENCE if has_context(text, start, "phone") else LIKELY)
    if not regions or len(number) < 8 or _date_shaped(value) or _ipv4_shaped(value):
        return None
    if _SSN_SHAPE.fullmatch(value):  # a local number; 123-45-6789 is an SSN's layout
        return None
    found = phones.national_regions(number, regions)
    if not found:
        return None
    if has_context(text, start, "phone"):
        confidence = CONTEXT_CONFIDENCE
    elif value.isdigit():
        confidence = MEDIUM_LOW if len(number) >= 10 else LOW
    elif phones.grouped_in_any(value, found):
        confidence = LIKELY
    elif value.startswith("(") or any(phones.trunk_prefixed(r, number) for r in found):
        confidence = MEDIUM
    else:
        confidence = LOW
    return Hit(start, end, confidence, phones.region_set(found))


def email(text: str, start: int, end: int) -> bool:
    local = text[start : text.index("@", start)]
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    if end < len(text) and (text[end].isalnum() or text[end] in "-_"):
        return False
    # An address-like segment of a URL or file path ("/assets/logo@2x.png") is not an email.
    token_start = start
    while token_start > 0 and not text[token_start - 1].isspace() and start - token_start < 2048:
        token_start -= 1
    prefix = text[token_start:start].lower()
    return "/" not in prefix or prefix.endswith("mailto:")


_ISO_TIME = re.compile(r"(?<=\d)t\d.*$")


def date_value(text: str, start: int, end: int) -> bool:
    """A plausible calendar date (day-first and month-first both accepted), or a partial one:
    month and year, or day and month."""
    value = _ISO_TIME.sub("", text[start:end].lower())
    for sep in ",./-":
        value = value.replace(sep, " ")
    parts = [p[:-2] if p[:1].isdigit() and p[-2:] in ("st", "nd", "rd", "th") else p for p in value.split()]
    parts = [p for p in parts if p != "of"]
    months = [MONTHS[p[:3]] for p in parts if p[:3] in MONTHS]
    numbers = [int(p) for p in parts if p.isdigit()]
    if months:
        if len(numbers) == 1:  # "May-2021", "21-May", "May-21"
            n = numbers[0]
            return 1 <= n <= 31 or 1900 <= n <= 2100
        if len(numbers) != 2:
            return False
        day, year = numbers
        if day > 31:
            day, year = year, day
        year += 1900 if 30 <= year <= 99 else 2000 if year < 30 else 0
        return 1 <= day <= 31 and 1900 <= year <= 2100
    if len(numbers) == 2:  # "05/2021", "5/21"
        a, b = numbers
        return (1 <= a <= 12 and (1900 <= b <= 2100 or 1 <= b <= 31)) or (1 <= b <= 12 and 1 <= a <= 31)
    if len(numbers) != 3:
        return False
    if numbers[0] > 999:
        year, a, b = numbers
    else:
        a, b, year = numbers
        year += 1900 if 30 <= year <= 99 else 2000 if year < 30 else 0
    day_month_ok = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
    return day_month_ok and 1900 <= year <= 2100


def date_of_birth(text: str, start: int, end: int) -> Hit | None:
    if (start > 0 and text[start - 1].isalnum()) or not date_value(text, start, end):
        return None
    full = sum(c.isdigit() for c in text[start:end]) >= 5 or re.search(r"\d\D+\d", text[start:end]) is not None
    return Hit(start, end, CONTEXT_CONFIDENCE if full else LIKELY)


_PASSPORT_TOKEN = re.compile(r"\b[A-Za-z]{0,5}\d[A-Za-z0-9]{1,8}\b")


def passports(text: str, start: int, end: int) -> list[Hit]:
    """The passport numbers of a candidate that starts with its context word ("passport no.",
    "Passports: AB1234567 and XY9876543"): 8-9 letters and digits, at least 2 digits."""
    out = []
    for token in _PASSPORT_TOKEN.finditer(text, start, end):
        s, e = token.span()
        value = token.group()
        if 8 <= len(value) <= 9 and sum(c.isdigit() for c in value) >= 2 and not glued(text, s, e, "-"):
            out.append(Hit(s, e, CONTEXT_CONFIDENCE))
    return out


def _stdnum(module: str) -> Callable[[str], bool]:
    """``stdnum.<module>.is_valid``, imported on the first candidate."""

    @cache
    def load() -> Callable[[str], bool]:
        return cast("Callable[[str], bool]", importlib.import_module(f"stdnum.{module}").is_valid)

    return lambda value: load()(value)


_stdnum_checks: dict[str, Callable[[str], bool]] = {
    "uk_nhs": _stdnum("gb.nhs"),
    "es_nif": _stdnum("es.nif"),
    "it_fiscal_code": _stdnum("it.codicefiscale"),
    "pl_pesel": _stdnum("pl.pesel"),
    "in_pan": _stdnum("in_.pan"),
    "in_aadhaar": _stdnum("in_.aadhaar"),
    "au_tfn": _stdnum("au.tfn"),
    "us_itin": _stdnum("us.itin"),
    "us_bank_routing": _stdnum("us.rtn"),
}

# HMRC never allocates these National Insurance prefixes (first letter D, F, I, Q, U, V; second
# letter D, F, I, O, Q, U, V; and BG, GB, KN, NK, NT, TN, ZZ). stdnum has no module for it.
_NINO_BAD_PAIRS = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def uk_nino_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if len(compact) != 9 or not (compact[:2].isalpha() and compact[2:8].isdigit() and compact[8] in "ABCD"):
        return False
    first, second = compact[0], compact[1]
    return first not in "DFIQUV" and second not in "DFIOQUV" and compact[:2] not in _NINO_BAD_PAIRS


_NRIC_LETTERS = {"ST": "JZIHGFEDCBA", "FG": "XWUTRQPNMLK", "M": "KLJNPQRTUWX"}
_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def sg_nric_ok(value: str) -> bool:
    """Singapore NRIC/FIN: prefix S, T, F, G or M, 7 digits, check letter (weights 2765432,
    offset 4 for T and G, 3 for M). stdnum has no module for it."""
    compact = value.upper()
    if len(compact) != 9 or not compact[1:8].isdigit():
        return False
    prefix, check = compact[0], compact[8]
    total = sum(int(d) * w for d, w in zip(compact[1:8], _NRIC_WEIGHTS, strict=True))
    total += {"T": 4, "G": 4, "M": 3}.get(prefix, 0)
    table = next((letters for group, letters in _NRIC_LETTERS.items() if prefix in group), None)
    if table is None:
        return False
    if prefix == "M":
        return check == table[10 - total % 11]
    return check == table[total % 11]


# Entities whose value is distinctive on its own (structure plus a check character).
_STRUCTURED = frozenset({"es_nif", "it_fiscal_code", "in_pan", "uk_nino", "sg_nric"})


@lru_cache(maxsize=4096)
def national_id_ok(entity: str, value: str) -> bool:
    compact = "".join(c for c in value if c.isalnum())
    if entity == "uk_nino":
        return uk_nino_ok(compact)
    if entity == "sg_nric":
        return sg_nric_ok(compact)
    if entity == "es_nif" and len(compact) == 8 and compact[:7].isdigit():
        compact = "0" + compact  # a DNI written without its leading zero
    if entity == "us_itin" and len(compact) == 9:
        compact = f"{compact[:3]}-{compact[3:5]}-{compact[5:]}"
    return _stdnum_checks[entity](compact.upper() if entity != "us_itin" else compact)


def national_id(entity: str) -> Callable[[str, int, int], Hit | None]:
    """The validator of one national id: its checksum, then a confidence by form and context."""

    def validate(text: str, start: int, end: int) -> Hit | None:
        if glued(text, start, end, "-") or continues_number(text, start, end) or in_digit_groups(text, start, end):
            return None
        if ":" in text[start:end] and ":" in text[start - 1 : start] + text[end : end + 1]:
            return None  # groups of an IPv6 address or a time, not "3123:4567:8909"
        if not national_id_ok(entity, text[start:end]):
            return None
        if entity in _STRUCTURED:
            return Hit(start, end, LIKELY if not text[start:end].isdigit() else MEDIUM)
        # An ITIN's layout is also that of a ticket or an invalid SSN: it needs its context word too.
        return scored(text, start, end, entity, bare=LOW, formatted=LOW if entity == "us_itin" else MEDIUM)

    validate.__name__ = f"national_id_{entity}"
    return validate
