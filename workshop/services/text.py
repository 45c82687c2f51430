"""Cleaning the text people type before it is stored: what is kept is what a reader sees.

Everything typed by a participant or a facilitator (titles, details, names, questions, labels)
goes through ``clean_line`` or ``clean_text`` once, in the service that stores it.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that change how the text around them is shown instead of showing anything:
# embeddings, overrides and isolates reorder a line ("Trojan Source"); zero-width spaces, the
# word joiner, the byte-order mark and the annotation marks are invisible, and make two equal
# titles differ. The zero-width (non-)joiners stay: emoji and several scripts need them.
_INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                       "\u200b\u2060\u180e\ufeff\ufff9\ufffa\ufffb")
# Direction marks: needed at times inside a right-to-left paragraph, never in a title or name.
_MARKS = frozenset("\u200e\u200f\u061c")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def _visible(char: str, *, marks: bool) -> bool:
    category = unicodedata.category(char)
    if category == "Cs":  # half of a surrogate pair alone: nothing to show, nothing to store
        return False
    if category == "Cc":
        return char in "\n\t"  # whitespace the callers handle; NUL, C0 and C1 controls go
    return char not in _INVISIBLE and (marks or char not in _MARKS)


def clean_line(value: str) -> str:
    """One line (a title, a name): invisible characters out, all whitespace one space."""
    value = "".join(char for char in value if _visible(char, marks=False))
    return " ".join(value.split())


def clean_text(value: str) -> str:
    """Several lines (details, a question): as ``clean_line``, but line breaks are kept.

    Any kind of line break becomes ``\\n``, tabs become spaces, and each line loses its
    trailing spaces; the text loses the blank lines and spaces at either end.
    """
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    value = "".join(char for char in value if _visible(char, marks=True))
    return "\n".join(line.rstrip() for line in value.split("\n")).strip()
