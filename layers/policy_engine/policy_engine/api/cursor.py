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
from policy_engine.settings import get_settings

_MAC_BYTES = 16


def _secret() -> bytes:
    secret = get_settings().cursor_secret
    if len(secret) < 16:
        raise RuntimeError("CURSOR_SECRET must be set to at least 16 characters")
    return secret.encode()


def _mac(org_id: str, listing: str, payload: bytes) -> bytes:
    message = b"\x00".join((org_id.encode(), listing.encode(), payload))
    return hmac.new(_secret(), message, hashlib.sha256).digest()[:_MAC_BYTES]


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
    return f"{_b64(payload)}.{_b64(_mac(org_id, listing, payload))}"


def decode_cursor(org_id: str, listing: str, cursor: str) -> dict[str, Any]:
    invalid = BadRequest("invalid cursor", [{"field": "cursor", "message": "not a cursor issued for this listing"}])
    try:
        payload_text, mac_text = cursor.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (ValueError, binascii.Error):
        raise invalid from None
    if not hmac.compare_digest(mac, _mac(org_id, listing, payload)):
        raise invalid
    try:
        position = json.loads(payload)
    except ValueError:
        raise invalid from None
    if not isinstance(position, dict):
        raise invalid
    return position
