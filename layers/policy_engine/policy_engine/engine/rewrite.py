"""Build ``modified_request`` from the rewrites of the findings.

Order: each text is first truncated (the exact first ``max_chars`` characters of the
original), then redacted (spans are offsets in the original text; a span that crosses
the cut is masked whole, a span after it is gone with the cut), and last the system
message is rewritten. Overlapping redactions keep the one that starts first (the
longer on a tie). Only rewritten fields are returned; a redacted ``metadata`` comes back
whole (every key, the redacted values masked, as strings).
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from policy_engine.engine.context import Finding, Redaction
from policy_engine.models.evaluate import EvaluateRequest, Message, ModifiedRequest, Role
from policy_engine.rules.system_prompt import SystemPromptMode

SYSTEM_JOIN = "\n\n"
_START, _END = itemgetter(1), itemgetter(2)  # of a Redaction


def edit_text(text: str, redactions: list[Redaction], cut: int | None) -> str:
    limit = len(text) if cut is None else min(cut, len(text))
    out: list[str] = []
    add = out.append
    position = 0
    # By start, the longer first on a tie: two stable sorts on C keys, not one on a Python key.
    for _, start, end, mask in sorted(sorted(redactions, key=_END, reverse=True), key=_START):
        if start < position or start >= limit:
            continue
        add(text[position:start])
        add(mask)
        position = end
    if position < limit:
        out.append(text[position:limit])
    return "".join(out)


def apply_system_prompt(messages: list[Message], mode: SystemPromptMode, prompt: str) -> list[Message]:
    index = next((i for i, m in enumerate(messages) if m.role == Role.SYSTEM), None)
    if index is None:
        return [Message(role=Role.SYSTEM, content=prompt), *messages]
    current = messages[index].content
    if mode == SystemPromptMode.REPLACE:
        rest = [m for i, m in enumerate(messages) if m.role != Role.SYSTEM or i == index]
        return [Message(role=Role.SYSTEM, content=prompt) if m is messages[index] else m for m in rest]
    content = prompt + SYSTEM_JOIN + current if mode == SystemPromptMode.PREPEND else current + SYSTEM_JOIN + prompt
    return [Message(role=Role.SYSTEM, content=content) if i == index else m for i, m in enumerate(messages)]


def build_modified_request(request: EvaluateRequest, findings: Iterable[Finding]) -> ModifiedRequest | None:
    redactions: dict[str, list[Redaction]] = {}
    cuts: dict[str, int] = {}
    clamp: int | None = None
    system_edits: list[tuple[SystemPromptMode, str]] = []
    for finding in findings:
        for r in finding.redactions:
            redactions.setdefault(r.target, []).append(r)
        for target, limit in finding.truncations.items():
            cuts[target] = min(limit, cuts.get(target, limit))
        if finding.clamp_max_tokens is not None:
            clamp = min(finding.clamp_max_tokens, clamp or finding.clamp_max_tokens)
        if finding.system_prompt is not None:
            system_edits.append(finding.system_prompt)
    edited = redactions.keys() | cuts.keys()
    if not edited and clamp is None and not system_edits:
        return None

    def rewrite(name: str, text: str) -> str:
        return edit_text(text, redactions.get(name, []), cuts.get(name)) if name in edited else text

    prompt = messages = response = None
    if request.prompt is not None:
        new_prompt = rewrite("prompt", request.prompt)
        if system_edits:
            messages = [Message(role=Role.USER, content=new_prompt)]
        elif "prompt" in edited:
            prompt = new_prompt
    elif request.messages is not None and (system_edits or any(n.startswith("messages[") for n in edited)):
        messages = [
            Message(role=m.role, content=rewrite(f"messages[{i}]", m.content)) for i, m in enumerate(request.messages)
        ]
    for mode, text in system_edits:
        messages = apply_system_prompt(messages or [], mode, text)
    if request.response is not None and "response" in edited:
        response = rewrite("response", request.response)
    end_user_id = None
    if request.end_user_id and "end_user_id" in edited:
        end_user_id = rewrite("end_user_id", request.end_user_id)
    metadata = None
    if any(name.startswith("metadata.") for name in edited):
        metadata = {
            key: rewrite(name, str(value)) if (name := f"metadata.{key}") in edited else value
            for key, value in request.metadata.items()
        }
    return ModifiedRequest(
        prompt=prompt,
        messages=messages,
        max_tokens=clamp,
        response=response,
        end_user_id=end_user_id,
        metadata=metadata,
    )
