"""Self-contained printable HTML report: one file, no script, nothing fetched from anywhere.

The report outline (the Word and PDF reports' sections) rendered by ``templates/exports/``
with a Jinja environment of its own that escapes every value, whatever the template says:
participant text is always text. Styles are inline (A4 print rules included), charts are
PNG ``data:`` images, and a Content-Security-Policy forbids anything else, so the file can be
mailed, archived or opened offline and shows the same thing.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model import Synthesis
from ..rendering.outline import Block, Heading, Picture, Table
from ..rendering.safe import xml_text
from ..rendering.texts import texts
from .markdown import report_blocks

EXTENSION = "html"
MEDIA_TYPE = "text/html; charset=utf-8"
TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "exports"
_NAMES = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass(frozen=True)
class Part:
    """A block as the template renders it.

    ``ref`` is a heading's id, the id of the heading a table belongs to (its accessible name),
    or a picture's ``data:`` URI.
    """

    kind: str  # "title_page", "heading", "table"...: the macro in _blocks.html
    block: Block
    ref: str | None = None


@cache
def environment() -> Environment:
    """Templates with autoescaping always on (not only for names ending in .html)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _kind(block: Block) -> str:
    return _NAMES.sub("_", type(block).__name__).lower()


def _parts(blocks: list[Block]) -> list[Part]:
    parts, section = [], None
    for n, block in enumerate(blocks, start=1):
        ref = None
        if isinstance(block, Heading):
            ref = section = f"s{n}"
        elif isinstance(block, Table):
            ref = section
        elif isinstance(block, Picture):
            ref = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
        parts.append(Part(_kind(block), block, ref))
    return parts


def write(synthesis: Synthesis) -> bytes:
    """The report as one UTF-8 HTML document, in the workshop's language."""
    t = texts(synthesis)
    parts = _parts(report_blocks(synthesis))
    contents = [(p.ref, p.block.text) for p in parts
                if isinstance(p.block, Heading) and p.block.level == 1]
    page = environment().get_template("report.html").render(
        lang=synthesis.workshop.get("language") or "en",
        title=synthesis.workshop.get("title") or "Atelier",
        blocks=parts, contents=contents, contents_label=t.get("contents", "Contents"))
    return xml_text(page).encode("utf-8")  # HTML forbids the C0 controls too
