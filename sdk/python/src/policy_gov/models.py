# ruff: noqa: E501, UP045
"""The service's resources, generated from openapi.json by sdk/python/scripts/generate_models.py.

Do not edit: change the service's models, run `make openapi`, then this script.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel


class ApiKey(BaseModel):
    """
    An API key's record; the secret is never listed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(title="Id")]
    name: Annotated[str, Field(title="Name")]
    scopes: Annotated[
        list[
            Literal[
                "admin",
                "approvals:decide",
                "approvals:read",
                "audit:read",
                "evaluate",
                "policies:read",
                "policies:write",
            ]
        ],
        Field(title="Scopes"),
    ]
    prefix: Annotated[str, Field(title="Prefix")]
    created_at: Annotated[str, Field(title="Created At")]
    created_by: Annotated[str, Field(title="Created By")]
    revoked_at: Annotated[str | None, Field(title="Revoked At")]


class ApiKeyPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[ApiKey], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


class ApprovalRef(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(title="Id")]
    status: Annotated[Literal["pending", "approved", "rejected", "expired"], Field(title="Status")]
    expires_at: Annotated[str | None, Field(title="Expires At")] = None


class ApprovalSettings(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    require_distinct_reviewer: Annotated[
        bool | None,
        Field(
            description="The key that decides an approval must differ from the key whose request it holds.",
            title="Require Distinct Reviewer",
        ),
    ] = True


class AuditEntry(BaseModel):
    """
    Who changed which policy, key, org setting or approval; each entry hashes the one before.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(title="Id")]
    seq: Annotated[int, Field(title="Seq")]
    at: Annotated[str, Field(title="At")]
    actor: Annotated[str, Field(title="Actor")]
    action: Annotated[str, Field(examples=["policy.create", "apikey.revoke"], title="Action")]
    resource_type: Annotated[str, Field(title="Resource Type")]
    resource_id: Annotated[str, Field(title="Resource Id")]
    before_version: Annotated[int | None, Field(title="Before Version")]
    after_version: Annotated[int | None, Field(title="After Version")]
    prev_hash: Annotated[str | None, Field(title="Prev Hash")]
    hash: Annotated[str, Field(title="Hash")]


class AuditEntryPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[AuditEntry], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


class AuditVerification(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    valid: Annotated[bool, Field(title="Valid")]
    entries: Annotated[int, Field(title="Entries")]
    first_bad: Annotated[
        str | None, Field(description="The id of the first entry that does not verify.", title="First Bad")
    ]


class BlockingRules(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    enabled: Annotated[bool | None, Field(title="Enabled")] = False
    block_on: Annotated[
        Literal["medium", "high", "critical"] | None,
        Field(description="Lowest severity that is escalated to block.", title="BlockOn"),
    ] = "high"


class CreateKeyBody(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(title="Name")]
    scopes: Annotated[
        list[
            Literal[
                "admin",
                "approvals:decide",
                "approvals:read",
                "audit:read",
                "evaluate",
                "policies:read",
                "policies:write",
            ]
        ],
        Field(title="Scopes"),
    ]
    tier: Annotated[
        Literal["standard", "high"] | None,
        Field(description="The usage plan (per-key throttling) the key is attached to.", title="Tier"),
    ] = "standard"


class DecideRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    comment: Annotated[str | None, Field(title="Comment")] = None


class Entity(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[str, Field(title="Type")]
    description: Annotated[str, Field(title="Description")]


class ErrorDetail(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    field: Annotated[
        str,
        Field(description="The field, as a path such as rules[0].patterns[2] (body: the whole body).", title="Field"),
    ]
    message: Annotated[str, Field(title="Message")]


class EventsAccepted(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    accepted: Annotated[int, Field(title="Accepted")]
    rejected: Annotated[list[dict[str, Any]] | None, Field(title="Rejected")] = None


class FieldCondition(BaseModel):
    """
    {operator: value}; several operators are ANDed. A bare scalar means {eq: scalar}.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    contains: Annotated[str | bool | float | None, Field(title="Contains")] = None
    eq: Annotated[str | bool | float | None, Field(title="Eq")] = None
    ne: Annotated[str | bool | float | None, Field(title="Ne")] = None
    not_contains: Annotated[str | bool | float | None, Field(title="Not Contains")] = None
    in_: Annotated[list[str | bool | float | None] | None, Field(alias="in", title="In")] = None
    not_in: Annotated[list[str | bool | float | None] | None, Field(title="Not In")] = None
    gt: Annotated[float | None, Field(title="Gt")] = None
    gte: Annotated[float | None, Field(title="Gte")] = None
    lt: Annotated[float | None, Field(title="Lt")] = None
    lte: Annotated[float | None, Field(title="Lte")] = None
    exists: Annotated[bool | None, Field(title="Exists")] = None
    matches: Annotated[str | None, Field(description="A regular expression (RE2).", title="Matches")] = None


class Frameworks(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    gdpr: Annotated[bool | None, Field(title="Gdpr")] = False
    ai_act: Annotated[bool | None, Field(title="Ai Act")] = False
    soc2: Annotated[bool | None, Field(title="Soc2")] = False


class Health(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    status: Annotated[Literal["ok"], Field(title="Status")]
    version: Annotated[str, Field(title="Version")]


class Identity(BaseModel):
    """
    What a client may learn about its own key (never the secret, never another key).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    org_id: Annotated[str, Field(title="Org Id")]
    key_id: Annotated[str, Field(title="Key Id")]
    scopes: Annotated[list[str], Field(title="Scopes")]


class JsonValue(
    RootModel[Optional[bool | str | float | list[Optional["JsonValue"]] | dict[str, Optional["JsonValue"]]]]
):
    root: bool | str | float | list[JsonValue | None] | dict[str, JsonValue | None] | None


class Kind(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    kind: Annotated[str, Field(title="Kind")]
    family: Annotated[str | None, Field(title="Family")]
    description: Annotated[str, Field(title="Description")]
    source: Annotated[Literal["gitleaks", "own"], Field(title="Source")]


class LiteLLMGuardrailResponse(BaseModel):
    """
    ``NONE``: pass unchanged; ``BLOCKED``: LiteLLM refuses the call with ``blocked_reason``;
    ``GUARDRAIL_INTERVENED``: LiteLLM carries on with ``texts`` (same order and count).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    action: Annotated[Literal["NONE", "BLOCKED", "GUARDRAIL_INTERVENED"], Field(title="Action")]
    blocked_reason: Annotated[str | None, Field(title="Blocked Reason")] = None
    texts: Annotated[list[str] | None, Field(title="Texts")] = None
    decision_id: Annotated[
        str | None, Field(description="The decision this answer comes from.", title="Decision Id")
    ] = None


class LiteLLMParams(BaseModel):
    """
    ``additional_provider_specific_params``: set in the guardrail's ``config.yaml`` entry,
    or per request (LiteLLM's dynamic guardrail params).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, JsonValue | None],
    }
    model: Annotated[str | None, Field(title="Model")] = None
    metadata: Annotated[dict[str, str | bool | int | float | None] | None, Field(title="Metadata")] = None
    environment: Annotated[str | None, Field(title="Environment")] = None
    connection_id: Annotated[str | None, Field(title="Connection Id")] = None
    cost_usd: Annotated[float | None, Field(title="Cost Usd")] = None
    approval_id: Annotated[str | None, Field(title="Approval Id")] = None


class LiteLLMRequestData(BaseModel):
    """
    ``request_data``: who called the proxy, from its virtual key (``user_api_key_*``).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, JsonValue | None],
    }
    user_api_key_hash: Annotated[str | None, Field(title="User Api Key Hash")] = None
    user_api_key_alias: Annotated[str | None, Field(title="User Api Key Alias")] = None
    user_api_key_user_id: Annotated[str | None, Field(title="User Api Key User Id")] = None
    user_api_key_user_email: Annotated[str | None, Field(title="User Api Key User Email")] = None
    user_api_key_team_id: Annotated[str | None, Field(title="User Api Key Team Id")] = None
    user_api_key_team_alias: Annotated[str | None, Field(title="User Api Key Team Alias")] = None
    user_api_key_end_user_id: Annotated[str | None, Field(title="User Api Key End User Id")] = None
    user_api_key_org_id: Annotated[str | None, Field(title="User Api Key Org Id")] = None


class Match(BaseModel):
    """
    Where something was found: offsets only, never the matched text.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Annotated[str, Field(title="Kind")]
    start: Annotated[int, Field(title="Start")]
    end: Annotated[int, Field(title="End")]
    target: Annotated[str, Field(title="Target")]


class NewApiKey(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(title="Id")]
    name: Annotated[str, Field(title="Name")]
    scopes: Annotated[
        list[
            Literal[
                "admin",
                "approvals:decide",
                "approvals:read",
                "audit:read",
                "evaluate",
                "policies:read",
                "policies:write",
            ]
        ],
        Field(title="Scopes"),
    ]
    prefix: Annotated[str, Field(title="Prefix")]
    created_at: Annotated[str, Field(title="Created At")]
    created_by: Annotated[str, Field(title="Created By")]
    revoked_at: Annotated[str | None, Field(title="Revoked At")]
    key: Annotated[str, Field(description="The full key: shown only in this response.", title="Key")]


class Notify(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    slack_webhook_url: Annotated[str, Field(title="Slack Webhook Url")]


class PatternTimeout(BaseModel):
    """
    A Python-compatible pattern that ran out of time, and what its rule answered.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    policy_id: Annotated[str, Field(title="Policy Id")]
    rule_index: Annotated[int, Field(title="Rule Index")]
    target: Annotated[str, Field(title="Target")]
    on_timeout: Annotated[Literal["match", "skip"], Field(title="On Timeout")]


class PortkeyBody(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    json_: Annotated[dict[str, Any], Field(alias="json", title="Json")]


class PortkeyDecisionData(BaseModel):
    """
    ``data``: what Portkey keeps in the check's result (its logs, a denied call's hook_results).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    decision_id: Annotated[str | None, Field(title="Decision Id")] = None
    verdict: Annotated[str, Field(title="Verdict")]
    reason: Annotated[str | None, Field(title="Reason")] = None
    approval_id: Annotated[str | None, Field(title="Approval Id")] = None


class PortkeyRequestPart(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, JsonValue | None],
    }
    json_: Annotated[dict[str, JsonValue | None] | None, Field(alias="json", title="Json")] = None
    text: Annotated[str | None, Field(title="Text")] = None


class PortkeyTransformedData(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    request: PortkeyBody | None = None
    response: PortkeyBody | None = None


class PortkeyVerdict(BaseModel):
    """
    ``verdict`` false fails the check (a guardrail with ``deny: true`` refuses the call);
    ``transformedData`` replaces the request (before) or response (after) body.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    verdict: Annotated[bool, Field(title="Verdict")]
    transformedData: PortkeyTransformedData | None = None
    data: PortkeyDecisionData


class RollbackBody(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    version: Annotated[int, Field(title="Version")]


class SkippedPolicy(BaseModel):
    """
    A stored policy that could not be compiled: it did not take part in the decision.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    policy_id: Annotated[str, Field(title="Policy Id")]
    policy_name: Annotated[str, Field(title="Policy Name")]
    reason: Annotated[str, Field(title="Reason")]


class SystemPromptRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["system_prompt"], Field(title="Type")]
    action: Literal["modify", "block"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "low"
    prompt: Annotated[str, Field(title="Prompt")]
    mode: Annotated[Literal["replace", "prepend", "append"] | None, Field(title="SystemPromptMode")] = "replace"


class Violation(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    policy_id: Annotated[str, Field(title="Policy Id")]
    policy_name: Annotated[str, Field(title="Policy Name")]
    policy_version: Annotated[int, Field(title="Policy Version")]
    rule_type: Annotated[str, Field(title="Rule Type")]
    action: Annotated[Literal["allow", "block", "alert", "redact", "modify", "require_approval"], Field(title="Action")]
    severity: Annotated[Literal["low", "medium", "high", "critical"], Field(title="Severity")]
    message: Annotated[str, Field(title="Message")]
    matches: Annotated[list[Match] | None, Field(title="Matches")] = None
    escalated: Annotated[bool | None, Field(title="Escalated")] = False
    rule_index: Annotated[int | None, Field(title="Rule Index")] = None


class AlertCondition(BaseModel):
    """
    Conditions are ANDed; an absent one does not constrain.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    risk_level_gte: Literal["low", "medium", "high", "critical"] | None = None
    action_contains: Annotated[str | None, Field(title="Action Contains")] = None
    pii_detected: Annotated[bool | None, Field(title="Pii Detected")] = None
    agent_id_eq: Annotated[str | None, Field(title="Agent Id Eq")] = None


class AlertRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(title="Name")]
    condition: AlertCondition | None = None
    notify: Notify


class Approval(BaseModel):
    """
    What a reviewer sees: the request's non-text fields and why it was held, never its text.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(title="Id")]
    status: Annotated[Literal["pending", "approved", "rejected", "expired"], Field(title="ApprovalStatus")]
    decision_id: Annotated[str, Field(title="Decision Id")]
    policy_ids: Annotated[list[str], Field(title="Policy Ids")]
    request_summary: Annotated[dict[str, Any], Field(title="Request Summary")]
    requested_by: Annotated[str | None, Field(title="Requested By")] = None
    reviewer: Annotated[str | None, Field(title="Reviewer")] = None
    comment: Annotated[str | None, Field(title="Comment")] = None
    created_at: Annotated[str, Field(title="Created At")]
    expires_at: Annotated[str, Field(title="Expires At")]
    decided_at: Annotated[str | None, Field(title="Decided At")] = None
    redeemed_at: Annotated[str | None, Field(title="Redeemed At")] = None


class ApprovalPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[Approval], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


class BannedPatternsRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["banned_patterns"], Field(title="Type")]
    action: Literal["block", "alert", "redact", "require_approval"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "high"
    patterns: Annotated[list[str], Field(title="Patterns")]
    scan_limit_chars: Annotated[int | None, Field(title="Scan Limit Chars")] = None
    targets: Annotated[list[Literal["prompt", "system", "response"]] | None, Field(title="Targets")] = None


class ConditionsInput(BaseModel):
    """
    A policy's scope: the keys are ANDed; all/any take lists of conditions, not one; fields as ['connection_id', 'cost_usd', 'end_user_id', 'environment', 'max_tokens', 'model', 'prompt'] or metadata.<key>. Nesting is at most 10 levels.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    all: Annotated[list[ConditionsInput] | None, Field(title="All")] = None
    any: Annotated[list[ConditionsInput] | None, Field(title="Any")] = None
    connection_id: Annotated[str | bool | float | FieldCondition | None, Field(title="Connection Id")] = None
    cost_usd: Annotated[str | bool | float | FieldCondition | None, Field(title="Cost Usd")] = None
    end_user_id: Annotated[str | bool | float | FieldCondition | None, Field(title="End User Id")] = None
    environment: Annotated[str | bool | float | FieldCondition | None, Field(title="Environment")] = None
    max_tokens: Annotated[str | bool | float | FieldCondition | None, Field(title="Max Tokens")] = None
    model: Annotated[str | bool | float | FieldCondition | None, Field(title="Model")] = None
    prompt: Annotated[str | bool | float | FieldCondition | None, Field(title="Prompt")] = None


class ConditionsOutput(BaseModel):
    """
    A policy's scope: the keys are ANDed; all/any take lists of conditions, not one; fields as ['connection_id', 'cost_usd', 'end_user_id', 'environment', 'max_tokens', 'model', 'prompt'] or metadata.<key>. Nesting is at most 10 levels.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    all: Annotated[list[ConditionsOutput] | None, Field(title="All")] = None
    any: Annotated[list[ConditionsOutput] | None, Field(title="Any")] = None
    connection_id: Annotated[str | bool | float | FieldCondition | None, Field(title="Connection Id")] = None
    cost_usd: Annotated[str | bool | float | FieldCondition | None, Field(title="Cost Usd")] = None
    end_user_id: Annotated[str | bool | float | FieldCondition | None, Field(title="End User Id")] = None
    environment: Annotated[str | bool | float | FieldCondition | None, Field(title="Environment")] = None
    max_tokens: Annotated[str | bool | float | FieldCondition | None, Field(title="Max Tokens")] = None
    model: Annotated[str | bool | float | FieldCondition | None, Field(title="Model")] = None
    prompt: Annotated[str | bool | float | FieldCondition | None, Field(title="Prompt")] = None


class ContentFilterRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["content_filter"], Field(title="Type")]
    action: Literal["block", "alert", "redact"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "medium"
    categories: Annotated[
        list[Literal["hate", "violence", "sexual", "self_harm", "profanity"]] | None, Field(title="Categories")
    ] = None


class CostThresholdRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["cost_threshold"], Field(title="Type")]
    action: Literal["require_approval", "alert", "block"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "medium"
    threshold_cents: Annotated[int, Field(title="Threshold Cents")]


class EndUserRequiredRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["end_user_required"], Field(title="Type")]
    action: Literal["block", "alert"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "low"


class EntitySetting(BaseModel):
    """
    One entity of a pii rule with its own action (else the rule's action applies).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[
        Literal[
            "email",
            "phone",
            "ssn",
            "credit_card",
            "ip_address",
            "iban",
            "passport",
            "date_of_birth",
            "uk_nino",
            "uk_nhs",
            "es_nif",
            "it_fiscal_code",
            "pl_pesel",
            "in_pan",
            "in_aadhaar",
            "au_tfn",
            "sg_nric",
            "us_itin",
            "us_bank_routing",
        ],
        Field(title="PiiEntity"),
    ]
    action: Literal["block", "alert", "redact"] | None = None


class ErrorBody(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    code: Annotated[str, Field(examples=["bad_request", "unauthorized", "not_found", "validation_error"], title="Code")]
    message: Annotated[str, Field(title="Message")]
    details: Annotated[list[ErrorDetail], Field(title="Details")]


class GroundingRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["grounding"], Field(title="Type")]
    action: Literal["block", "alert"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "medium"
    threshold: Annotated[float | None, Field(title="Threshold")] = 0.5


class InjectionRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["injection"], Field(title="Type")]
    action: Literal["block", "alert", "require_approval"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "high"
    threshold: Annotated[float | None, Field(title="Threshold")] = 0.5
    mode: Annotated[
        Literal["lexical", "fast", "thorough"] | None,
        Field(
            description="``fast`` (default): lexical signals and the learned model over sliding windows;\n``thorough``: the same over shorter and longer windows too; ``lexical``: the signals alone.",
            title="InjectionMode",
        ),
    ] = "fast"
    targets: Annotated[list[Literal["prompt", "system", "context", "response"]] | None, Field(title="Targets")] = None


class KeyEnvironmentRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["key_environment"], Field(title="Type")]
    action: Literal["block", "alert"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "high"
    prod_key_prefixes: Annotated[list[str], Field(title="Prod Key Prefixes")]
    allowed_envs: Annotated[list[str], Field(title="Allowed Envs")]


class LiteLLMGuardrailRequest(BaseModel):
    """
    What LiteLLM posts to ``{api_base}/beta/litellm_basic_guardrail_api``.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, JsonValue | None],
    }
    input_type: Annotated[Literal["request", "response"], Field(title="Input Type")]
    model: Annotated[str | None, Field(title="Model")] = None
    texts: Annotated[list[str] | None, Field(title="Texts")] = None
    images: Annotated[list[JsonValue | None] | None, Field(title="Images")] = None
    tools: Annotated[list[JsonValue | None] | None, Field(title="Tools")] = None
    tool_calls: Annotated[list[JsonValue | None] | None, Field(title="Tool Calls")] = None
    structured_messages: Annotated[list[JsonValue | None] | None, Field(title="Structured Messages")] = None
    request_data: LiteLLMRequestData | None = None
    request_headers: Annotated[dict[str, JsonValue | None] | None, Field(title="Request Headers")] = None
    litellm_call_id: Annotated[str | None, Field(title="Litellm Call Id")] = None
    litellm_trace_id: Annotated[str | None, Field(title="Litellm Trace Id")] = None
    additional_provider_specific_params: LiteLLMParams | None = None


class MaxPromptCharsRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["max_prompt_chars"], Field(title="Type")]
    action: Literal["block", "modify"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "low"
    max_chars: Annotated[int, Field(title="Max Chars")]


class MaxTokensRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["max_tokens"], Field(title="Type")]
    action: Literal["block", "modify"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "low"
    max_tokens: Annotated[int, Field(title="Max Tokens")]


class Message(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["system", "user", "assistant", "tool"], Field(title="Role")]
    content: Annotated[str, Field(title="Content")]


class ModelAllowlistRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["model_allowlist"], Field(title="Type")]
    action: Literal["block", "alert", "require_approval"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "medium"
    models: Annotated[list[str] | None, Field(title="Models")] = None


class ModifiedRequest(BaseModel):
    """
    Only the rewritten fields are present; the caller keeps the rest of its request.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    prompt: Annotated[str | None, Field(title="Prompt")] = None
    messages: Annotated[list[Message] | None, Field(title="Messages")] = None
    max_tokens: Annotated[int | None, Field(title="Max Tokens")] = None
    response: Annotated[str | None, Field(title="Response")] = None
    end_user_id: Annotated[str | None, Field(title="End User Id")] = None
    metadata: Annotated[dict[str, str | int | float | bool | None] | None, Field(title="Metadata")] = None


class OrgPolicy(BaseModel):
    """
    The org policy; every field has the default a new org starts with.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    logging_level: Annotated[Literal["minimal", "standard", "full", "paranoid"] | None, Field(title="LoggingLevel")] = (
        "standard"
    )
    frameworks: Frameworks | None = None
    alert_rules: Annotated[list[AlertRule] | None, Field(title="Alert Rules")] = None
    blocking_rules: BlockingRules | None = None
    approval_ttl_seconds: Annotated[int | None, Field(title="Approval Ttl Seconds")] = 86400
    retention_days: Annotated[int | None, Field(title="Retention Days")] = 90
    fail_mode: Annotated[Literal["closed", "open"] | None, Field(title="FailMode")] = "closed"
    approvals: ApprovalSettings | None = None


class PiiRuleInput(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    allow: Annotated[list[str] | None, Field(title="Allow")] = None
    min_confidence: Annotated[float | None, Field(title="Min Confidence")] = 0.5
    type: Annotated[Literal["pii"], Field(title="Type")]
    action: Literal["block", "alert", "redact"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "high"
    entities: Annotated[
        list[
            Literal[
                "email",
                "phone",
                "ssn",
                "credit_card",
                "ip_address",
                "iban",
                "passport",
                "date_of_birth",
                "uk_nino",
                "uk_nhs",
                "es_nif",
                "it_fiscal_code",
                "pl_pesel",
                "in_pan",
                "in_aadhaar",
                "au_tfn",
                "sg_nric",
                "us_itin",
                "us_bank_routing",
            ]
            | EntitySetting
        ]
        | None,
        Field(
            description="Entity names, or {type, action} objects for an entity with its own action.", title="Entities"
        ),
    ] = None
    regions: Annotated[
        list[
            Literal[
                "AC",
                "AD",
                "AE",
                "AF",
                "AG",
                "AI",
                "AL",
                "AM",
                "AO",
                "AR",
                "AS",
                "AT",
                "AU",
                "AW",
                "AX",
                "AZ",
                "BA",
                "BB",
                "BD",
                "BE",
                "BF",
                "BG",
                "BH",
                "BI",
                "BJ",
                "BL",
                "BM",
                "BN",
                "BO",
                "BQ",
                "BR",
                "BS",
                "BT",
                "BW",
                "BY",
                "BZ",
                "CA",
                "CC",
                "CD",
                "CF",
                "CG",
                "CH",
                "CI",
                "CK",
                "CL",
                "CM",
                "CN",
                "CO",
                "CR",
                "CU",
                "CV",
                "CW",
                "CX",
                "CY",
                "CZ",
                "DE",
                "DJ",
                "DK",
                "DM",
                "DO",
                "DZ",
                "EC",
                "EE",
                "EG",
                "EH",
                "ER",
                "ES",
                "ET",
                "FI",
                "FJ",
                "FK",
                "FM",
                "FO",
                "FR",
                "GA",
                "GB",
                "GD",
                "GE",
                "GF",
                "GG",
                "GH",
                "GI",
                "GL",
                "GM",
                "GN",
                "GP",
                "GQ",
                "GR",
                "GT",
                "GU",
                "GW",
                "GY",
                "HK",
                "HN",
                "HR",
                "HT",
                "HU",
                "ID",
                "IE",
                "IL",
                "IM",
                "IN",
                "IO",
                "IQ",
                "IR",
                "IS",
                "IT",
                "JE",
                "JM",
                "JO",
                "JP",
                "KE",
                "KG",
                "KH",
                "KI",
                "KM",
                "KN",
                "KP",
                "KR",
                "KW",
                "KY",
                "KZ",
                "LA",
                "LB",
                "LC",
                "LI",
                "LK",
                "LR",
                "LS",
                "LT",
                "LU",
                "LV",
                "LY",
                "MA",
                "MC",
                "MD",
                "ME",
                "MF",
                "MG",
                "MH",
                "MK",
                "ML",
                "MM",
                "MN",
                "MO",
                "MP",
                "MQ",
                "MR",
                "MS",
                "MT",
                "MU",
                "MV",
                "MW",
                "MX",
                "MY",
                "MZ",
                "NA",
                "NC",
                "NE",
                "NF",
                "NG",
                "NI",
                "NL",
                "NO",
                "NP",
                "NR",
                "NU",
                "NZ",
                "OM",
                "PA",
                "PE",
                "PF",
                "PG",
                "PH",
                "PK",
                "PL",
                "PM",
                "PR",
                "PS",
                "PT",
                "PW",
                "PY",
                "QA",
                "RE",
                "RO",
                "RS",
                "RU",
                "RW",
                "SA",
                "SB",
                "SC",
                "SD",
                "SE",
                "SG",
                "SH",
                "SI",
                "SJ",
                "SK",
                "SL",
                "SM",
                "SN",
                "SO",
                "SR",
                "SS",
                "ST",
                "SV",
                "SX",
                "SY",
                "SZ",
                "TA",
                "TC",
                "TD",
                "TG",
                "TH",
                "TJ",
                "TK",
                "TL",
                "TM",
                "TN",
                "TO",
                "TR",
                "TT",
                "TV",
                "TW",
                "TZ",
                "UA",
                "UG",
                "US",
                "UY",
                "UZ",
                "VA",
                "VC",
                "VE",
                "VG",
                "VI",
                "VN",
                "VU",
                "WF",
                "WS",
                "XK",
                "YE",
                "YT",
                "ZA",
                "ZM",
                "ZW",
            ]
        ]
        | None,
        Field(description="ISO 3166-1 alpha-2 regions whose national phone forms are recognised.", title="Regions"),
    ] = None
    mask: Annotated[str | None, Field(title="Mask")] = "[{entity}]"


class PiiRuleOutput(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    allow: Annotated[list[str] | None, Field(title="Allow")] = None
    min_confidence: Annotated[float | None, Field(title="Min Confidence")] = 0.5
    type: Annotated[Literal["pii"], Field(title="Type")]
    action: Literal["block", "alert", "redact"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "high"
    entities: Annotated[
        list[
            Literal[
                "email",
                "phone",
                "ssn",
                "credit_card",
                "ip_address",
                "iban",
                "passport",
                "date_of_birth",
                "uk_nino",
                "uk_nhs",
                "es_nif",
                "it_fiscal_code",
                "pl_pesel",
                "in_pan",
                "in_aadhaar",
                "au_tfn",
                "sg_nric",
                "us_itin",
                "us_bank_routing",
            ]
            | Any
        ]
        | None,
        Field(
            description="Entity names, or {type, action} objects for an entity with its own action.", title="Entities"
        ),
    ] = None
    regions: Annotated[
        list[
            Literal[
                "AC",
                "AD",
                "AE",
                "AF",
                "AG",
                "AI",
                "AL",
                "AM",
                "AO",
                "AR",
                "AS",
                "AT",
                "AU",
                "AW",
                "AX",
                "AZ",
                "BA",
                "BB",
                "BD",
                "BE",
                "BF",
                "BG",
                "BH",
                "BI",
                "BJ",
                "BL",
                "BM",
                "BN",
                "BO",
                "BQ",
                "BR",
                "BS",
                "BT",
                "BW",
                "BY",
                "BZ",
                "CA",
                "CC",
                "CD",
                "CF",
                "CG",
                "CH",
                "CI",
                "CK",
                "CL",
                "CM",
                "CN",
                "CO",
                "CR",
                "CU",
                "CV",
                "CW",
                "CX",
                "CY",
                "CZ",
                "DE",
                "DJ",
                "DK",
                "DM",
                "DO",
                "DZ",
                "EC",
                "EE",
                "EG",
                "EH",
                "ER",
                "ES",
                "ET",
                "FI",
                "FJ",
                "FK",
                "FM",
                "FO",
                "FR",
                "GA",
                "GB",
                "GD",
                "GE",
                "GF",
                "GG",
                "GH",
                "GI",
                "GL",
                "GM",
                "GN",
                "GP",
                "GQ",
                "GR",
                "GT",
                "GU",
                "GW",
                "GY",
                "HK",
                "HN",
                "HR",
                "HT",
                "HU",
                "ID",
                "IE",
                "IL",
                "IM",
                "IN",
                "IO",
                "IQ",
                "IR",
                "IS",
                "IT",
                "JE",
                "JM",
                "JO",
                "JP",
                "KE",
                "KG",
                "KH",
                "KI",
                "KM",
                "KN",
                "KP",
                "KR",
                "KW",
                "KY",
                "KZ",
                "LA",
                "LB",
                "LC",
                "LI",
                "LK",
                "LR",
                "LS",
                "LT",
                "LU",
                "LV",
                "LY",
                "MA",
                "MC",
                "MD",
                "ME",
                "MF",
                "MG",
                "MH",
                "MK",
                "ML",
                "MM",
                "MN",
                "MO",
                "MP",
                "MQ",
                "MR",
                "MS",
                "MT",
                "MU",
                "MV",
                "MW",
                "MX",
                "MY",
                "MZ",
                "NA",
                "NC",
                "NE",
                "NF",
                "NG",
                "NI",
                "NL",
                "NO",
                "NP",
                "NR",
                "NU",
                "NZ",
                "OM",
                "PA",
                "PE",
                "PF",
                "PG",
                "PH",
                "PK",
                "PL",
                "PM",
                "PR",
                "PS",
                "PT",
                "PW",
                "PY",
                "QA",
                "RE",
                "RO",
                "RS",
                "RU",
                "RW",
                "SA",
                "SB",
                "SC",
                "SD",
                "SE",
                "SG",
                "SH",
                "SI",
                "SJ",
                "SK",
                "SL",
                "SM",
                "SN",
                "SO",
                "SR",
                "SS",
                "ST",
                "SV",
                "SX",
                "SY",
                "SZ",
                "TA",
                "TC",
                "TD",
                "TG",
                "TH",
                "TJ",
                "TK",
                "TL",
                "TM",
                "TN",
                "TO",
                "TR",
                "TT",
                "TV",
                "TW",
                "TZ",
                "UA",
                "UG",
                "US",
                "UY",
                "UZ",
                "VA",
                "VC",
                "VE",
                "VG",
                "VI",
                "VN",
                "VU",
                "WF",
                "WS",
                "XK",
                "YE",
                "YT",
                "ZA",
                "ZM",
                "ZW",
            ]
        ]
        | None,
        Field(description="ISO 3166-1 alpha-2 regions whose national phone forms are recognised.", title="Regions"),
    ] = None
    mask: Annotated[str | None, Field(title="Mask")] = "[{entity}]"


class PolicyType(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[str, Field(title="Type")]
    description: Annotated[str, Field(title="Description")]
    available_actions: Annotated[
        list[Literal["allow", "block", "alert", "redact", "modify", "require_approval"]],
        Field(title="Available Actions"),
    ]
    default_action: Annotated[
        Literal["allow", "block", "alert", "redact", "modify", "require_approval"], Field(title="Action")
    ]
    default_severity: Annotated[Literal["low", "medium", "high", "critical"], Field(title="Severity")]
    stages: Annotated[list[Literal["request", "response"]], Field(title="Stages")]
    config_schema: Annotated[
        dict[str, Any], Field(description="JSON Schema of the rule's own fields.", title="Config Schema")
    ]
    entities: Annotated[
        list[Entity] | None,
        Field(description="pii: every entity the rule can detect, with its description.", title="Entities"),
    ] = None
    kinds: Annotated[
        list[Kind] | None,
        Field(
            description="secrets only: every kind a rule's kinds can name, its family and description.", title="Kinds"
        ),
    ] = None
    families: Annotated[
        dict[str, list[str]] | None,
        Field(
            description="secrets only: each family name and the kinds it selects ('all' selects every kind).",
            title="Families",
        ),
    ] = None


class PolicyTypes(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[PolicyType], Field(title="Items")]


class PortkeyHookRequest(BaseModel):
    """
    What Portkey's webhook check posts: its hook context plus ``eventType``.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    __annotations__ = {
        "__pydantic_extra__": dict[str, JsonValue | None],
    }
    eventType: Annotated[Literal["beforeRequestHook", "afterRequestHook"], Field(title="Eventtype")]
    request: PortkeyRequestPart | None = None
    response: PortkeyRequestPart | None = None
    provider: Annotated[str | None, Field(title="Provider")] = None
    requestType: Annotated[str | None, Field(title="Requesttype")] = None
    metadata: Annotated[dict[str, JsonValue | None] | None, Field(title="Metadata")] = None


class ResponseTokenLimitRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["response_token_limit"], Field(title="Type")]
    action: Literal["block", "alert"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "low"
    max_tokens: Annotated[int, Field(title="Max Tokens")]


class SecretsRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    allow: Annotated[list[str] | None, Field(title="Allow")] = None
    min_confidence: Annotated[float | None, Field(title="Min Confidence")] = 0.5
    type: Annotated[Literal["secrets"], Field(title="Type")]
    action: Literal["block", "alert", "redact"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "critical"
    kinds: Annotated[
        list[
            Literal[
                "all",
                "anthropic_key",
                "aws_access_key",
                "aws_secret_key",
                "generic_api_key",
                "github_token",
                "jwt",
                "openai_key",
                "private_key",
                "slack_token",
                "stripe_key",
                "1password_secret_key",
                "1password_service_account_token",
                "adafruit_api_key",
                "adobe_client_id",
                "adobe_client_secret",
                "age_secret_key",
                "airtable_api_key",
                "airtable_personnal_access_token",
                "algolia_api_key",
                "alibaba_access_key_id",
                "alibaba_secret_key",
                "anthropic_admin_api_key",
                "anthropic_api_key",
                "artifactory_api_key",
                "artifactory_reference_token",
                "asana_client_id",
                "asana_client_secret",
                "atlassian_api_token",
                "authress_service_client_access_key",
                "aws_access_token",
                "aws_amazon_bedrock_api_key_long_lived",
                "aws_amazon_bedrock_api_key_short_lived",
                "azure_ad_client_secret",
                "beamer_api_token",
                "bearer_token",
                "bitbucket_client_id",
                "bitbucket_client_secret",
                "bittrex_access_key",
                "bittrex_secret_key",
                "cisco_meraki_api_key",
                "clickhouse_cloud_api_secret_key",
                "clojars_api_token",
                "cloudflare_api_key",
                "cloudflare_global_api_key",
                "cloudflare_origin_ca_key",
                "codecov_access_token",
                "cohere_api_token",
                "coinbase_access_token",
                "confluent_access_token",
                "confluent_secret_key",
                "contentful_delivery_api_token",
                "curl_auth_header",
                "curl_auth_user",
                "databricks_api_token",
                "datadog_access_token",
                "defined_networking_api_token",
                "digitalocean_access_token",
                "digitalocean_pat",
                "digitalocean_refresh_token",
                "discord_api_token",
                "discord_client_id",
                "discord_client_secret",
                "doppler_api_token",
                "droneci_access_token",
                "dropbox_api_token",
                "dropbox_long_lived_api_token",
                "dropbox_short_lived_api_token",
                "duffel_api_token",
                "dynatrace_api_token",
                "easypost_api_token",
                "easypost_test_api_token",
                "etsy_access_token",
                "facebook_access_token",
                "facebook_page_access_token",
                "facebook_secret",
                "fastly_api_token",
                "finicity_api_token",
                "finicity_client_secret",
                "finnhub_access_token",
                "flickr_access_token",
                "flutterwave_encryption_key",
                "flutterwave_public_key",
                "flutterwave_secret_key",
                "flyio_access_token",
                "frameio_api_token",
                "freemius_secret_key",
                "freshbooks_access_token",
                "gcp_api_key",
                "github_app_token",
                "github_fine_grained_pat",
                "github_oauth",
                "github_pat",
                "github_refresh_token",
                "gitlab_cicd_job_token",
                "gitlab_deploy_token",
                "gitlab_feature_flag_client_token",
                "gitlab_feed_token",
                "gitlab_incoming_mail_token",
                "gitlab_kubernetes_agent_token",
                "gitlab_oauth_app_secret",
                "gitlab_pat",
                "gitlab_pat_routable",
                "gitlab_ptt",
                "gitlab_rrt",
                "gitlab_runner_authentication_token",
                "gitlab_runner_authentication_token_routable",
                "gitlab_scim_token",
                "gitlab_session_cookie",
                "gitter_access_token",
                "gocardless_api_token",
                "grafana_api_key",
                "grafana_cloud_api_token",
                "grafana_service_account_token",
                "harness_api_key",
                "hashicorp_tf_api_token",
                "hashicorp_tf_password",
                "heroku_api_key",
                "heroku_api_key_v2",
                "hubspot_api_key",
                "huggingface_access_token",
                "huggingface_organization_api_token",
                "infracost_api_token",
                "intercom_api_key",
                "intra42_client_secret",
                "jfrog_api_key",
                "jfrog_identity_token",
                "jwt_base64",
                "kraken_access_token",
                "kubernetes_secret_yaml",
                "kucoin_access_token",
                "kucoin_secret_key",
                "launchdarkly_access_token",
                "linear_api_key",
                "linear_client_secret",
                "linkedin_client_id",
                "linkedin_client_secret",
                "lob_api_key",
                "lob_pub_api_key",
                "looker_client_id",
                "looker_client_secret",
                "mailchimp_api_key",
                "mailgun_private_api_token",
                "mailgun_pub_key",
                "mailgun_signing_key",
                "mapbox_api_token",
                "mattermost_access_token",
                "maxmind_license_key",
                "messagebird_api_token",
                "messagebird_client_id",
                "microsoft_teams_webhook",
                "netlify_access_token",
                "new_relic_browser_api_token",
                "new_relic_insert_key",
                "new_relic_user_api_id",
                "new_relic_user_api_key",
                "notion_api_token",
                "npm_access_token",
                "nuget_config_password",
                "nytimes_access_token",
                "octopus_deploy_api_key",
                "okta_access_token",
                "openai_api_key",
                "openshift_user_token",
                "perplexity_api_key",
                "plaid_api_token",
                "plaid_client_id",
                "plaid_secret_key",
                "planetscale_api_token",
                "planetscale_oauth_token",
                "planetscale_password",
                "postman_api_token",
                "prefect_api_token",
                "privateai_api_token",
                "pulumi_api_token",
                "pypi_upload_token",
                "rapidapi_access_token",
                "readme_api_token",
                "rubygems_api_token",
                "scalingo_api_token",
                "sendbird_access_id",
                "sendbird_access_token",
                "sendgrid_api_token",
                "sendinblue_api_token",
                "sentry_access_token",
                "sentry_org_token",
                "sentry_user_token",
                "settlemint_application_access_token",
                "settlemint_personal_access_token",
                "settlemint_service_access_token",
                "shippo_api_token",
                "shopify_access_token",
                "shopify_custom_access_token",
                "shopify_private_app_access_token",
                "shopify_shared_secret",
                "sidekiq_secret",
                "sidekiq_sensitive_url",
                "slack_app_token",
                "slack_bot_token",
                "slack_config_access_token",
                "slack_config_refresh_token",
                "slack_legacy_bot_token",
                "slack_legacy_token",
                "slack_legacy_workspace_token",
                "slack_user_token",
                "slack_webhook_url",
                "snyk_api_token",
                "sonar_api_token",
                "sourcegraph_access_token",
                "square_access_token",
                "squarespace_access_token",
                "stripe_access_token",
                "sumologic_access_id",
                "sumologic_access_token",
                "telegram_bot_api_token",
                "travisci_access_token",
                "twilio_api_key",
                "twitch_api_token",
                "twitter_access_secret",
                "twitter_access_token",
                "twitter_api_key",
                "twitter_api_secret",
                "twitter_bearer_token",
                "typeform_api_token",
                "url_credentials",
                "vault_batch_token",
                "vault_service_token",
                "yandex_access_token",
                "yandex_api_key",
                "yandex_aws_access_token",
                "zendesk_secret_key",
            ]
        ]
        | None,
        Field(
            description="'all' (every kind), a family (aws_access_key, aws_secret_key, github_token, slack_token, stripe_key, openai_key, anthropic_key, private_key, jwt, generic_api_key) or a kind listed in this rule type's 'kinds' in GET /v1/policy-types (gitleaks rule ids in snake_case).",
            title="Kinds",
        ),
    ] = None


class StoredDecision(BaseModel):
    """
    A stored Decision (without modified_request) plus when it was made and the request's
    non-text fields; prompts, responses and matched text are never stored.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    decision_id: Annotated[str, Field(title="Decision Id")]
    verdict: Annotated[Literal["allowed", "flagged", "modified", "pending_approval", "blocked"], Field(title="Verdict")]
    risk_level: Annotated[Literal["none", "low", "medium", "high", "critical"], Field(title="RiskLevel")]
    violations: Annotated[list[Violation], Field(title="Violations")]
    alerts: Annotated[list[Violation], Field(title="Alerts")]
    modified_request: ModifiedRequest | None = None
    approval: ApprovalRef | None = None
    evaluated_policies: Annotated[int, Field(title="Evaluated Policies")]
    latency_ms: Annotated[float, Field(title="Latency Ms")]
    skipped_policies: Annotated[
        list[SkippedPolicy] | None,
        Field(
            description="Policies of the org that could not be compiled and did not apply.", title="Skipped Policies"
        ),
    ] = None
    timeouts: Annotated[list[PatternTimeout] | None, Field(title="Timeouts")] = None
    created_at: Annotated[str, Field(title="Created At")]
    enforced: Annotated[bool, Field(description="false for detection-only events", title="Enforced")]
    event_id: Annotated[str | None, Field(title="Event Id")]
    model: Annotated[str, Field(title="Model")]
    environment: Annotated[str | None, Field(title="Environment")] = None
    end_user_id: Annotated[str | None, Field(title="End User Id")] = None
    connection_id: Annotated[str | None, Field(title="Connection Id")] = None
    metadata: Annotated[dict[str, Any] | None, Field(title="Metadata")] = None


class StoredDecisionPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[StoredDecision], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


class WordListRule(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["word_list"], Field(title="Type")]
    action: Literal["block", "alert", "redact"] | None = None
    severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Field(title="Severity")] = "medium"
    words: Annotated[list[str], Field(title="Words")]
    match: Annotated[Literal["word", "substring"] | None, Field(title="WordMatch")] = "word"
    case_sensitive: Annotated[bool | None, Field(title="Case Sensitive")] = False


class CapturedEvent(BaseModel):
    """
    An EvaluateRequest as it was sent to the model, with the producer's id and time.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    model: Annotated[str, Field(title="Model")]
    prompt: Annotated[str | None, Field(title="Prompt")] = None
    messages: Annotated[list[Message] | None, Field(title="Messages")] = None
    response: Annotated[str | None, Field(title="Response")] = None
    context: Annotated[str | None, Field(title="Context")] = None
    max_tokens: Annotated[int | None, Field(title="Max Tokens")] = None
    cost_usd: Annotated[float | None, Field(title="Cost Usd")] = None
    api_key_prefix: Annotated[str | None, Field(title="Api Key Prefix")] = None
    environment: Annotated[str | None, Field(title="Environment")] = None
    end_user_id: Annotated[str | None, Field(title="End User Id")] = None
    connection_id: Annotated[str | None, Field(title="Connection Id")] = None
    metadata: Annotated[dict[str, str | bool | int | float | None] | None, Field(title="Metadata")] = None
    approval_id: Annotated[str | None, Field(title="Approval Id")] = None
    dry_run: Annotated[bool | None, Field(title="Dry Run")] = False
    event_id: Annotated[str, Field(title="Event Id")]
    occurred_at: Annotated[AwareDatetime, Field(title="Occurred At")]


class Decision(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    decision_id: Annotated[str, Field(title="Decision Id")]
    verdict: Annotated[Literal["allowed", "flagged", "modified", "pending_approval", "blocked"], Field(title="Verdict")]
    risk_level: Annotated[Literal["none", "low", "medium", "high", "critical"], Field(title="RiskLevel")]
    violations: Annotated[list[Violation], Field(title="Violations")]
    alerts: Annotated[list[Violation], Field(title="Alerts")]
    modified_request: ModifiedRequest | None = None
    approval: ApprovalRef | None = None
    evaluated_policies: Annotated[int, Field(title="Evaluated Policies")]
    latency_ms: Annotated[float, Field(title="Latency Ms")]
    skipped_policies: Annotated[
        list[SkippedPolicy] | None,
        Field(
            description="Policies of the org that could not be compiled and did not apply.", title="Skipped Policies"
        ),
    ] = None
    timeouts: Annotated[list[PatternTimeout] | None, Field(title="Timeouts")] = None


class Error(BaseModel):
    """
    Every error answer: ``{"error": {"code", "message", "details": [...]}, "request_id"}``.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    error: ErrorBody
    request_id: Annotated[str, Field(title="Request Id")]


class EvaluateRequest(BaseModel):
    """
    One LLM call to judge: before the call (prompt or messages), after it (response), or both.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    model: Annotated[str, Field(title="Model")]
    prompt: Annotated[str | None, Field(title="Prompt")] = None
    messages: Annotated[list[Message] | None, Field(title="Messages")] = None
    response: Annotated[str | None, Field(title="Response")] = None
    context: Annotated[str | None, Field(title="Context")] = None
    max_tokens: Annotated[int | None, Field(title="Max Tokens")] = None
    cost_usd: Annotated[float | None, Field(title="Cost Usd")] = None
    api_key_prefix: Annotated[str | None, Field(title="Api Key Prefix")] = None
    environment: Annotated[str | None, Field(title="Environment")] = None
    end_user_id: Annotated[str | None, Field(title="End User Id")] = None
    connection_id: Annotated[str | None, Field(title="Connection Id")] = None
    metadata: Annotated[dict[str, str | bool | int | float | None] | None, Field(title="Metadata")] = None
    approval_id: Annotated[str | None, Field(title="Approval Id")] = None
    dry_run: Annotated[bool | None, Field(title="Dry Run")] = False


class EventsBody(BaseModel):
    """
    Each event is validated on its own: an invalid one is listed in ``rejected``, the rest are accepted.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    events: Annotated[
        list[CapturedEvent | JsonValue | None],
        Field(
            description="CapturedEvent objects; any other value is accepted into the batch and listed as rejected.",
            title="Events",
        ),
    ]


class Policy(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(title="Name")]
    description: Annotated[str | None, Field(title="Description")] = None
    model: Annotated[str | None, Field(title="Model")] = None
    action: Literal["allow", "block", "alert", "redact", "modify", "require_approval"] | None = None
    conditions: ConditionsOutput | None = None
    rules: Annotated[
        list[
            Annotated[
                ModelAllowlistRule
                | BannedPatternsRule
                | WordListRule
                | PiiRuleOutput
                | SecretsRule
                | KeyEnvironmentRule
                | CostThresholdRule
                | MaxTokensRule
                | MaxPromptCharsRule
                | SystemPromptRule
                | EndUserRequiredRule
                | InjectionRule
                | ContentFilterRule
                | ResponseTokenLimitRule
                | GroundingRule,
                Field(discriminator="type"),
            ]
        ]
        | None,
        Field(title="Rules"),
    ] = None
    priority: Annotated[int | None, Field(title="Priority")] = 100
    enabled: Annotated[bool | None, Field(title="Enabled")] = True
    on_timeout: Annotated[
        Literal["match", "skip"] | None,
        Field(
            description="What a Python-compatible ``banned_patterns`` pattern answers when its time runs out.",
            title="OnTimeout",
        ),
    ] = "match"
    id: Annotated[str, Field(title="Id")]
    org_id: Annotated[str, Field(title="Org Id")]
    version: Annotated[int, Field(title="Version")]
    created_at: Annotated[str, Field(title="Created At")]
    updated_at: Annotated[str, Field(title="Updated At")]
    created_by: Annotated[str, Field(title="Created By")]
    updated_by: Annotated[str, Field(title="Updated By")]


class PolicyContent(BaseModel):
    """
    A policy body as a client sends it (or as it is stored): read-only fields are ignored.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(title="Name")]
    description: Annotated[str | None, Field(title="Description")] = None
    model: Annotated[str | None, Field(title="Model")] = None
    action: Literal["allow", "block", "alert", "redact", "modify", "require_approval"] | None = None
    conditions: ConditionsInput | None = None
    rules: Annotated[
        list[
            Annotated[
                ModelAllowlistRule
                | BannedPatternsRule
                | WordListRule
                | PiiRuleInput
                | SecretsRule
                | KeyEnvironmentRule
                | CostThresholdRule
                | MaxTokensRule
                | MaxPromptCharsRule
                | SystemPromptRule
                | EndUserRequiredRule
                | InjectionRule
                | ContentFilterRule
                | ResponseTokenLimitRule
                | GroundingRule,
                Field(discriminator="type"),
            ]
        ]
        | None,
        Field(title="Rules"),
    ] = None
    priority: Annotated[int | None, Field(title="Priority")] = 100
    enabled: Annotated[bool | None, Field(title="Enabled")] = True
    on_timeout: Annotated[
        Literal["match", "skip"] | None,
        Field(
            description="What a Python-compatible ``banned_patterns`` pattern answers when its time runs out.",
            title="OnTimeout",
        ),
    ] = "match"


class PolicyPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[Policy], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


class PolicyPatch(BaseModel):
    """
    Any subset of the writable fields; model: null clears the model.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str | None, Field(title="Name")] = None
    description: Annotated[str | None, Field(title="Description")] = None
    model: Annotated[str | None, Field(title="Model")] = None
    action: Literal["allow", "block", "alert", "redact", "modify", "require_approval"] | None = None
    conditions: ConditionsInput | None = None
    rules: Annotated[
        list[
            Annotated[
                ModelAllowlistRule
                | BannedPatternsRule
                | WordListRule
                | PiiRuleInput
                | SecretsRule
                | KeyEnvironmentRule
                | CostThresholdRule
                | MaxTokensRule
                | MaxPromptCharsRule
                | SystemPromptRule
                | EndUserRequiredRule
                | InjectionRule
                | ContentFilterRule
                | ResponseTokenLimitRule
                | GroundingRule,
                Field(discriminator="type"),
            ]
        ]
        | None,
        Field(title="Rules"),
    ] = None
    priority: Annotated[int | None, Field(title="Priority")] = None
    enabled: Annotated[bool | None, Field(title="Enabled")] = None
    on_timeout: Annotated[
        Literal["match", "skip"] | None,
        Field(
            description="What a Python-compatible ``banned_patterns`` pattern answers when its time runs out.",
            title="OnTimeout",
        ),
    ] = None


class PolicyVersion(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(title="Name")]
    description: Annotated[str | None, Field(title="Description")] = None
    model: Annotated[str | None, Field(title="Model")] = None
    action: Literal["allow", "block", "alert", "redact", "modify", "require_approval"] | None = None
    conditions: ConditionsOutput | None = None
    rules: Annotated[
        list[
            Annotated[
                ModelAllowlistRule
                | BannedPatternsRule
                | WordListRule
                | PiiRuleOutput
                | SecretsRule
                | KeyEnvironmentRule
                | CostThresholdRule
                | MaxTokensRule
                | MaxPromptCharsRule
                | SystemPromptRule
                | EndUserRequiredRule
                | InjectionRule
                | ContentFilterRule
                | ResponseTokenLimitRule
                | GroundingRule,
                Field(discriminator="type"),
            ]
        ]
        | None,
        Field(title="Rules"),
    ] = None
    priority: Annotated[int | None, Field(title="Priority")] = 100
    enabled: Annotated[bool | None, Field(title="Enabled")] = True
    on_timeout: Annotated[
        Literal["match", "skip"] | None,
        Field(
            description="What a Python-compatible ``banned_patterns`` pattern answers when its time runs out.",
            title="OnTimeout",
        ),
    ] = "match"
    id: Annotated[str, Field(title="Id")]
    version: Annotated[int, Field(title="Version")]
    created_at: Annotated[str, Field(title="Created At")]
    created_by: Annotated[str, Field(title="Created By")]


class PolicyVersionPage(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    items: Annotated[list[PolicyVersion], Field(title="Items")]
    next_cursor: Annotated[str | None, Field(title="Next Cursor")]
    has_more: Annotated[bool, Field(title="Has More")]


JsonValue.model_rebuild()
ConditionsInput.model_rebuild()
ConditionsOutput.model_rebuild()
