"""Seed the local stack with one org and an admin key, through the service's own key code."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import secrets
from dataclasses import dataclass

log = logging.getLogger("local_stack")

DEFAULT_ORG = "org-dev"
API_KEYS = "policy_engine.logic.api_keys"
MIN_KEY, MAX_KEY = 20, 200


def check_dev_key(key: str) -> None:
    """DEV_API_KEY: 20 to 200 printable ASCII characters (no spaces: it travels in a header)."""
    if not MIN_KEY <= len(key) <= MAX_KEY or not all(33 <= ord(c) <= 126 for c in key):
        raise ValueError("DEV_API_KEY must be 20 to 200 printable ASCII characters without spaces")


@dataclass(frozen=True)
class Seeded:
    org_id: str
    key: str
    key_id: str | None  # None: the service has no key store yet, the authorizer decides alone


def seed_admin_key(org_id: str, dev_key: str | None) -> Seeded:
    """Register ``dev_key`` (or a new key) as an admin key of ``org_id``.

    Runs in the environment of the function that reads keys (the authorizer's), so the
    key lands in the table the authorizer looks in.
    """
    if dev_key is not None:
        check_dev_key(dev_key)
    if importlib.util.find_spec("policy_engine") is None or not importlib.util.find_spec(
        "policy_engine.logic.api_keys"
    ):
        log.warning("policy_engine.logic.api_keys is missing: no key was stored")
        return Seeded(org_id, dev_key or f"pgk_dev_{secrets.token_urlsafe(32)}", None)
    api_keys = importlib.import_module(API_KEYS)
    from policy_engine.settings import get_settings
    from policy_engine.store import reset_stores

    get_settings.cache_clear()
    reset_stores()
    record, key = api_keys.create_key(org_id, "local admin", ["admin"], secret=dev_key, actor="local-stack")
    if dev_key is not None and key != dev_key:
        raise RuntimeError("create_key did not register DEV_API_KEY as given")
    return Seeded(org_id, key, str(record["id"]))
