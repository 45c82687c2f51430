"""Local semantic engine: embeddings, themes with labels, duplicate hints; run on this server.

Nothing is downloaded and no text leaves the machine: the model's weights ship in a package.
How it works and how well: docs/sense.md.
"""

from .clustering import Item, Theme, themes, warm
from .duplicates import Match, similar
from .encoder import DIMENSIONS, MODEL, embed
from .store import contribution_text, vectors_for

__all__ = [
    "DIMENSIONS",
    "MODEL",
    "Item",
    "Match",
    "Theme",
    "contribution_text",
    "embed",
    "similar",
    "themes",
    "vectors_for",
    "warm",
]
