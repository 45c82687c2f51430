"""Each wall's visible contributions with their sentence vectors, kept in this process's memory.

A duplicate hint compares one new text with every contribution of its kind: reading hundreds of
stored vectors from the database for each keystroke pause would cost more than the hint itself.
So a wall (a workshop's visible contributions of one kind) is kept here with its matrix of
vectors, and read again only when one of its contributions changed (their count or newest
``updated_at`` moved); then only new or edited contributions are embedded (about 1.5 ms each).
Vectors stored by ``sense.vectors_for`` (syntheses fill that cache) are read, never written
here: a hint is a read, and must work on a read-only database too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
import sqlalchemy.orm as so

from ..models import Contribution, ContributionEmbedding, ContributionKind, ContributionStatus
from ..sense import DIMENSIONS, MODEL, contribution_text, embed
from ..sense.encoder import Vectors
from ..sense.store import text_hash

_CHUNK = 500  # ids per SELECT ... IN (...): under SQLite's limit on bound parameters
# Texts embedded between two turns of the event loop: a wall first read by this process (500
# contributions, about 0.7 s of CPU) never holds every socket for more than ~30 ms at a time.
_BATCH = 16
KEPT = 64  # walls kept (a wall of 2,000 contributions holds 4 MB of vectors)

Key = tuple[int, datetime | None]


@dataclass
class Wall:
    """A workshop's visible contributions of one kind, in id order, with a vector each."""

    key: Key
    ids: list[int]
    titles: list[str]
    authors: list[int | None]
    texts: list[str]
    hashes: list[str]
    matrix: Vectors
    # What was worked out from this wall once (pairs, themes): dropped with it when it changes.
    derived: dict[str, Any] = field(default_factory=dict)


_lock = threading.Lock()
_walls: OrderedDict[tuple[int, ContributionKind], Wall] = OrderedDict()
_readers: dict[tuple[int, ContributionKind], threading.Lock] = {}


def visible(workshop_id: int, kind: ContributionKind) -> sa.ColumnElement[bool]:
    return sa.and_(Contribution.workshop_id == workshop_id, Contribution.kind == kind,
                   Contribution.status == ContributionStatus.VISIBLE)


def wall(session: so.Session, workshop_id: int, kind: ContributionKind) -> Wall:
    """The wall as stored now: the one kept if nothing changed, else read and completed.

    One reader per wall at a time: the questions that arrive while a wall is being embedded
    (a room's phones, all typing) wait for it and share it instead of each embedding it again.
    """
    count, newest = session.execute(
        sa.select(sa.func.count(), sa.func.max(Contribution.updated_at))
        .where(visible(workshop_id, kind))).one()
    key: Key = (count, newest)
    with _lock:
        reading = _readers.setdefault((workshop_id, kind), threading.Lock())
    with reading:  # under gevent, a wait that lets the other sockets run
        with _lock:
            kept = _walls.get((workshop_id, kind))
            if kept is not None and kept.key == key:
                _walls.move_to_end((workshop_id, kind))
                return kept
        fresh = _read(session, workshop_id, kind, key, kept)
        with _lock:
            _walls[(workshop_id, kind)] = fresh
            _walls.move_to_end((workshop_id, kind))
            while len(_walls) > KEPT:
                gone, _wall = _walls.popitem(last=False)
                _readers.pop(gone, None)
    return fresh


def _read(session: so.Session, workshop_id: int, kind: ContributionKind, key: Key,
          kept: Wall | None) -> Wall:
    contributions = list(session.scalars(
        sa.select(Contribution).where(visible(workshop_id, kind)).order_by(Contribution.id)))
    texts = [contribution_text(c) for c in contributions]
    hashes = [text_hash(t) for t in texts]
    known: dict[tuple[int, str], np.ndarray] = {}
    if kept is not None:
        known = {(i, h): kept.matrix[n] for n, (i, h) in enumerate(zip(kept.ids, kept.hashes,
                                                                      strict=True))}
    missing = [n for n, c in enumerate(contributions) if (c.id, hashes[n]) not in known]
    known.update(_stored(session, [(contributions[n].id, hashes[n]) for n in missing]))
    missing = [n for n in missing if (contributions[n].id, hashes[n]) not in known]
    computed = np.zeros((len(missing), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(missing), _BATCH):
        batch = missing[start:start + _BATCH]
        computed[start:start + len(batch)] = embed([texts[n] for n in batch])
        time.sleep(0)  # under gevent, other sockets' turn between batches
    matrix = np.zeros((len(contributions), DIMENSIONS), dtype=np.float32)
    for n, c in enumerate(contributions):
        vector = known.get((c.id, hashes[n]))
        if vector is not None:
            matrix[n] = vector
    for row, n in enumerate(missing):
        matrix[n] = computed[row]
    return Wall(key, [c.id for c in contributions], [c.title for c in contributions],
                [c.author_id for c in contributions], texts, hashes, matrix)


def _stored(session: so.Session, wanted: list[tuple[int, str]],
            ) -> dict[tuple[int, str], np.ndarray]:
    """The stored vectors of these (id, text hash) pairs, made by this model from this text."""
    found: dict[tuple[int, str], np.ndarray] = {}
    hashes = dict(wanted)
    ids = sorted(hashes)
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            sa.select(ContributionEmbedding.contribution_id, ContributionEmbedding.text_hash,
                      ContributionEmbedding.vector)
            .where(ContributionEmbedding.contribution_id.in_(ids[start:start + _CHUNK]),
                   ContributionEmbedding.model == MODEL))
        for cid, digest, vector in rows:
            if hashes[cid] == digest:
                found[(cid, digest)] = np.frombuffer(vector, dtype="<f4")
    return found


def forget_all() -> None:
    """Drop every wall kept (tests: a fresh database reuses ids)."""
    with _lock:
        _walls.clear()
        _readers.clear()
