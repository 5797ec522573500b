"""The org-wide policy document (API.md, "Org policy" and its "Exact semantics").

Webhook URLs are secrets: they are validated on write (https, allowlisted host, no private
or loopback address outside the local stack) and shown masked on read.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints, field_validator

from policy_engine.models.service import Name
from policy_engine.rules.base import Severity, SeverityField, normalize_lower
from policy_engine.settings import Settings, get_settings

MASK = "****"
MAX_ALERT_RULES = 50
MAX_URL_CHARS = 2048


class LoggingLevel(StrEnum):
    MINIMAL = "minimal"
    STANDARD = "standard"
    FULL = "full"
    PARANOID = "paranoid"


class FailMode(StrEnum):
    CLOSED = "closed"
    OPEN = "open"


class BlockOn(StrEnum):
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def severity(self) -> Severity:
        return Severity(self.value)


class Frameworks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    gdpr: StrictBool = False
    ai_act: StrictBool = False
    soc2: StrictBool = False


class AlertCondition(BaseModel):
    """Conditions are ANDed; an absent one does not constrain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    risk_level_gte: SeverityField | None = None
    action_contains: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    pii_detected: StrictBool | None = None
    agent_id_eq: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None


def mask_url(url: str) -> str:
    """Scheme and host stay readable; the path (the secret part of a Slack webhook) does not."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/{MASK}{url[-4:] if len(url) > 12 else ''}"


def is_masked(url: str) -> bool:
    return MASK in url


def is_loopback_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url_rules(url: str, *, allowed_hosts: frozenset[str], allow_loopback: bool) -> SplitResult:
    """The rules of a webhook URL, checked when an org policy is written and again before each
    post: https only, on the host allowlist, default port, no credentials, never a private or
    loopback address; ``allow_loopback`` (the local stack only) also allows http to loopback,
    so its tests can run a real receiver on 127.0.0.1. Raises ValueError naming the rule."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("not a valid URL") from None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise ValueError("the URL needs a host")
    if "@" in parts.netloc:
        raise ValueError("credentials in the URL are not allowed")
    local = allow_loopback and is_loopback_host(host)
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise ValueError("the webhook URL must use https")
    if local:
        return parts
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if (address is not None and not address.is_global) or is_loopback_host(host):
        raise ValueError("private, loopback and reserved addresses are not allowed")
    if host not in allowed_hosts:
        raise ValueError(f"the host {host} is not on the webhook allowlist ({', '.join(sorted(allowed_hosts))})")
    if port not in (None, 443):
        raise ValueError("only the default https port is allowed")
    return parts


def check_webhook_url(url: str) -> str:
    """``check_url_rules`` with this deployment's allowlist and mode."""
    settings = get_settings()
    check_url_rules(url, allowed_hosts=settings.webhook_hosts, allow_loopback=settings.local_stack)
    return url


def _webhook_url_schema(schema: dict[str, Any]) -> None:
    """A webhook URL as the service takes it: one ``check_url_rules`` accepts under the default
    allowlist (https, a listed host, the default port, no credentials; a deployment's
    WEBHOOK_HOST_ALLOWLIST may list others), or the masked URL that GET returned, which stands
    for the stored one (and is what GET answers)."""
    default = str(Settings.model_fields["webhook_host_allowlist"].default)
    hosts = "|".join(re.escape(h.strip().lower()) for h in sorted(default.split(",")) if h.strip())
    schema["pattern"] = f"^(https://({hosts})(/[!-~]*)?|https?://[^/]*/{re.escape(MASK)}.{{0,4}})$"


class Notify(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slack_webhook_url: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_URL_CHARS),
        Field(json_schema_extra=_webhook_url_schema),
    ]

    @field_validator("slack_webhook_url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        # A masked value stands for the stored URL; the write resolves it (see logic.org_policy).
        return value if is_masked(value) else check_webhook_url(value)


class AlertRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    condition: AlertCondition = Field(default_factory=AlertCondition)
    notify: Notify


class BlockingRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: StrictBool = False
    block_on: Annotated[BlockOn, Field(description="Lowest severity that is escalated to block.")] = BlockOn.HIGH

    @field_validator("block_on", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return normalize_lower(value)


class ApprovalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    require_distinct_reviewer: Annotated[
        StrictBool,
        Field(description="The key that decides an approval must differ from the key whose request it holds."),
    ] = True


class OrgPolicy(BaseModel):
    """The org policy; every field has the default a new org starts with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    logging_level: LoggingLevel = LoggingLevel.STANDARD
    frameworks: Frameworks = Field(default_factory=Frameworks)
    alert_rules: list[AlertRule] = Field(default_factory=list, max_length=MAX_ALERT_RULES)
    blocking_rules: BlockingRules = Field(default_factory=BlockingRules)
    approval_ttl_seconds: StrictInt = Field(default=86_400, ge=60, le=604_800)
    retention_days: StrictInt = Field(default=90, ge=1, le=3650)
    fail_mode: FailMode = FailMode.CLOSED
    approvals: ApprovalSettings = Field(default_factory=ApprovalSettings)

    @field_validator("logging_level", "fail_mode", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return normalize_lower(value)

    def masked(self) -> dict[str, Any]:
        """The document as GET shows it: webhook URLs masked."""
        doc = self.model_dump(mode="json")
        for rule in doc["alert_rules"]:
            rule["notify"]["slack_webhook_url"] = mask_url(rule["notify"]["slack_webhook_url"])
        return doc

    @property
    def blocking_on(self) -> BlockOn | None:
        """The threshold evaluate escalates at (paranoid forces blocking on), or None."""
        if self.blocking_rules.enabled or self.logging_level is LoggingLevel.PARANOID:
            return self.blocking_rules.block_on
        return None
