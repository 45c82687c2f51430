"""The texts each page's script shows, by key, rendered into the page in the reader's language.

A page ships them as JSON (`<script type="application/json" id="i18n">`); its script fills in
`{n}`, `{title}`… and picks a plural's form. Whatever people typed never goes through here.
"""

from __future__ import annotations

from collections.abc import Mapping

from .console import CONSOLE
from .phone import PHONE, PHONE_EDITOR
from .plural import Text
from .screen import SCREEN

PAGES: dict[str, Mapping[str, Text]] = {
    "console": CONSOLE,
    "phone": PHONE,
    "phone_editor": PHONE_EDITOR,
    "screen": SCREEN,
}


def client_texts(page: str, **values: object) -> dict[str, object]:
    """The page's texts translated now (in the locale the page renders in), with `values` added."""
    return {**_translated(PAGES[page]), **values}


def _translated(texts: Mapping[str, Text]) -> dict[str, object]:
    return {
        key: _translated(text) if isinstance(text, Mapping) else str(text)
        for key, text in texts.items()
    }
