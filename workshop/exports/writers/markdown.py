"""Markdown report: the report outline as text that reads well in any editor.

Same sections and tables as the Word, PDF and HTML reports (see ``outline``), as GitHub-style
Markdown (pipe tables); charts are left out, their figures are in the tables. Every text is
made inert: no participant can make the rendered page run a script, show an image or follow a
link (HTML is written as entities, link and emphasis signs are escaped, and so is the colon,
dot or ``@`` that would turn a bare address into a link).
"""

from __future__ import annotations

import re

from ..model import Synthesis
from ..rendering.outline import (
    Block,
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
from ..rendering.texts import texts

EXTENSION = "md"
MEDIA_TYPE = "text/markdown; charset=utf-8"

# Signs that make links, images, emphasis, code and table cells anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]|])")
# An ampersand that would start an entity (``&lt;``, ``&#60;``): written as ``&amp;``.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What makes a line a heading, a list item, a setext underline, a rule or a ~~~ fence (``>`` is
# written as an entity, `` ` `` and ``*`` are escaped everywhere). "=HYPERLINK" stays readable.
_LINE_SIGN = re.compile(r"^(?:#|[-+](?=\s|$)|[-=~](?=[-=~\s]*$)|~(?=~~))")
_LINE_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# What GitHub (GFM) links with no markup around it: ``scheme://``, ``www.``, ``mailto:`` and
# ``xmpp:``, and an email address. A backslash before the colon, the dot or the ``@`` stops
# it, and CommonMark shows the same text (the sign, without the backslash).
_BARE_LINK = re.compile(r"(?i):(?=//)|(?<=www)\.|(?<=mailto):|(?<=xmpp):|(?<=[\w.+-])@(?=\w)")


def inert(text: str) -> str:
    r"""``text`` as Markdown that renders as the same text, never as markup or a link.

    HTML is written with entities rather than backslashes: Python-Markdown, unlike CommonMark,
    does not unescape ``\<`` and would pass a raw tag through.
    """
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _BARE_LINK.sub(r"\\\g<0>", text)
    # Leading spaces would make an indented code block: each line starts at the margin.
    lines = (line.lstrip() for line in text.split("\n"))
    return "\n".join(_LINE_NUMBER.sub(r"\1\\\2", _LINE_SIGN.sub(r"\\\g<0>", line))
                     for line in lines)


def _lines(text: str) -> str:
    """Inert text whose line breaks stay line breaks once rendered (two trailing spaces)."""
    return "  \n".join(inert(text.strip()).split("\n"))


def _cell(text: str) -> str:
    """A table cell: inert, on one line (line breaks as ``<br>``, which renderers show)."""
    return "<br>".join(inert(line) for line in text.splitlines()) or " "


def report_blocks(synthesis: Synthesis) -> list[Block]:
    """The outline, with the closing words as a ranked table (rank, word, count).

    The printed reports show the words as one line; the text formats list them, most said first.
    """
    t = texts(synthesis)
    blocks = outline(synthesis)
    ranked = sorted(synthesis.words, key=lambda w: -int(w.get("count") or 0))
    table = Table((t["column.rank"], t["column.word"], t["column.count"]),
                  tuple((str(n), str(w.get("word", "")), str(w.get("count", "")))
                        for n, w in enumerate(ranked, start=1)), (1, 6, 1))
    for n, block in enumerate(blocks[:-1]):
        if block == Heading(t["words"], 2) and isinstance(blocks[n + 1], Paragraph):
            blocks[n + 1] = table
            break
    return blocks


def _table(block: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in block.headers) + " |",
             "|" + "|".join(" --- " for _ in block.headers) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in block.rows]
    return lines


def _block(block: Block) -> list[str]:
    match block:
        case TitlePage():
            lines = [f"# {inert(block.title)}"]
            if block.subtitle:
                lines += ["", f"**{inert(block.subtitle)}**"]
            return lines + [""] + [f"{inert(line)}  " for line in block.lines]
        case Heading():
            return [f"{'#' * (block.level + 1)} {inert(block.text)}"]
        case Paragraph():
            text = _lines(block.text)
            return [f"*{text}*" if block.note and "\n" not in text else text]
        case Bullets():
            return [f"- {inert(item).replace(chr(10), chr(10) + '  ')}" for item in block.items]
        case Fields():
            lines = [f"#### {inert(block.title)}"]
            for label, text in block.pairs:
                lines += ["", f"**{inert(label)}**", "", _lines(text)]
            return lines
        case Table():
            return _table(block) if block.rows else []
        case Picture():
            return []  # a chart: its data is in the tables around it


def write(synthesis: Synthesis) -> bytes:
    """The synthesis as one UTF-8 Markdown document."""
    parts = [lines for lines in map(_block, report_blocks(synthesis)) if lines]
    text = "\n\n".join("\n".join(lines) for lines in parts) + "\n"
    return xml_text(text).encode("utf-8")  # control characters have no place in a text file
