"""Environment variables, parsed once into a model.

What every function needs has no default: a function deployed without it fails at init with
the variable's name, not at its first request. Names only some functions have (queues, the bus,
the workflow) are ``None`` until set, and the code that uses one asks for it by ``require``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigurationError(RuntimeError):
    """The function's environment lacks a setting or holds an invalid one."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore", case_sensitive=True)

    table_name: str = Field(alias="TABLE_NAME", min_length=3)
    # The Secrets Manager secret whose value signs pagination cursors (read and cached at run
    # time, never put in the environment).
    cursor_secret_arn: str = Field(alias="CURSOR_SECRET_ARN", min_length=1)
    cursor_secret_max_age_seconds: int = Field(default=300, alias="CURSOR_SECRET_MAX_AGE_SECONDS", ge=1, le=3600)
    max_body_bytes: int = Field(default=1_048_576, alias="MAX_BODY_BYTES", ge=1024)
    idempotency_ttl_seconds: int = Field(default=86_400, alias="IDEMPOTENCY_TTL_SECONDS", ge=60)
    service_version: str = Field(default="0.1.0", alias="SERVICE_VERSION")
    aws_endpoint_url: str | None = Field(default=None, alias="AWS_ENDPOINT_URL")
    # How long a warm evaluate function trusts its compiled policy set before re-checking
    # the org's policy-set version (one small read). API.md promises freshness within 5 s.
    policy_cache_seconds: float = Field(default=5.0, alias="POLICY_CACHE_SECONDS", ge=0, le=300)
    policy_cache_max_orgs: int = Field(default=256, alias="POLICY_CACHE_MAX_ORGS", ge=1)
    # The compiled sets a warm evaluate function keeps, by their estimated memory: half the
    # function's memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE, set by Lambda) unless set; 512 MB
    # elsewhere. The newest set is always kept, so one org over the bound still evaluates.
    policy_cache_max_mb: int | None = Field(default=None, alias="POLICY_CACHE_MAX_MB", ge=16)
    function_memory_mb: int | None = Field(default=None, alias="AWS_LAMBDA_FUNCTION_MEMORY_SIZE", ge=128)
    # Every AWS call (DynamoDB, SQS, EventBridge, Step Functions) gives up after these, so a
    # stalled dependency becomes an error that fail_mode answers, well inside the function's
    # 10 s timeout: at most AWS_MAX_ATTEMPTS x (connect + read) seconds, plus backoff.
    aws_connect_timeout_seconds: float = Field(default=1.0, alias="AWS_CONNECT_TIMEOUT_SECONDS", gt=0, le=10)
    aws_read_timeout_seconds: float = Field(default=2.0, alias="AWS_READ_TIMEOUT_SECONDS", gt=0, le=30)
    aws_max_attempts: int = Field(default=2, alias="AWS_MAX_ATTEMPTS", ge=1, le=10)
    # Hosts alert webhooks may point at (comma-separated); Slack's incoming webhooks by default.
    webhook_host_allowlist: str = Field(default="hooks.slack.com", alias="WEBHOOK_HOST_ALLOWLIST")
    # Per attempt timeout, attempts per delivery and the base of the backoff between them;
    # a delivery that still fails is retried by its queue and ends in the queue's DLQ.
    webhook_timeout_seconds: float = Field(default=5.0, alias="WEBHOOK_TIMEOUT_SECONDS", gt=0, le=30)
    webhook_attempts: int = Field(default=3, alias="WEBHOOK_ATTEMPTS", ge=1, le=10)
    webhook_backoff_seconds: float = Field(default=0.5, alias="WEBHOOK_BACKOFF_SECONDS", ge=0, le=10)
    # Set by the local stack only: lets webhooks reach a receiver on loopback.
    local_stack: bool = Field(default=False, alias="LOCAL_STACK")
    # Where decisions and approval outcomes are published, and the approval workflow's parts.
    event_bus_name: str | None = Field(default=None, alias="EVENT_BUS_NAME", min_length=1)
    approval_queue_url: str | None = Field(default=None, alias="APPROVAL_QUEUE_URL", min_length=1)
    approval_state_machine_arn: str | None = Field(default=None, alias="APPROVAL_STATE_MACHINE_ARN", min_length=1)
    events_queue_url: str | None = Field(default=None, alias="EVENTS_QUEUE_URL", min_length=1)
    # The decision-log pipeline (Firehose -> S3): where decisions that need no lookup by id go.
    # Unset, every stored decision goes to the table (as in handler tests without a stack).
    decision_log_stream: str | None = Field(default=None, alias="DECISION_LOG_STREAM", min_length=1)
    # Also send every decision the table keeps to the log, so S3 holds the complete record.
    decision_log_all: bool = Field(default=False, alias="DECISION_LOG_ALL")
    # The console's origin (https://host[:port]): the one origin CORS answers; empty: none.
    console_origin: str = Field(default="", alias="CONSOLE_ORIGIN")

    def require(self, name: str) -> str:
        """A setting only some functions have, by field name: ConfigurationError naming its variable if unset."""
        value = getattr(self, name)
        if value is None:
            alias = type(self).model_fields[name].alias
            raise ConfigurationError(f"{alias} is not set in this function's environment")
        return str(value)

    # Per-org limits (README, "Limits"): checked when a policy is written, so that one org's
    # policy set stays cheap to compile and to scan for every function instance that serves it.
    max_policies_per_org: int = Field(default=1000, alias="MAX_POLICIES_PER_ORG", ge=1, le=100_000)
    max_patterns_per_set: int = Field(default=5000, alias="MAX_PATTERNS_PER_SET", ge=1, le=1_000_000)
    max_words_per_set: int = Field(default=100_000, alias="MAX_WORDS_PER_SET", ge=1, le=10_000_000)
    # The compiled size of a set: RE2 program instructions over all its patterns (the measure of
    # compiled memory RE2 exposes; the built-in detectors take about 90,000), and the time one
    # compile may take, measured on write.
    max_compiled_instructions: int = Field(
        default=500_000, alias="MAX_COMPILED_INSTRUCTIONS", ge=1_000, le=1_000_000_000
    )
    max_compile_seconds: float = Field(default=2.0, alias="MAX_COMPILE_SECONDS", gt=0, le=60)
    # The text one evaluate scans: UTF-8 bytes of prompt or messages, response and context.
    max_prompt_bytes: int = Field(default=524_288, alias="MAX_PROMPT_BYTES", ge=1024, le=10_485_760)

    # Per-key throttling (API Gateway usage plans): "tier=plan id" pairs the service attaches new
    # keys to (empty: keys are not attached), and the usage key unattached keys are metered by.
    usage_plan_ids: str = Field(default="", alias="USAGE_PLAN_IDS")
    shared_usage_key: str = Field(default="", alias="SHARED_USAGE_KEY")

    @property
    def usage_plans(self) -> dict[str, str]:
        pairs = (item.split("=", 1) for item in self.usage_plan_ids.split(",") if "=" in item)
        return {tier.strip(): plan.strip() for tier, plan in pairs if tier.strip() and plan.strip()}

    @property
    def policy_cache_bytes(self) -> int:
        """The memory bound of evaluate's cache of compiled policy sets, in bytes."""
        if self.policy_cache_max_mb is not None:
            return self.policy_cache_max_mb * 1024 * 1024
        return (self.function_memory_mb or 1024) * 1024 * 1024 // 2

    @property
    def webhook_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.webhook_host_allowlist.split(",") if h.strip())


@lru_cache(maxsize=128)
def _settings_of(_function_name: str | None) -> Settings:
    """The settings of the function named (the cache key: see ``_Settings``)."""
    try:
        return Settings()  # the required fields come from the environment
    except ValidationError as exc:
        problems = "; ".join(f"{_variable(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"invalid function environment: {problems}") from None


class _Settings:
    """``get_settings()``: the settings, read once per function; a missing or invalid variable
    raises ConfigurationError naming it. Lambda gives a process one function; the local stack runs
    every function in one process, each with its own environment and its own name
    (``AWS_LAMBDA_FUNCTION_NAME``), so each keeps its own settings instead of reading them again
    on every switch (building them takes milliseconds). ``cache_clear()`` forgets them all."""

    def __call__(self) -> Settings:
        return _settings_of(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))

    def cache_clear(self) -> None:
        _settings_of.cache_clear()


get_settings = _Settings()


def _variable(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]) if loc else "?"
    field = Settings.model_fields.get(name)
    return field.alias if field is not None and field.alias else name
