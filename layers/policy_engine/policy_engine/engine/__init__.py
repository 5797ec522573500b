"""The pure policy engine: compile policies once, evaluate requests against them. No I/O."""

from __future__ import annotations

from policy_engine.engine.policy_set import CompiledPolicySet, EngineResult, compile_policy, compile_policy_set

__all__ = ["CompiledPolicySet", "EngineResult", "compile_policy", "compile_policy_set"]
