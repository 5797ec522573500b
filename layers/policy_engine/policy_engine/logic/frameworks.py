"""Compliance framework packs: built-in rules and logging an org switches on in its org policy.

- ``gdpr``: a built-in policy redacting every PII entity (email, phone, IP address, IBAN,
  passport, date of birth, SSN, card number) in prompts, messages and responses.
- ``soc2``: a built-in policy blocking every secret kind; stored decisions kept >= 365 days.
- ``ai_act``: every decision stored (logging raised to at least ``full``: record-keeping).

Pack policies run with priority 0 (before the org's own policies) and show in decisions as
violations of policy `framework:<name>`, named e.g. "GDPR pack".
"""

from __future__ import annotations

from typing import Any

from policy_engine.models.org_policy import LoggingLevel, OrgPolicy
from policy_engine.rules.pii import PiiEntity
from policy_engine.rules.secrets import ALL_KINDS

SOC2_MIN_RETENTION_DAYS = 365
_PACK_TIMESTAMP = "1970-01-01T00:00:00.000+00:00"


def _pack(name: str, title: str, rule: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"framework:{name}",
        "org_id": "",
        "name": title,
        "description": f"Built-in rules of the {name} framework, enabled in the org policy",
        "model": None,
        "action": None,
        "conditions": {},
        "rules": [rule],
        "priority": 0,
        "enabled": True,
        "version": 1,
        "created_at": _PACK_TIMESTAMP,
        "updated_at": _PACK_TIMESTAMP,
        "created_by": "framework",
        "updated_by": "framework",
    }


PACKS: dict[str, dict[str, Any]] = {
    "gdpr": _pack("gdpr", "GDPR pack", {"type": "pii", "action": "redact", "entities": list(PiiEntity)}),
    "soc2": _pack("soc2", "SOC 2 pack", {"type": "secrets", "action": "block", "kinds": [ALL_KINDS]}),
}


def pack_policies(org_policy: OrgPolicy) -> list[dict[str, Any]]:
    """The built-in policies the org's enabled frameworks add to its policy set."""
    enabled = org_policy.frameworks.model_dump()
    return [policy for name, policy in PACKS.items() if enabled.get(name)]


def logging_level(org_policy: OrgPolicy) -> LoggingLevel:
    """ai_act records every decision: it raises minimal and standard to full."""
    level = org_policy.logging_level
    if org_policy.frameworks.ai_act and level in (LoggingLevel.MINIMAL, LoggingLevel.STANDARD):
        return LoggingLevel.FULL
    return level


def retention_days(org_policy: OrgPolicy) -> int:
    """soc2 keeps decision records at least a year."""
    if org_policy.frameworks.soc2:
        return max(org_policy.retention_days, SOC2_MIN_RETENTION_DAYS)
    return org_policy.retention_days
