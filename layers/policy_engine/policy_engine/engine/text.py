"""The texts of a request (targets), their normalised views, and offsets in code points.

Matching runs on a *view* of each text: NFKC, default-ignorable code points (zero-width
characters, soft hyphen, joiners, bidi controls, variation selectors, tags) removed, and
the Latin, Cyrillic and Greek look-alikes of ASCII letters folded to them (Unicode TR39
confusables, ``fold_table``). Each view character remembers the span of original text it
came from, so a match on the view maps back to a span of the original that covers the whole
disguised value, the removed characters inside it included.

Clean text costs nothing: ASCII text is its own view (``str.isascii`` is the only check),
and so is any text that NFKC leaves alone and that holds no character to remove or fold
(two C-speed scans). Only other texts are rebuilt, ASCII runs copied whole.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from policy_engine.engine.fold_table import FOLD
from policy_engine.models.evaluate import EvaluateRequest, Role

# Target kinds, as named by banned_patterns ``targets``; METADATA: end_user_id and metadata values.
PROMPT, SYSTEM, RESPONSE, METADATA = "prompt", "system", "response", "metadata"

Span = tuple[int, int]

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip


_IGNORABLE = frozenset(chr(code) for lo, hi in _IGNORABLE_RANGES for code in range(lo, hi + 1))

_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _IGNORABLE_RANGES) + "".join(f"\\U{ord(c):08x}" for c in FOLD)
_NEEDS_WORK = re.compile(f"[{_CLASS}]")  # a character the view removes or folds
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_BYTES = bytes(range(128))
# Up to this many non-ASCII characters, their runs are found with str.find per distinct character
# (C loops); past it, with one regex pass (a character class costs 5-15 ns a character in ``re``
# on a text that is not ASCII, 20-60 us per 4 KB).
FEW_NON_ASCII = 64


def non_ascii_chars(data: bytes) -> str:
    """The non-ASCII characters of a text, in order, from its UTF-8: the ASCII bytes deleted in
    one C pass leave whole UTF-8 sequences (every byte of one is >= 0x80)."""
    return data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def non_ascii_runs(text: str, others: str) -> list[Span]:
    """The spans of the runs of non-ASCII characters of ``text``; ``others`` are those characters
    (``non_ascii_chars``). A text with few of them, the common case (typographic quotes, an
    accent, an emoji in English), finds them by character with ``str.find``."""
    if len(others) > FEW_NON_ASCII:
        return [m.span() for m in _NON_ASCII.finditer(text)]
    positions: list[int] = []
    for c in set(others):
        at = text.find(c)
        while at >= 0:
            positions.append(at)
            at = text.find(c, at + 1)
    positions.sort()
    runs: list[Span] = []
    for at in positions:
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs


def _joins(c: str) -> bool:
    """A character NFKC may compose with the one before it (combining marks, Hangul V/T jamo)."""
    return unicodedata.combining(c) != 0 or "\u1160" <= c <= "\u11ff"


@dataclass(frozen=True, slots=True)
class View:
    """A normalised text, built of segments: segment ``k`` starts at view offset ``starts[k]``
    and at original offset ``origins[k]``. A copied segment (``ends[k] == -1``) maps its
    characters one to one; a rebuilt one (a cluster) maps each of its view characters to the
    whole original cluster ``[origins[k], ends[k])``."""

    text: str
    starts: array[int]
    origins: array[int]
    ends: array[int]

    def _char(self, j: int) -> tuple[int, int]:
        """The original span of view character ``j``."""
        k = bisect_right(self.starts, j) - 1
        end = self.ends[k]
        if end < 0:
            origin = self.origins[k] + j - self.starts[k]
            return origin, origin + 1
        return self.origins[k], end

    def span(self, start: int, end: int) -> Span:
        """The original span of the view span ``[start, end)`` (``end > start``)."""
        return self._char(start)[0], self._char(end - 1)[1]

    def limit(self, original_limit: int) -> int:
        """How many view characters come from the first ``original_limit`` original ones."""
        return bisect_left(range(len(self.text)), original_limit, key=lambda j: self._char(j)[0])


def normalise(text: str, data: bytes | None = None) -> View | None:
    """The view of ``text`` (``data``: its UTF-8, when the caller has it), or None when the text
    is its own view."""
    if text.isascii():
        return None
    others = non_ascii_chars(text.encode("utf-8", "surrogatepass") if data is None else data)
    if unicodedata.is_normalized("NFKC", text) and _NEEDS_WORK.search(others) is None:
        return None
    distinct = set(others)
    singles = {c: _single(c) for c in distinct}
    if all(single is not None for single in singles.values()):
        return _one_to_one(text, {c: single for c, single in singles.items() if single is not None and single != c})
    return rebuilt(text, others)


def rebuilt(text: str, others: str) -> View:
    """The view of ``text`` rebuilt cluster by cluster (``others``: its non-ASCII characters)."""
    parts: list[str] = []
    starts, origins, ends = array("i"), array("i"), array("i")

    def segment(view_start: int, origin: int, end: int) -> None:
        starts.append(view_start)
        origins.append(origin)
        ends.append(end)

    size = 0  # view characters so far
    position = 0
    for start, stop in non_ascii_runs(text, others):
        if start > position and _joins(text[start]):
            start -= 1  # the ASCII letter a combining mark sits on joins the run
        if start > position:
            parts.append(text[position:start])
            segment(size, position, -1)
            size += start - position
        i = start
        while i < stop:  # NFKC per cluster (a character and the marks composing with it), remove, fold
            j = i + 1
            while j < stop and _joins(text[j]):
                j += 1
            cluster = text[i:j]
            out = "".join(
                FOLD.get(c, c) for c in unicodedata.normalize("NFKC", cluster) if c.isascii() or c not in _IGNORABLE
            )
            if out:
                parts.append(out)
                segment(size, i, j)
                size += len(out)
            i = j
        position = stop
    if position < len(text):
        parts.append(text[position:])
        segment(size, position, -1)
    return View("".join(parts), starts, origins, ends)


@lru_cache(maxsize=8192)
def _single(c: str) -> str | None:
    """What the view makes of a character on its own when that is one character (NFKC, folded),
    else None: it composes with its neighbours, is removed, or becomes several."""
    if _joins(c):
        return None
    out = [FOLD.get(x, x) for x in unicodedata.normalize("NFKC", c) if x.isascii() or x not in _IGNORABLE]
    return out[0] if len(out) == 1 else None


def _one_to_one(text: str, changes: dict[str, str]) -> View | None:
    """The view of a text each of whose characters becomes one character (Cyrillic, Greek or CJK
    prose, fullwidth punctuation): one segment that maps one to one, made with ``str.replace``
    per changed character (C loops) instead of a rebuild per character."""
    if not changes:
        return None
    view = text
    if len(changes) > FEW_NON_ASCII:
        view = text.translate({ord(c): single for c, single in changes.items()})
    else:
        for c, single in changes.items():
            view = view.replace(c, single)
    return View(view, array("i", [0]), array("i", [0]), array("i", [-1]))


def byte_to_char(text: str, data: bytes) -> Callable[[int], int]:
    """Code-point offsets of UTF-8 byte offsets. The converter keeps a cursor, so a series of
    non-decreasing offsets (one pattern's matches) costs one pass over the text in all."""
    if len(data) == len(text):
        return int
    cursor = [0, 0]

    def convert(byte_offset: int) -> int:
        last_byte, last_char = cursor
        if byte_offset < last_byte:
            last_byte, last_char = 0, 0
        chars = last_char + len(data[last_byte:byte_offset].decode("utf-8", "surrogatepass"))
        cursor[0], cursor[1] = byte_offset, chars
        return chars

    return convert


@dataclass(slots=True)
class Target:
    """One scanned text: the bare prompt, one message, the response, end_user_id or a metadata value."""

    name: str  # "prompt", "messages[i]", "response", "end_user_id", "metadata.<key>": a match's ``target``
    text: str
    kind: str  # PROMPT (prompt, user/assistant/tool messages), SYSTEM, RESPONSE or METADATA
    index: int | None = None  # the message index
    _data: bytes | None = field(default=None, repr=False)
    _view: View | None = field(default=None, repr=False)
    _viewed: bool = field(default=False, repr=False)
    _view_data: bytes | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False)

    @property
    def data(self) -> bytes:
        """UTF-8 bytes of the original text, encoded once: RE2 runs on bytes."""
        if self._data is None:
            self._data = self.text.encode("utf-8", "surrogatepass")
        return self._data

    @property
    def view(self) -> View | None:
        """The normalised view, or None when the text is its own view."""
        if not self._viewed:
            self._view, self._viewed = normalise(self.text, self.data), True
        return self._view

    @property
    def scan_text(self) -> str:
        view = self.view
        return self.text if view is None else view.text

    @property
    def scan_data(self) -> bytes:
        """UTF-8 bytes of the view (the original's when the text is its own view)."""
        view = self.view
        if view is None:
            return self.data
        if self._view_data is None:
            self._view_data = view.text.encode("utf-8", "surrogatepass")
        return self._view_data

    @property
    def lower(self) -> str:
        """The view lower-cased, with exactly the same length, so offsets carry over."""
        if self._lower is None:
            self._lower = fold_case(self.scan_text)
        return self._lower


def fold_case(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case to two code points ("İ"); keep those as they are.
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def at_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when [start, end) is not glued to word characters on either side.

    A side whose own edge character is not a word character (``c++``) needs no boundary.
    """
    if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]))


def request_targets(request: EvaluateRequest) -> list[Target]:
    targets: list[Target] = []
    if request.prompt is not None:
        targets.append(Target(PROMPT, request.prompt, PROMPT))
    for i, message in enumerate(request.messages or ()):
        kind = SYSTEM if message.role == Role.SYSTEM else PROMPT
        targets.append(Target(f"messages[{i}]", message.content, kind, i))
    if request.response is not None:
        targets.append(Target(RESPONSE, request.response, RESPONSE))
    if request.end_user_id:
        targets.append(Target("end_user_id", request.end_user_id, METADATA))
    for key, value in request.metadata.items():
        # Numbers too: a card or phone number sent as a JSON number is still one.
        text = value if isinstance(value, str) else str(value) if type(value) is int else ""
        if text:
            targets.append(Target(f"metadata.{key}", text, METADATA))
    return targets


def prompt_text(request: EvaluateRequest) -> str | None:
    """The text the ``prompt`` condition field sees: the prompt, or every message joined by newlines."""
    if request.prompt is not None:
        return request.prompt
    if request.messages is not None:
        return "\n".join(m.content for m in request.messages)
    return None
