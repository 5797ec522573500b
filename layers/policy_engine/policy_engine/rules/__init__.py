"""Typed rules: one module per rule type, each with its pydantic config model.

``Rule`` is the discriminated union of every type; ``RULE_TYPES`` maps a type name to
its model (the policy-types catalog and the engine both read it).
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import Field

from policy_engine.rules.banned_patterns import BannedPatternsRule
from policy_engine.rules.base import Action, RuleBase, Severity, Stage
from policy_engine.rules.content_filter import ContentFilterRule
from policy_engine.rules.cost_threshold import CostThresholdRule
from policy_engine.rules.end_user_required import EndUserRequiredRule
from policy_engine.rules.grounding import GroundingRule
from policy_engine.rules.injection import InjectionRule
from policy_engine.rules.key_environment import KeyEnvironmentRule
from policy_engine.rules.max_prompt_chars import MaxPromptCharsRule
from policy_engine.rules.max_tokens import MaxTokensRule
from policy_engine.rules.model_allowlist import ModelAllowlistRule
from policy_engine.rules.pii import PiiRule
from policy_engine.rules.response_token_limit import ResponseTokenLimitRule
from policy_engine.rules.secrets import SecretsRule
from policy_engine.rules.system_prompt import SystemPromptRule
from policy_engine.rules.word_list import WordListRule

Rule = Annotated[
    ModelAllowlistRule
    | BannedPatternsRule
    | WordListRule
    | PiiRule
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

RULE_MODELS: tuple[type[RuleBase], ...] = get_args(get_args(Rule)[0])
RULE_TYPES: dict[str, type[RuleBase]] = {get_args(m.model_fields["type"].annotation)[0]: m for m in RULE_MODELS}

# Names used by other governance APIs, accepted on input and stored canonical.
TYPE_ALIASES: dict[str, str] = {
    "approved_models": "model_allowlist",
    "model_allow_list": "model_allowlist",
    "pii_detection": "pii",
    "secret_detection": "secrets",
    "injection_detection": "injection",
    "prompt_injection": "injection",
    "words_list": "word_list",
    "wordlist": "word_list",
    "content_filtering": "content_filter",
    "key_environment_check": "key_environment",
    "approval_required_threshold_cents": "cost_threshold",
    "end_user_id": "end_user_required",
    "system_prompt_override": "system_prompt",
}


def normalize_rule_input(value: Any) -> Any:
    """Lower-case a rule's ``type`` and map known aliases, before the union discriminates."""
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        name = value["type"].strip().lower()
        return {**value, "type": TYPE_ALIASES.get(name, name)}
    return value


def check_rule_actions(policy_action: Action | None, rules: list[RuleBase]) -> list[dict[str, str]]:
    """Each rule's effective action (its own, else the policy's) must exist and be one it supports."""
    problems: list[dict[str, str]] = []
    for index, rule in enumerate(rules):
        if rule.action is not None:
            continue
        field = f"rules[{index}].action"
        if policy_action is None:
            problems.append({"field": field, "message": "no action: set the rule's action or the policy's action"})
        elif policy_action not in rule.available_actions:
            allowed = ", ".join(a.value for a in rule.available_actions)
            problems.append(
                {
                    "field": field,
                    "message": f"the policy's action '{policy_action.value}' is not available for "
                    f"{rule.type} rules; set the rule's action to one of: {allowed}",
                }
            )
    return problems


__all__ = [
    "RULE_MODELS",
    "RULE_TYPES",
    "Action",
    "Rule",
    "RuleBase",
    "Severity",
    "Stage",
    "check_rule_actions",
    "normalize_rule_input",
]
