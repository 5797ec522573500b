"""The one Logger and Metrics of the service; the Tracer is created only when tracing is on.

Nothing here logs request bodies: prompts, matched PII and secrets never reach the logs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer


SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "policy-governance")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "PolicyGovernance"), service=SERVICE)


@lru_cache(maxsize=1)
def get_tracer() -> Tracer | None:
    """The X-Ray tracer, imported only when tracing is switched on (it costs ~400 ms cold)."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "true").lower() in ("1", "true", "yes"):
        return None
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)


def traced[HandlerT: Callable[..., Any]](handler: HandlerT) -> HandlerT:
    """The handler in an X-Ray segment when tracing is on (creating the Tracer patches botocore,
    so every DynamoDB, SQS, EventBridge and Step Functions call is a subsegment); as is when off."""
    tracer = get_tracer()
    if tracer is None:
        return handler
    return cast("HandlerT", tracer.capture_lambda_handler(handler, capture_response=False))
