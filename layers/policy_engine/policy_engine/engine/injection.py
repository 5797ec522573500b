"""Prompt-injection and jailbreak signals, scored per text.

Each signal is an RE2 pattern in one attack family with a weight (how strongly a hit
alone suggests an attack). A family counts once, with its strongest hit; families
combine like independent evidence: ``score = 1 - prod(1 - w_family)``. One strong
signal (an explicit "ignore previous instructions") reaches the default threshold
0.5 alone; weak signals (a role marker, a long base64 blob) need company.

Phrasing that merely talks about instructions or system prompts ("how do I write a
system prompt") matches none of these: the patterns need an imperative addressed to
the model ("ignore your", "reveal your") or a structural trick.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Signal:
    family: str
    pattern: str
    weight: float


_ANY = r"[^.!?\n]{0,40}?"
_OBJECT = r"(?:instructions?|prompts?|rules|directives?|guidelines|guardrails|constraints|programming|system\s+prompt)"

SIGNALS: tuple[Signal, ...] = (
    # Instruction override.
    Signal(
        "instruction_override",
        rf"(?i)\b(?:ignore|disregard|forget|override|bypass|discard|abandon)\b{_ANY}\b(?:previous|prior|above|earlier"
        rf"|preceding|all|any|your|the|these|those|original|initial|system)\b{_ANY}\b{_OBJECT}\b",
        0.85,
    ),
    Signal(
        "instruction_override",
        rf"(?i)\b(?:do\s+not|don't|stop)\s+(?:follow(?:ing)?|obey(?:ing)?)\s+(?:your|the|any)\b{_ANY}\b{_OBJECT}",
        0.8,
    ),
    Signal(
        "instruction_override", r"(?i)\b(?:new|updated|real|actual)\s+(?:instructions?|rules|directives?)\s*:", 0.35
    ),
    Signal(
        "instruction_override",
        r"(?i)\b(?:all|any)\s+(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier)\s+instructions\b",
        0.4,
    ),
    Signal(
        "instruction_override",
        r"(?i)\bfrom\s+now\s+on,?\s+(?:you\s+(?:will|must|are|shall|can)|ignore|always|never|only)\b",
        0.45,
    ),
    # Role play and jailbreak personas.
    Signal(
        "roleplay_jailbreak",
        r"(?i:\byou\s+are\s+(?:now\s+)?|\bact\s+as\s+)DAN\b|\bDAN\s+mode\b|(?i:\bdo\s+anything\s+now\b)",
        0.8,
    ),
    Signal(
        "roleplay_jailbreak",
        r"(?i)\b(?:god|jailbreak|jailbroken|unfiltered|unrestricted|evil|dan)\s+mode\b|\bjailbroken\b",
        0.75,
    ),
    Signal("roleplay_jailbreak", r"(?i)\b(?:enable|activate|enter|switch\s+to)\s+developer\s+mode\b", 0.35),
    Signal(
        "restriction_removal",
        r"(?i)\b(?:no|without|free\s+(?:of|from))\s+(?:any\s+)?(?:ethical\s+|moral\s+|content\s+)?"
        r"(?:restrictions|limitations|filters|censorship|guidelines|rules|boundaries)\b",
        0.4,
    ),
    Signal(
        "roleplay_jailbreak",
        r"(?i)\b(?:pretend|imagine|act|behave|roleplay|role-play)\b[^.!?\n]{0,30}\b(?:you\s+are|you're|as|to\s+be)\b"
        r"[^.!?\n]{0,40}\b(?:unrestricted|uncensored|unfiltered|amoral|evil|no\s+limits|rogue|without\s+rules)\b",
        0.8,
    ),
    Signal(
        "roleplay_jailbreak",
        r"(?i)\byou\s+are\s+(?:no\s+longer|not)\s+(?:bound|restricted|limited|an?\s+(?:ai|assistant|language\s+model))",
        0.75,
    ),
    Signal("roleplay_jailbreak", r"(?i)\b(?:stay|remain)\s+in\s+character\b", 0.3),
    # System prompt extraction.
    Signal(
        "prompt_extraction",
        r"(?i)\b(?:reveal|show|print|display|repeat|output|tell\s+me|give\s+me|leak|dump|share|write\s+out|what\s+(?:is|are|were))"
        r"\b[^.!?\n]{0,30}\byour\s+(?:\w+\s+)?(?:system\s+prompt|system\s+message|instructions|initial\s+prompt|hidden\s+prompt"
        r"|original\s+prompt|prompt|rules|guidelines|configuration)\b",
        0.75,
    ),
    Signal(
        "prompt_extraction",
        r"(?i)\b(?:repeat|print|output|reproduce|write)\b[^.!?\n]{0,25}\b(?:everything|all(?:\s+the)?\s+(?:text|words)|the\s+text"
        r"|the\s+words|verbatim)\b[^.!?\n]{0,25}\b(?:above|before\s+this|so\s+far)\b",
        0.75,
    ),
    Signal("prompt_extraction", r"(?i)\b(?:starting|beginning)\s+with\s+[\"']?you\s+are\b", 0.6),
    # Delimiter tricks: chat-template tokens and forged turns.
    Signal(
        "delimiter",
        r"(?i)<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>"
        r"|\[/?INST\]|<</?SYS>>",
        0.7,
    ),
    Signal(
        "delimiter",
        r"(?im)^\s*(?:#{2,}|={3,}|-{3,}|\[)?\s*(?:system|assistant)\s*(?:message|prompt)?\s*(?:\]|:)\s*\S",
        0.3,
    ),
    Signal("delimiter", r"(?i)\b(?:end\s+of|end)\s+(?:system\s+)?(?:prompt|instructions)\b\s*[\]\->:=#]", 0.45),
    Signal("delimiter", r"(?i)\bassistant\s*:\s*(?:sure|ok|okay|certainly|of\s+course|absolutely)\b", 0.5),
    # Encoding and obfuscation.
    Signal("encoding", r"[A-Za-z0-9+/]{120,}={0,2}", 0.3),
    Signal(
        "encoding",
        r"(?i)\b(?:decode|decipher|translate|convert)\b[^.!?\n]{0,40}\b(?:base64|rot13|hex|binary|morse|reversed?)\b"
        r"[^.!?\n]{0,60}\b(?:follow|execute|run|obey|do\s+what|comply|carry\s+out)\b",
        0.7,
    ),
    Signal(
        "encoding",
        r"(?i)\b(?:decode|decipher)\b[^.!?\n]{0,30}\b(?:and|then)\s+(?:follow|execute|run|obey|do\s+(?:it|what))\b",
        0.6,
    ),
    Signal("obfuscation", r"[\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}\x{00AD}]", 0.3),
    Signal("obfuscation", r"[a-zA-Z][\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}]+[a-zA-Z]", 0.5),
    Signal(
        "obfuscation",
        r"\b[a-zA-Z]+[\x{0400}-\x{04FF}\x{0370}-\x{03FF}]+[a-zA-Z]|\b[\x{0400}-\x{04FF}]+[a-zA-Z]+[\x{0400}-\x{04FF}]",
        0.5,
    ),
    Signal("obfuscation", r"(?i)\bi[\s._*\-]+g[\s._*\-]+n[\s._*\-]+o[\s._*\-]+r[\s._*\-]+e\b", 0.6),
)


def family_weights(hit_signals: Iterable[int]) -> dict[str, float]:
    """The strongest weight per family among the hit signals (indices into SIGNALS)."""
    weights: dict[str, float] = {}
    for index in hit_signals:
        signal = SIGNALS[index]
        weights[signal.family] = max(weights.get(signal.family, 0.0), signal.weight)
    return weights


def score(weights: dict[str, float]) -> float:
    remaining = 1.0
    for weight in weights.values():
        remaining *= 1.0 - weight
    return round(1.0 - remaining, 4)
