"""The demo's scripts by language."""

from __future__ import annotations

from . import en, fr
from .content import Content

CONTENTS: dict[str, Content] = {"en": en.CONTENT, "fr": fr.CONTENT}


def content_for(language: str) -> Content:
    """The content in ``language`` ("fr" or "en")."""
    try:
        return CONTENTS[language]
    except KeyError:
        raise ValueError(f"no demo content in {language!r}") from None
