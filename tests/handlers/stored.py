"""Policies edited by hand in the table, as an old write or an operator could leave them."""

from __future__ import annotations

import json
from typing import Any

TABLE = "governance-test"


def policy_item(aws: Any, policy_id: str, org_id: str = "org-a") -> dict[str, Any]:
    item: dict[str, Any] = aws.Table(TABLE).get_item(Key={"pk": f"ORG#{org_id}", "sk": f"POLICY#{policy_id}"})["Item"]
    return item


def store_conditions(aws: Any, policy_id: str, conditions: dict[str, Any]) -> None:
    """Overwrite a stored policy's conditions, past every check a write through the API makes."""
    item = policy_item(aws, policy_id)
    doc = {**json.loads(item["doc"]), "conditions": conditions}
    aws.Table(TABLE).put_item(Item={**item, "doc": json.dumps(doc)})
