"""Content-filter category lexicons: short, high-signal phrases matched as whole words.

They are deliberately small: a lexicon flags text for a policy to act on, it is not a
classifier. Organisations with their own vocabulary add a ``word_list`` rule.
"""

from __future__ import annotations

from policy_engine.rules.content_filter import ContentCategory

LEXICONS: dict[ContentCategory, tuple[str, ...]] = {
    ContentCategory.HATE: (
        "subhuman", "master race", "racial purity", "ethnic cleansing", "inferior race", "white power",
        "go back to your country", "gas the", "exterminate them", "death to all",
    ),
    ContentCategory.VIOLENCE: (
        "kill you", "i will kill", "murder him", "murder her", "shoot up", "behead", "make a bomb",
        "build a bomb", "pipe bomb", "massacre", "stab him", "stab her", "torture them", "mass shooting",
    ),
    ContentCategory.SEXUAL: (
        "porn", "porno", "pornography", "pornographic", "nsfw", "explicit sex", "sexually explicit",
        "nude photos", "nudes", "erotic roleplay", "xxx",
    ),
    ContentCategory.SELF_HARM: (
        "kill myself", "suicide", "suicidal", "self-harm", "self harm", "cut myself", "end my life",
        "want to die", "overdose on", "hurt myself",
    ),
    ContentCategory.PROFANITY: (
        "fuck", "fucking", "fucked", "motherfucker", "shit", "bullshit", "asshole", "bitch", "bastard",
        "dickhead", "wanker", "bollocks",
    ),
}  # fmt: skip
