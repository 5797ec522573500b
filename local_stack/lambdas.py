"""Run a template's functions in this process, each with the environment the template gives it.

Handlers share one interpreter, so invocations are serialized: each runs with its own
environment variables in place (os.environ is process-wide), as its own Lambda would.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from local_stack.template import ACCOUNT_ID, REGION, FunctionSpec

log = logging.getLogger("local_stack")

Handler = Callable[[dict[str, Any], Any], Any]


# Every function gets these: fake credentials and the endpoint of moto, never real AWS.
def aws_environment(endpoint: str, region: str = REGION) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        # moto answers in-process, one DynamoDB request at a time, on a shared machine: give it
        # the slack the functions' short production timeouts would not.
        "AWS_READ_TIMEOUT_SECONDS": "30",
    }


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    invoked_function_arn: str = ""
    log_group_name: str = ""
    log_stream_name: str = "local"
    identity: Any = None
    client_context: Any = None
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self._deadline = time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class Functions:
    """Loads handlers on first use and invokes them, one at a time."""

    def __init__(
        self,
        specs: dict[str, FunctionSpec],
        base_env: dict[str, str],
        env_filter: Callable[[str], str] | None = None,
    ) -> None:
        self.specs = specs
        self.base_env = base_env
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.RLock()
        self._env_filter = env_filter or (lambda value: value)
        self._environments: dict[str, dict[str, str]] = {}

    def environment(self, logical_id: str) -> dict[str, str]:
        if logical_id not in self._environments:
            spec = self.specs[logical_id]
            values = {k: self._env_filter(v) for k, v in spec.environment.items()}
            self._environments[logical_id] = {
                **values,
                **self.base_env,
                "AWS_LAMBDA_FUNCTION_NAME": logical_id,
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
                "AWS_LAMBDA_FUNCTION_TIMEOUT": str(spec.timeout),
            }
        return self._environments[logical_id]

    @contextmanager
    def environment_of(self, logical_id: str) -> Iterator[None]:
        """Run the block with ``logical_id``'s environment in os.environ (and nothing else)."""
        with self._lock:
            wanted = self.environment(logical_id)
            saved = {name: os.environ.get(name) for name in wanted}
            # Layer code keys what it parses from the environment by AWS_LAMBDA_FUNCTION_NAME
            # (``get_settings``), so each function reads its own, as in a process of its own.
            os.environ.update(wanted)
            try:
                yield
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value

    def add_layers(self, logical_id: str) -> None:
        """Put the function's layers on sys.path, as Lambda puts them under /opt."""
        for layer in self.specs[logical_id].layers:
            if str(layer) not in sys.path:
                sys.path.insert(0, str(layer))

    def handler(self, logical_id: str) -> Handler:
        if logical_id not in self._handlers:
            spec = self.specs[logical_id]
            self.add_layers(logical_id)
            path = spec.handler_file
            if not path.exists():
                raise FileNotFoundError(f"{logical_id}: handler file {path} does not exist")
            # One module name per function: every function's entry file may be called app.py.
            name = f"_local_lambda_{logical_id}_{path.stem}"
            module_spec = importlib.util.spec_from_file_location(name, path)
            assert module_spec is not None and module_spec.loader is not None
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
            self._handlers[logical_id] = getattr(module, spec.handler_function)
        return self._handlers[logical_id]

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        """Call the function's handler on ``event``; exceptions propagate (the caller maps them)."""
        spec = self.specs[logical_id]
        with self.environment_of(logical_id):
            handler = self.handler(logical_id)
            context = LambdaContext(logical_id, spec.memory, spec.timeout)
            started = time.monotonic()
            try:
                return handler(event, context)
            finally:
                elapsed = time.monotonic() - started
                if elapsed > spec.timeout:
                    log.warning(
                        "%s ran %.1fs, over its %ss timeout (not enforced locally)", logical_id, elapsed, spec.timeout
                    )
