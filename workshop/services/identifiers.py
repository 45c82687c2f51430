"""Ids as clients send them: only a positive 64-bit integer can name a stored row."""

from __future__ import annotations

from typing import Any

ID_MAX = 2**63 - 1  # SQLite's and PostgreSQL's bigint: a larger number overflows the driver


def is_id(value: Any) -> bool:
    """Whether ``value`` is an integer that could be a stored id (booleans are not)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= ID_MAX

