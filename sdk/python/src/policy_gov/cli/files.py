"""Policy-as-code files: one policy per YAML or JSON file, ``name`` as the key; ``org-policy.yaml`` optional."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policy_gov import models

POLICY_FIELDS = tuple(models.PolicyContent.model_fields)  # the API's writable fields, from openapi.json
ORG_POLICY_FIELDS = tuple(models.OrgPolicy.model_fields)
ORG_POLICY_NAMES = ("org-policy.yaml", "org-policy.yml", "org-policy.json")
SUFFIXES = (".yaml", ".yml", ".json")


class FileError(Exception):
    """A policy file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class PolicyFile:
    path: Path
    body: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.body["name"])

    def idempotency_key(self) -> str:
        """Derived from the file's name and content: rerunning an interrupted apply sends the same key."""
        canonical = json.dumps({"file": self.path.name, "body": self.body}, sort_keys=True, separators=(",", ":"))
        return "policy-gov-" + hashlib.sha256(canonical.encode()).hexdigest()[:48]


@dataclass(frozen=True)
class PolicyRepo:
    policies: list[PolicyFile]
    org_policy: dict[str, Any] | None


def read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FileError(f"{path}: {error.strerror or error}") from None
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise FileError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {error}") from None


def _mapping(path: Path, document: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise FileError(f"{path}: expected a mapping of fields")
    unknown = sorted(set(document) - set(allowed))
    if unknown:
        raise FileError(f"{path}: unknown field(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})")
    return document


def load_repo(directory: Path) -> PolicyRepo:
    """Every policy file of ``directory`` (not recursive), and its org policy when present."""
    if not directory.is_dir():
        raise FileError(f"{directory}: not a directory")
    policies: list[PolicyFile] = []
    org_policy: dict[str, Any] | None = None
    seen: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if path.name in ORG_POLICY_NAMES:
            org_policy = _mapping(path, read_document(path) or {}, ORG_POLICY_FIELDS)
            continue
        body = _mapping(path, read_document(path), POLICY_FIELDS)
        name = body.get("name")
        if not isinstance(name, str) or not name:
            raise FileError(f"{path}: `name` is required (it matches the file to a live policy)")
        if name in seen:
            raise FileError(f"{path}: the name {name!r} is also used by {seen[name]}")
        seen[name] = path
        policies.append(PolicyFile(path, body))
    return PolicyRepo(policies, org_policy)


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:80] or "policy"


def dump_yaml(document: Any) -> str:
    text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text


def schema(kind: str) -> str:
    """The published JSON Schema of a policy file (``policy``) or of org-policy.yaml (``org-policy``)."""
    return (resources.files("policy_gov") / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
