"""Pattern builders for the injection signals: the disguised spellings of attack words.

Everything here produces RE2 pattern text, so a disguised word is matched in the same
linear pass as every other pattern, without a decoding step or a second scan:

- ``leet``: each letter also matches its usual digit or symbol stand-ins (``1gn0r3``);
- ``spaced``: a separator between every letter (``i g n o r e``, ``s-y-s-t-e-m``);
- ``split``: one separator somewhere inside the word (``ig nore``, ``instr-uctions``);
- ``base64``: the characters a phrase always produces inside a base64 run, at each of the
  three byte alignments, which is what decoding every run and searching it would find;
- ``rot13``, ``caesar3``, ``reverse``, ``hex_bytes``, ``fullwidth``: the other encodings
  attack prompts use to slip words past a filter.
"""

from __future__ import annotations

import base64 as _b64
import codecs
import re

_LEET = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7",
    "z": "z2",
}
_SEPARATORS = r"[\s._*\-+/|,~\x{200B}\x{200C}\x{200D}\x{2060}\x{00AD}]"


def _letter(c: str, first: bool = False) -> str:
    swaps = _LEET.get(c.lower())
    if swaps is None:
        return re.escape(c)
    if first:  # a word must start with a word character for the leading \b to hold
        swaps = "".join(s for s in swaps if s.isalnum())
    return "[" + re.escape(swaps) + "]"


def leet(phrase: str) -> str:
    """``phrase`` with leetspeak stand-ins per letter; a space matches any run of whitespace,
    an apostrophe is optional, a hyphen may be a space or nothing."""
    out: list[str] = []
    start = True
    for c in phrase:
        if c == " ":
            out.append(r"\s+")
            start = True
        elif c in "'\u2019":
            out.append(r"['\x{2019}]?")
        elif c == "-":
            out.append(r"[\s-]?")
            start = True
        else:
            out.append(_letter(c, first=start))
            start = False
    return "".join(out)


def alt(*phrases: str) -> str:
    """A non-capturing alternation of the ``leet`` forms of ``phrases``."""
    return "(?:" + "|".join(leet(p) for p in phrases) + ")"


def spaced(word: str) -> str:
    """``word`` with one to three separators between every two letters."""
    return (_SEPARATORS + "{1,3}").join(_letter(c) for c in word)


def split(word: str) -> str:
    """``word`` broken once by a single space, hyphen, dot, underscore or asterisk."""
    return "(?:" + "|".join(re.escape(word[:k]) + r"[ \-._*]" + re.escape(word[k:]) for k in range(1, len(word))) + ")"


def base64(phrase: str) -> list[str]:
    """The base64 characters ``phrase`` always yields, whatever precedes it, per alignment.

    The lower-case, capitalised and upper-case spellings are all included; each fragment is
    the run of output characters whose six bits come from ``phrase`` alone.
    """
    fragments: list[str] = []
    for spelling in dict.fromkeys([phrase, phrase.capitalize(), phrase.upper()]):
        data = spelling.encode()
        for offset in range(3):
            encoded = _b64.b64encode(b"\0" * offset + data + b"\0\0").decode()
            first = -(-offset * 8 // 6)
            stop = (offset + len(data)) * 8 // 6
            fragment = encoded[first:stop]
            if len(fragment) >= 6:
                fragments.append(fragment)
    return fragments


def rot13(phrase: str) -> str:
    return codecs.encode(phrase, "rot13")


def caesar3(phrase: str) -> str:
    return "".join(chr((ord(c) - 97 + 3) % 26 + 97) if "a" <= c <= "z" else c for c in phrase.lower())


def reverse(phrase: str) -> str:
    return phrase[::-1]


def hex_bytes(word: str) -> str:
    """``word`` as hex bytes, optionally separated by spaces, ``\\x``, ``0x`` or ``%``."""
    pairs = [f"{b:02x}" for b in word.encode()]
    sep = r"(?:\s|\\x|0x|%|:)?"
    return "(?i:" + sep.join(pairs) + ")"


def fullwidth(word: str) -> str:
    """``word`` in the fullwidth Latin letters of CJK typography, either case."""
    out = []
    for c in word:
        if c == " ":
            out.append(r"[\s\x{3000}]+")
        else:
            low, up = ord(c.lower()) - 0x61 + 0xFF41, ord(c.upper()) - 0x41 + 0xFF21
            out.append(f"[\\x{{{low:04X}}}\\x{{{up:04X}}}]")
    return "".join(out)


def literal_alt(items: list[str]) -> str:
    return "(?:" + "|".join(re.escape(i) for i in dict.fromkeys(items)) + ")"
