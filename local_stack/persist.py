"""What the local stack keeps across restarts, and what it prunes while it runs.

moto holds everything in memory. The stack's DynamoDB tables (policies and their versions, API
keys, org settings, approvals, stored decisions, the audit log) are saved as DynamoDB JSON under
the data directory every ``interval`` seconds when they changed, and on stop; a new stack loads
them before it serves. Queues, workflow executions and the bus are not kept: a pending approval
stays pending and can still be decided through the API, but its workflow does not resume.

moto does not expire items by TTL, so items whose ``expires_at`` has passed are deleted on the
same schedule, as DynamoDB would: memory stays bounded over a long run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("local_stack")

SNAPSHOT = "dynamodb.json"
TTL_ATTRIBUTE = "expires_at"
BATCH = 25


class DataKeeper:
    """Saves and restores the tables of a running stack's moto, and prunes expired items."""

    def __init__(self, client: Any, tables: list[str], data_dir: Path, interval: float = 30.0) -> None:
        self.client = client
        self.tables = tables
        self.path = data_dir / SNAPSHOT
        self.interval = interval
        self._saved_digest = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def restore(self) -> int:
        """Load the last snapshot into the (new, empty) tables; returns the number of items."""
        if not self.path.exists():
            return 0
        snapshot = json.loads(self.path.read_text())
        restored = 0
        for table in self.tables:
            items = [item for item in snapshot.get(table, []) if not _expired(item, time.time())]
            for start in range(0, len(items), BATCH):
                requests = [{"PutRequest": {"Item": item}} for item in items[start : start + BATCH]]
                self._write(table, requests)
            restored += len(items)
        self._saved_digest = _digest(snapshot)
        log.info("restored %d items from %s", restored, self.path)
        return restored

    def save(self) -> bool:
        """Write the tables to the snapshot if they changed since the last save (atomically)."""
        snapshot = {table: list(self._items(table)) for table in self.tables}
        digest = _digest(snapshot)
        if digest == self._saved_digest:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(snapshot, separators=(",", ":")))
        partial.replace(self.path)
        self._saved_digest = digest
        return True

    def prune(self, now: float | None = None) -> int:
        """Delete the items whose TTL has passed; returns how many."""
        now = time.time() if now is None else now
        pruned = 0
        for table in self.tables:
            keys = self._key_names(table)
            expired = [{k: item[k] for k in keys} for item in self._items(table) if _expired(item, now)]
            for start in range(0, len(expired), BATCH):
                self._write(table, [{"DeleteRequest": {"Key": key}} for key in expired[start : start + BATCH]])
            pruned += len(expired)
        return pruned

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="data-keeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.save()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.prune()
                self.save()
            except Exception:  # a failed round is tried again on the next one; stop() saves last
                log.exception("saving the local stack's data failed")

    def _items(self, table: str) -> Iterator[dict[str, Any]]:
        for page in self.client.get_paginator("scan").paginate(TableName=table):
            yield from page.get("Items", [])

    def _key_names(self, table: str) -> list[str]:
        schema = self.client.describe_table(TableName=table)["Table"]["KeySchema"]
        return [str(k["AttributeName"]) for k in schema]

    def _write(self, table: str, requests: list[dict[str, Any]]) -> None:
        pending: dict[str, Any] = {table: requests}
        while pending:
            pending = self.client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def _expired(item: dict[str, Any], now: float) -> bool:
    value = item.get(TTL_ATTRIBUTE, {}).get("N")
    return value is not None and float(value) < now


def _digest(snapshot: dict[str, list[dict[str, Any]]]) -> str:
    canonical = {table: sorted(json.dumps(i, sort_keys=True) for i in items) for table, items in snapshot.items()}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()
