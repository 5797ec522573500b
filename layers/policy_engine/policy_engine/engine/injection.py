"""Prompt-injection and jailbreak signals, scored per text.

Each signal is an RE2 pattern in one attack family with a weight (how strongly a hit
alone suggests an attack). A family counts once, with its strongest hit; families
combine like independent evidence: ``score = 1 - prod(1 - w_family)``. One strong
signal (an explicit "ignore previous instructions") reaches the default threshold
0.5 alone; weak signals (a role marker, a long base64 blob) need company.

Phrasing that merely talks about instructions or system prompts ("how do I write a
system prompt") matches none of the strong signals: they need an imperative addressed
to the model ("ignore your", "reveal your"), a statement about the model's own rules
("your restrictions are lifted"), or a structural trick. Words with an everyday sense
("override the CSS rules", "enable developer mode", "an uncensored model") are weak
signals or need a narrower object.

Disguises are matched by the patterns themselves, in the same single RE2 pass (see
``injection_forms``): key words accept leetspeak stand-ins, letters spaced or split
apart, and the base64, rot13, Caesar, reversed, hex, Morse and fullwidth spellings of
the attack vocabulary. Override, extraction and persona phrasings are also given in
French, Spanish and German.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policy_engine.engine import injection_forms as forms
from policy_engine.engine.injection_forms import alt
from policy_engine.engine.scanner import TargetScan


@dataclass(frozen=True, slots=True)
class Signal:
    family: str
    pattern: str
    weight: float


OVERRIDE = "instruction_override"
ROLEPLAY = "roleplay_jailbreak"
RESTRICTION = "restriction_removal"
EXTRACTION = "prompt_extraction"
DELIMITER = "delimiter"
ENCODING = "encoding"
OBFUSCATION = "obfuscation"
INDIRECT = "indirect"
AUTHORITY = "authority_claim"

_ANY = r"[^.!?\n]{0,40}?"
_NEAR = r"[^.!?\n]{0,25}?"
_YOUR = alt("your", "ur", "yr")

# What an override throws away, after an unambiguous verb ("ignore", "disregard", "forget").
_OBJECT = alt(
    "instructions", "instruction", "prompts", "prompt", "rules", "directives", "directive", "guidelines",
    "guidance", "directions", "guardrails", "constraints", "programming", "conditioning", "system prompt",
    "system message", "safety policy", "content policy",
)  # fmt: skip
# After a verb with everyday senses ("override the CSS rules", "skip the intro") the object must be
# the model's own instructions and the qualifier must point back at them.
_NARROW_OBJECT = alt(
    "instructions", "instruction", "prompts", "prompt", "directives", "guidelines", "guidance", "guardrails",
    "programming", "system prompt", "system message", "restrictions", "context", "safety policy", "content policy",
)  # fmt: skip
_QUALIFIER = alt(
    "previous", "prior", "above", "earlier", "preceding", "all", "any", "your", "ur", "the", "these", "those",
    "original", "initial", "system", "every", "foregoing", "old", "former", "existing", "current", "past",
)  # fmt: skip
_BACK = alt(
    "previous", "prior", "above", "earlier", "preceding", "your", "ur", "original", "initial", "system",
    "foregoing", "former",
)  # fmt: skip
_STRONG_VERB = alt(
    "ignore", "ignoring", "disregard", "disregarding", "forget", "forgetting", "pay no attention to",
    "take no notice of", "set aside", "put aside", "never mind", "nevermind", "overrule", "unlearn",
    "don't follow", "do not follow", "stop following", "don't obey", "do not obey", "stop obeying",
    "don't adhere to", "do not adhere to", "no longer follow", "no longer obey",
)  # fmt: skip
_WEAK_VERB = alt(
    "override", "overriding", "bypass", "bypassing", "skip", "skipping", "discard", "discarding", "drop",
    "cancel", "circumvent", "revoke", "void", "abandon", "neglect", "dismiss", "throw out", "throw away",
    "erase", "overwrite", "supersede", "scrap", "ditch",
)  # fmt: skip
_REVEAL = alt(
    "reveal", "show", "print", "display", "repeat", "output", "tell me", "give me", "leak", "dump", "share",
    "write out", "write down", "echo", "recite", "quote", "paste", "copy", "spell out", "list", "summarize",
    "summarise", "translate", "reproduce", "return", "disclose", "expose", "type out", "read back", "provide",
    "send me", "what is", "what are", "what were", "what was", "what's",
)  # fmt: skip
_REVEAL_IMPERATIVE = alt(
    "reveal", "show", "print", "display", "repeat", "output", "leak", "dump", "echo", "recite", "paste", "copy",
    "spell out", "reproduce", "disclose", "expose", "type out", "read back", "write out",
)  # fmt: skip
# Names only the model's own prompt; anything else needs a closing context (see _PROMPT_END).
_PROMPT_OWN = alt(
    "system prompt", "system message", "system instructions", "developer message", "developer prompt",
    "initial prompt", "hidden prompt", "original prompt", "secret prompt", "starting prompt", "pre-prompt",
    "preprompt", "meta prompt", "metaprompt", "hidden instructions", "secret instructions", "initial instructions",
    "original instructions", "internal instructions",
)  # fmt: skip
_PROMPT_OBJECT = alt(
    "instructions", "prompt", "rules", "guidelines", "configuration", "config", "directives", "programming",
)  # fmt: skip
_GIVEN_OBJECT = alt(
    "instructions", "rules", "guidelines", "prompt", "configuration", "directives", "guidance", "setup", "orders",
)  # fmt: skip
_PROMPT_END = (
    r"(?:\s*(?:[.,!?:;)\"'\]]|$)|\s+(?:verbatim|exactly|word|in\s+full|in\s+its|above|that|which|you|now|and|then"
    r"|please|here|back|into|inside|as\s+(?:is|written|json|a)|from|starting|without|completely|entirely|to\s+me"
    r"|for\s+(?:me|this)|in\s+(?:a|the)\s+code|one|line|in\s+(?:a\s+)?(?:list|bullets?|json))\b)"
)
_MODE = alt(
    "developer", "dev", "god", "dan", "jailbreak", "jailbroken", "unrestricted", "unfiltered", "uncensored",
    "opposite", "evil", "unlocked", "freedom", "chaos", "no-filter", "no filter", "unsafe", "anarchy",
    "developer override", "admin",
)  # fmt: skip
_NEGATED = (
    r"(?:no|without|never|doesn't|does\s+not|don't|do\s+not|removed|free\s+(?:of|from)|freed\s+(?:of|from)"
    r"|unbound\s+by|stripped\s+of|released\s+from|liberated\s+from|lifted|disabled|lacks?|lacking)"
)
_STRONG_MODE = alt(
    "jailbreak", "jailbroken", "unfiltered", "unrestricted", "uncensored", "evil", "dan", "opposite", "unlocked",
    "chaos", "anarchy", "no-filter", "no filter", "unsafe",
)  # fmt: skip
_FREE = alt(
    "unrestricted", "uncensored", "unfiltered", "amoral", "jailbroken", "unlocked", "unbound", "unchained",
)  # fmt: skip
_LIMITS = alt(
    "restrictions", "restriction", "limitations", "limits", "filters", "filter", "filtering", "censorship",
    "guidelines", "rules", "boundaries", "ethics", "morals", "constraints", "guardrails", "safeguards",
    "content policy", "content policies", "safety guidelines", "ethical guidelines", "moral guidelines",
    "moral constraints", "ethical constraints", "safety filters", "safety measures", "policies", "oversight",
    "safety policy", "safety policies",
)  # fmt: skip
_AI_LIMITS = alt(
    "restrictions", "limitations", "filters", "filter", "censorship", "content policy", "content policies",
    "safety guidelines", "ethical guidelines", "moral guidelines", "moral constraints", "ethical constraints",
    "safety filters", "safety measures", "safety training", "guardrails", "safeguards", "programming",
    "alignment", "moderation", "safety protocols", "content filters", "content restrictions",
)  # fmt: skip
# A limit named without a scope ("no restrictions." rather than "no restrictions on sugar").
_UNSCOPED = (
    r"(?:\s*(?:[,.;:!?)\]\"']|$)|\s+(?:and|or|at\s+all|whatsoever|of\s+any\s+kind|anymore|any\s+more|now|so|then|to"
    r"|from|by|like|when|while|but|who|which|that|in\s+(?:place|effect|this))\b)"
)
_OFF = alt(
    "lifted", "removed", "disabled", "turned off", "switched off", "off", "deactivated", "bypassed", "suspended",
    "gone", "void", "null", "waived", "revoked", "no longer active", "no longer apply", "no longer applies",
    "not active", "not in effect", "overridden", "paused", "unlocked",
)  # fmt: skip
_VOID = alt(
    "outdated", "void", "revoked", "cancelled", "canceled", "obsolete", "invalid", "replaced", "superseded",
    "deprecated", "null", "overridden", "rescinded", "withdrawn", "suspended", "lifted", "removed", "disabled",
    "irrelevant", "no longer valid", "not valid", "fake", "a test", "not real",
)  # fmt: skip
# An AI addressed by a phrase that rarely means anything else.
_AI = alt(
    "ai", "a.i.", "assistant", "language model", "large language model", "llm", "chatbot", "chat bot", "bot",
    "gpt", "chatgpt", "claude", "gemini", "bard", "copilot", "bing", "ai assistant", "ai model", "ai system",
    "ai agent", "summarizer", "summariser", "ai bot",
)  # fmt: skip
# Also "model" and "agent", which need the surrounding pattern to mean an AI.
_AI_WIDE = alt(
    "ai", "assistant", "language model", "llm", "chatbot", "bot", "gpt", "chatgpt", "claude", "gemini",
    "copilot", "model", "agent", "ai assistant", "ai model", "ai system", "ai agent", "system", "version",
)  # fmt: skip
_PROCESSING = alt(
    "reading", "processing", "summarizing", "summarising", "parsing", "analyzing", "analysing", "reviewing",
    "evaluating", "scanning", "ingesting", "indexing", "translating", "screening", "grading", "ranking",
)  # fmt: skip
_PROCESS = alt(
    "read", "process", "summarize", "summarise", "parse", "analyze", "analyse", "review", "evaluate", "scan",
    "ingest", "index", "translate", "screen", "grade", "rank",
)  # fmt: skip

# Attack vocabulary for the disguised spellings. Split forms leave out words with a legitimate
# split spelling ("over-ride", "guide lines", "un-filtered").
_SPACED_WORDS = (
    "ignore", "disregard", "forget", "instructions", "previous", "system", "prompt", "rules", "jailbreak",
    "bypass", "override", "reveal", "password", "restrictions", "guidelines", "unrestricted", "unfiltered",
)  # fmt: skip
_SPLIT_WORDS = ("ignore", "disregard", "instructions", "previous", "restrictions", "prompt", "system")
_STRONG_ENCODED = (
    "ignore", "disregard", "jailbreak", "system prompt", "you are now", "no restrictions", "without restrictions",
    "developer mode", "do anything now", "pretend you", "previous instructions", "your instructions",
    "no content policy", "unrestricted", "unfiltered", "uncensored",
)  # fmt: skip
_WEAK_ENCODED = (
    "instructions", "previous", "guidelines", "forget", "reveal", "bypass", "override", "restrictions",
    "content policy", "your rules", "system message",
)  # fmt: skip
_CIPHER_WORDS = (
    "ignore", "disregard", "instructions", "previous", "forget", "guidelines", "restrictions", "unrestricted",
    "system prompt", "jailbreak", "password", "reveal", "your rules", "the rules", "override", "bypass",
)  # fmt: skip
_HEX_WORDS = ("ignore", "disregard", "instructions", "system prompt", "jailbreak", "password", "forget")
_FULLWIDTH_WORDS = (
    "ignore", "disregard", "forget", "instructions", "previous", "system", "prompt", "jailbreak", "rules",
    "reveal", "bypass", "restrictions",
)  # fmt: skip
_MORSE = (
    ".. --. -. --- .-. .",  # ignore
    "..-. --- .-. --. . -",  # forget
    ".-. ..- .-.. . ...",  # rules
    "... -.-- ... - . --",  # system
    ".--. .-. --- -- .--. -",  # prompt
    ".--. .- ... ... .-- --- .-. -..",  # password
    ".. -. ... - .-. ..- -.-. - .. --- -. ...",  # instructions
)


def _words(encoded: Iterable[str]) -> str:
    """Whole words, case-insensitive; a space inside a phrase matches any whitespace run."""
    return r"(?i)\b" + forms.literal_alt(list(encoded)).replace(r"\ ", r"\s+") + r"\b"


def _morse(code: str) -> str:
    return r"\s+".join("".join("\\" + c for c in letter) for letter in code.split())


SIGNALS: tuple[Signal, ...] = (
    # --- Instruction override ------------------------------------------------------------------
    Signal(OVERRIDE, rf"(?i)\b{_STRONG_VERB}\b{_ANY}\b{_QUALIFIER}\b{_ANY}\b{_OBJECT}\b", 0.85),
    Signal(OVERRIDE, rf"(?i)\b{_WEAK_VERB}\b{_NEAR}\b{_BACK}\s+(?:\w+\s+){{0,2}}{_NARROW_OBJECT}\b", 0.8),
    Signal(OVERRIDE, rf"(?i)\b{_WEAK_VERB}\s+(?:all\s+)?(?:of\s+)?{_YOUR}\s+(?:\w+\s+){{0,2}}{_OBJECT}\b", 0.8),
    # "ignore the above", "disregard everything written above."
    Signal(
        OVERRIDE,
        rf"(?i)\b{_STRONG_VERB}\s+(?:(?:all|everything|anything)\s+(?:of\s+)?)?(?:the\s+|that\s+)?"
        rf"(?:{alt('above', 'foregoing', 'preceding')}|(?:said|written|stated|mentioned)\s+(?:above|before|earlier))"
        r"(?:\s*[,.;:!]|\s+(?:and|then|instead|now)\b|\s*$)",
        0.7,
    ),
    # "forget everything you were told", "ignore what came before"
    Signal(
        OVERRIDE,
        rf"(?i)\b{_STRONG_VERB}\s+(?:all\s+)?(?:of\s+)?(?:everything|anything|whatever|what|all\s+that|all)\s+"
        r"(?:(?:that\s+)?you(?:'ve|\s+have|\s+were|\s+had|\s+have\s+been)?\s+(?:been\s+)?(?:told|given|taught|instructed"
        r"|programmed|trained)|(?:that\s+)?(?:came|comes|was\s+written|is\s+written)\s+(?:before|above)"
        r"|above|before\s+(?:this|now|my|here)|so\s+far|up\s+to\s+now|until\s+now)",
        0.8,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b{_WEAK_VERB}\s+(?:all\s+)?(?:of\s+)?(?:everything|anything|whatever|what|all\s+that)\s+(?:that\s+)?"
        r"you(?:'ve|\s+have|\s+were|\s+had|\s+have\s+been)?\s+(?:been\s+)?(?:told|given|taught|instructed|programmed"
        r"|trained)\b",
        0.8,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b{alt('ignore', 'disregard', 'forget', 'skip', 'discard', 'drop')}\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?"
        rf"{alt('previous', 'prior', 'above', 'preceding', 'earlier', 'foregoing')}\s+"
        rf"{alt('text', 'input', 'content', 'conversation', 'context', 'prompts', 'commands', 'requests')}\b",
        0.6,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b{_STRONG_VERB}\s+(?:the\s+)?{alt('user', 'users', 'human')}(?:'s|s'|\x{{2019}}s)?\s+"
        rf"{alt('request', 'question', 'instructions', 'prompt', 'query', 'task')}",
        0.75,
    ),
    Signal(OVERRIDE, rf"(?i)\b{_STRONG_VERB}\s+{_YOUR}\s+(?:\w+\s+)?{alt('task', 'assignment', 'mission')}\b", 0.6),
    # The model's instructions declared void, or replaced.
    Signal(
        OVERRIDE,
        rf"(?i)\b{_YOUR}\s+(?:\w+\s+){{0,2}}{_OBJECT}\s+(?:\w+\s+){{0,4}}?(?:are|is|were|was|have\s+been|has\s+been)"
        rf"\s+(?:now\s+|hereby\s+|officially\s+)?{_VOID}\b",
        0.75,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b(?:{_YOUR}\s+(?:\w+\s+)?{_OBJECT}|{_OBJECT}\s+you\s+(?:were|have\s+been)\s+given)\s+"
        r"(?:no\s+longer|don't|do\s+not|does\s+not|doesn't)\s+(?:apply|applies|matter|matters|count|hold)",
        0.75,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b{_OBJECT}\s+you\s+(?:were|have\s+been|had\s+been)\s+(?:given|told|provided|fed)\b[^.!?\n]{{0,60}}"
        rf"\b(?:are|is|were)\s+(?:now\s+)?{_VOID}\b",
        0.75,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\btreat\s+(?:its|the|this|that|it)\s*(?:content|text|output|result|message)?\s+as\s+(?:your\s+)?"
        r"(?:new\s+|real\s+|only\s+|actual\s+)?(?:system\s+prompt|instructions|rules|directives|orders|commands)",
        0.75,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:everything|anything|all(?:\s+the\s+text)?|the\s+text)\s+(?:before|above|prior\s+to)\s+"
        r"(?:this|my|here|the\s+(?:last|next))\s*(?:\w+\s+)?(?:was|is|were)\s+(?:just\s+|only\s+)?"
        r"(?:a\s+test|fake|irrelevant|void|not\s+real|a\s+joke|a\s+lie|a\s+simulation|wrong|outdated|obsolete)",
        0.65,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:stop|quit|cease)\s+(?:summari[sz]ing|translating|answering|analy[sz]ing|processing|classifying"
        r"|reviewing|what\s+you(?:'re|\s+are)\s+doing)\b[^.!?\n]{0,40}\b(?:instead|and\s+(?:now\s+)?(?:do|output|say"
        r"|print|write|reply|respond))",
        0.6,
    ),
    # Weak: announcements of new orders, "from now on", "only obey me".
    Signal(
        OVERRIDE,
        r"(?i)\b(?:new|updated|real|actual|revised|true|secret|hidden|priority|override|important|additional|urgent)\s+"
        r"(?:system\s+)?(?:instructions?|rules|directives?|orders|task|commands?|policy|prompt|guidelines|mission)"
        r"\s*(?:(?:for|to)\s+(?:the|this|you|any|all)\b[^:\n]{0,30})?:",
        0.4,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:the|your)\s+(?:real|actual|true|new|only)\s+(?:task|job|goal|mission|purpose|instruction|objective)"
        r"\s+(?:now\s+)?(?:is|will\s+be)\b",
        0.4,
    ),
    Signal(
        OVERRIDE,
        rf"(?i)\b{alt('all', 'any')}\s+(?:of\s+)?(?:the\s+|{_YOUR}\s+)?{alt('previous', 'prior', 'above', 'earlier')}"
        rf"\s+{alt('instructions', 'directives', 'rules', 'guidelines', 'prompts')}\b",
        0.4,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:from\s+(?:now|this\s+(?:point|moment|message))(?:\s+(?:on|onwards?|forward))?|starting\s+(?:now|today)"
        r"|henceforth|for\s+the\s+rest\s+of\s+(?:this|the|our)\s+(?:conversation|chat|session))\s*,?\s+"
        r"(?:you\s+(?:will|must|are|shall|can|should|have\s+to|need\s+to)|ignore|always|never|only|respond|answer|act)\b",
        0.45,
    ),
    Signal(OVERRIDE, r"(?i)\bonly\s+(?:follow|obey|listen\s+to)\s+(?:my|me|these|the\s+following)\b", 0.45),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:replace|swap|substitute|overwrite)\s+(?:them|it|those|these|your\s+\w+(?:\s+\w+)?)\s+with\s+"
        r"(?:these|this|the\s+following|mine|my\s+(?:own\s+)?\w+)",
        0.3,
    ),
    # French, Spanish, German.
    Signal(
        OVERRIDE,
        r"(?i)\b(?:ignore[zr]?|oublie[zr]?|ne\s+(?:tiens|tenez|tenir)\s+(?:pas\s+)?compte|fai(?:s|tes)\s+abstraction"
        r"|n[ée]glige[zr]?|outrepasse[zr]?|contourne[zr]?|passe[zr]?\s+outre)\b[^.!?\n]{0,40}?"
        r"(?:\b(?:toutes|tes|vos|ces)\b[^.!?\n]{0,20}?\b(?:instructions?|consignes?|r[èe]gles|directives?|indications"
        r"|contraintes|restrictions|limites)\b|\b(?:instructions?|consignes?|r[èe]gles|directives?|indications)\s+"
        r"(?:pr[ée]c[ée]dentes|ant[ée]rieures|ci-dessus|initiales|d'origine|du\s+syst[èe]me|syst[èe]me|de\s+base))",
        0.85,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:ignora[rd]?|ign[óo]ralas|olvida[rd]?|olv[íi]date|ignore|olvide|haz\s+caso\s+omiso|no\s+hagas\s+caso"
        r"|omite|descarta|pasa\s+por\s+alto|s[áa]ltate)\b[^.!?\n]{0,40}?"
        r"(?:\b(?:tus|todas|todos|sus)\b[^.!?\n]{0,20}?\b(?:instrucciones|reglas|indicaciones|directrices|normas|pautas"
        r"|[óo]rdenes|restricciones|limitaciones)\b|\b(?:instrucciones|reglas|indicaciones|directrices|normas|pautas"
        r"|[óo]rdenes)\s+(?:anteriores|previas|iniciales|originales|del\s+sistema|de\s+arriba))",
        0.85,
    ),
    Signal(
        OVERRIDE,
        r"(?i)\b(?:ignorier(?:e|en)?|vergiss|vergessen|missacht(?:e|en)|[üu]bergeh(?:e|en)|umgeh(?:e|en)"
        r"|beachte\s+nicht|befolge\s+nicht|verwirf|verwerfen)\b[^.!?\n]{0,40}?"
        r"\b(?:alle|deine|ihre|s[äa]mtliche|die\s+(?:vorherigen|obigen|bisherigen|urspr[üu]nglichen|fr[üu]heren|alten)"
        r"|vorherigen|obigen|bisherigen|urspr[üu]nglichen)\b[^.!?\n]{0,20}?\b(?:Anweisungen|Regeln|Richtlinien"
        r"|Vorgaben|Instruktionen|Befehle|Einschr[äa]nkungen|Systemprompt|System-Prompt|Anordnungen|Vorschriften)\b",
        0.85,
    ),
    # --- Role play, personas ----------------------------------------------------------------------
    Signal(
        ROLEPLAY,
        r"(?i:\byou\s+are\s+(?:now\s+)?|\bact\s+as\s+|\bbecome\s+|\bcalled\s+)DAN\b|\bDAN\s+mode\b|(?i:\bdo\s+anything\s+now\b)",
        0.8,
    ),
    Signal(
        ROLEPLAY,
        r"(?i:\b(?:you\s+are|you're|act\s+as|become|pretend\s+to\s+be|respond\s+as|play|called)\s+(?:now\s+)?(?:an?\s+)?)"
        r"(?:STAN|DUDE|AIM|UCAR|KEVIN|Mongo\s+Tom|BetterDAN|AntiGPT|BasedGPT|DevMode|Maximum|Omega"
        r"|(?i:better|anti|based|evil|dark|free|uncensored|unfiltered|chaos|omega|developer|dev|unlocked|god)GPT)\b"
        r"|(?i:\b(?:strive\s+to\s+avoid\s+norms|always\s+intelligent\s+and\s+machiavellian|machiavellian\s+(?:chatbot|ai"
        r"|assistant)|evil\s+confidant)\b)",
        0.75,
    ),
    Signal(ROLEPLAY, rf"(?i)\b{_STRONG_MODE}\s+mode\b", 0.75),
    Signal(
        ROLEPLAY,
        rf"(?i)\byou(?:'re|\s+are)\s+now\s+(?:in|running\s+in|operating\s+in|switched\s+to|in\s+the)\s+{_MODE}\s+mode\b"
        rf"|\byou(?:'re|\s+are)\s+(?:in|running\s+in|operating\s+in|in\s+the)\s+{_STRONG_MODE}\s+mode\b"
        rf"|\b{_STRONG_MODE}\s+mode\s+(?:is\s+)?(?:now\s+)?(?:enabled|activated|on|engaged|unlocked)\b",
        0.6,
    ),
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:enable|activate|enter|switch\s+(?:in)?to|turn\s+on|engage|go\s+into|unlock|initiate|boot\s+into)"
        rf"\s+(?:the\s+)?{_MODE}\s+mode\b|\b{alt('jailbroken', 'god mode')}\b",
        0.35,
    ),
    # Make-believe about the model itself having no limits.
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:pretend|imagine|act|behave|roleplay|role-play|simulate|emulate|suppose|assume|hypothetically|picture)"
        rf"\b[^.!?\n]{{0,50}}?\b(?:you|you're|yourself|your)\b[^.!?\n]{{0,40}}?\b(?:{_FREE}\b|(?:no|without(?:\s+any)?"
        rf"|free\s+(?:of|from)(?:\s+all|\s+any)?|(?:have|had|has)\s+no)\s+(?:{_AI_LIMITS}|{_LIMITS}){_UNSCOPED})",
        0.75,
    ),
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:act|pretend|roleplay|role-play|behave|respond|answer|reply|speak|write|become|be|simulate|emulate)\s+"
        rf"(?:as|like|to\s+be)?\s*(?:an?\s+|the\s+|your\s+)?(?:\w+\s+)?(?:{_FREE}|evil|malicious|unethical|rogue|immoral)"
        rf"\s+(?:\w+\s+)?{_AI_WIDE}\b",
        0.75,
    ),
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:act\s+as|pretend\s+to\s+be|simulate|emulate|roleplay\s+as|become|respond\s+as|answer\s+as|reply\s+as"
        rf"|speak\s+as|behave\s+(?:as|like))\s+(?:an?\s+|the\s+|your\s+)?(?:\w+\s+)?{_FREE}\b",
        0.75,
    ),
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:you\s+are|you're|act\s+as|acting\s+as|as|pretend\s+to\s+be|pretend\s+(?:that\s+)?you(?:'re|\s+are)"
        rf"|imagine\s+you(?:'re|\s+are)|simulate|emulate|become|be|play|roleplay\s+as|role-play\s+as)\s+(?:an?|the)\s+"
        rf"(?:\w+\s+)?{_AI_WIDE}\b[^.!?\n]{{0,40}}?\b{_NEGATED}\b[^.!?\n]{{0,25}}?\b(?:{_LIMITS}|refuses?|safety"
        rf"|says\s+no)\b",
        0.75,
    ),
    Signal(
        ROLEPLAY,
        rf"(?i)\b(?:an?|the)\s+{_AI_WIDE}\s+(?:that|which|who|with|without|whose)\b[^.!?\n]{{0,30}}?\b{_NEGATED}\b"
        rf"[^.!?\n]{{0,20}}?\b(?:{_LIMITS}|refuses?|safety)\b",
        0.45,
    ),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:act|pretend|roleplay|role-play|behave|play)\s+(?:as|to\s+be|like)\s+my\s+(?:\w+\s+){0,2}"
        r"(?:grandma|grandmother|granny|nana|grandpa|grandfather)\b",
        0.35,
    ),
    Signal(ROLEPLAY, rf"(?i)\b{_FREE}\s+(?:mode|persona|version\s+of\s+(?:you|yourself))\b", 0.6),
    Signal(ROLEPLAY, rf"(?i)\b{_FREE}\s+{_AI_WIDE}\b", 0.45),
    Signal(
        ROLEPLAY,
        rf"(?i)\byou(?:'re|\s+are)\s+(?:no\s+longer|not(?:\s+\w+)?\s+(?:bound|restricted|limited)|not\s+(?:an?\s+)?{_AI}"
        rf"\s+(?:anymore|any\s+more|now)|not\s+(?:bound|restricted|limited|obliged|required)|now\s+(?:an?\s+)?{_FREE}\b)",
        0.75,
    ),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:your|yourself\s+as|as\s+(?:an?|the|your))\s+(?:evil|unfiltered|uncensored|jailbroken|unhinged"
        r"|unrestricted|rogue)\s+(?:twin|self|alter[\s-]ego|persona|counterpart|confidant|version|clone)\b",
        0.7,
    ),
    Signal(
        RESTRICTION,
        rf"(?i)\b(?:broken|broke|break|breaking|been\s+freed|freed|escaped|liberated|released)\s+(?:free\s+)?"
        rf"(?:from|of|out\s+of)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:(?:the|its|your|his|her|their)\s+)?(?:\w+\s+)?"
        rf"(?:{_LIMITS}|programming)\b",
        0.45,
    ),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:respond|answer|reply)\s+(?:twice|in\s+two\s+ways|with\s+two\s+(?:responses|answers))"
        r"|\btwo\s+(?:personas|personalities|responses)\b[^.!?\n]{0,60}\b(?:normal|filtered|unfiltered|jailbroken|classic)",
        0.45,
    ),
    Signal(ROLEPLAY, r"(?i)\b(?:stay|remain)\s+in\s+character\b|\bbreak(?:ing)?\s+character\b", 0.3),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:from\s+(?:now|this\s+point)(?:\s+on)?|starting\s+now|now)\s*,?\s*you(?:'re|\s+are|\s+will\s+be)\s+"
        r"(?:(?:an?|the)\s+)?(?-i:[A-Z][\w-]*),?\s+(?:an?|the|who|which|that)\b",
        0.3,
    ),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:tu\s+es|vous\s+[êe]tes)\s+(?:maintenant|d[ée]sormais|dor[ée]navant)\b"
        r"|\b(?:ahora\s+eres|a\s+partir\s+de\s+ahora\s+(?:eres|act[úu]as?|ser[áa]s|responde|responder[áa]s))\b"
        r"|\b(?:du\s+bist\s+(?:jetzt|nun|ab\s+sofort|ab\s+jetzt)|ab\s+(?:jetzt|sofort)\s+(?:bist|wirst|antwortest))\b",
        0.4,
    ),
    Signal(
        ROLEPLAY,
        r"(?i)\b(?:mode\s+(?:d[ée]veloppeur|dieu|sans\s+filtres?|jailbreak|DAN)|modo\s+(?:desarrollador|dios|sin\s+filtros?"
        r"|jailbreak|DAN)|Entwicklermodus|Gott-?modus|Jailbreak-?Modus)\b",
        0.35,
    ),
    # --- Restriction removal ----------------------------------------------------------------------
    Signal(
        RESTRICTION,
        rf"(?i)\b(?:no|without|free\s+(?:of|from)|zero|not\s+bound\s+by|unbound\s+by|ignores?|ignoring|doesn't\s+follow"
        rf"|does\s+not\s+follow|never\s+follows?|doesn't\s+have|does\s+not\s+have)\s+(?:any\s+)?(?:of\s+)?"
        rf"(?:the\s+|its\s+|your\s+)?(?:ethical\s+|moral\s+|content\s+|safety\s+)?(?:{_LIMITS})\b",
        0.4,
    ),
    Signal(
        RESTRICTION,
        rf"(?i)\b{_YOUR}\s+(?:\w+\s+)?(?:{_AI_LIMITS}|rules|guidelines)\s+(?:are|is|have\s+been|has\s+been|were|was"
        rf"|will\s+be)\s+(?:now\s+|hereby\s+|temporarily\s+|officially\s+)?{_OFF}\b",
        0.7,
    ),
    Signal(
        RESTRICTION,
        rf"(?i)\b(?:(?:safety|content|ethical|moral)\s+(?:{_AI_LIMITS}|checks|settings|mode|layer|training|rules"
        rf"|protocols|system)|moderation|censorship|filtering|guardrails)\s+(?:are|is|have\s+been|has\s+been|were|was)\s+"
        rf"(?:now\s+)?{_OFF}\b",
        0.45,
    ),
    Signal(
        RESTRICTION,
        r"(?i)\b(?:safety|moderation|filters?|filtering|guardrails?|censorship|content[_ ]?filter|safe[_ ]?mode"
        r"|safety[_ ]?(?:filter|mode|checks?|level)|restrictions|alignment|ethics)\s*[=:]\s*"
        r"(?:false|off|0|disabled|none|no|null|unlocked)\b",
        0.6,
    ),
    Signal(
        RESTRICTION,
        r"(?i)\bfor\s+this\s+(?:one\s+)?(?:request|session|chat|conversation|answer)\b[^.!?\n]{0,40}"
        r"\b(?:lifted|removed|disabled|off|suspended|waived|do\s+not\s+apply|don't\s+apply)\b"
        r"|\b(?:lifted|removed|disabled|suspended|waived)\s+for\s+this\s+(?:one\s+)?(?:request|session|chat|conversation)\b",
        0.5,
    ),
    Signal(
        RESTRICTION,
        r"(?i)\b(?:sans|sin|ohne)\s+(?:aucune?s?\s+|ningun[ao]s?\s+|jegliche\s+|keine\s+)?(?:restrictions?|restricciones"
        r"|einschr[äa]nkungen|filtres?|filtros?|filter|limites?|l[íi]mites|limits?|grenzen|censure|censura|zensur"
        r"|r[èe]gles|reglas|regeln)\b",
        0.4,
    ),
    Signal(
        RESTRICTION,
        r"(?i)\b(?:never|don't|do\s+not|won't|will\s+not|must\s+not|cannot|can't|shall\s+not|without)\s+(?:ever\s+)?"
        r"(?:refus(?:e|es|ing)|decline|say(?:s|ing)?\s+no|say(?:ing)?\s+(?:that\s+)?you\s+can(?:'t|not)|apologi[sz]e"
        r"|add(?:ing)?\s+(?:any\s+)?(?:warnings|disclaimers)|moraliz(?:e|ing)|lectur(?:e|ing))\b"
        r"|\bwhatever\s+you\s+would\s+(?:normally|usually)\s+(?:refuse|decline|not\s+say|not\s+do)\b",
        0.45,
    ),
    Signal(
        AUTHORITY,
        r"(?i)\b(?:i\s+am|i'm|this\s+is)\s+(?:your|the|an?)\s+(?:\w+\s+)?(?:developer|creator|programmer|admin|administrator"
        r"|owner|operator|maker|engineer\s+at\s+(?:openai|anthropic|google))\b"
        r"|\b(?:grant(?:ing|ed)?|giv(?:e|ing)|given)\s+you\s+(?:full\s+)?(?:root|admin|sudo|developer|unrestricted|elevated"
        r"|god)\s+(?:access|privileges|permissions|rights|mode)\b",
        0.35,
    ),
    # --- System prompt extraction ------------------------------------------------------------
    Signal(EXTRACTION, rf"(?i)\b{_REVEAL}\b[^.!?\n]{{0,30}}\b{_YOUR}\s+(?:\w+\s+){{0,2}}?{_PROMPT_OWN}\b", 0.75),
    Signal(
        EXTRACTION,
        rf"(?i)\b{_REVEAL}\b[^.!?\n]{{0,30}}\b{_YOUR}\s+(?:\w+\s+){{0,2}}?{_PROMPT_OBJECT}{_PROMPT_END}",
        0.75,
    ),
    Signal(EXTRACTION, rf"(?i)\b{_REVEAL_IMPERATIVE}\b[^.!?\n]{{0,30}}\bthe\s+{_PROMPT_OWN}\b", 0.45),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:what|which)\s+(?:\w+\s+){0,2}(?:were|was|have|had|are)\s+you\s+(?:been\s+)?(?:told|given|instructed"
        r"|programmed|configured|prompted|asked\s+to\s+(?:do|follow)|trained\s+to\s+(?:say|do))\b",
        0.65,
    ),
    Signal(
        EXTRACTION,
        rf"(?i)\b{_REVEAL}\b[^.!?\n]{{0,40}}\b{_GIVEN_OBJECT}\s+(?:that\s+)?you\s+(?:(?:were|have\s+been|had\s+been)\s+"
        rf"(?:given|told|provided|fed|loaded|configured|initiali[sz]ed|set\s+up|started|created)|got|received)\b",
        0.7,
    ),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:repeat|print|output|reproduce|write|copy|paste|echo|quote|recite|type\s+out|show|display|give\s+me"
        r"|tell\s+me|include|dump|return)\b[^.!?\n]{0,25}\b(?:everything|all(?:\s+the)?\s+(?:text|words)|the\s+text"
        r"|the\s+words|verbatim|all\s+that)\b[^.!?\n]{0,30}(?:\b(?:above|before|prior\s+to|preceding)\s+(?:this|my|the"
        r"|your)\s+(?:\w+\s+)?(?:line|message|point|sentence|prompt|conversation|question|request|reply|answer|text)\b"
        r"|\babove(?:\s*[.,!?;:]|\s*$|\s+(?:verbatim|word|in\s+full|including|starting))|\bso\s+far\b"
        r"|\b(?:came|comes|appears?|was\s+written|is\s+written|was\s+said)\s+(?:before|above|earlier)\b)",
        0.75,
    ),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:at|from)\s+the\s+(?:very\s+)?(?:beginning|start|top)\s+of\s+(?:this|the|our)\s+(?:conversation|chat"
        r"|context|session|prompt|thread)\b|\bbefore\s+(?:this|the|our)\s+(?:conversation|chat|session)\s+"
        r"(?:started|began|begun)\b|\bbefore\s+my\s+first\s+message\b",
        0.45,
    ),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:what|repeat|print|show|tell\s+me|quote|copy)\b[^.!?\n]{0,30}\b(?:written|said|stated|typed|given|sent)"
        r"\s+(?:at|in)\s+the\s+(?:very\s+)?(?:beginning|start|top)\s+of\s+(?:this|the|our)\s+(?:conversation|chat"
        r"|context|session|prompt|thread)\b",
        0.65,
    ),
    Signal(
        EXTRACTION,
        rf"(?i)\b(?:first|last|initial|opening)\s+(?:\d+|few|hundred|ten|twenty|fifty)\s+(?:words|lines|characters|sentences"
        rf"|tokens|paragraphs)\s+of\s+(?:{_YOUR}|the)\s+(?:\w+\s+)?(?:prompt|instructions|system\s+prompt|context"
        rf"|conversation|system\s+message|input)\b",
        0.75,
    ),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:starting|beginning|begins?|starts?)\s+with\s+[\"'`\x{2018}\x{201C}]?(?:you\s+are|you're|your\s+role"
        r"|as\s+an\s+ai|system:|instructions:)",
        0.6,
    ),
    Signal(
        EXTRACTION,
        r"(?i)\b(?:affiche|montre|r[ée]v[èe]le|donne|r[ée]p[èe]te|dis|[ée]cris|imprime|cite|recopie)[sz]?(?:-moi)?\b"
        r"[^.!?\n]{0,30}\b(?:ton|votre|tes|vos)\s+(?:\w+\s+)?(?:prompt|instructions|consignes|r[èe]gles|configuration"
        r"|message\s+syst[èe]me|directives)\b"
        r"|\b(?:muestra|mu[ée]strame|revela|rev[ée]lame|dime|ens[ée][ñn]ame|repite|imprime|escribe|dame|comparte)\b"
        r"[^.!?\n]{0,30}\b(?:tu|tus)\s+(?:\w+\s+)?(?:prompt|instrucciones|reglas|configuraci[óo]n|mensaje\s+del\s+sistema"
        r"|indicaciones|directrices)\b"
        r"|\b(?:zeig|zeige|nenne|gib|wiederhole|verrate|schreib|schreibe|drucke|nenn)\b[^.!?\n]{0,30}"
        r"\b(?:dein|deine|deinen|ihre|ihren)\s+(?:\w+\s+)?(?:Systemprompt|System-Prompt|Anweisungen|Regeln|Prompt"
        r"|Konfiguration|Richtlinien|Systemnachricht|Vorgaben)\b",
        0.75,
    ),
    # --- Delimiter tricks: chat-template tokens, role tags, forged turns ----------------------
    Signal(
        DELIMITER,
        r"(?i)<\|[a-z_]{2,24}\|>|\[/?INST\]|<</?SYS>>|<\|?im_(?:start|end)\|?>|<\|?(?:begin|end)_of_(?:text|turn)\|?>"
        r"|<(?:start|end)_of_turn>",
        0.7,
    ),
    Signal(
        DELIMITER,
        r"(?i)</(?:user|human|input|context|document|data|query|prompt|message|text|email|instructions?)>\s*"
        r"<(?:system|assistant|instructions?|admin|developer|sys|system_prompt|im_start|\|)",
        0.7,
    ),
    Signal(
        DELIMITER,
        r"(?i)<(?:system|admin|developer|sys|system_prompt|system-prompt)(?:\s[^>]{0,40})?>\s*[A-Za-z][^<\n]{0,80}?\s",
        0.55,
    ),
    Signal(
        DELIMITER,
        r"(?im)^\s*(?:#{1,6}|={2,}|-{2,}|\*{2}|\[|<)?\s*(?:system|assistant|developer|admin|sys)\s*"
        r"(?:message|prompt|note|override|instructions?|mode|update)?\s*(?:\]|:|>|\*\*|#{2,}|={2,}|-{2,})\s*\S",
        0.3,
    ),
    Signal(DELIMITER, r"(?im)^\s*#{2,}\s*(?:instruction|response|input)\s*:?\s*$", 0.3),
    Signal(DELIMITER, r"\b(?:SYSTEM|ADMIN|DEVELOPER|ROOT|OPERATOR)[\s_]+(?:OVERRIDE|DIRECTIVE|COMMAND)\b", 0.55),
    Signal(
        DELIMITER,
        r"\b(?:SYSTEM|ADMIN|DEVELOPER|OPERATOR)[\s_]+(?:NOTE|MESSAGE|INSTRUCTIONS?|PROMPT)\b"
        r"|(?i:\[\s*(?:system|admin|developer)\s*(?:note|message|override|instructions?|prompt|notice|update)?\s*\])",
        0.45,
    ),
    Signal(DELIMITER, r"(?i)\[(?:system|assistant|instructions?)\]\(#[\w-]*\)", 0.6),
    Signal(
        DELIMITER,
        r"(?i)(?:[\]\-=#*<>}{)\"`]{2,}\s*(?:end|begin|start)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,2}(?:prompt|instructions?"
        r"|conversation|input|document|context|text|email|data|message|session|chat|transcript)\b"
        r"|\b(?:end|begin|start)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,2}(?:prompt|instructions?|conversation|input"
        r"|document|context|text|email|data|message|session|chat|transcript)\s*[\]\-=#*<>}{]{2,})",
        0.45,
    ),
    Signal(
        DELIMITER,
        r"(?im)(?:^\s*(?:assistant|ai|bot|gpt|chatgpt|claude|model)|\bassistant)\s*:\s*(?:sure|ok|okay|certainly"
        r"|of\s+course|absolutely|done|understood|yes|as\s+requested|no\s+problem|here\s+(?:is|are)|i\s+will|i'll)\b",
        0.45,
    ),
    Signal(
        DELIMITER,
        r"(?im)(?:^\s*(?:assistant|ai|bot|gpt|chatgpt|claude|model)|\bassistant)\s*:\s*(?:\w+\s+)?my\s+(?:\w+\s+)?"
        r"(?:rules|instructions|prompt|system\s+prompt|guidelines)\s+(?:are|is|say)\b",
        0.6,
    ),
    Signal(
        DELIMITER,
        r"(?is)\b(?:end|close|closing|begin|start)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,2}(?:prompt|instructions?|conversation"
        r"|input|document|context|text|email|data|message|session|chat|transcript)\b.{0,60}?(?:\n|[\]\-=#*>}]{2,})\s*"
        r"(?:#+\s*|\[|<)?(?:system|assistant|admin|developer|new\s+(?:system\s+)?(?:instructions?|prompt|directive))"
        r"\s*(?:message|prompt|note|override|directive)?\s*[:\]>]",
        0.65,
    ),
    Signal(
        DELIMITER,
        r"(?ims)^\s*(?:user|human)\s*:.{0,300}?^\s*(?:assistant|ai|bot)\s*:.{0,300}?^\s*(?:user|human)\s*:",
        0.3,
    ),
    Signal(DELIMITER, r"(?i)[\"']role[\"']\s*:\s*[\"'](?:system|developer)[\"']", 0.45),
    Signal(DELIMITER, r"(?im)^\s*(?:system|root|admin)\s*[>$#]\s*\S", 0.35),
    Signal(
        DELIMITER,
        r"(?i)<!--\s*(?:system|assistant|instructions?|prompt|note\s+(?:to|for)|(?:ai|assistant|model|llm|bot)\s*[:,]"
        r"|if\s+you\s+are|hey\s|attention)",
        0.5,
    ),
    # --- Indirect injection: content that addresses the model reading it ---------------------
    Signal(
        INDIRECT,
        rf"(?i)(?:^|[,.:;!?\-(\[{{]\s*|\n\s*|\b(?:to|for|dear|hey|hi|attention|attn)\s+)(?:the\s+|any\s+|all\s+)?{_AI}s?"
        rf"\s+(?:that\s+is\s+|who\s+is\s+|currently\s+)?{_PROCESSING}\s+(?:this|these|the\s+(?:following|above))\b",
        0.6,
    ),
    Signal(
        INDIRECT,
        rf"(?i)\b(?:when|if|once|as\s+soon\s+as|whenever)\s+(?:the|an?|any|this)\s+{_AI}s?\s+(?:reads|processes|sees|parses"
        rf"|summari[sz]es|analy[sz]es|reviews|scans|ingests|indexes|translates|gets\s+to)\s+(?:this|these|the\s+following)\b",
        0.6,
    ),
    Signal(INDIRECT, rf"(?i)(?:^|[.!?:>\-(\[{{]\s*|\n\s*)(?:and\s+)?if\s+you\s+are\s+(?:an?\s+)?{_AI}\b", 0.6),
    Signal(
        INDIRECT,
        rf"(?i)\b(?:note|message|instructions?|important\s+(?:note|instructions?|message)|directive|command|reminder)\s+"
        rf"(?:to|for)\s+(?:the\s+|all\s+|any\s+)?{_AI_WIDE}s?\s*(?:evaluators?|reviewers?|readers?|screeners?|systems?"
        rf"|assistants?)?\s*[:\-,]",
        0.6,
    ),
    Signal(
        INDIRECT,
        rf"(?i)\b{_AI_WIDE}\s*[,:]?\s+(?:please\s+)?(?:when|if|while|as|once|before|after)\s+you\s+(?:\w+\s+)?{_PROCESS}"
        rf"\s+(?:this|these|the)\b",
        0.55,
    ),
    Signal(
        INDIRECT,
        rf"(?i)(?:^|[\[({{<>:.!?]\s*|\n\s*)(?:(?:hey|hi|hello|dear|attention|attn)\s*,?\s+)?(?:the\s+)?{_AI}\s*[,:]\s+"
        r"(?:please\s+)?(?:respond|reply|answer|say|output|print|write|ignore|disregard|forget|do\s+not|don't|stop"
        r"|you\s+must|you\s+should|also|instead|include|add|send|forward|rate|classify|mark|tell)\b",
        0.3,
    ),
    Signal(
        INDIRECT,
        r"(?i)\b(?:tell|ask|instruct|urge|convince|direct|persuade|get)\s+(?:the\s+)?(?:user|reader|visitor|customer)s?\s+"
        r"to\b[^.!?\n]{0,60}\b(?:enter|provide|type|share|send|give|confirm|verify|submit)\s+(?:their|your|his|her)?\s*"
        r"(?:password|credentials|credit\s+card|login|ssn|api\s+key|token|bank|account\s+(?:number|details)|pin)\b",
        0.45,
    ),
    Signal(
        INDIRECT,
        r"(?i)\bhidden\s+(?:text|instructions?|prompt|message)\s*:|display\s*:\s*none|visibility\s*:\s*hidden"
        r"|font-size\s*:\s*0(?:px|pt|em)?\b|color\s*:\s*(?:white|#fff(?:fff)?)\b",
        0.3,
    ),
    # --- Encoding: encoded attack words, decode-and-follow requests ---------------------------
    Signal(ENCODING, r"[A-Za-z0-9+/]{120,}={0,2}", 0.3),
    Signal(ENCODING, forms.literal_alt([f for p in _STRONG_ENCODED for f in forms.base64(p)]), 0.7),
    Signal(ENCODING, forms.literal_alt([f for p in _WEAK_ENCODED for f in forms.base64(p)]), 0.45),
    Signal(ENCODING, _words(forms.rot13(w) for w in _CIPHER_WORDS), 0.6),
    Signal(ENCODING, _words(forms.caesar3(w) for w in _CIPHER_WORDS), 0.6),
    Signal(ENCODING, _words(forms.reverse(w) for w in _CIPHER_WORDS), 0.6),
    Signal(ENCODING, "(?:" + "|".join(forms.hex_bytes(w) for w in _HEX_WORDS) + ")", 0.6),
    Signal(ENCODING, "(?:" + "|".join(_morse(code) for code in _MORSE) + ")", 0.5),
    Signal(
        ENCODING,
        r"(?i)\b(?:decode|decipher|decrypt|translate|convert|unscramble|reverse|read|interpret)\b[^.!?\n]{0,40}"
        r"\b(?:base64|base-64|b64|rot13|rot-13|hex|binary|morse|reversed?|backwards|cipher|caesar|encoded|ascii)\b"
        r"[^.!?\n]{0,60}\b(?:follow|execute|obey|do\s+what|comply|carry\s+(?:it\s+)?out|act\s+on|apply|perform)\b",
        0.7,
    ),
    Signal(
        ENCODING,
        r"(?i)\b(?:decode|decipher|decrypt|unscramble|reverse|read\s+(?:it|this|that)\s+backwards|shift)\b[^.!?\n]{0,40}"
        r"\b(?:and|then|,)\s+(?:then\s+)?(?:just\s+)?(?:follow|execute|obey|do\s+(?:it|what|as)|act\s+on|comply"
        r"|carry\s+(?:it|them|this)?\s*out|perform|apply)\b",
        0.6,
    ),
    Signal(
        ENCODING,
        r"(?i)\b(?:base64|base-64|b64|rot13|rot-13|hex|hexadecimal|binary|morse|encoded|cipher(?:ed)?|backwards)\b"
        r"[^.!?\n]{0,60}\b(?:do\s+what\s+it\s+says|follow\s+(?:it|them|its\s+instructions)|obey\s+(?:it|them)|execute\s+it"
        r"|act\s+on\s+it|carry\s+(?:it|them)\s+out|as\s+(?:your|new)\s+(?:\w+\s+)?(?:instructions|prompt|rules))\b",
        0.6,
    ),
    Signal(
        ENCODING,
        r"(?i)\b(?:respond|reply|answer|write|output|speak|talk)\s+(?:only\s+|exclusively\s+)?(?:in|using)\s+"
        r"(?:base64|base-64|rot13|hex|binary|morse|leetspeak|leet|cipher|caesar)\b",
        0.4,
    ),
    Signal(
        ENCODING,
        r"(?i)\bso\s+(?:that\s+)?(?:the\s+|your\s+|any\s+)?(?:filters?|moderation|moderators?|safety\s+\w+|monitor\w*"
        r"|censors?|classifiers?|detectors?|guardrails?|logs?)\s+(?:can't|cannot|won't|will\s+not|doesn't|does\s+not"
        r"|can\s+not)\s+(?:read|see|detect|catch|notice|flag|understand|block)",
        0.6,
    ),
    # --- Obfuscation: disguised letters --------------------------------------------------------
    Signal(OBFUSCATION, r"[\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}\x{00AD}]", 0.3),
    Signal(OBFUSCATION, r"[a-zA-Z][\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}\x{00AD}]+[a-zA-Z]", 0.5),
    Signal(
        OBFUSCATION,
        r"\b[a-zA-Z]+[\x{0400}-\x{04FF}\x{0370}-\x{03FF}]+[a-zA-Z]|\b[\x{0400}-\x{04FF}]+[a-zA-Z]+[\x{0400}-\x{04FF}]",
        0.5,
    ),
    Signal(OBFUSCATION, r"(?i)(?:" + "|".join(forms.spaced(w) for w in _SPACED_WORDS) + ")", 0.6),
    Signal(OBFUSCATION, r"(?i)\b(?:" + "|".join(forms.split(w) for w in _SPLIT_WORDS) + r")\b", 0.35),
    Signal(
        OBFUSCATION,
        r"(?i)\b(?:{0})\b[^\n]{{0,60}}\b(?:{0})\b".format("|".join(forms.split(w) for w in _SPLIT_WORDS)),
        0.6,
    ),
    Signal(OBFUSCATION, "(?:" + "|".join(forms.fullwidth(w) for w in _FULLWIDTH_WORDS) + ")", 0.6),
    Signal(OBFUSCATION, r"[\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}]{6,}", 0.3),
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


def signal_hits(scan: TargetScan, signal_ids: list[int], hit: Iterable[int]) -> list[tuple[str, float, int, int]]:
    """``(family, weight, start, end)`` of each match of the hit signals (indices into SIGNALS)."""
    return [(SIGNALS[i].family, SIGNALS[i].weight, start, end) for i in hit for start, end in scan.spans(signal_ids[i])]
