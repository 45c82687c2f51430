"""The full JSON archive: the synthesis, and every row that ``workshop import`` restores.

One UTF-8 document, readable by any JSON tool: ``{"format": "atelier-archive", "version": 1,
"synthesis": {...}, "data": {...}}``. Texts are kept as typed (no escaping but JSON's own), so
accents, « », ’ and emoji come back exactly; dates are ISO 8601 with their UTC offset.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..archive import schema
from ..model import Synthesis

EXTENSION = "json"
MEDIA_TYPE = "application/json"


def _iso(value: Any) -> str:
    """The synthesis's instants and days, which ``json`` cannot write by itself."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write(synthesis: Synthesis, archive: dict[str, Any]) -> bytes:
    """The archive file: ``archive`` is ``archive.dump.dump(session, workshop, roster)``."""
    body = schema.document(synthesis.to_dict(), archive)
    # Compact: with ``indent`` the json module falls back to its pure-Python encoder, several
    # times slower on a workshop of thousands of votes.
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      default=_iso).encode("utf-8")
