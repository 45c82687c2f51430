"""The fonts charts and the PDF embed, and what they can draw.

Text is set in DejaVu Sans (matplotlib's bundled font: é, œ, « », ’ and most scripts). Emoji
come from Noto Emoji (monochrome, SIL Open Font License), which the asset build copies from npm
into ``static/dist/fonts/``; without it (a bare ``pip install`` with no asset build) an emoji
is drawn as one □, and every other character as before.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from matplotlib import font_manager

FAMILY = "DejaVu Sans"
EMOJI_FAMILY = "Noto Emoji"
# Shown instead of a character no font has a glyph for (an emoji without the emoji font).
PLACEHOLDER = "\u25a1"  # □
# What follows an emoji and belongs to it: variation selectors, skin tones, ZWJ sequences.
_ATTACHED = r"(?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d.)*"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # no glyph, no meaning on paper
# Invisible characters of emoji sequences: drawn as nothing rather than as a box.
_JOINERS = frozenset(map(ord, "\u200d\ufe0e\ufe0f"))

# fpdf2's style letters → DejaVu Sans files
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Where static/build.mjs copies it (the app serves static/ from the project's root).
EMOJI_FILE = Path(__file__).resolve().parents[3] / "static/dist/fonts/NotoEmoji-Regular.ttf"


def font_path(style: str = "") -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FACES[style]


def emoji_path() -> Path | None:
    """The emoji font, when the asset build has put it in place."""
    return EMOJI_FILE if EMOJI_FILE.is_file() else None


def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as face:
        return frozenset(face.getBestCmap())


@cache
def text_glyphs() -> frozenset[int]:
    """Code points every DejaVu face (regular, bold, oblique) has a glyph for."""
    return frozenset.intersection(*(_cmap(font_path(style)) for style in FACES))


@cache
def emoji_glyphs() -> frozenset[int]:
    """Code points the emoji font draws (none without it)."""
    path = emoji_path()
    return _cmap(path) if path else frozenset()


@cache
def families() -> tuple[str, ...]:
    """The font families charts ask matplotlib for, in fallback order (emoji font last)."""
    path = emoji_path()
    if path is None:
        return (FAMILY,)
    font_manager.fontManager.addfont(str(path))
    return (FAMILY, EMOJI_FAMILY)


@cache
def _missing() -> re.Pattern[str]:
    return re.compile(r"[^\x00-\x7f\u00a0-\u017f]" + _ATTACHED, re.DOTALL)


def drawable(text: str) -> str:
    """The text with each character (or emoji sequence) no font has replaced by □.

    A sequence is kept when each of its characters has a glyph in DejaVu Sans or in the emoji
    font (joiners and variation selectors are invisible). Control characters (other than tab
    and line breaks) are dropped.
    """
    covered = text_glyphs() | emoji_glyphs() | _JOINERS
    text = _CONTROLS.sub("", text)

    def replace(match: re.Match[str]) -> str:
        chars = match.group(0)
        return chars if all(ord(c) in covered for c in chars) else PLACEHOLDER

    return _missing().sub(replace, text)
