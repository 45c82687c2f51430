"""Participant text made harmless for a medium: spreadsheet formulas and XML-forbidden characters.

Texts stay as typed in the synthesis; each writer calls what its format needs.
"""

from __future__ import annotations

import re

# OWASP "CSV injection": a cell starting with one of these may be run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids C0 controls other than tab, LF and CR (openpyxl and python-docx refuse them).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def inert_formula(value: object) -> object:
    """The value with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xml_text(text: str) -> str:
    """The text without the control characters XML cannot hold."""
    return _XML_FORBIDDEN.sub("", text)


def spreadsheet_cell(value: object) -> object:
    """A cell value safe for Excel and CSV: no formula, no forbidden character."""
    if isinstance(value, str):
        return inert_formula(xml_text(value))
    return value
