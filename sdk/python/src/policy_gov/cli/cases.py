"""``policy-gov test``: expectation files run offline with the service's own engine, or against a live org.

A file holds ``cases: [{name, request: <EvaluateRequest>, expect: {verdict, violations?: [rule_type...],
modified_request?: {...}}, policy?: <name>}]``. ``violations`` is compared as a multiset of rule
types; ``modified_request`` by the keys it sets. ``policy`` evaluates that policy alone (as
``POST /v1/policies/{id}/evaluate`` does), else the whole set with the org policy's blocking rules.

Offline needs the engine package: ``pip install ./layers/policy_engine``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_gov.cli.files import FileError, PolicyRepo, read_document
from policy_gov.client import Client, Routes

Evaluate = Callable[[dict[str, Any], str | None], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    file: Path
    name: str
    request: dict[str, Any]
    expect: dict[str, Any]
    policy: str | None


@dataclass(frozen=True)
class Result:
    case: Case
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def load_cases(paths: list[Path]) -> list[Case]:
    cases = []
    for path in paths:
        document = read_document(path)
        items = document.get("cases") if isinstance(document, dict) else None
        if not isinstance(items, list) or not items:
            raise FileError(f"{path}: expected `cases: [...]`")
        for i, item in enumerate(items):
            where = f"{path}: cases[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("request"), dict):
                raise FileError(f"{where}: needs `request` (an EvaluateRequest)")
            expect = item.get("expect")
            if not isinstance(expect, dict) or "verdict" not in expect:
                raise FileError(f"{where}: needs `expect: {{verdict: ...}}`")
            unknown = set(expect) - {"verdict", "violations", "modified_request"}
            if unknown:
                raise FileError(f"{where}: unknown expectation(s) {', '.join(sorted(unknown))}")
            cases.append(Case(path, str(item.get("name") or f"case {i}"), item["request"], expect, item.get("policy")))
    return cases


def check(case: Case, decision: dict[str, Any]) -> Result:
    problems = []
    expect = case.expect
    if decision.get("verdict") != expect["verdict"]:
        problems.append(f"verdict: expected {expect['verdict']}, got {decision.get('verdict')}")
    if "violations" in expect:
        want = Counter(str(v) for v in expect["violations"] or [])
        got = Counter(str(v.get("rule_type")) for v in decision.get("violations") or [])
        if want != got:
            problems.append(f"violations: expected {sorted(want.elements())}, got {sorted(got.elements())}")
    if "modified_request" in expect:
        wanted_rewrite = expect["modified_request"]
        got_rewrite = decision.get("modified_request")
        if wanted_rewrite is None or got_rewrite is None:
            if wanted_rewrite != got_rewrite:
                problems.append(f"modified_request: expected {wanted_rewrite}, got {got_rewrite}")
        else:
            for key, value in wanted_rewrite.items():
                if got_rewrite.get(key) != value:
                    problems.append(f"modified_request.{key}: expected {value!r}, got {got_rewrite.get(key)!r}")
    return Result(case, problems)


def offline_evaluator(repo: PolicyRepo) -> Evaluate:
    """The service's engine over the repository's files (as evaluate runs it, without the store)."""
    try:
        from policy_engine.engine import compile_policy, compile_policy_set
        from policy_engine.engine.escalation import escalate
        from policy_engine.logic import frameworks
        from policy_engine.models.evaluate import EvaluateRequest
        from policy_engine.models.org_policy import OrgPolicy
    except ImportError as error:
        raise FileError(
            f"offline tests need the engine package ({error.name} missing): pip install ./layers/policy_engine, "
            "or run them with --server"
        ) from None
    org_policy = OrgPolicy.model_validate(repo.org_policy or {})
    bodies = {p.name: {"id": f"file:{p.path.name}", **p.body} for p in repo.policies}
    whole = compile_policy_set([*frameworks.pack_policies(org_policy), *bodies.values()])

    def evaluate(request: dict[str, Any], policy: str | None) -> dict[str, Any]:
        parsed = EvaluateRequest.model_validate(request)
        if policy is not None:
            if policy not in bodies:
                raise FileError(f"no policy file is named {policy!r}")
            result = compile_policy(bodies[policy]).evaluate(parsed)
        else:
            result = escalate(whole.evaluate(parsed), org_policy.blocking_on)
        return {
            "verdict": result.verdict.value,
            "violations": [v.model_dump(mode="json") for v in result.violations],
            "modified_request": result.modified_request.model_dump(mode="json", exclude_none=True)
            if result.modified_request is not None and result.verdict.value != "blocked"
            else None,
        }

    return evaluate


def server_evaluator(client: Client) -> Evaluate:
    """The live org: ``/v1/evaluate`` with ``dry_run`` (stores nothing, opens no approval), or
    ``/v1/policies/{id}/evaluate`` for a case naming a policy."""
    ids: dict[str, str] = {}

    def evaluate(request: dict[str, Any], policy: str | None) -> dict[str, Any]:
        if policy is None:
            decision = client.run(Routes.evaluate({**request, "dry_run": True}))  # errors raise, no fail_mode
        else:
            if not ids:
                ids.update({p.name: p.id for p in client.iter_policies()})
            if policy not in ids:
                raise FileError(f"no live policy is named {policy!r}")
            decision = client.evaluate_policy(ids[policy], request)
        dumped: dict[str, Any] = decision.model_dump(mode="json")
        if dumped.get("modified_request") is not None:
            dumped["modified_request"] = {k: v for k, v in dumped["modified_request"].items() if v is not None}
        return dumped

    return evaluate


def run_cases(cases: list[Case], evaluate: Evaluate) -> list[Result]:
    return [check(case, evaluate(case.request, case.policy)) for case in cases]
