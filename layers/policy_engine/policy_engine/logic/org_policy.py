"""Org policy use cases: read (webhooks masked) and partial update (audited).

PUT semantics: ``frameworks``, ``blocking_rules`` and ``approvals`` merge key by key into the stored
document; every other field, lists included, replaces. A webhook URL sent back exactly as
GET masked it keeps the stored URL it stands for.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from policy_engine.caller import Caller
from policy_engine.errors import Conflict, ValidationFailed, field_error
from policy_engine.models.errors import pydantic_details
from policy_engine.models.org_policy import OrgPolicy, is_masked, mask_url
from policy_engine.store import get_policy_store
from policy_engine.store.audit import AuditContention

MERGED = ("frameworks", "blocking_rules", "approvals")
WRITE_ATTEMPTS = 5


def parse(doc: dict[str, Any] | None) -> OrgPolicy:
    """A stored document (None: the org never wrote one) as the model, defaults filled in."""
    return OrgPolicy.model_validate(doc or {})


def current(org_id: str) -> OrgPolicy:
    """Read consistently: a GET right after a PUT shows it, and a PUT merges into the latest."""
    return parse(get_policy_store().org_meta(org_id, consistent=True).org_policy)


def get_org_policy(caller: Caller) -> dict[str, Any]:
    return current(caller.org_id).masked()


def _merge(stored: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    for name, value in patch.items():
        if name in MERGED and isinstance(value, dict) and isinstance(stored.get(name), dict):
            merged[name] = {**stored[name], **value}
        else:
            merged[name] = value
    return merged


def _unmask(policy: OrgPolicy, stored: OrgPolicy) -> OrgPolicy:
    """Replace each masked webhook URL by the stored URL it masks (same rule first)."""
    stored_urls = [rule.notify.slack_webhook_url for rule in stored.alert_rules]
    rules = []
    problems = []
    for index, rule in enumerate(policy.alert_rules):
        url = rule.notify.slack_webhook_url
        if is_masked(url):
            same_place = stored_urls[index : index + 1]
            candidates = [u for u in [*same_place, *stored_urls] if mask_url(u) == url]
            if not candidates:
                problems.append(
                    field_error(
                        f"alert_rules[{index}].notify.slack_webhook_url",
                        "a masked URL must be one GET returned for a stored webhook; send the full URL instead",
                    )
                )
                continue
            url = candidates[0]
        rules.append(rule.model_copy(update={"notify": rule.notify.model_copy(update={"slack_webhook_url": url})}))
    if problems:
        raise ValidationFailed("the org policy is invalid", problems)
    return policy.model_copy(update={"alert_rules": rules})


def put_org_policy(caller: Caller, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValidationFailed("the body must be a JSON object", [field_error("body", "must be an object")])
    store = get_policy_store()
    for _ in range(WRITE_ATTEMPTS):
        meta = store.org_meta(caller.org_id, consistent=True)
        stored = parse(meta.org_policy)
        try:
            updated = OrgPolicy.model_validate(_merge(stored.model_dump(mode="json"), body))
        except ValidationError as exc:
            raise ValidationFailed("the org policy is invalid", pydantic_details(exc)) from None
        updated = _unmask(updated, stored)
        try:
            store.put_org_policy(caller.org_id, updated.model_dump(mode="json"), caller.key_id, meta.audit_head)
        except AuditContention:
            continue  # another admin write landed since the read: merge into the newer document
        return updated.masked()
    raise Conflict("the org policy is being changed concurrently; retry")
