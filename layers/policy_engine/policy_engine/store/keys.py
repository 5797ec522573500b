"""Key layout of the single governance table. Every partition key begins with the org.

| item               | pk                        | sk                      |
|--------------------|---------------------------|-------------------------|
| policy (head)      | ORG#<org>                 | POLICY#<policy id>      |
| policy version     | ORG#<org>#POLICY#<id>     | V#<version, 10 digits>  |
| org meta           | ORG#<org>                 | META                    |
| idempotency record | ORG#<org>                 | IDEMPOTENCY#<sha256>    |
| api key            | ORG#<org>                 | APIKEY#<key id>         |
| decision           | ORG#<org>#DECISION#<id>   | DECISION                |
| audit entry        | ORG#<org>#AUDIT           | <seq, 12 digits>        |
| approval           | ORG#<org>#APPROVAL#<id>   | APPROVAL                |
| webhook delivery   | ORG#<org>#DELIVERY#<subj> | WEBHOOK#<sha256 of url> |

Decisions spread over their own partitions (evaluate writes them at traffic rate) and carry
``gsi2pk``/``gsi2sk`` = ``ORG#<org>#DECISIONS#<shard>`` / ``<created_at>#<id>`` for the
newest-first feed. The shard (0..15) is a hash of the decision id: one index partition takes
about 1,000 writes/s, so one feed key per org would throttle an org's decisions (and, through the
index, the table write) past that rate; 16 take an org to 16,000 stored decisions/s. The feed is
read by merging the shards on the position, which is unique. Items written before sharding sit
under ``ORG#<org>#DECISIONS`` and are read as one more shard until their TTL removes them.

Approvals likewise carry ``ORG#<org>#APPROVALS`` / ``<created_at>#<id>`` for their listing.
A decision judged from a captured usage event has an id derived from the org and the
``event_id``, so the same event is stored once (a conditional put).

API keys are also indexed by the SHA-256 of the key (GSI1, keys only), which is how the
authorizer finds the org of a presented key; it then reads the item itself consistently.
"""

from __future__ import annotations

POLICY_PREFIX = "POLICY#"
VERSION_PREFIX = "V#"
META = "META"
API_KEY_PREFIX = "APIKEY#"
KEY_INDEX = "GSI1"
DECISIONS_INDEX = "GSI2"


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


def api_key_sk(key_id: str) -> str:
    return f"APIKEY#{key_id}"


def key_hash_gsi(key_hash: str) -> str:
    return f"KEYHASH#{key_hash}"


def decision_pk(org_id: str, decision_id: str) -> str:
    return f"ORG#{org_id}#DECISION#{decision_id}"


DECISION_FEED_SHARDS = 16


def decision_feed_shard(decision_id: str) -> int:
    """Stable across processes and runs (not Python's salted ``hash``)."""
    import zlib

    return zlib.crc32(decision_id.encode()) % DECISION_FEED_SHARDS


def decisions_feed(org_id: str, shard: int | None = None) -> str:
    """The feed key of one shard; ``None`` is the key of decisions stored before sharding."""
    base = f"ORG#{org_id}#DECISIONS"
    return base if shard is None else f"{base}#{shard}"


def decisions_feeds(org_id: str) -> list[str]:
    """Every key the org's feed is read from: each shard, and the key from before sharding."""
    return [decisions_feed(org_id, shard) for shard in range(DECISION_FEED_SHARDS)] + [decisions_feed(org_id)]


def audit_pk(org_id: str) -> str:
    return f"ORG#{org_id}#AUDIT"


def audit_sk(seq: int) -> str:
    return f"{seq:012d}"


def approval_pk(org_id: str, approval_id: str) -> str:
    return f"ORG#{org_id}#APPROVAL#{approval_id}"


APPROVAL_SK = "APPROVAL"


def approvals_feed(org_id: str) -> str:
    return f"ORG#{org_id}#APPROVALS"


WEBHOOK_PREFIX = "WEBHOOK#"


def delivery_pk(org_id: str, subject: str) -> str:
    """``subject`` names what was posted: ``alert:<decision id>`` or ``review:<approval id>``."""
    return f"ORG#{org_id}#DELIVERY#{subject}"
