"""Evaluate use cases: the org's whole policy set (cached warm), or one policy (stores nothing).

The compiled policy set of each org is kept in the warm function for at most
``POLICY_CACHE_SECONDS``; after that one small read of the org's policy-set version tells
whether it is still current (every policy write bumps it in the same transaction), and
only a changed version reloads and recompiles. A cache hit reads nothing from DynamoDB.
The org policy lives on the same META item as the version, so the same read brings it, and
an org-policy write bumps the version like a policy write does.

An ``approval_id`` is redeemed first (``logic.approvals``); a request a rule holds for
approval opens an approval. Stored decisions with violations, and decisions an alert rule
matches, are published on the bus (``logic.publishing``); alerts reach Slack from there.

The org policy decides which decisions are stored (``logging_level``) and for how long
(``retention_days``), escalates violations (``blocking_rules``; ``paranoid`` forces them on)
and what is answered when the store cannot be read (``fail_mode``).
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from policy_engine.caller import Caller
from policy_engine.clock import now_iso
from policy_engine.engine import CompiledPolicySet, EngineResult, compile_policy, compile_policy_set
from policy_engine.engine.checks import MAX_MATCHES
from policy_engine.engine.context import Redaction
from policy_engine.engine.escalation import escalate
from policy_engine.engine.rewrite import edit_text
from policy_engine.logic import approvals, frameworks, limits, publishing
from policy_engine.logic.approvals import Redemption
from policy_engine.logic.org_policy import parse as parse_org_policy
from policy_engine.logic.policies import get_policy
from policy_engine.models.evaluate import Decision, EvaluateRequest, RiskLevel, Verdict, Violation
from policy_engine.models.org_policy import FailMode, LoggingLevel, OrgPolicy
from policy_engine.observability import logger, metrics
from policy_engine.rules.base import Action, Severity
from policy_engine.settings import get_settings
from policy_engine.store import decision_log, get_decision_store, get_policy_store

DEFAULT_LOGGING_LEVEL = LoggingLevel.STANDARD
_STORED_RISKS = frozenset({"medium", "high", "critical"})
# What the store raises when it cannot be reached or refuses the call (throttling, access, network).
STORE_ERRORS = (BotoCoreError, ClientError)
FAIL_MODE_RULE = "fail_mode"
SCRUBBED_RULES = frozenset({"pii", "secrets"})  # what they match is never stored
NO_REDEMPTION = Redemption()


class StoreUnavailable(Exception):
    """The org's policies could not be read; ``org_policy`` is the last one known (or the defaults)."""

    def __init__(self, org_policy: OrgPolicy) -> None:
        super().__init__("the policy store is unavailable")
        self.org_policy = org_policy


@dataclass
class _CachedSet:
    policy_set: CompiledPolicySet
    org_policy: OrgPolicy
    version: int
    checked_at: float
    size: int = 0  # estimated bytes (limits.estimated_bytes)


class _SetCache(OrderedDict[str, _CachedSet]):
    """Compiled sets by org, least recently used first, bounded by count and estimated bytes."""

    def put(self, org_id: str, entry: _CachedSet, max_orgs: int, max_bytes: int) -> None:
        self.pop(org_id, None)
        self[org_id] = entry
        total = sum(e.size for e in self.values())
        while len(self) > 1 and (len(self) > max_orgs or total > max_bytes):
            _, evicted = self.popitem(last=False)
            total -= evicted.size
            metrics.add_metric(name="PolicySetEvicted", unit="Count", value=1)


_cache = _SetCache()


def clear_cache() -> None:
    _cache.clear()
    _single_cache.clear()


def policy_set_for(org_id: str) -> _CachedSet:
    """The org's compiled policy set and org policy, from the warm cache when fresh enough.

    Raises ``StoreUnavailable`` when the store cannot be read; a stale entry is never used
    past the staleness bound, because that bound is what API.md promises for writes.
    """
    settings = get_settings()
    now = time.monotonic()
    cached = _cache.get(org_id)
    if cached is not None and now - cached.checked_at < settings.policy_cache_seconds:
        _cache.move_to_end(org_id)
        return cached
    store = get_policy_store()
    try:
        # Read the version before the policies: a write in between makes the next check reload.
        meta = store.org_meta(org_id)
        if cached is not None and cached.version == meta.policy_set_version:
            cached.checked_at = now
            _cache.move_to_end(org_id)
            return cached
        policies = list(store.iter_policies(org_id))
    except STORE_ERRORS as exc:
        logger.error("policy store unavailable", extra={"error_type": type(exc).__name__})
        metrics.add_metric(name="PolicyStoreUnavailable", unit="Count", value=1)
        raise StoreUnavailable(cached.org_policy if cached else OrgPolicy()) from None
    try:
        org_policy = parse_org_policy(meta.org_policy)
        policy_set = compile_policy_set([*frameworks.pack_policies(org_policy), *policies])
        for skipped in policy_set.skipped:
            logger.error("stored policy could not be compiled; skipped", extra={"policy_id": skipped.policy_id})
            metrics.add_metric(name="PolicySkipped", unit="Count", value=1)
    except Exception as exc:
        # Nothing invalid is stored, so this means a bug or a stored item edited by hand: the
        # org's fail_mode decides, never a 5xx.
        logger.exception("org policy set could not be compiled", extra={"error_type": type(exc).__name__})
        metrics.add_metric(name="PolicySetCompileFailed", unit="Count", value=1)
        raise StoreUnavailable(cached.org_policy if cached else OrgPolicy()) from None
    entry = _CachedSet(policy_set, org_policy, meta.policy_set_version, now, limits.estimated_bytes(policy_set))
    _cache.put(org_id, entry, settings.policy_cache_max_orgs, settings.policy_cache_bytes)
    return entry


def should_store(level: LoggingLevel, result: EngineResult | Decision) -> bool:
    """minimal: PII only; standard: risk medium+ or PII; full and paranoid: everything."""
    pii = any(v.rule_type == "pii" for v in result.violations)
    if level is LoggingLevel.MINIMAL:
        return pii
    if level is LoggingLevel.STANDARD:
        return pii or result.risk_level.value in _STORED_RISKS
    return True


def fail_mode_decision(mode: FailMode, started: float, cause: str = "read the org's policies") -> Decision:
    """What evaluate answers when it cannot decide: closed blocks (risk critical, one violation
    of rule_type ``fail_mode``), open allows. Either way the caller gets a 200, never a 5xx."""
    violations = []
    if mode is FailMode.CLOSED:
        violations.append(
            Violation(
                policy_id="org_policy",
                policy_name="Org policy fail_mode",
                policy_version=0,
                rule_type=FAIL_MODE_RULE,
                action=Action.BLOCK,
                severity=Severity.CRITICAL,
                message=f"the service could not {cause}; fail_mode closed blocks the request",
            )
        )
    return Decision(
        decision_id=str(uuid.uuid4()),
        verdict=Verdict.BLOCKED if violations else Verdict.ALLOWED,
        risk_level=RiskLevel.CRITICAL if violations else RiskLevel.NONE,
        violations=violations,
        alerts=[],
        evaluated_policies=0,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def decision_of(result: EngineResult, started: float, decision_id: str | None = None) -> Decision:
    return Decision(
        decision_id=decision_id or str(uuid.uuid4()),
        verdict=result.verdict,
        risk_level=result.risk_level,
        violations=result.violations,
        alerts=result.alerts,
        modified_request=result.modified_request,
        approval=None,
        evaluated_policies=result.evaluated_policies,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        skipped_policies=list(result.skipped_policies),
        timeouts=result.timeouts,
    )


def stored_view(
    decision: Decision, request: EvaluateRequest, created_at: str, *, enforced: bool = True, event_id: str | None = None
) -> dict[str, Any]:
    """The decision plus the request's non-text fields; prompts and rewrites are not kept."""
    doc = decision.model_dump(mode="json", exclude={"modified_request"})
    doc.update(
        created_at=created_at,
        enforced=enforced,
        event_id=event_id,
        model=request.model,
        environment=request.environment,
        end_user_id=request.end_user_id,
        connection_id=request.connection_id,
        metadata=request.metadata,
    )
    return doc


def scrubbed(request: EvaluateRequest, decision: Decision) -> EvaluateRequest:
    """The request as a stored decision or an event may keep it: ``end_user_id`` and metadata
    values in which a pii or secrets rule matched, with each match masked (``[EMAIL]``). When
    such a violation lists only its first matches, those fields are dropped instead."""
    redactions: dict[str, list[Redaction]] = {}
    drop = False
    for violation in decision.violations:
        if violation.rule_type not in SCRUBBED_RULES:
            continue
        drop = drop or len(violation.matches) >= MAX_MATCHES
        for m in violation.matches:
            if m.target == "end_user_id" or m.target.startswith("metadata."):
                redactions.setdefault(m.target, []).append(Redaction(m.target, m.start, m.end, f"[{m.kind.upper()}]"))
    if drop:
        return request.model_copy(update={"end_user_id": None, "metadata": {}})
    if not redactions:
        return request
    end_user_id = request.end_user_id
    if end_user_id and "end_user_id" in redactions:
        end_user_id = edit_text(end_user_id, redactions["end_user_id"], None)
    metadata = {
        key: edit_text(str(value), found, None) if (found := redactions.get(f"metadata.{key}")) else value
        for key, value in request.metadata.items()
    }
    return request.model_copy(update={"end_user_id": end_user_id, "metadata": metadata})


def judge(entry: _CachedSet, request: EvaluateRequest, redemption: Redemption = NO_REDEMPTION) -> EngineResult:
    """The engine's result with the org's blocking rules and an approval's outcome applied."""
    result = entry.policy_set.evaluate(request, waived_policy_ids=redemption.waived)
    result = escalate(result, entry.org_policy.blocking_on)
    if redemption.refused is not None:
        result = result.with_violations([*result.violations, approvals.refusal(redemption.refused)])
    return result


def _redemption(org_id: str, request: EvaluateRequest) -> Redemption:
    """An unreadable approval is ignored: its rule fires as usual, which never lets more through."""
    if request.approval_id is None:
        return NO_REDEMPTION
    try:
        return approvals.redemption_for(org_id, request)
    except STORE_ERRORS as exc:
        logger.error("approval could not be read", extra={"error_type": type(exc).__name__})
        return NO_REDEMPTION


def evaluate(caller: Caller, request: EvaluateRequest) -> Decision:
    started = time.perf_counter()
    limits.check_request_size(request)
    try:
        entry = policy_set_for(caller.org_id)
    except StoreUnavailable as unavailable:
        return fail_mode_decision(unavailable.org_policy.fail_mode, started)
    org_policy = entry.org_policy
    redemption = _redemption(caller.org_id, request)
    result = judge(entry, request, redemption)
    decision = decision_of(result, started)
    if request.dry_run:
        return decision
    if decision.verdict is Verdict.PENDING_APPROVAL:
        if redemption.pending is not None:
            approval = approvals.ref(redemption.pending)
        else:
            try:
                approval = approvals.open_approval(
                    caller, request, decision, result.approval_required_policy_ids, org_policy
                )
            except STORE_ERRORS as exc:
                logger.error("approval could not be opened", extra={"error_type": type(exc).__name__})
                metrics.add_metric(name="ApprovalStoreUnavailable", unit="Count", value=1)
                return fail_mode_decision(org_policy.fail_mode, started, "open the approval")
        decision = decision.model_copy(update={"approval": approval})
    if not _record(caller.org_id, decision, scrubbed(request, decision), org_policy):
        return fail_mode_decision(FailMode.CLOSED, started, "record the decision")
    return decision


def _record(org_id: str, decision: Decision, request: EvaluateRequest, org_policy: OrgPolicy) -> bool:
    """Store the decision if the logging level asks for it, and publish it if stored with
    violations or matched by an alert rule. False: it had to be stored, could not be, and
    fail_mode is closed."""
    created_at = now_iso()
    kept = should_store(frameworks.logging_level(org_policy), decision)
    settings = get_settings()
    # The table keeps what the API serves (decisions with violations, or every kept decision when
    # there is no decision log); the rest of what the logging level keeps goes to the log only.
    stored = kept and (bool(decision.violations) or settings.decision_log_stream is None)
    if stored:
        expires_at = int(time.time()) + frameworks.retention_days(org_policy) * 86_400
        try:
            get_decision_store().put(org_id, stored_view(decision, request, created_at), expires_at=expires_at)
        except STORE_ERRORS as exc:
            logger.error("decision store unavailable", extra={"error_type": type(exc).__name__})
            metrics.add_metric(name="DecisionStoreUnavailable", unit="Count", value=1)
            if org_policy.fail_mode is FailMode.CLOSED:
                return False
            stored = False
    if settings.decision_log_stream is not None and ((kept and not stored) or settings.decision_log_all):
        # Not what the API promises to store, so never a fail_mode answer: counted and alarmed.
        record = {"org_id": org_id, **stored_view(decision, request, created_at)}
        if decision_log.put_records(settings.decision_log_stream, [record]):
            logger.error("decision could not be logged", extra={"decision_id": decision.decision_id})
            metrics.add_metric(name="DecisionLogPutFailed", unit="Count", value=1)
    detail = publishing.decision_event(org_id, decision, request, org_policy, created_at=created_at, stored=stored)
    if detail is not None:
        try:
            publishing.publish_decision(detail)
        except Exception as exc:
            logger.error("decision could not be published", extra={"error_type": type(exc).__name__})
            metrics.add_metric(name="DecisionPublishFailed", unit="Count", value=1)
    return True


def evaluate_one(caller: Caller, policy_id: str, request: EvaluateRequest) -> Decision:
    """Single-policy evaluate: the policy applies even when disabled; nothing is stored."""
    started = time.perf_counter()
    limits.check_request_size(request)
    result = _single_policy_set(caller.org_id, get_policy(caller, policy_id)).evaluate(request)
    return decision_of(result, started)


_single_cache: OrderedDict[tuple[str, str, int], CompiledPolicySet] = OrderedDict()
SINGLE_CACHE_SIZE = 64


def _single_policy_set(org_id: str, policy: dict[str, Any]) -> CompiledPolicySet:
    """One policy compiled once per version and shared, like the org's whole set: a client that
    tries one policy in a loop does not compile it on every request."""
    key = (org_id, str(policy["id"]), int(policy["version"]))
    compiled = _single_cache.get(key)
    if compiled is None:
        compiled = _single_cache[key] = compile_policy(policy)
        while len(_single_cache) > SINGLE_CACHE_SIZE:
            _single_cache.popitem(last=False)
    _single_cache.move_to_end(key)
    return compiled
