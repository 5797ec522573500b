"""The one way the service writes JSON: strict (no NaN or Infinity), compact.

Python's ``json`` writes ``NaN``, ``Infinity`` and ``-Infinity`` by default, which strict
parsers refuse. Every body, event and webhook message goes through ``dumps``, so a value
that is not standard JSON is an error here instead of a document a client cannot read.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, *, sort_keys: bool = False) -> str:
    return json.dumps(value, separators=(",", ":"), allow_nan=False, sort_keys=sort_keys)
