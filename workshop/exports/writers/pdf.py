"""PDF report (fpdf2, pure Python): the same outline as the Word document.

DejaVu Sans, from matplotlib's bundled fonts, is embedded (subset): it has é, œ, « », ’ and
most scripts. Emoji are drawn in Noto Emoji (monochrome), fpdf2's fallback font, when the asset
build has installed it (see ``fonts``); without it, and for the rare character neither font
has, one □ stands in, in the PDF only. Text is shaped (HarfBuzz, through uharfbuzz): an emoji
with a skin tone is one glyph (the monochrome font has no tones); a joined sequence the font
has no ligature for (👩‍💻) is drawn as its parts. Copying the text out gives every sequence back.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from fpdf import FPDF
from fpdf.fonts import TTFFont

from ..model import Synthesis
from ..rendering.fonts import FACES, drawable, emoji_path, font_path
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

EXTENSION = "pdf"
MEDIA_TYPE = "application/pdf"
FONT = "DejaVu"
EMOJI = "NotoEmoji"
BODY, SMALL, TABLE = 10.5, 8.5, 8.5  # font sizes (pt)
TABLE_LINE = 4.2  # table line height (mm)
HEADINGS = {1: 17, 2: 13.5, 3: 11.5}  # heading level → font size (pt)
LINE = 5.2  # body line height (mm)
GREY, HEADER_FILL = (90, 90, 90), (225, 233, 242)
CELL_PADDING = 1  # mm
MAX_CELL_LINES = 40  # a cell longer than this is cut: a row must fit on a page
RULE = (160, 160, 160)
PICTURE_SHARE = 0.9  # of the text width


class _Report(FPDF):
    """An A4 report with page numbers ("3 / 12") in the footer, after the title page."""

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _measure(pdf: FPDF) -> Callable[[str], float]:
    """The width (mm) of a text in the current font, from the font's own advance widths.

    The same sum ``get_string_width`` makes, without its per-call bidi and style work: the
    texts here are plain, left-to-right, unshaped. A character the font lacks is measured in
    the emoji font, which draws it.
    """
    font, emoji = pdf.current_font, pdf.fonts.get(EMOJI.lower())
    # The report only sets the TrueType fonts it added (fpdf2's core fonts measure by letter).
    assert isinstance(font, TTFFont)
    widths, scale = font.cw, pdf.font_size_pt * 0.001 / pdf.k
    fallback = emoji.cw if isinstance(emoji, TTFFont) else {}

    def width(character: str) -> float:
        code = ord(character)
        return widths.get(code) or fallback.get(code, 0)

    return lambda text: sum(width(c) for c in text) * scale


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """The text broken into lines no wider than ``width`` in the current font, at spaces.

    fpdf2's multi_cell measures a line again for every character it adds, which takes
    seconds for a workshop's hundreds of reports; measuring each word once is linear.
    """
    measure = _measure(pdf)
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.replace("\t", "    ").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            size = measure(word)
            while size > width:  # a word longer than a line: cut it where it overflows
                room = width - (used + space if line else 0)
                cut = _fitting(measure, word, room)
                if cut == 0 and line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                    continue
                cut = max(cut, 1)
                lines.append(" ".join([*line, word[:cut]]))
                line, used, word = [], 0.0, word[cut:]
                size = measure(word)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += size + (space if line else 0)
            line.append(word)
        lines.append(" ".join(line))
    return lines


def _fitting(measure: Callable[[str], float], word: str, width: float) -> int:
    """How many characters of ``word`` fit in ``width``."""
    used = 0.0
    for count, character in enumerate(word):
        used += measure(character)
        if used > width:
            return count
    return len(word)


def _text(pdf: FPDF, text: str, size: float = BODY, style: str = "", indent: float = 0,
          height: float = LINE) -> None:
    pdf.set_font(FONT, style, size)
    for line in wrap(pdf, drawable(text), pdf.epw - indent):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent, height, line, new_x="LMARGIN", new_y="NEXT")


def _bullet(pdf: FPDF, text: str, indent: float = 3) -> None:
    """A list item: the bullet, then the text with its following lines aligned under it."""
    pdf.set_font(FONT, "", BODY)
    mark = "•  "
    hang = indent + pdf.get_string_width(mark)
    for n, line in enumerate(wrap(pdf, drawable(text), pdf.epw - hang)):
        pdf.set_x(pdf.l_margin + indent)
        if n == 0:
            pdf.cell(hang - indent, LINE, mark)
        else:
            pdf.set_x(pdf.l_margin + hang)
        pdf.cell(pdf.epw - hang, LINE, line, new_x="LMARGIN", new_y="NEXT")


def _title_page(pdf: FPDF, block: TitlePage) -> None:
    pdf.set_y(60)
    _text(pdf, block.title, 24, "B", height=11)
    pdf.ln(4)
    if block.subtitle:
        _text(pdf, block.subtitle, 15, height=8)
        pdf.ln(8)
    for line in block.lines:
        _text(pdf, line)
        pdf.ln(1)


def _heading(pdf: FPDF, block: Heading) -> None:
    # Each section on a new page (the first after the title page); a heading with what follows.
    if block.level == 1 or pdf.will_page_break(25):
        pdf.add_page()
    else:
        pdf.ln(3)
    pdf.start_section(drawable(block.text), level=block.level - 1)
    _text(pdf, block.text, HEADINGS.get(block.level, BODY), "B", height=HEADINGS.get(
        block.level, BODY) * 0.5)
    pdf.ln(2)


def _fields(pdf: FPDF, block: Fields) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(2)
    _text(pdf, block.title, HEADINGS[3], "B", height=6)
    for label, text in block.pairs:
        _text(pdf, label, BODY, "B")
        _text(pdf, text)


def _widths(pdf: FPDF, block: Table) -> list[float]:
    """Column widths (mm) in the block's proportions, but no heading word cut in two."""
    total = sum(block.widths) or 1
    wanted = [pdf.epw * w / total for w in block.widths]
    pdf.set_font(FONT, "B", TABLE)
    least = [max((pdf.get_string_width(drawable(word)) for word in header.split()), default=0)
             + 2 * CELL_PADDING + 1.5 for header in block.headers]
    widths = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    excess = sum(widths) - pdf.epw
    slack = [w - m for w, m in zip(widths, least, strict=True)]
    if excess > 0 and sum(slack) > 0:  # take it from the columns wider than they need
        widths = [w - excess * s / sum(slack) for w, s in zip(widths, slack, strict=True)]
    return widths


def _cells(pdf: FPDF, widths: list[float], values: tuple[str, ...], heading: bool
           ) -> list[list[str]]:
    """Each cell's lines, wrapped to its column."""
    pdf.set_font(FONT, "B" if heading else "", TABLE)
    return [wrap(pdf, drawable(v), w - 2 * CELL_PADDING)[:MAX_CELL_LINES]
            for v, w in zip(values, widths, strict=True)]


def _height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * TABLE_LINE + 2 * CELL_PADDING


def _row(pdf: FPDF, widths: list[float], cells: list[list[str]], heading: bool) -> None:
    """One row: bordered cells as tall as the tallest (headings on a tinted ground)."""
    pdf.set_font(FONT, "B" if heading else "", TABLE)
    height = _height(cells)
    x, y = pdf.l_margin, pdf.get_y()
    for lines, width in zip(cells, widths, strict=True):
        pdf.rect(x, y, width, height, style="DF" if heading else "D")
        for n, text in enumerate(lines):
            pdf.set_xy(x + CELL_PADDING, y + CELL_PADDING + n * TABLE_LINE)
            pdf.cell(width - 2 * CELL_PADDING, TABLE_LINE, text)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _table(pdf: FPDF, block: Table) -> None:
    """A table in the text width; a long one goes on over pages, its headings repeated."""
    widths = _widths(pdf, block)
    pdf.set_fill_color(*HEADER_FILL)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    headings = _cells(pdf, widths, block.headers, heading=True)
    if pdf.will_page_break(_height(headings) * 2):
        pdf.add_page()
    _row(pdf, widths, headings, heading=True)
    for values in block.rows:
        cells = _cells(pdf, widths, values, heading=False)
        if pdf.will_page_break(_height(cells)):
            pdf.add_page()
            _row(pdf, widths, headings, heading=True)
        _row(pdf, widths, cells, heading=False)
    pdf.ln(3)


def _picture(pdf: FPDF, block: Picture) -> None:
    width = pdf.epw * PICTURE_SHARE
    # A PNG's size is in its header (IHDR): width then height, 4 bytes each, from byte 16.
    pixels_wide, pixels_high = (int.from_bytes(block.png[n:n + 4]) for n in (16, 20))
    height = width * pixels_high / pixels_wide
    if pdf.will_page_break(height + 10):
        pdf.add_page()
    pdf.image(BytesIO(block.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
    pdf.set_text_color(*GREY)
    _text(pdf, block.caption, SMALL, "I")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


def write(synthesis: Synthesis) -> bytes:
    """The synthesis as a PDF report."""
    pdf = _Report(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style in FACES:
        pdf.add_font(FONT, style, str(font_path(style)))
    if emoji := emoji_path():
        pdf.add_font(EMOJI, "", str(emoji))
        pdf.set_fallback_fonts([EMOJI], exact_match=False)  # bold or italic emoji: the same
    pdf.set_text_shaping(True)
    pdf.set_lang(synthesis.workshop.get("language") or "en")
    pdf.set_title(drawable(synthesis.workshop.get("title") or ""))
    pdf.set_subject(drawable(synthesis.workshop.get("question") or ""))
    pdf.set_creator("Atelier")
    pdf.set_creation_date(synthesis.generated_at)
    pdf.add_page()
    for block in outline(synthesis):
        match block:
            case TitlePage():
                _title_page(pdf, block)
            case Heading():
                _heading(pdf, block)
            case Paragraph(text=text, note=note):
                if note:
                    pdf.set_text_color(*GREY)
                _text(pdf, text, SMALL if note else BODY, "I" if note else "")
                pdf.set_text_color(0, 0, 0)
                pdf.ln(1.5)
            case Bullets(items=items):
                for item in items:
                    _bullet(pdf, item)
                pdf.ln(1.5)
            case Fields():
                _fields(pdf, block)
            case Table():
                _table(pdf, block)
            case Picture():
                _picture(pdf, block)
    return bytes(pdf.output())
