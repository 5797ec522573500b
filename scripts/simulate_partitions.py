"""Throttled writes of the decision store, simulated: no AWS, the store's real key choices.

For each scenario (evaluate/s, orgs, share of decisions stored) it generates decision ids, asks
``store.keys`` for the index key each decision is written under (the feed key of GSI2, which
takes every stored decision of an org), and runs one simulated second through a partition model:
- a partition key takes at most ``PARTITION_WRITES`` writes/s (DynamoDB's 1,000 WCU per partition;
  adaptive capacity gives a hot key a partition of its own, never more than one, since the sort key
  of a feed grows with time and a split for heat cannot spread it);
- writes to a key above that are throttled, and a throttled index write throttles the table write.
Each decision's own item (``ORG#<org>#DECISION#<id>``) is a key of its own and never throttles.

``before`` is the layout before sharding (one feed key per org), ``after`` the current one.

    python scripts/simulate_partitions.py            # the table of docs/scale.md
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "layers" / "policy_engine"))

from policy_engine.store import keys

PARTITION_WRITES = 1_000


def feed_key_before(org_id: str, _decision_id: str) -> str:
    return f"ORG#{org_id}#DECISIONS"


def feed_key_after(org_id: str, decision_id: str) -> str:
    return keys.decisions_feed(org_id, keys.decision_feed_shard(decision_id))


def throttled(rate: int, orgs: int, stored_share: float, key_of: object, seed: int = 7) -> tuple[int, int]:
    """(writes, throttled writes) in one second at ``rate`` evaluate/s spread evenly over ``orgs``."""
    rng = uuid.UUID(int=seed)
    writes: Counter[str] = Counter()
    stored = int(rate * stored_share)
    for n in range(stored):
        decision_id = str(uuid.uuid5(rng, str(n)))
        org_id = f"org-{n % orgs}"
        writes[key_of(org_id, decision_id)] += 1  # type: ignore[operator]
    return stored, sum(max(0, count - PARTITION_WRITES) for count in writes.values())


SCENARIOS = [(rate, orgs) for orgs in (1, 1_000) for rate in (100, 1_000, 10_000, 50_000)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored-share", type=float, default=1.0, help="share of evaluates stored (full: 1.0)")
    args = parser.parse_args(argv)
    shards = keys.DECISION_FEED_SHARDS
    print(f"stored share {args.stored_share:.0%}, {shards} shards, {PARTITION_WRITES} writes/s a key")
    print("| evaluate/s | orgs | stored/s | throttled/s before | throttled/s after |")
    print("|---:|---:|---:|---:|---:|")
    for rate, orgs in SCENARIOS:
        stored, before = throttled(rate, orgs, args.stored_share, feed_key_before)
        _, after = throttled(rate, orgs, args.stored_share, feed_key_after)
        print(f"| {rate:,} | {orgs:,} | {stored:,} | {before:,} | {after:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
