"""A workshop's rows as JSON values, names only with consent (see the package's docstring)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from pycrdt import Doc, Text

from ...models import SharedDocument, Workshop
from ...services import document_store, documents
from ..builders.consent import Roster
from ..builders.synthesis import owner_shown
from .schema import TABLES, WORKSHOP_SKIP, Table
from .values import to_json


def _rows(session: so.Session, spec: Table, workshop_id: int) -> list[dict[str, Any]]:
    table = spec.table
    query = sa.select(*spec.columns).where(table.c.workshop_id == workshop_id)
    return [{name: to_json(value) for name, value in row.items()}
            for row in session.execute(query.order_by(table.c.id)).mappings()]


def _document_state(session: so.Session, document_id: int) -> bytes | None:
    """The document's whole Yjs state: its snapshot with every stored update folded in."""
    document = session.get(SharedDocument, document_id)
    if document is None or (document.snapshot is None
                            and not document_store.updates_waiting(session, document)):
        return None
    with document_store.cache().checkout(session, document) as doc:
        return doc.get_update()


def _redacted_state(state: bytes | None, kind: str, roster: Roster) -> bytes | None:
    """A document's state with names redacted in its fields: rebuilt only when one changes.

    The rebuilt document holds each field as one insertion, which Yjs and pycrdt read alike
    (accents and emoji included); its edit history is not kept.
    """
    spec = documents.DOCUMENT_KINDS.get(kind)
    if state is None or spec is None:
        return state
    doc: Doc[Text] = Doc()
    if not document_store.try_apply(doc, state):
        return state
    fields = document_store.texts(doc, spec.names)
    redacted = {name: roster.redact(text) for name, text in fields.items()}
    if redacted == fields:
        return state
    roots = set(doc.keys())  # a field the document holds stays, even emptied
    rebuilt: Doc[Text] = Doc()
    for name, text in redacted.items():
        if text or name in roots:
            rebuilt[name] = Text(text)
    return rebuilt.get_update()


def _anonymise(data: dict[str, Any], roster: Roster) -> None:
    """Names only with consent, in the rows of ``data`` (see the module's docstring)."""
    for row in data["participants"]:
        row["display_name"] = roster.shown(row["id"]) or row["display_name"]
    for row in data["contributions"]:
        row["title"], row["details"] = roster.redact(row["title"]), roster.redact(row["details"])
    for row in data["commitments"]:
        row["title"] = roster.redact(row["title"])
        row["owner_name"] = owner_shown(row["owner_name"], row["participant_id"], roster)
    for row in data["documents"]:
        row["title"], row["text"] = roster.redact(row["title"]), roster.redact(row["text"])


def dump(session: so.Session, workshop: Workshop, roster: Roster | None = None
         ) -> dict[str, Any]:
    """Every row of ``workshop`` as JSON values; reads only (needs an app context for documents).

    With the workshop's ``roster``, only those who agreed to be quoted are named; without it
    (tests comparing copies), names and texts are as typed.
    """
    # Read from the table, not the object: the object may predate this transaction's rows.
    table = Workshop.__table__
    settings = session.execute(
        sa.select(*(c for c in table.columns if c.name not in WORKSHOP_SKIP))
        .where(table.c.id == workshop.id)).mappings().one()
    data: dict[str, Any] = {"workshop": {name: to_json(value) for name, value in settings.items()}}
    data["workshop"]["source"] = {"id": workshop.id, "join_code": workshop.join_code}
    for spec in TABLES:
        data[spec.key] = _rows(session, spec, workshop.id)
    for row in data["documents"]:
        state = _document_state(session, row["id"])
        if roster is not None:
            state = _redacted_state(state, row["kind"], roster)
        row["snapshot"] = to_json(state)
    if roster is not None:
        _anonymise(data, roster)
    return data
