"""Key layout of the single governance table. Every partition key begins with the org.

| item               | pk                        | sk                      |
|--------------------|---------------------------|-------------------------|
| policy (head)      | ORG#<org>                 | POLICY#<policy id>      |
| policy version     | ORG#<org>#POLICY#<id>     | V#<version, 10 digits>  |
| org meta           | ORG#<org>                 | META                    |
| idempotency record | ORG#<org>                 | IDEMPOTENCY#<sha256>    |
"""

from __future__ import annotations

POLICY_PREFIX = "POLICY#"
VERSION_PREFIX = "V#"
META = "META"


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


def policy_sk(policy_id: str) -> str:
    return f"{POLICY_PREFIX}{policy_id}"


def versions_pk(org_id: str, policy_id: str) -> str:
    return f"ORG#{org_id}#POLICY#{policy_id}"


def version_sk(version: int) -> str:
    return f"{VERSION_PREFIX}{version:010d}"


def idempotency_sk(key_hash: str) -> str:
    return f"IDEMPOTENCY#{key_hash}"
