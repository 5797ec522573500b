"""Blocking rules (org policy ``blocking_rules``; ``paranoid`` forces them on), applied to an engine result.

Pure, like the rest of the engine: the service applies it at evaluate time and ``policy-gov test``
applies it offline to the same compiled policies.
"""

from __future__ import annotations

from policy_engine.engine.policy_set import EngineResult
from policy_engine.models.org_policy import BlockOn
from policy_engine.rules.base import Action


def escalate(result: EngineResult, block_on: BlockOn | None) -> EngineResult:
    """Blocking rules: every violation at or above ``block_on`` becomes a block (``escalated``),
    whatever its rule's own action. A violation that already blocks is left as it was."""
    if block_on is None:
        return result
    threshold = block_on.severity.rank
    violations = [
        v.model_copy(update={"action": Action.BLOCK, "escalated": True})
        if v.severity.rank >= threshold and v.action != Action.BLOCK
        else v
        for v in result.violations
    ]
    if not any(v.escalated for v in violations):
        return result
    return result.with_violations(violations)
