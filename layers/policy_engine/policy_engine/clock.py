"""Timestamps of the contract: ISO 8601, UTC, with offset."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def iso_at(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).isoformat(timespec="milliseconds")


def epoch_now() -> float:
    return time.time()
