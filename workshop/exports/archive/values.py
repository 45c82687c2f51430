"""Column values as JSON and back, checked against their column: the archive's values.

``to_json`` writes what a row holds as plain JSON (enums by value, instants and days in
ISO 8601, bytes in base64); ``from_json`` reads it back and refuses anything the column could
not hold, saying where, so that a damaged archive is refused before it is half imported.
"""

from __future__ import annotations

import base64
import binascii
import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ...errors import Invalid
from ...models.base import UTCDateTime

INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1  # what a database integer column holds


def to_json(value: Any) -> Any:
    """A column value as JSON: enums by value, instants and days in ISO 8601, bytes in base64."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def damaged(where: str, problem: LazyString) -> Invalid:
    """Invalid, saying where the archive is damaged and how (lazy: in the reader's language)."""
    return Invalid(_l("This archive is damaged (%(where)s: %(problem)s). Nothing was imported.",
                      where=where, problem=problem))


def from_json(column: sa.Column[Any], row: dict[str, Any], where: str) -> Any:
    """A JSON value checked against its column and turned back into what the model stores."""
    if column.name not in row or row[column.name] is None:
        default = column.default
        if column.nullable or column.primary_key:
            return None
        if isinstance(default, sa.ColumnDefault) and default.is_scalar:
            return default.arg
        raise damaged(where, _l("%(column)s is missing", column=column.name))
    value, kind = row[column.name], column.type
    problem = _l("%(column)s is not valid", column=column.name)
    try:
        if isinstance(kind, sa.Enum):
            assert kind.enum_class is not None  # models.base.string_enum: always from an enum
            return kind.enum_class(value)
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
            return moment
        if isinstance(kind, sa.Date):
            return date.fromisoformat(value)
        if isinstance(kind, sa.LargeBinary):
            return base64.b64decode(value, validate=True)
        if isinstance(kind, sa.Boolean):
            if isinstance(value, bool):
                return value
        elif isinstance(kind, sa.Integer):
            if isinstance(value, int) and not isinstance(value, bool) and \
                    INTEGER_MIN <= value <= INTEGER_MAX:
                return value
        elif isinstance(kind, sa.String):
            if isinstance(value, str) and (kind.length is None or len(value) <= kind.length):
                return value
            problem = _l("%(column)s is not text", column=column.name) if kind.length is None \
                else _l("%(column)s is not text of at most %(n)d characters",
                        column=column.name, n=kind.length)
        elif isinstance(kind, sa.JSON):
            return value
    except (TypeError, ValueError, binascii.Error):
        pass
    raise damaged(where, problem)


def whole(text: Any) -> int | None:
    """``text`` as an integer, or None."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
