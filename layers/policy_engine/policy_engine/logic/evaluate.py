"""Evaluate use cases: the org's whole policy set (cached warm), or one policy (stores nothing).

The compiled policy set of each org is kept in the warm function for at most
``POLICY_CACHE_SECONDS``; after that one small read of the org's policy-set version tells
whether it is still current (every policy write bumps it in the same transaction), and
only a changed version reloads and recompiles. A cache hit reads nothing from DynamoDB.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from policy_engine.caller import Caller
from policy_engine.clock import now_iso
from policy_engine.engine import CompiledPolicySet, EngineResult, compile_policy, compile_policy_set
from policy_engine.logic.policies import get_policy
from policy_engine.models.evaluate import Decision, EvaluateRequest
from policy_engine.settings import get_settings
from policy_engine.store import get_decision_store, get_policy_store


class LoggingLevel(StrEnum):
    MINIMAL = "minimal"
    STANDARD = "standard"
    FULL = "full"
    PARANOID = "paranoid"


DEFAULT_LOGGING_LEVEL = LoggingLevel.STANDARD
_STORED_RISKS = frozenset({"medium", "high", "critical"})


@dataclass
class _CachedSet:
    policy_set: CompiledPolicySet
    version: int
    checked_at: float


_cache: OrderedDict[str, _CachedSet] = OrderedDict()


def clear_cache() -> None:
    _cache.clear()


def policy_set_for(org_id: str) -> CompiledPolicySet:
    settings = get_settings()
    now = time.monotonic()
    cached = _cache.get(org_id)
    if cached is not None and now - cached.checked_at < settings.policy_cache_seconds:
        _cache.move_to_end(org_id)
        return cached.policy_set
    store = get_policy_store()
    # Read the version before the policies: a write in between makes the next check reload.
    version = store.policy_set_version(org_id)
    if cached is not None and cached.version == version:
        cached.checked_at = now
        return cached.policy_set
    policy_set = compile_policy_set(list(store.iter_policies(org_id)))
    _cache[org_id] = _CachedSet(policy_set, version, now)
    _cache.move_to_end(org_id)
    while len(_cache) > settings.policy_cache_max_orgs:
        _cache.popitem(last=False)
    return policy_set


def should_store(level: LoggingLevel, result: EngineResult) -> bool:
    """minimal: PII only; standard: risk medium+ or PII; full and paranoid: everything."""
    pii = any(v.rule_type == "pii" for v in result.violations)
    if level is LoggingLevel.MINIMAL:
        return pii
    if level is LoggingLevel.STANDARD:
        return pii or result.risk_level.value in _STORED_RISKS
    return True


def _decision(result: EngineResult, started: float) -> Decision:
    return Decision(
        decision_id=str(uuid.uuid4()),
        verdict=result.verdict,
        risk_level=result.risk_level,
        violations=result.violations,
        alerts=result.alerts,
        modified_request=result.modified_request,
        approval=None,
        evaluated_policies=result.evaluated_policies,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def _stored_view(decision: Decision, request: EvaluateRequest, created_at: str) -> dict[str, Any]:
    """The decision plus the request's non-text fields; prompts and rewrites are not kept."""
    doc = decision.model_dump(mode="json", exclude={"modified_request"})
    doc.update(
        created_at=created_at,
        enforced=True,
        event_id=None,
        model=request.model,
        environment=request.environment,
        end_user_id=request.end_user_id,
        connection_id=request.connection_id,
        metadata=request.metadata,
    )
    return doc


def evaluate(caller: Caller, request: EvaluateRequest) -> Decision:
    started = time.perf_counter()
    result = policy_set_for(caller.org_id).evaluate(request)
    decision = _decision(result, started)
    if not request.dry_run and should_store(DEFAULT_LOGGING_LEVEL, result):
        created_at = now_iso()
        retention = get_settings().decision_retention_days * 86_400
        get_decision_store().put(
            caller.org_id, _stored_view(decision, request, created_at), expires_at=int(time.time()) + retention
        )
    return decision


def evaluate_one(caller: Caller, policy_id: str, request: EvaluateRequest) -> Decision:
    """Single-policy evaluate: the policy applies even when disabled; nothing is stored."""
    started = time.perf_counter()
    result = compile_policy(get_policy(caller, policy_id)).evaluate(request)
    return _decision(result, started)
