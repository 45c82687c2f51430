"""Duplicate hints: stored contributions that say what a new text says, in either language."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from . import encoder

# Cosine similarity from which a stored contribution is hinted as saying the same thing.
# Measured on bench/sense (docs/sense.md): French-English paraphrases score 0.79 (median),
# retyped copies 0.85, and a text's closest unrelated neighbour passes 0.65 for 1 text in 80.
THRESHOLD = 0.65


@dataclass(frozen=True)
class Match:
    """A stored contribution close to the text, and how close (cosine similarity, up to 1)."""

    id: Hashable
    score: float


def similar(
    text: str,
    candidates: Mapping[Hashable, np.ndarray],
    top: int = 3,
    threshold: float = THRESHOLD,
) -> list[Match]:
    """Up to ``top`` candidates at least ``threshold`` similar to ``text``, closest first.

    ``candidates`` maps ids to their stored vectors (``store.vectors_for``); on a tie the
    earlier candidate comes first.
    """
    if top < 1 or not candidates or not text.strip():
        return []
    ids = list(candidates)
    matrix = np.asarray([candidates[key] for key in ids], dtype=np.float32)
    scores = matrix @ encoder.embed([text])[0]
    ranked = np.argsort(-scores, kind="stable")[:top]
    return [Match(ids[i], float(scores[i])) for i in ranked if scores[i] >= threshold]
