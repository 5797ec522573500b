"""Opaque, signed pagination cursors.

A cursor carries the last returned item's key, signed with HMAC-SHA256 over the org,
the listing it belongs to and the payload. A cursor of another org, another listing
or with any byte changed fails verification and answers 400.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from policy_engine.errors import BadRequest
from policy_engine.settings import ConfigurationError
from policy_engine.store.secrets import cursor_key, previous_cursor_key

_MAC_BYTES = 16
# What every cursor looks like (payload and MAC, unpadded URL-safe base64); only a signed one is valid.
CURSOR_PATTERN = "^[A-Za-z0-9_-]+[.][A-Za-z0-9_-]+$"
_MIN_KEY_BYTES = 16


def _checked(key: bytes) -> bytes:
    if len(key) < _MIN_KEY_BYTES:
        raise ConfigurationError(f"the cursor-signing secret must hold at least {_MIN_KEY_BYTES} characters")
    return key


def _mac(key: bytes, org_id: str, listing: str, payload: bytes) -> bytes:
    message = b"\x00".join((org_id.encode(), listing.encode(), payload))
    return hmac.new(key, message, hashlib.sha256).digest()[:_MAC_BYTES]


def _signed_by_a_live_key(mac: bytes, org_id: str, listing: str, payload: bytes) -> bool:
    """Signed with the current key, or with the previous one (rotation keeps it valid a while)."""
    if hmac.compare_digest(mac, _mac(_checked(cursor_key()), org_id, listing, payload)):
        return True
    previous = previous_cursor_key()  # asked for only when the current key does not match
    return previous is not None and hmac.compare_digest(mac, _mac(_checked(previous), org_id, listing, payload))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """Strict decoding: a non-canonical spelling of the same bytes is refused, not accepted."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise ValueError("non-canonical base64")
    return data


def encode_cursor(org_id: str, listing: str, position: dict[str, Any]) -> str:
    payload = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_b64(_mac(_checked(cursor_key()), org_id, listing, payload))}"


def decode_cursor(org_id: str, listing: str, cursor: str) -> dict[str, Any]:
    invalid = BadRequest("invalid cursor", [{"field": "cursor", "message": "not a cursor issued for this listing"}])
    try:
        payload_text, mac_text = cursor.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (ValueError, binascii.Error):
        raise invalid from None
    if not _signed_by_a_live_key(mac, org_id, listing, payload):
        raise invalid
    try:
        position = json.loads(payload)
    except ValueError:
        raise invalid from None
    if not isinstance(position, dict):
        raise invalid
    return position
