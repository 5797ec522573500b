"""Cursor pages in responses: ``{"items", "next_cursor", "has_more"}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policy_engine.api.cursor import decode_cursor, encode_cursor
from policy_engine.api.http import Request
from policy_engine.logic.paging import Item, Page


def page_body(
    request: Request, listing: str, page: Page, position_of: str, item_of: Callable[[Item], Any] | None = None
) -> dict[str, Any]:
    """``item_of`` picks what a listed entry shows (default: the entry itself)."""
    next_cursor = None
    if page.last is not None:
        next_cursor = encode_cursor(request.caller.org_id, listing, {"after": page.last[position_of]})
    items = page.items if item_of is None else [item_of(item) for item in page.items]
    return {"items": items, "next_cursor": next_cursor, "has_more": next_cursor is not None}


def cursor_position(request: Request, listing: str) -> Any:
    cursor = request.query.get("cursor")
    return decode_cursor(request.caller.org_id, listing, cursor).get("after") if cursor else None
