"""Contributions' vectors kept in the database: computed once, again only after an edit."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
import sqlalchemy.orm as so

from ..models import Contribution, ContributionEmbedding
from . import encoder
from .encoder import DIMENSIONS, MODEL, Vectors

# Ids per SELECT ... IN (...): well under SQLite's limit on bound parameters.
_CHUNK = 500


def contribution_text(contribution: Contribution) -> str:
    """What is embedded: the title, then the details when there are any."""
    return "\n".join(part for part in (contribution.title, contribution.details) if part).strip()


def text_hash(text: str) -> str:
    """SHA-256 of the text, in hex: tells an edited contribution from an unchanged one."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vectors_for(session: so.Session, contributions: Sequence[Contribution]) -> Vectors:
    """One row per contribution, in order; missing or outdated ones are computed in one batch.

    Computed vectors are stored (flushed, not committed: the caller's unit of work commits).
    """
    texts = [contribution_text(c) for c in contributions]
    hashes = [text_hash(text) for text in texts]
    stored = _stored(session, [c.id for c in contributions])
    stale = [
        i for i, c in enumerate(contributions)
        if (row := stored.get(c.id)) is None or row.model != MODEL or row.text_hash != hashes[i]
    ]
    if not stale:
        return _rows(stored, contributions)
    fresh = encoder.embed([texts[i] for i in stale])
    for i, vector in zip(stale, fresh, strict=True):
        contribution = contributions[i]
        row = stored.get(contribution.id)
        if row is None:
            row = ContributionEmbedding(contribution_id=contribution.id)
            session.add(row)
            stored[contribution.id] = row
        row.model, row.text_hash = MODEL, hashes[i]
        row.vector = np.ascontiguousarray(vector, dtype="<f4").tobytes()
    session.flush()
    return _rows(stored, contributions)


def _rows(
    stored: dict[int, ContributionEmbedding], contributions: Sequence[Contribution]
) -> Vectors:
    if not contributions:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([np.frombuffer(stored[c.id].vector, dtype="<f4") for c in contributions])


def _stored(session: so.Session, ids: list[int]) -> dict[int, ContributionEmbedding]:
    found: dict[int, ContributionEmbedding] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        rows = session.scalars(
            sa.select(ContributionEmbedding).where(ContributionEmbedding.contribution_id.in_(chunk))
        )
        found.update((row.contribution_id, row) for row in rows)
    return found
