"""The policy-types catalog (``GET /v1/policy-types``), generated from the rule config models."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from policy_engine.rules import RULE_TYPES, RuleBase

_COMMON_FIELDS = ("type", "action", "severity")


def config_schema(model: type[RuleBase]) -> dict[str, Any]:
    """JSON Schema of a rule's own configuration (without type, action and severity)."""
    schema = model.model_json_schema()
    schema["properties"] = {k: v for k, v in schema.get("properties", {}).items() if k not in _COMMON_FIELDS}
    required = [name for name in schema.get("required", []) if name not in _COMMON_FIELDS]
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)
    schema.pop("title", None)
    used = json.dumps(schema["properties"])
    defs = {k: v for k, v in schema.pop("$defs", {}).items() if f'"#/$defs/{k}"' in used}
    if defs:
        schema["$defs"] = defs
    return schema


def _entities(model: type[RuleBase]) -> dict[str, Any]:
    """``entities`` of a rule type that detects named entities: each with its description."""
    described = getattr(model, "catalog_entities", None)
    if not described:
        return {}
    return {"entities": [{"type": str(name), "description": text} for name, text in described.items()]}


@cache
def _catalog() -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "type": name,
            "description": model.description,
            "available_actions": [a.value for a in model.available_actions],
            "default_action": model.default_action.value,
            "default_severity": model.model_fields["severity"].default.value,
            "stages": [s.value for s in model.stages],
            "config_schema": config_schema(model),
            **_entities(model),
            **model.catalog_details(),
        }
        for name, model in RULE_TYPES.items()
    )


def policy_types() -> list[dict[str, Any]]:
    """Every rule type with its actions, defaults, stages and config schema (fresh copies)."""
    return copy.deepcopy(list(_catalog()))
