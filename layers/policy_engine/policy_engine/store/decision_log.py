"""The decision log: decisions sent to Amazon Data Firehose, delivered to S3 by org and date.

Records are JSON lines. Firehose partitions them by ``org_id`` and the ``created_at`` date
(dynamic partitioning) and compresses them; a Glue table over the prefix makes them queryable
with Athena. Entries Firehose refuses are sent again (only those), ``PUT_ATTEMPTS`` times in all.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from policy_engine.jsonio import dumps
from policy_engine.store import client

BATCH = 500  # PutRecordBatch's limit
PUT_ATTEMPTS = 3
PUT_BACKOFF_SECONDS = 0.05


def put_records(stream: str, records: Sequence[dict[str, Any]]) -> int:
    """Send each record as one JSON line; returns how many could not be delivered to Firehose."""
    firehose = client("firehose")
    lost = 0
    for start in range(0, len(records), BATCH):
        pending = [{"Data": (dumps(r) + "\n").encode()} for r in records[start : start + BATCH]]
        for attempt in range(PUT_ATTEMPTS):
            if attempt:
                time.sleep(PUT_BACKOFF_SECONDS * 2 ** (attempt - 1))
            try:
                result = firehose.put_record_batch(DeliveryStreamName=stream, Records=pending)
            except (BotoCoreError, ClientError):
                continue
            responses = result.get("RequestResponses", [])
            pending = [entry for entry, answer in zip(pending, responses, strict=False) if answer.get("ErrorCode")]
            if not pending:
                break
        lost += len(pending)
    return lost
