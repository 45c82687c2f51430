"""A zip of CSV files, one per table of the synthesis (the same tables as the workbook).

UTF-8 with a byte-order mark, so that Excel reads accents and emoji right. French workshops get
``;`` between fields and a decimal comma, as French spreadsheets expect; others ``,`` and a
point. Times are ISO 8601 with their UTC offset; formula-like texts start with an apostrophe.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, tzinfo
from io import BytesIO, StringIO

from ..model import Synthesis, timezone_of
from ..rendering.tables import tables

EXTENSION = "zip"
MEDIA_TYPE = "application/zip"
# language → (field separator, decimal mark), as that language's spreadsheets open CSV files
DIALECTS = {"fr": (";", ",")}
DEFAULT_DIALECT = (",", ".")


def _moment(value: date, zone: tzinfo | None = None) -> str:
    """ISO 8601; an aware time in the workshop's zone, with its offset."""
    if zone is not None and isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(zone)
    return value.isoformat()


def write(synthesis: Synthesis) -> bytes:
    """The synthesis as a zip of CSV files named after the tables (``participants.csv``...)."""
    language = (synthesis.workshop.get("language") or "en").split("-")[0]
    separator, decimal = DIALECTS.get(language, DEFAULT_DIALECT)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        zone = timezone_of(language, {"timezone": synthesis.workshop.get("timezone")})
        for table in tables(synthesis, moment=lambda value: _moment(value, zone)):
            frame = table.frame
            if decimal != "." and len(frame):
                frame = frame.map(lambda v: str(v).replace(".", decimal)
                                  if isinstance(v, float) else v)
            text = StringIO()
            frame.to_csv(text, index=False, sep=separator, lineterminator="\r\n")
            info = zipfile.ZipInfo(f"{table.key}.csv", date_time=_stamp(synthesis))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.getvalue().encode("utf-8-sig"))
    return buffer.getvalue()


def _stamp(synthesis: Synthesis) -> tuple[int, int, int, int, int, int]:
    """The files' time in the zip: when the synthesis was made, so the same input gives the
    same bytes."""
    at = synthesis.generated_at
    return (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second)
