"""Compile policies once into a ``CompiledPolicySet``; evaluate requests against it.

Precedence: policies are ordered by ``priority`` (lower number first), then by the
specificity of their scope (more specific first), then by id. Specificity is the pair
(model, conditions): an exact ``model`` name (2) beats a glob (1) beats no model (0);
then more condition tests beat fewer. Two policies with the same priority and the same
specificity have equal precedence.

``allow``: when an allow policy's scope matches, it fires; every policy of strictly
lower precedence is skipped (equal precedence still applies). Rules of an allow
policy, each with its own action, are still checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from policy_engine.engine.checks import MAX_MATCHES, Check, build_checks
from policy_engine.engine.conditions import compile_conditions, compile_glob, count_conditions, glob_specificity
from policy_engine.engine.context import Context, Finding
from policy_engine.engine.plan import ScanPlan
from policy_engine.engine.rewrite import build_modified_request
from policy_engine.models.evaluate import (
    EvaluateRequest,
    ModifiedRequest,
    PatternTimeout,
    RiskLevel,
    SkippedPolicy,
    Verdict,
    Violation,
)
from policy_engine.models.policy import PolicyContent
from policy_engine.rules.base import Action, Severity

StoredPolicy = Mapping[str, Any] | PolicyContent
APPROVAL = Action.REQUIRE_APPROVAL

VERDICT_OF: dict[Action, Verdict] = {
    Action.BLOCK: Verdict.BLOCKED,
    Action.REQUIRE_APPROVAL: Verdict.PENDING_APPROVAL,
    Action.REDACT: Verdict.MODIFIED,
    Action.MODIFY: Verdict.MODIFIED,
    Action.ALERT: Verdict.FLAGGED,
}
VERDICT_RANK = {v: i for i, v in enumerate(Verdict)}  # allowed < flagged < modified < pending < blocked


@dataclass(frozen=True, slots=True)
class EngineResult:
    verdict: Verdict
    risk_level: RiskLevel
    violations: list[Violation]
    alerts: list[Violation]
    modified_request: ModifiedRequest | None
    evaluated_policies: int
    approval_required_policy_ids: list[str]
    skipped_policies: tuple[SkippedPolicy, ...] = ()
    timeouts: list[PatternTimeout] = field(default_factory=list)  # Python-compatible patterns out of time

    def with_violations(self, violations: list[Violation]) -> EngineResult:
        """The same result judged again on ``violations`` (whose actions changed, e.g. escalated)."""
        verdict = verdict_of(violations)
        return replace(
            self,
            verdict=verdict,
            violations=violations,
            alerts=[v for v in violations if v.action == Action.ALERT],
            modified_request=None if verdict == Verdict.BLOCKED else self.modified_request,
            approval_required_policy_ids=approvals_of(violations),
        )


@dataclass(eq=False)
class CompiledPolicy:
    id: str
    name: str
    version: int
    action: Action | None
    severity: Severity  # of a conditions-only policy's violation
    rank: tuple[int, int, int]
    checks: list[Check] = field(default_factory=list)
    model: Any = None  # Callable[[str], bool] | None
    conditions: Any = None  # Predicate | None

    def in_scope(self, request: EvaluateRequest) -> bool:
        # A request without a model (a gateway that sent none) is in no model-scoped policy.
        if self.model is not None and not (request.model and self.model(request.model)):
            return False
        return self.conditions is None or bool(self.conditions(request))

    def violation(self, check: Check | None, finding: Finding, action: Action) -> Violation:
        return Violation(
            policy_id=self.id,
            policy_name=self.name,
            policy_version=self.version,
            rule_type=check.rule_type if check else "conditions",
            action=action,
            severity=check.severity if check else self.severity,
            message=finding.message,
            matches=finding.matches[:MAX_MATCHES],
            rule_index=check.index if check else None,
        )


def _content(policy: StoredPolicy) -> PolicyContent:
    if isinstance(policy, PolicyContent):
        return policy
    return PolicyContent.model_validate({k: v for k, v in policy.items() if k in PolicyContent.model_fields})


def _compile(policy: StoredPolicy, plan: ScanPlan) -> CompiledPolicy:
    content = _content(policy)
    raw = policy if isinstance(policy, Mapping) else {}
    compiled = CompiledPolicy(
        id=str(raw.get("id") or getattr(policy, "id", "") or ""),
        name=content.name,
        version=int(raw.get("version") or getattr(policy, "version", 0) or 0),
        action=content.action,
        severity=Severity.MEDIUM,
        rank=(content.priority, -glob_specificity(content.model), -count_conditions(content.conditions)),
        model=compile_glob(content.model) if content.model else None,
        conditions=compile_conditions(content.conditions),
    )
    for index, rule in enumerate(content.rules):
        action = rule.action or content.action
        if action is None or action not in rule.available_actions:
            action = rule.default_action
        compiled.checks.extend(build_checks(rule, action, index, plan, content.on_timeout.value))
    return compiled


class CompiledPolicySet:
    """Immutable and safe to share between requests of a warm function."""

    def __init__(self, policies: list[CompiledPolicy], plan: ScanPlan, skipped: tuple[SkippedPolicy, ...] = ()) -> None:
        self.policies = sorted(policies, key=lambda p: (p.rank, p.id))
        self.scanner = plan.build()
        self.skipped = skipped

    def __len__(self) -> int:
        return len(self.policies)

    def evaluate(self, request: EvaluateRequest, *, waived_policy_ids: frozenset[str] = frozenset()) -> EngineResult:
        """Judge one request. Policies in ``waived_policy_ids`` (an approved approval being
        redeemed) do not fire their ``require_approval`` rules."""
        ctx = Context(request, self.scanner)
        violations: list[Violation] = []
        findings: list[Finding] = []
        timeouts: list[PatternTimeout] = []
        evaluated = 0
        cutoff: tuple[int, int, int] | None = None
        for policy in self.policies:
            if cutoff is not None and policy.rank > cutoff:
                break
            evaluated += 1
            if not policy.in_scope(request):
                continue
            waived = policy.id in waived_policy_ids
            if policy.action == Action.ALLOW:
                cutoff = policy.rank
            elif not policy.checks and policy.action is not None and not (waived and policy.action == APPROVAL):
                violations.append(
                    policy.violation(None, Finding("the request matches the policy's scope"), policy.action)
                )
            for check in policy.checks:
                if not check.applies(ctx.stages) or (waived and check.action == APPROVAL):
                    continue
                timed_out = len(ctx.timeouts)
                found = check.run(ctx)
                if found is not None:
                    violations.append(policy.violation(check, found, check.action))
                    findings.append(found)
                if len(ctx.timeouts) > timed_out:  # a Python-compatible pattern ran out of time
                    timeouts += [
                        PatternTimeout(policy_id=policy.id, **dataclasses.asdict(t)) for t in ctx.timeouts[timed_out:]
                    ]
        return _result(request, violations, findings, evaluated, self.skipped, timeouts)


def verdict_of(violations: list[Violation]) -> Verdict:
    """The most severe verdict any violation's action leads to (precedence as API.md)."""
    return max((VERDICT_OF[v.action] for v in violations), key=VERDICT_RANK.__getitem__, default=Verdict.ALLOWED)


def approvals_of(violations: list[Violation]) -> list[str]:
    return list(dict.fromkeys(v.policy_id for v in violations if v.action == Action.REQUIRE_APPROVAL))


def _result(
    request: EvaluateRequest,
    violations: list[Violation],
    findings: list[Finding],
    evaluated: int,
    skipped: tuple[SkippedPolicy, ...],
    timeouts: list[PatternTimeout],
) -> EngineResult:
    verdict = verdict_of(violations)
    risk = max((v.severity for v in violations), key=lambda s: s.rank, default=None)
    modified = None if verdict == Verdict.BLOCKED else build_modified_request(request, findings)
    return EngineResult(
        verdict=verdict,
        risk_level=RiskLevel(risk.value) if risk else RiskLevel.NONE,
        violations=violations,
        alerts=[v for v in violations if v.action == Action.ALERT],
        modified_request=modified,
        evaluated_policies=evaluated,
        approval_required_policy_ids=approvals_of(violations),
        skipped_policies=skipped,
        timeouts=timeouts,
    )


def _enabled(policy: StoredPolicy) -> bool:
    return bool(policy.get("enabled", True) if isinstance(policy, Mapping) else policy.enabled)


def compile_policy_set(policies: Iterable[StoredPolicy]) -> CompiledPolicySet:
    """Compile the enabled policies of an org (stored policy dicts or models) into one matcher.

    A policy that does not compile (nothing invalid is stored, so a bug or an item edited by
    hand) is skipped on its own and listed in ``skipped``; the others still apply. The plan is
    built again without it, so nothing the failed policy added is scanned for."""
    return _compile_all([p for p in policies if _enabled(p)])


def _compile_all(pending: list[StoredPolicy]) -> CompiledPolicySet:
    skipped: list[SkippedPolicy] = []
    while True:
        plan = ScanPlan()
        compiled: list[CompiledPolicy] = []
        for policy in pending:
            try:
                compiled.append(_compile(policy, plan))
            except Exception:
                skipped.append(_skipped(policy))
                pending = [p for p in pending if p is not policy]
                break
        else:
            return CompiledPolicySet(compiled, plan, tuple(skipped))


def _skipped(policy: StoredPolicy) -> SkippedPolicy:
    raw = policy if isinstance(policy, Mapping) else {}
    return SkippedPolicy(
        policy_id=str(raw.get("id") or getattr(policy, "id", "") or ""),
        policy_name=str(raw.get("name") or getattr(policy, "name", "") or "")[:255],
        reason="the stored policy could not be compiled; it is skipped until it is written again",
    )


def compile_policy(policy: StoredPolicy) -> CompiledPolicySet:
    """Compile one policy for single-policy evaluate: it applies even when disabled."""
    return _compile_all([policy])
