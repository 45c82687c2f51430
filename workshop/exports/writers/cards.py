"""Quote cards: a 1080×1080 PNG per statement of a participant who agreed to be quoted.

A card shows the participant's own words, their chosen name and the workshop's name, ready to
post. Only people who consented are quoted (``Person.name`` is set only for them); the
themes' representative statements come first. A zip holds the cards.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from ..model import Synthesis
from ..rendering.fonts import font_path

EXTENSION = "zip"
MEDIA_TYPE = "application/zip"
SIZE = 1080
MARGIN = 110
MOST = 12  # cards per workshop: a series, not a dump
SHORTEST, LONGEST = 12, 280  # characters a quotable statement holds
PAPER, INK, ACCENT, MUTED = "#f6f1e7", "#1f2a30", "#b4532a", "#5d6a70"
QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”")}


def quotes(synthesis: Synthesis) -> list[tuple[str, str]]:
    """(words, name) a card may quote: consenting authors only.

    The themes' representative statements first (the words that best stand for each theme,
    largest theme first), then the key messages' contributions and the most supported ones.
    """
    consenting = {p.name for p in synthesis.people if p.name}
    found: list[tuple[str, str]] = []
    rounds = max((len(t.representatives) for t in synthesis.themes), default=0)
    for turn in range(rounds):  # each theme's best statement before any theme's second
        for theme in synthesis.themes:
            if turn < len(theme.representatives):
                said = theme.representatives[turn]
                found.append((str(said.get("text") or ""), str(said.get("author") or "")))
    first = [m.get("item_id") for m in synthesis.brief.key_messages]
    order = {item_id: rank for rank, item_id in enumerate(first)}
    items = sorted((i for i in synthesis.items if i.status == "visible"),
                   key=lambda i: (order.get(i.id, len(order)), -sum(i.votes.values()), i.id))
    found += [(i.title, i.author or "") for i in items]
    kept: list[tuple[str, str]] = []
    for text, author in found:
        text = text.strip()
        if (author in consenting and SHORTEST <= len(text) <= LONGEST
                and text.casefold() not in {t.casefold() for t, _a in kept}):
            kept.append((text, author))
    return kept[:MOST]


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
           width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return [line for line in lines if line]


def card(text: str, author: str, workshop: str, language: str) -> bytes:
    """One card as PNG bytes: the words as large as they fit, the author, the workshop."""
    image = Image.new("RGB", (SIZE, SIZE), PAPER)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    opening, closing = QUOTES.get(language, QUOTES["en"])
    quoted = f"{opening}{text.strip()}{closing}"
    for size in range(72, 27, -4):  # the largest size at which the words fit the square
        font = ImageFont.truetype(str(font_path()), size)
        lines = _lines(draw, quoted, font, width)
        if len(lines) * size * 1.3 <= SIZE - 2 * MARGIN - 220:
            break
    draw.rectangle((MARGIN, MARGIN, MARGIN + 120, MARGIN + 12), fill=ACCENT)
    y = MARGIN + 80
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += int(size * 1.3)
    bold = ImageFont.truetype(str(font_path("B")), 40)
    draw.text((MARGIN, y + 30), f"— {author}", font=bold, fill=ACCENT)
    small = ImageFont.truetype(str(font_path()), 30)
    name = _lines(draw, workshop, small, width)[:1] or [""]
    draw.text((MARGIN, SIZE - MARGIN - 30), name[0], font=small, fill=MUTED)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write(synthesis: Synthesis) -> bytes:
    """A zip of the workshop's quote cards (``quote-01.png``…), empty without consent."""
    language = (synthesis.workshop.get("language") or "en").split("-")[0]
    title = str(synthesis.workshop.get("title") or "")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, (text, author) in enumerate(quotes(synthesis), 1):
            archive.writestr(f"quote-{number:02d}.png", card(text, author, title, language))
    return buffer.getvalue()
