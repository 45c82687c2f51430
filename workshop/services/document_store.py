"""Yjs state of shared documents: a per-process cache of pycrdt Docs that follows the database.

The database is the truth: a document is its ``snapshot`` plus the ``DocumentUpdate`` rows
after ``compacted_through``. Each app keeps the Docs it has read, with the id of the last update
applied, and catches up (new rows, or a newer snapshot after another instance compacted) on
every use, so several instances sharing one database stay right.

Memory is what the cache is bounded by. A Doc costs about ``BLOCK_BYTES`` per block (a run of
characters typed in one go by one writer; each separately placed character is a block of its
own) plus its encoded size (measured by ``bench/cowrite_memory.py``): the cache keeps, per Doc,
an upper bound of both, counted exactly when a Doc is loaded and when the bound drifts.

A write is checked against the Doc without a copy (``yjs_updates`` reads what it needs and
adds), then applied to the cached Doc, which is ahead of the database until the commit: if the
transaction rolls back instead, the Doc is dropped and read again from the database.
"""

from __future__ import annotations

import enum
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
from . import yjs_updates

EXTENSION = "atelier.documents"
AHEAD = "atelier.documents.ahead"  # session.info: cached Docs holding uncommitted updates
EMPTY_UPDATE = b"\x00\x00"  # what Yjs sends when it has nothing new
DOC_BYTES = 4096  # an empty Doc and its cache entry
BLOCK_BYTES = 200  # each block of a Doc
RECOUNT_SLACK = 256  # blocks a bound may run ahead of the last count before counting again
COUNT_CLIENT_BY_CLIENT = 64  # up to this many writers, count blocks in pycrdt, not in Python


@dataclass(frozen=True)
class Weight:
    """What a Doc costs: its blocks and the length of its encoding (counted, or a bound)."""

    blocks: int = 0
    encoded: int = 0

    def __add__(self, other: Weight) -> Weight:
        return Weight(self.blocks + other.blocks, self.encoded + other.encoded)

    @property
    def memory(self) -> int:
        """Estimated bytes in memory."""
        return DOC_BYTES + BLOCK_BYTES * self.blocks + self.encoded


@dataclass(frozen=True)
class Budget:
    """How much one document may hold: estimated memory and encoded size, in bytes."""

    memory: int
    encoded: int

    def holds(self, weight: Weight) -> bool:
        return weight.memory <= self.memory and weight.encoded <= self.encoded


class Refusal(enum.Enum):
    UNREADABLE = "unreadable"  # pycrdt could not apply it
    MISSING = "missing"  # it builds on insertions the server does not have
    FIELD = "field"  # it writes a root type the document does not have
    FULL = "full"  # the document would go past its budget


class Refused(Exception):
    """An update the cached Doc did not take; the Doc and the database are as they were."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass
class _Entry:
    doc: Doc[Any] = field(default_factory=Doc)
    seen: int = 0  # id of the last DocumentUpdate applied (or folded into an applied snapshot)
    lock: threading.Lock = field(default_factory=threading.Lock)
    weight: Weight = Weight()  # an upper bound of what ``doc`` costs
    counted: Weight = Weight()  # what it cost when last counted
    charged: int = 0  # the memory this entry adds to the cache's total


class DocumentCache:
    """The pycrdt Docs of one app within a memory budget, least recently used first out."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.memory = 0  # estimated bytes of the Docs held
        self._entries: OrderedDict[tuple[int, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _entry(self, identity: tuple[int, str]) -> _Entry:
        with self._lock:
            entry = self._entries.get(identity)
            if entry is None:
                entry = self._entries[identity] = _Entry()
            else:
                self._entries.move_to_end(identity)
            return entry

    def _reweigh(self, identity: tuple[int, str], entry: _Entry) -> None:
        """Charge ``entry``'s new weight, then drop the least recently used over the budget."""
        with self._lock:
            if self._entries.get(identity) is not entry:
                return  # dropped meanwhile
            self.memory += entry.weight.memory - entry.charged
            entry.charged = entry.weight.memory
            while self.memory > self.budget and len(self._entries) > 1:
                oldest = next(key for key in self._entries if key != identity)
                self.memory -= self._entries.pop(oldest).charged

    def _drop(self, identity: tuple[int, str], entry: _Entry | None = None) -> None:
        """Drop the Doc at ``identity`` (if it is still ``entry``): it is read again when used."""
        with self._lock:
            if identity in self._entries and entry in (None, self._entries[identity]):
                self.memory -= self._entries.pop(identity).charged

    @contextmanager
    def _held(self, session: so.Session, document: SharedDocument) -> Iterator[_Entry]:
        identity = _identity(document)
        entry = self._entry(identity)
        with entry.lock:
            try:
                _catch_up(session, document.id, entry)
            except BaseException:
                self._drop(identity, entry)  # half caught up: read it afresh next time
                raise
            try:
                yield entry
            finally:
                self._reweigh(identity, entry)

    @contextmanager
    def checkout(self, session: so.Session, document: SharedDocument) -> Iterator[Doc[Any]]:
        """The document's Doc, caught up with the database, for this thread alone meanwhile."""
        with self._held(session, document) as entry:
            yield entry.doc

    def write(self, session: so.Session, document: SharedDocument, update: bytes,
              reading: yjs_updates.Reading, names: tuple[str, ...], budget: Budget
              ) -> dict[str, str] | None:
        """Apply a read update; the fields' texts after it, or None if it changed nothing.

        Raises Refused, leaving the Doc as it was: every check that can refuse an honest
        update runs before the Doc is touched. Those after it catch what only pycrdt sees
        (an update crafted to confuse the reading) and drop the Doc instead.
        """
        identity = _identity(document)
        with self._held(session, document) as entry:
            state = yjs_updates.state_of(entry.doc.get_state())
            if reading.missing(state):
                raise Refused(Refusal.MISSING)
            blocks, encoded = reading.growth(state)
            grown = entry.weight + Weight(blocks, encoded)
            if not budget.holds(grown) and entry.weight != entry.counted:
                entry.weight = entry.counted = weigh(entry.doc)  # the bound may overcount
                grown = entry.weight + Weight(blocks, encoded)
            if not budget.holds(grown):
                raise Refused(Refusal.FULL)
            try:
                changed = _apply(entry.doc, update)
            except Refused:
                self._drop(identity, entry)
                raise
            fields_only = set(entry.doc.keys()) <= set(names)
            if not (fields_only and covers(entry.doc, update)):
                self._drop(identity, entry)
                raise Refused(Refusal.MISSING if fields_only else Refusal.FIELD)
            if not changed:
                return None
            session.info.setdefault(AHEAD, []).append((self, identity))
            entry.weight = grown
            if grown.blocks - entry.counted.blocks > max(RECOUNT_SLACK,
                                                         entry.counted.blocks // 4):
                entry.weight = entry.counted = weigh(entry.doc)
            return texts(entry.doc, names)

    def forget(self, document: SharedDocument) -> None:
        self._drop(_identity(document))


@sa.event.listens_for(so.Session, "after_commit")
def _committed(session: so.Session) -> None:
    session.info.pop(AHEAD, None)  # the cached Docs are the database's again


@sa.event.listens_for(so.Session, "after_soft_rollback")
def _rolled_back(session: so.Session, _previous: so.SessionTransaction) -> None:
    # Whatever Doc the cache holds now: one read again within the transaction has the
    # update too.
    for documents, identity in session.info.pop(AHEAD, ()):
        documents._drop(identity)


@sa.event.listens_for(so.Session, "after_transaction_end")
def _ended(session: so.Session, transaction: so.SessionTransaction) -> None:
    if transaction.parent is None:  # closed without a commit or a rollback
        _rolled_back(session, transaction)


def _identity(document: SharedDocument) -> tuple[int, str]:
    # With the key: a deleted document's id may be handed to a new one (SQLite reuses ids).
    return document.id, f"{document.workshop_id}/{document.key}/{document.created_at}"


def cache() -> DocumentCache:
    """This app's cache (each app its own: two apps in one process act as two instances)."""
    documents: DocumentCache | None = current_app.extensions.get(EXTENSION)
    if documents is None:
        budget = current_app.config["DOCUMENT_CACHE_MB"] * 2**20  # WORKSHOP_DOCUMENT_CACHE_MB
        documents = current_app.extensions.setdefault(EXTENSION, DocumentCache(budget))
    return documents


def weigh(doc: Doc[Any]) -> Weight:
    """What ``doc`` costs, counted: its blocks, and the length of its encoding."""
    encoded = doc.get_update()
    state = yjs_updates.state_of(doc.get_state())
    if len(state) > COUNT_CLIENT_BY_CLIENT:
        return Weight(yjs_updates.count_blocks(encoded), len(encoded))
    # One writer at a time: the encoding of a writer's blocks starts with how many there are.
    blocks = sum(yjs_updates.first_section(doc.get_update(yjs_updates.encode_state(
        {other: 0 if other == client else clock for other, clock in state.items()})))
        for client in state)
    return Weight(blocks, len(encoded))


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
    recount = compacted > entry.seen or entry.seen == 0
    if compacted > entry.seen:
        snapshot = session.scalar(
            sa.select(SharedDocument.snapshot).where(SharedDocument.id == document_id)
        )
        # Read afresh from the snapshot, not applied over the Doc: applying a whole state
        # decodes it all anyway, and the Doc is rebuilt at its compacted size.
        entry.doc = Doc()
        if snapshot:
            entry.doc.apply_update(snapshot)
    for _id, data in rows:
        if recount:
            entry.doc.apply_update(data)
            continue
        growth = _growth(entry.doc, data)
        if growth is None:
            recount = True
        else:
            entry.weight += growth
    if recount:
        entry.weight = entry.counted = weigh(entry.doc)
    entry.seen = max(entry.seen, compacted, rows[-1].id if rows else 0)


def _growth(doc: Doc[Any], update: bytes) -> Weight | None:
    """Apply a stored update; at most what it added to ``doc`` (None: count the Doc again)."""
    try:
        reading = yjs_updates.read(update)
    except ValueError:
        reading = None  # stored straight into the database, never read by ``write``
    state = yjs_updates.state_of(doc.get_state())
    if not _apply(doc, update):
        return Weight()
    return Weight(*reading.growth(state)) if reading else None


def _apply(doc: Doc[Any], update: bytes) -> bool:
    """Apply ``update``; whether it changed ``doc``. Refused if pycrdt cannot apply it."""
    changes: list[bool] = []
    subscription = doc.observe(lambda _event: changes.append(True))
    try:
        if not try_apply(doc, update):
            raise Refused(Refusal.UNREADABLE)
    finally:
        doc.unobserve(subscription)
    return bool(changes)


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
