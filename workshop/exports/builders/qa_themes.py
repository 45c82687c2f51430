"""The brief's Q&A grouped by the harvest's themes, so each answer can be prepared by subject.

A question joins the theme whose members' words it is closest to in meaning (French and English
alike), if close enough; otherwise it is one of the "other questions", listed last. Themes come
in the brief's order (most engaged with first); inside each group customers' questions come
first, then the most upvoted, then the room's before those found in texts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import Theme
from .signals import Meanings

JOIN_FROM = 0.33  # least cosine similarity to a theme centre (read on the demo's questions)
MEMBERS = 8  # a theme's representative statements read for its centre


def centres(meanings: Meanings, found: list[Theme]) -> np.ndarray:
    """One unit vector per theme: the mean of its best statements (its label if it has none)."""
    rows = []
    for theme in found:
        texts = [r["text"] for r in theme.representatives[:MEMBERS] if r.get("text")]
        mean = meanings.of(texts or [theme.label]).mean(axis=0)
        rows.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def closest(meanings: Meanings, found: list[Theme], texts: list[str]) -> list[str | None]:
    """Per text, the label of the theme it is closest to, or None when it is close to none."""
    if not found or not texts:
        return [None] * len(texts)
    similarity = meanings.of(texts) @ centres(meanings, found).T
    best = similarity.argmax(axis=1)
    return [found[b].label if similarity[i, b] >= JOIN_FROM else None
            for i, b in enumerate(best.tolist())]


def grouped(meanings: Meanings, found: list[Theme], order: list[str],
            entries: list[dict[str, Any]], rank: dict[str | None, int]) -> list[dict[str, Any]]:
    """``entries`` with their ``theme`` (a label, or None), in the brief's order of themes."""
    shown = sorted((t for t in found if t.label in order), key=lambda t: order.index(t.label))
    labels = closest(meanings, shown, [e["text"] for e in entries])
    place = {label: n for n, label in enumerate(order)}

    def key(n: int) -> tuple[int, int, int, bool, int]:
        entry = entries[n]
        return (place.get(labels[n] or "", len(place)), rank.get(entry.get("group"), len(rank)),
                -int(entry.get("upvotes", 0)), entry.get("kind") != "asked", n)

    return [{**entries[n], "theme": labels[n]} for n in sorted(range(len(entries)), key=key)]
