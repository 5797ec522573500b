"""Checks that turn a pattern candidate into a detection (or drop it as a look-alike).

Each validator takes the whole text and the candidate's code-point span, so it can look
at the neighbours (a digit glued to a card number means it is part of something longer).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections import Counter
from ipaddress import IPv6Address

# Lengths of the IBANs of the countries in the SWIFT registry most often seen.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21,
    "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip

MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


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
    """A 4-digit group one space away: the span is a slice of a grouped number ("4472 0353 4748 9054")."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    group_before = before[-5:-1].isdigit() and before[-1:] == " " and (len(before) < 6 or not before[0].isalnum())
    group_after = after[:1] == " " and after[1:5].isdigit() and (len(after) < 6 or not after[5].isalnum())
    return group_before or group_after


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
    return number.startswith(("50", "56", "57", "58", "6")) and 12 <= length <= 19  # Maestro


def credit_card(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    separators = {c for c in value if not c.isdigit()}
    if len(separators) > 1 or glued(text, start, end) or continues_number(text, start, end):
        return False
    number = digits_of(value)
    return 13 <= len(number) <= 19 and card_prefix_ok(number) and luhn_ok(number)


def ssn(text: str, start: int, end: int) -> bool:
    if glued(text, start, end, "-") or continues_number(text, start, end):
        return False
    number = digits_of(text[start:end])
    area, group, serial = int(number[:3]), int(number[3:5]), int(number[5:])
    return len(number) == 9 and area not in (0, 666) and area < 900 and group != 0 and serial != 0


def iban(text: str, start: int, end: int) -> bool:
    if glued(text, start, end):
        return False
    value = text[start:end].replace(" ", "")
    if IBAN_LENGTHS.get(value[:2]) != len(value):
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def ipv4(text: str, start: int, end: int) -> bool:
    if glued(text, start, end) or continues_number(text, start, end):
        return False
    parts = text[start:end].split(".")
    if any(len(p) > 1 and p[0] == "0" for p in parts) or any(int(p) > 255 for p in parts):
        return False
    # "version 10.2.3.4", "v1.2.3.4": a dotted version number, not an address.
    before = text[max(0, start - 12) : start].lower().rstrip()
    return not (
        before.endswith(("version", "ver", "ver.", "release", "build")) or text[start - 1 : start] in ("v", "V")
    )


def ipv6(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    if glued(text, start, end, ":") or not any(c.isdigit() for c in value) or value.count(":") < 2:
        return False
    groups = [g for g in value.split(":") if g]
    if ("::" not in value and len(groups) < 8) or len(groups) < 2:
        return False
    try:
        IPv6Address(value)
    except ValueError:
        return False
    return True


def phone(text: str, start: int, end: int) -> bool:
    if glued(text, start, end, "+") or continues_number(text, start, end) or in_digit_groups(text, start, end):
        return False
    value = text[start:end]
    count = len(digits_of(value))
    if value.startswith("+"):
        return 8 <= count <= 15
    if value.startswith("0"):
        # National trunk prefix: "00" would be an international prefix, not an area code.
        return 10 <= count <= 12 and value[1] != "0" and any(not c.isdigit() for c in value)
    # North American numbering: area code and exchange start with 2-9.
    number = digits_of(value)
    return count == 10 and number[0] in "23456789" and number[3] in "23456789"


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


def date_value(text: str, start: int, end: int) -> bool:
    """A plausible calendar date (day-first and month-first both accepted)."""
    value = text[start:end].lower().replace(",", " ").replace(".", " ").replace("/", " ").replace("-", " ")
    parts = [p.rstrip("stndrh") if p[:1].isdigit() else p for p in value.split()]
    months = [MONTHS[p[:3]] for p in parts if p[:3] in MONTHS]
    numbers = [int(p) for p in parts if p.isdigit()]
    if months:
        numbers = [*numbers[:1], months[0], *numbers[1:]] if len(numbers) == 2 else []
        day, year = (numbers[0], numbers[2]) if numbers else (0, 0)
        return 1 <= day <= 31 and 1900 <= year <= 2100
    if len(numbers) != 3:
        return False
    if numbers[0] > 999:
        year, a, b = numbers
    else:
        a, b, year = numbers
        year += 1900 if 30 <= year <= 99 else 2000 if year < 30 else 0
    day_month_ok = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
    return day_month_ok and 1900 <= year <= 2100


def passport(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not glued(text, start, end) and sum(c.isdigit() for c in value) >= 2


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def token_like(text: str, start: int, end: int) -> bool:
    """Random-looking: letters and digits mixed, and enough entropy to not be a word or an id."""
    value = text[start:end]
    if len(value) < 16:
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return has_digit and has_alpha and entropy(value) >= 3.0 and not glued(text, start, end, "_-")


def not_glued(text: str, start: int, end: int) -> bool:
    return not glued(text, start, end, "_-")


def openai_key(text: str, start: int, end: int) -> bool:
    return not text.startswith("sk-ant-", start) and token_like(text, start, end)


def aws_secret(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not glued(text, start, end, "+/") and entropy(value) >= 4.0 and any(c.isdigit() for c in value)


def jwt(text: str, start: int, end: int) -> bool:
    if glued(text, start, end, "_-"):
        return False
    header = text[start:end].split(".", 1)[0]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(decoded, dict) and ("alg" in decoded or "typ" in decoded)
