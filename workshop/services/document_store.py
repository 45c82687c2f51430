"""Yjs state of shared documents: a per-process cache of pycrdt Docs that follows the database.

The database is the truth: a document is its ``snapshot`` plus the ``DocumentUpdate`` rows
after ``compacted_through``. Each app keeps the Docs it has read, with the id of the last update
applied, and catches up (new rows, or a newer snapshot after another instance compacted) on
every use, so several instances sharing one database stay right. The cache is never ahead of
the database: writes are validated on a copy and reach the cache from their stored row.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from pycrdt import Decoder, Doc, Text, get_update, merge_updates

from ..models import DocumentUpdate, SharedDocument

EXTENSION = "atelier.documents"
CACHE_SIZE = 256  # documents kept in memory per process; the others are read again when used
EMPTY_UPDATE = b"\x00\x00"  # what Yjs sends when it has nothing new


@dataclass
class _Entry:
    doc: Doc[Any] = field(default_factory=Doc)
    seen: int = 0  # id of the last DocumentUpdate applied (or folded into an applied snapshot)
    lock: threading.Lock = field(default_factory=threading.Lock)


class DocumentCache:
    """The pycrdt Docs of one app, least recently used first out."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, identity: tuple[int, str]) -> _Entry:
        with self._lock:
            entry = self._entries.get(identity)
            if entry is None:
                entry = self._entries[identity] = _Entry()
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(identity)
            return entry

    @contextmanager
    def checkout(self, session: so.Session, document: SharedDocument) -> Iterator[Doc[Any]]:
        """The document's Doc, caught up with the database, for this thread alone meanwhile."""
        entry = self._entry(_identity(document))
        with entry.lock:
            try:
                _catch_up(session, document.id, entry)
            except BaseException:
                self.forget(document)  # half caught up: read it afresh next time
                raise
            yield entry.doc

    def forget(self, document: SharedDocument) -> None:
        with self._lock:
            self._entries.pop(_identity(document), None)


def _identity(document: SharedDocument) -> tuple[int, str]:
    # With the key: a deleted document's id may be handed to a new one (SQLite reuses ids).
    return document.id, f"{document.workshop_id}/{document.key}/{document.created_at}"


def cache() -> DocumentCache:
    """This app's cache (each app its own: two apps in one process act as two instances)."""
    documents: DocumentCache = current_app.extensions.setdefault(EXTENSION, DocumentCache())
    return documents


def _catch_up(session: so.Session, document_id: int, entry: _Entry) -> None:
    # Rows first, then the compaction mark: a compaction committed in between is then seen,
    # and its snapshot covers the rows it deleted before we could read them.
    rows = session.execute(
        sa.select(DocumentUpdate.id, DocumentUpdate.data)
        .where(DocumentUpdate.document_id == document_id, DocumentUpdate.id > entry.seen)
        .order_by(DocumentUpdate.id)
    ).all()
    compacted = session.scalar(
        sa.select(SharedDocument.compacted_through).where(SharedDocument.id == document_id)
    ) or 0
    if compacted > entry.seen:
        snapshot = session.scalar(
            sa.select(SharedDocument.snapshot).where(SharedDocument.id == document_id)
        )
        if snapshot:
            entry.doc.apply_update(snapshot)
    for _id, data in rows:
        entry.doc.apply_update(data)
    entry.seen = max(entry.seen, compacted, rows[-1].id if rows else 0)


def try_apply(doc: Doc[Any], update: bytes) -> bool:
    """Apply ``update``; False when pycrdt cannot (bad bytes, or a panic of its Rust core)."""
    try:
        doc.apply_update(update)
    except ValueError:
        return False
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise
        return False
    return True


def copy_of(doc: Doc[Any]) -> tuple[Doc[Any], bytes]:
    """A scratch copy of ``doc`` to try an update on, and ``doc``'s encoded state."""
    state = doc.get_update()
    scratch: Doc[Any] = Doc()
    scratch.apply_update(state)
    return scratch, state


def texts(doc: Doc[Any], names: tuple[str, ...]) -> dict[str, str]:
    """The plain text of each field (a Y.Text at the root of the Doc)."""
    present = set(doc.keys())
    return {name: str(doc.get(name, type=Text)) if name in present else ""
            for name in names}


def covers(doc: Doc[Any], update: bytes) -> bool:
    """Whether ``doc`` integrated every insertion of ``update`` (nothing is left pending).

    pycrdt keeps the parts of an update whose dependencies are missing aside ("pending"),
    leaves them out of ``get_update``, and its Rust core can panic when they resolve later.
    What ``doc`` lacks of ``update`` starts with its number of clients with insertions.
    """
    return Decoder(get_update(update, doc.get_state())).read_var_uint() == 0


def updates_waiting(session: so.Session, document: SharedDocument) -> int:
    """How many stored updates are not folded into the snapshot yet."""
    return session.scalar(
        sa.select(sa.func.count()).select_from(DocumentUpdate)
        .where(DocumentUpdate.document_id == document.id,
               DocumentUpdate.id > document.compacted_through)
    ) or 0


def compact(session: so.Session, document: SharedDocument) -> None:
    """Fold the stored updates into the snapshot and delete the rows folded; flushes.

    The newest folded row is kept: SQLite numbers a new row after the highest one left, and
    ids must keep growing past ``compacted_through`` for caches to tell new rows from old.
    """
    rows = session.execute(
        sa.select(DocumentUpdate.id, DocumentUpdate.data)
        .where(DocumentUpdate.document_id == document.id,
               DocumentUpdate.id > document.compacted_through)
        .order_by(DocumentUpdate.id)
    ).all()
    if not rows:
        return
    parts = ([document.snapshot] if document.snapshot else []) + [data for _id, data in rows]
    combined = merge_updates(*parts)
    folded: Doc[Any] = Doc()
    # A Doc's own encoding drops deleted text; the raw merge is kept if it would not load.
    whole = try_apply(folded, combined) and covers(folded, combined)
    document.snapshot = folded.get_update() if whole else combined
    document.compacted_through = rows[-1].id
    session.execute(
        sa.delete(DocumentUpdate).where(DocumentUpdate.document_id == document.id,
                                        DocumentUpdate.id < rows[-1].id)
    )
    session.flush()
