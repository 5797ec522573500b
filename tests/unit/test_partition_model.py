"""The partition simulation over the store's real key choices (scripts/simulate_partitions.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("simulate_partitions", ROOT / "scripts" / "simulate_partitions.py")
assert spec is not None and spec.loader is not None
simulation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(simulation)


def test_one_org_at_10k_a_second_with_full_logging_is_not_throttled_after_sharding() -> None:
    stored, before = simulation.throttled(10_000, 1, 1.0, simulation.feed_key_before)
    _, after = simulation.throttled(10_000, 1, 1.0, simulation.feed_key_after)
    assert stored == 10_000
    assert before == 9_000  # one feed key: everything past 1,000 writes/s
    assert after == 0


def test_the_shards_share_the_load_evenly() -> None:
    # 16 shards at 16,000 writes/s: none may be far above its 1,000
    _, after = simulation.throttled(16_000, 1, 1.0, simulation.feed_key_after)
    assert after < 16_000 * 0.05
