"""Excel workbook: one sheet per table of the synthesis, then a sheet of charts.

Texts that a spreadsheet would run as formulas start with an apostrophe (see ``safe``); times
are UTC (Excel has no time zones), as the column headings say.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from io import BytesIO
from typing import Any

import pandas as pd
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Synthesis, timezone_of
from ..rendering.charts import all_charts
from ..rendering.safe import xml_text
from ..rendering.tables import tables
from ..rendering.texts import texts

EXTENSION = "xlsx"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL = 32_767  # Excel's limit for the text of one cell
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in characters
SAMPLED_ROWS = 200  # rows measured to size a column
CHART_SCALE = 0.6  # charts are drawn for print; smaller on screen
ROW_PIXELS = 20  # height of a default row
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _moment(value: date, zone: tzinfo = UTC) -> Any:
    """Excel has no time zones: aware times become naive, in the workshop's zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(zone).replace(tzinfo=None)
    return value


def _words_within(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters at a word's end (mid-word only for one long word)."""
    if len(text) <= most:
        return text
    cut = text[: most + 1].rsplit(" ", 1)[0].rstrip(" -–,;:")
    return cut if 0 < len(cut) <= most else text[:most]


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = _words_within(_SHEET_FORBIDDEN.sub(" ", " ".join(title.split())).strip("' "),
                         31) or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = _words_within(base, 31 - len(suffix)) + suffix
    taken.add(name.casefold())
    return name


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[: MAX_CELL - 1] + "…"
    return value


def _shape(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Column widths from the content, header row frozen and filterable."""
    for index, column in enumerate(frame.columns, start=1):
        sample = frame[column].head(SAMPLED_ROWS)
        longest = max([len(str(column)), *(len(str(v)) for v in sample if v is not None)])
        width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def write(synthesis: Synthesis) -> bytes:
    """The synthesis as an .xlsx workbook."""
    words = texts(synthesis)
    buffer = BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as workbook:
        zone = timezone_of(synthesis.workshop.get("language") or "",
                           {"timezone": synthesis.workshop.get("timezone")})
        for table in tables(synthesis, moment=lambda value: _moment(value, zone)):
            name = sheet_name(table.title, taken)
            frame = table.frame.map(_clip) if len(table.frame) else table.frame
            frame.to_excel(workbook, sheet_name=name, index=False)
            _shape(workbook.sheets[name], frame)
        charts = all_charts(synthesis)
        if charts:
            sheet = workbook.book.create_sheet(sheet_name(words["charts"], taken))
            sheet.column_dimensions["A"].width = 100
            row = 1
            for chart in charts:
                sheet.cell(row=row, column=1, value=chart.title).font = Font(bold=True, size=13)
                image = Image(BytesIO(chart.png))
                # Whole pixels: the size openpyxl writes (to EMU) is counted in pixels.
                image.width = int(image.width * CHART_SCALE)
                image.height = int(image.height * CHART_SCALE)
                sheet.add_image(image, f"A{row + 1}")
                row += 3 + int(image.height) // ROW_PIXELS
        properties = workbook.book.properties
        properties.title = xml_text(synthesis.workshop.get("title") or "")
        properties.language = synthesis.workshop.get("language") or "en"
        properties.creator = "Atelier"
    return buffer.getvalue()
