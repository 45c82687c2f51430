"""The Unicode font charts and the PDF embed (matplotlib's DejaVu Sans) and what it can draw."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont

FAMILY = "DejaVu Sans"
# Shown instead of a character the font has no glyph for (colour emoji, rare scripts).
PLACEHOLDER = "\u25a1"  # □
# What follows an emoji and belongs to it: variation selectors, skin tones, ZWJ sequences.
_ATTACHED = r"(?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d.)*"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # no glyph, no meaning on paper


# fpdf2's style letters → DejaVu Sans files
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "") -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FACES[style]


@cache
def _drawable() -> frozenset[int]:
    """Code points every face (regular, bold, oblique) has a glyph for."""
    faces = []
    for style in FACES:
        with TTFont(font_path(style), lazy=True) as face:
            faces.append(frozenset(face.getBestCmap()))
    return frozenset.intersection(*faces)


@cache
def _missing() -> re.Pattern[str]:
    return re.compile(r"[^\x00-\x7f\u00a0-\u017f]" + _ATTACHED, re.DOTALL)


def drawable(text: str) -> str:
    """The text with each character (or emoji sequence) the font lacks replaced by □.

    Control characters (other than tab and line breaks) are dropped.
    """
    covered = _drawable()
    text = _CONTROLS.sub("", text)

    def replace(match: re.Match[str]) -> str:
        chars = match.group(0)
        return chars if all(ord(c) in covered for c in chars) else PLACEHOLDER

    return _missing().sub(replace, text)
