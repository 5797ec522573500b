"""Environment variables, parsed once into a model."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    table_name: str = Field(default="governance", alias="TABLE_NAME")
    cursor_secret: str = Field(default="", alias="CURSOR_SECRET")
    max_body_bytes: int = Field(default=1_048_576, alias="MAX_BODY_BYTES", ge=1024)
    idempotency_ttl_seconds: int = Field(default=86_400, alias="IDEMPOTENCY_TTL_SECONDS", ge=60)
    service_version: str = Field(default="0.1.0", alias="SERVICE_VERSION")
    aws_endpoint_url: str | None = Field(default=None, alias="AWS_ENDPOINT_URL")
    # How long a warm evaluate function trusts its compiled policy set before re-checking
    # the org's policy-set version (one small read). API.md promises freshness within 5 s.
    policy_cache_seconds: float = Field(default=5.0, alias="POLICY_CACHE_SECONDS", ge=0, le=300)
    policy_cache_max_orgs: int = Field(default=256, alias="POLICY_CACHE_MAX_ORGS", ge=1)
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
    event_bus_name: str = Field(default="", alias="EVENT_BUS_NAME")
    approval_queue_url: str = Field(default="", alias="APPROVAL_QUEUE_URL")
    approval_state_machine_arn: str = Field(default="", alias="APPROVAL_STATE_MACHINE_ARN")
    events_queue_url: str = Field(default="", alias="EVENTS_QUEUE_URL")

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
    def webhook_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.webhook_host_allowlist.split(",") if h.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.model_validate(dict(os.environ))
