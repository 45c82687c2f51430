"""Co-written documents: who may read and write them, their updates, what readers are shown.

A document's content is a Yjs document holding one Y.Text per field of its kind
(``document_kinds``); browsers edit it with Yjs, the server checks and stores each update
(see ``document_store``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..errors import AtelierError, Forbidden, Invalid, NotAllowedNow
from ..methods import Action
from ..models import (
    Contribution,
    ContributionStatus,
    DocumentUpdate,
    Participant,
    Seat,
    SharedDocument,
    Workshop,
    utcnow,
)
from ..roles import Role
from . import document_store, phases, yjs_updates
from .changes import Change
from .document_kinds import DOCUMENT_KINDS, Address, check_target, parse_key
from .document_store import Refusal
from .seating import PAIRS

MAX_UPDATE_BYTES = 64 * 1024  # one update: far more than a burst of typing
MAX_DOCUMENT_BYTES = 512 * 1024  # a whole document's Yjs state: pages of text and history
# A document's estimated server memory: about 5,000 separately placed characters, where
# typing as people do takes tens of pages (docs/performance.md, "Co-writing memory").
MAX_DOCUMENT_MEMORY = 1024 * 1024
BUDGET = document_store.Budget(memory=MAX_DOCUMENT_MEMORY, encoded=MAX_DOCUMENT_BYTES)
COMPACT_AFTER = 50  # stored updates before they are folded into the snapshot
_REFUSALS = {
    Refusal.UNREADABLE: _l("This is not a Yjs update."),
    # Only whole updates are stored: the database then replays in order, never pending.
    Refusal.MISSING: _l("This change builds on changes the server does not have. "
                        "Sync the document again."),
    Refusal.FIELD: _l("This document has no such field."),
    Refusal.FULL: _l("This document is full: it takes no more changes."),
}


# --- who may read and write ----------------------------------------------------------------


def pair_of(session: so.Session, workshop: Workshop, participant_id: int) -> set[int]:
    """The interview pair (or trio) of a participant, them included."""
    table = session.scalar(sa.select(Seat.table).where(
        Seat.workshop_id == workshop.id, Seat.kind == PAIRS, Seat.round == 1,
        Seat.participant_id == participant_id))
    if table is None:
        return {participant_id}
    return set(session.scalars(sa.select(Seat.participant_id).where(
        Seat.workshop_id == workshop.id, Seat.kind == PAIRS, Seat.round == 1,
        Seat.table == table))) | {participant_id}


def may_read(session: so.Session, workshop: Workshop, address: Address, role: Role,
             participant: Participant | None) -> bool:
    """Everyone reads everything, except a story: only its pair and the facilitator do."""
    if role == Role.FACILITATOR:
        return True
    if address.kind == "story":
        return (role == Role.PARTICIPANT and participant is not None
                and participant.id in pair_of(session, workshop, address.ident))
    return role in (Role.PARTICIPANT, Role.SCREEN)


def _write_refusal(session: so.Session, workshop: Workshop, address: Address, role: Role,
                   participant: Participant | None) -> AtelierError | None:
    writers = (Role.FACILITATOR, Role.PARTICIPANT)
    if role not in writers or (role == Role.PARTICIPANT and participant is None):
        return Forbidden(_l("The screen only shows documents."))
    closed = phases.closed_because(workshop)
    if closed is not None:
        return closed
    if role == Role.FACILITATOR or participant is None:
        return None
    if address.kind == "story" and participant.id != address.ident:
        # The interviewer records their partner's story; the partner reads it.
        return Forbidden(_l("Only the interviewer writes this story; you can read it."))
    if (Action.WRITE not in phases.allowed_actions(workshop)
            or address.kind not in phases.current_phase(workshop).documents):
        return NotAllowedNow(_l("This document cannot be written at this point of the workshop."))
    return None


def may_write(session: so.Session, workshop: Workshop, address: Address, role: Role,
              participant: Participant | None) -> bool:
    return _write_refusal(session, workshop, address, role, participant) is None


def require_read(session: so.Session, workshop: Workshop, address: Address, role: Role,
                 participant: Participant | None) -> None:
    if not may_read(session, workshop, address, role, participant):
        raise Forbidden(_l("Only the interview pair and the facilitator may read this story."))


def _require_write(session: so.Session, workshop: Workshop, address: Address, role: Role,
                   participant: Participant | None) -> None:
    error = _write_refusal(session, workshop, address, role, participant)
    if error is not None:
        raise error


# --- documents -----------------------------------------------------------------------------


def find(session: so.Session, workshop: Workshop, address: Address, *, lock: bool = False
         ) -> SharedDocument | None:
    """The stored document at ``address``; ``lock`` holds its row until the commit."""
    query = sa.select(SharedDocument).where(SharedDocument.workshop_id == workshop.id,
                                            SharedDocument.key == address.key)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


def get_or_create(session: so.Session, workshop: Workshop, key: Any, role: Role = Role.FACILITATOR,
                  *, lock: bool = False) -> SharedDocument:
    """The document at ``key``, created (empty) the first time; refuses keys naming nothing."""
    address = parse_key(key)
    item = check_target(session, workshop, address, role)
    document = find(session, workshop, address, lock=lock)
    if document is None:
        with force_locale(workshop.language):
            title = _titles(session, workshop, [address])[address.key]
        document = SharedDocument(workshop_id=workshop.id, kind=address.kind, key=address.key,
                                  contribution_id=item.id if item else None, title=title[:200],
                                  text="", compacted_through=0)
        session.add(document)
        session.flush()
    return document


def check_read(session: so.Session, workshop: Workshop, key: Any, role: Role,
               participant: Participant | None) -> Address:
    """The address of ``key`` if it names a document of this workshop this reader may read."""
    address = parse_key(key)
    check_target(session, workshop, address, role)
    require_read(session, workshop, address, role, participant)
    return address


def describe(session: so.Session, workshop: Workshop, key: Any, role: Role,
             participant: Participant | None) -> dict[str, Any]:
    """What a client opening ``key`` is told: title, fields and their labels, writable."""
    address = parse_key(key)
    item = check_target(session, workshop, address, role)
    require_read(session, workshop, address, role, participant)
    spec = address.spec
    return {
        "key": address.key,
        "kind": address.kind,
        "title": _titles(session, workshop, [address])[address.key],
        "contribution_id": item.id if item else None,
        "fields": list(spec.names),
        "labels": {f.name: str(f.label) for f in spec.fields},
        "writable": may_write(session, workshop, address, role, participant),
    }


def sync_reply(session: so.Session, workshop: Workshop, key: Any, role: Role,
               participant: Participant | None, state_vector: bytes) -> tuple[bytes, bytes]:
    """For a client's state vector: the update it lacks, and the server's own state vector."""
    address = check_read(session, workshop, key, role, participant)
    document = find(session, workshop, address)
    if document is None:
        return document_store.EMPTY_UPDATE, b"\x00"
    with document_store.cache().checkout(session, document) as doc:
        try:
            missing = doc.get_update(state_vector)
        except ValueError:
            raise Invalid(fields={"m": [_l("This is not a Yjs state vector.")]}) from None
        return missing, doc.get_state()


def apply_update(session: so.Session, workshop: Workshop, key: Any, update: Any, role: Role,
                 participant: Participant | None) -> Change:
    """Check and store a client's Yjs update, to relay to the document's other readers."""
    address = parse_key(key)
    check_target(session, workshop, address, role)
    _require_write(session, workshop, address, role, participant)
    if not isinstance(update, bytes | bytearray):
        raise Invalid(fields={"m": [_l("This is not a Yjs update.")]})
    update = bytes(update)
    if len(update) > MAX_UPDATE_BYTES:
        raise Invalid(fields={"m": [_l("Send at most %(n)d kB at a time.",
                                       n=MAX_UPDATE_BYTES // 1024)]})
    unchanged = Change(workshop.id)
    if update == document_store.EMPTY_UPDATE:
        return unchanged
    # Everything that needs only the update is checked before the document is read.
    try:
        reading = yjs_updates.read(update)
    except ValueError:
        raise Invalid(fields={"m": [_REFUSALS[Refusal.UNREADABLE]]}) from None
    names = address.spec.names
    if not reading.roots <= set(names):
        raise Invalid(fields={"m": [_REFUSALS[Refusal.FIELD]]})
    document = get_or_create(session, workshop, address.key, role, lock=True)
    try:
        written = document_store.cache().write(session, document, update, reading, names,
                                               BUDGET)
    except document_store.Refused as refused:
        raise Invalid(fields={"m": [_REFUSALS[refused.refusal]]}) from None
    if written is None:
        return unchanged  # already there: a retry, or an echo
    session.add(DocumentUpdate(document_id=document.id, data=update,
                               participant_id=participant.id if participant else None))
    document.text = _plain(written)
    document.updated_at = utcnow()
    session.flush()
    if document_store.updates_waiting(session, document) > COMPACT_AFTER:
        document_store.compact(session, document)
    return Change(workshop.id, documents={document.key}, document_updates={document.key: update})


def _address_of(document: SharedDocument) -> Address | None:
    try:
        return parse_key(document.key)
    except Invalid:
        return None


def fields(session: so.Session, document: SharedDocument) -> dict[str, str]:
    """Each field's plain text, for exports and views."""
    spec = DOCUMENT_KINDS.get(document.kind)
    names = spec.names if spec else ()
    with document_store.cache().checkout(session, document) as doc:
        return document_store.texts(doc, names)


def _plain(values: dict[str, str]) -> str:
    return "\n\n".join(text.strip() for text in values.values() if text.strip())


# --- views ---------------------------------------------------------------------------------


def _titles(session: so.Session, workshop: Workshop, addresses: list[Address]
            ) -> dict[str, str]:
    """Each document's title, in the current language: its topic's, its table's, its pair's."""
    ids = [a.ident for a in addresses if a.spec.target in ("topic", "proposition")]
    items = dict(session.execute(sa.select(Contribution.id, Contribution.title)
                                 .where(Contribution.id.in_(ids))).all()) if ids else {}
    names: dict[int, str] = {}
    if any(a.kind == "story" for a in addresses):
        names = dict(session.execute(sa.select(Participant.id, Participant.display_name)
                                     .where(Participant.workshop_id == workshop.id)).all())
    titles = {}
    for address in addresses:
        if address.kind == "table":
            title = str(_l("Table %(n)d", n=address.ident))
        elif address.kind == "story":
            partners = sorted(pair_of(session, workshop, address.ident) - {address.ident})
            told = ", ".join(names.get(p, "?") for p in partners) or names.get(address.ident, "?")
            title = str(_l("Story of %(names)s", names=told))
        else:
            title = items.get(address.ident, "")
        titles[address.key] = title
    return titles


def views(session: so.Session, workshop: Workshop, role: Role,
          participant: Participant | None = None, keys: set[str] | None = None
          ) -> list[dict[str, Any]]:
    """The documents ``role`` may read (oldest first), with their text and fields."""
    query = sa.select(SharedDocument).where(SharedDocument.workshop_id == workshop.id)
    if keys is not None:
        query = query.where(SharedDocument.key.in_(keys))
    documents = list(session.scalars(query.order_by(SharedDocument.id)))
    hidden: set[int] = set()
    linked = {d.contribution_id for d in documents if d.contribution_id}
    if role != Role.FACILITATOR and linked:
        hidden = set(session.scalars(sa.select(Contribution.id).where(
            Contribution.id.in_(linked), Contribution.status != ContributionStatus.VISIBLE)))
    readable = []
    for document in documents:
        address = _address_of(document)
        if (address is not None and document.contribution_id not in hidden
                and may_read(session, workshop, address, role, participant)):
            readable.append((document, address))
    titles = _titles(session, workshop, [address for _doc, address in readable])
    return [{
        "key": document.key,
        "kind": document.kind,
        "title": titles[address.key] or document.title,
        "contribution_id": document.contribution_id,
        "text": document.text,
        "fields": fields(session, document),
        "updated_at": document.updated_at.isoformat(),
    } for document, address in readable]
