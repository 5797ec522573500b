"""Ids as the service writes them, and the only spelling it accepts.

Ids are UUIDs in canonical form: lowercase hex, hyphenated (``8-4-4-4-12``). Other
spellings (upper case, braces, ``urn:uuid:``, bare hex) would name one resource in several
ways, so they name none (404 in a path, 400 in a query, ignored in an ``approval_id``).
"""

from __future__ import annotations

import re

CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_canonical_uuid(value: str) -> bool:
    return CANONICAL_UUID.fullmatch(value) is not None
