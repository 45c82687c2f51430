"""Word document (python-docx): the report outline with its tables and charts.

The document's language is set (spell-checking and hyphenation in Word follow it); characters
XML cannot hold are dropped, everything else (accents, « », ’, emoji) is kept as typed.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from ..model import Synthesis
from ..rendering.outline import (
    Bullets,
    Fields,
    Heading,
    Paragraph,
    Picture,
    Table,
    TitlePage,
    outline,
)
from ..rendering.safe import xml_text

EXTENSION = "docx"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PICTURE_WIDTH = Cm(16)
TABLE_FONT = Pt(9)
NOTE_COLOUR = RGBColor(0x55, 0x55, 0x55)
# Word's language tags for the workshop languages
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}


def _set_language(document: DocxDocument, tag: str) -> None:
    """Declare the text's language in the default run properties (every style inherits it)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
    properties.append(lang)
    document.core_properties.language = tag


def _repeat_as_header(row_element: CT_Row) -> None:
    """Mark a table row as a heading row, repeated at the top of each page."""
    properties = row_element.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _fill(cell: _Cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(xml_text(text))
    run.font.size = TABLE_FONT
    run.bold = bold


def _table(document: DocxDocument, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    total = sum(block.widths) or 1
    widths = [Cm(16 * w / total) for w in block.widths]
    for index, row in enumerate(table.rows):
        # Cells straight from the row's XML: table.cell() recomputes the grid on every call.
        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        values = block.headers if index == 0 else block.rows[index - 1]
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            _fill(cell, value, bold=index == 0)
    _repeat_as_header(table.rows[0]._tr)


def _title_page(document: DocxDocument, block: TitlePage) -> None:
    document.add_paragraph(xml_text(block.title), style="Title")
    if block.subtitle:
        document.add_paragraph(xml_text(block.subtitle), style="Subtitle")
    for line in block.lines:
        document.add_paragraph(xml_text(line))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _fields(document: DocxDocument, block: Fields) -> None:
    document.add_heading(xml_text(block.title), level=3)
    for label, text in block.pairs:
        paragraph = document.add_paragraph()
        paragraph.add_run(xml_text(label)).bold = True
        paragraph.add_run("\n" + xml_text(text))


def write(synthesis: Synthesis) -> bytes:
    """The synthesis as a .docx report."""
    document = Document()
    language = (synthesis.workshop.get("language") or "en").split("-")[0]
    _set_language(document, LANGUAGE_TAGS.get(language, language))
    properties = document.core_properties
    properties.title = xml_text(synthesis.workshop.get("title") or "")
    properties.subject = xml_text(synthesis.workshop.get("question") or "")
    properties.author = "Atelier"
    for block in outline(synthesis):
        match block:
            case TitlePage():
                _title_page(document, block)
            case Heading(text=text, level=level):
                document.add_heading(xml_text(text), level=level)
            case Paragraph(text=text, note=note):
                run = document.add_paragraph().add_run(xml_text(text))
                if note:
                    run.italic = True
                    run.font.color.rgb = NOTE_COLOUR
            case Bullets(items=items):
                for item in items:
                    document.add_paragraph(xml_text(item), style="List Bullet")
            case Fields():
                _fields(document, block)
            case Table():
                _table(document, block)
            case Picture(png=png, caption=caption):
                document.add_picture(BytesIO(png), width=PICTURE_WIDTH)
                document.add_paragraph(xml_text(caption), style="Caption")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
