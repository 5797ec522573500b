"""Compare policy files with the org's live policies, and carry the difference out.

A file's top-level fields are the truth: one left out means its API default (``priority: 100``,
``enabled: true``, no model...). Inside a rule, only the keys the file sets are compared, since
the service fills every rule's defaults (``severity``, ``mask``...): a minimal file and its
live, completed policy agree, and ``export`` writes the complete form.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from policy_gov import models
from policy_gov.cli.files import POLICY_FIELDS, PolicyFile, PolicyRepo
from policy_gov.client import Client
from policy_gov.errors import PolicyGovError, PreconditionFailed

DEFAULTS: dict[str, Any] = {
    name: info.get_default(call_default_factory=True) for name, info in models.PolicyContent.model_fields.items()
}
EMPTY: dict[str, Any] = {"conditions": {}, "rules": []}


@dataclass
class Change:
    kind: str  # create | update | delete | org-policy
    name: str
    diff: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field path, live, wanted)
    file: PolicyFile | None = None
    live: models.Policy | None = None
    patch: dict[str, Any] = field(default_factory=dict)


class PlanError(PolicyGovError):
    """The files and the live org cannot be matched (ambiguous names)."""


def _norm(name: str, value: Any) -> Any:
    if value is None and name in EMPTY:
        return EMPTY[name]
    if name == "action" and isinstance(value, str):
        return value.lower()
    return value


def writable(policy: models.Policy) -> dict[str, Any]:
    dumped = policy.model_dump(mode="json", include=set(POLICY_FIELDS))
    if policy.conditions is not None:  # the conditions language: only the operators a policy sets
        dumped["conditions"] = policy.conditions.model_dump(mode="json", exclude_none=True)
    return {name: _norm(name, dumped.get(name)) for name in POLICY_FIELDS}


def wanted(body: dict[str, Any]) -> dict[str, Any]:
    return {name: _norm(name, body.get(name, DEFAULTS.get(name))) for name in POLICY_FIELDS}


def same_url(wanted_url: Any, live_url: Any) -> bool:
    """The service masks webhook URLs on GET (``https://host/****abcd``); a file may hold either form."""
    if wanted_url == live_url:
        return True
    if not (isinstance(wanted_url, str) and isinstance(live_url, str) and "/****" in live_url):
        return False
    return urlsplit(wanted_url).hostname == urlsplit(live_url).hostname and wanted_url.endswith(live_url[-4:])


def _subset(path: str, want: Any, live: Any, out: list[tuple[str, Any, Any]]) -> None:
    """Differences where ``want`` sets something ``live`` does not have (dicts: the keys set)."""
    if isinstance(want, dict) and isinstance(live, dict):
        for key, value in want.items():
            _subset(f"{path}.{key}" if path else key, value, live.get(key), out)
    elif isinstance(want, list) and isinstance(live, list) and all(isinstance(x, dict) for x in want + live):
        if len(want) != len(live):
            out.append((path, f"{len(live)} item(s)", f"{len(want)} item(s)"))
            return
        for i, (a, b) in enumerate(zip(want, live, strict=True)):
            _subset(f"{path}[{i}]", a, b, out)
    elif path.endswith("slack_webhook_url"):
        if not same_url(want, live):
            out.append((path, live, "<changed>"))
    elif path.endswith(".action") or path == "action":
        if (want.lower() if isinstance(want, str) else want) != live:
            out.append((path, live, want))
    elif want != live:
        out.append((path, live, want))


def policy_diff(file: PolicyFile, live: models.Policy) -> tuple[list[tuple[str, Any, Any]], dict[str, Any]]:
    want, have = wanted(file.body), writable(live)
    diff: list[tuple[str, Any, Any]] = []
    patch: dict[str, Any] = {}
    for name in POLICY_FIELDS:
        before = len(diff)
        if name == "rules":
            types_want = [r.get("type") for r in want[name]]
            types_have = [r.get("type") for r in have[name]]
            if types_want != types_have:
                diff.append(("rules", types_have, types_want))
            else:
                _subset("rules", want[name], have[name], diff)
        elif name == "conditions":
            if want[name] != have[name]:
                diff.append((name, have[name], want[name]))
        else:
            _subset(name, want[name], have[name], diff)
        if len(diff) > before:
            patch[name] = want[name]
    return diff, patch


def make_plan(client: Client, repo: PolicyRepo, *, prune: bool) -> list[Change]:
    live_by_name: dict[str, list[models.Policy]] = {}
    for policy in client.iter_policies():
        live_by_name.setdefault(policy.name, []).append(policy)
    changes: list[Change] = []
    for file in repo.policies:
        found = live_by_name.pop(file.name, [])
        if len(found) > 1:
            raise PlanError(f"{len(found)} live policies are named {file.name!r}: rename all but one first")
        if not found:
            changes.append(Change("create", file.name, file=file))
            continue
        diff, patch = policy_diff(file, found[0])
        if diff:
            changes.append(Change("update", file.name, diff, file, found[0], patch))
    if prune:
        for name, policies in sorted(live_by_name.items()):
            changes.extend(Change("delete", name, live=p) for p in policies)
    if repo.org_policy is not None:
        live_org = client.get_org_policy().model_dump(mode="json")
        diff = []
        _subset("", repo.org_policy, live_org, diff)
        if diff:
            patch = {k: repo.org_policy[k] for k in {p.split(".")[0].split("[")[0] for p, _, _ in diff}}
            changes.append(Change("org-policy", "org policy", diff, patch=patch))
    return changes


def apply_plan(client: Client, changes: Iterable[Change], progress: Callable[[Change], None]) -> list[str]:
    """Carry the plan out in order; returns what was done. A version conflict stops it."""
    done = []
    for change in changes:
        if change.kind == "create":
            assert change.file is not None
            created = client.create_policy(change.file.body, idempotency_key=change.file.idempotency_key())
            done.append(f"created {change.name} ({created.id})")
        elif change.kind == "update":
            assert change.live is not None
            try:
                updated = client.update_policy(change.live.id, change.patch, if_match=change.live.version)
            except PreconditionFailed:
                raise PlanError(
                    f"conflict: {change.name!r} changed since the plan (it was at version {change.live.version}); "
                    "nothing more was applied, run plan again"
                ) from None
            done.append(f"updated {change.name} (version {updated.version})")
        elif change.kind == "delete":
            assert change.live is not None
            try:
                client.delete_policy(change.live.id, if_match=change.live.version)
            except PreconditionFailed:
                raise PlanError(f"conflict: {change.name!r} changed since the plan; run plan again") from None
            done.append(f"deleted {change.name}")
        else:
            client.put_org_policy(change.patch)
            done.append("updated the org policy")
        progress(change)
    return done


def show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
