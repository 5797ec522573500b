"""Pages over lazily fetched items: exact ``has_more`` even when a filter drops items."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Item = dict[str, Any]


@dataclass(frozen=True)
class Page:
    items: list[Item]
    last: Item | None  # the last item returned, when more kept items follow


def take(items: Iterator[Item], limit: int, keep: Callable[[Item], bool]) -> Page:
    """Up to ``limit`` kept items, and whether at least one more kept item follows."""
    taken: list[Item] = []
    for item in items:
        if not keep(item):
            continue
        if len(taken) == limit:
            return Page(items=taken, last=taken[-1])
        taken.append(item)
    return Page(items=taken, last=None)
