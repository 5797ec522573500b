"""The texts of a request (targets) and the helpers that keep offsets in code points."""

from __future__ import annotations

from dataclasses import dataclass, field

from policy_engine.models.evaluate import EvaluateRequest, Role

# Target kinds, as named by banned_patterns ``targets``.
PROMPT, SYSTEM, RESPONSE = "prompt", "system", "response"


@dataclass(slots=True)
class Target:
    """One scanned text: the bare prompt, one message, or the response."""

    name: str  # "prompt", "messages[i]" or "response": the ``target`` of a match
    text: str
    kind: str  # PROMPT (prompt, user/assistant/tool messages), SYSTEM or RESPONSE
    index: int | None = None  # the message index
    _data: bytes | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False)
    _cursor: tuple[int, int] = (0, 0)

    @property
    def data(self) -> bytes:
        """UTF-8 bytes, encoded once: RE2 runs on bytes and reports byte offsets."""
        if self._data is None:
            self._data = self.text.encode("utf-8", "surrogatepass")
        return self._data

    @property
    def is_ascii(self) -> bool:
        return len(self.data) == len(self.text)

    @property
    def lower(self) -> str:
        """Lower-cased text with exactly the same length, so offsets carry over."""
        if self._lower is None:
            self._lower = fold_case(self.text)
        return self._lower

    def char_offset(self, byte_offset: int) -> int:
        """Code-point offset of a byte offset (monotone calls are linear overall)."""
        if self.is_ascii:
            return byte_offset
        last_byte, last_char = self._cursor
        if byte_offset < last_byte:
            last_byte, last_char = 0, 0
        chars = last_char + len(self.data[last_byte:byte_offset].decode("utf-8", "surrogatepass"))
        self._cursor = (byte_offset, chars)
        return chars

    def byte_offset(self, char_offset: int) -> int:
        if self.is_ascii:
            return char_offset
        return len(self.text[:char_offset].encode("utf-8", "surrogatepass"))


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
    return targets


def prompt_text(request: EvaluateRequest) -> str | None:
    """The text the ``prompt`` condition field sees: the prompt, or every message joined by newlines."""
    if request.prompt is not None:
        return request.prompt
    if request.messages is not None:
        return "\n".join(m.content for m in request.messages)
    return None
