"""A workshop's rows as JSON values, names only with consent (see the package's docstring)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from pycrdt import Doc, Text

from ...models import SharedDocument, Workshop
from ...services import document_kinds, document_store
from ..builders.consent import Roster
from ..builders.synthesis import owner_shown
from .schema import TABLES, WORKSHOP_SKIP, WORKSHOP_TEXTS, Table
from .values import to_json

# Columns that name a participant, settled by consent rather than redacted as a text.
_NAMES = {("participants", "display_name"), ("commitments", "owner_name")}


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
    """A document's state rebuilt from its fields with names redacted.

    Always rebuilt, so that nothing but the visible texts leaves (no formatting attribute nor
    any other part of the update a client sent). The rebuilt document holds each field as one
    insertion, which Yjs and pycrdt read alike (accents and emoji included); its edit history
    is not kept.
    """
    spec = document_kinds.DOCUMENT_KINDS.get(kind)
    if state is None or spec is None:
        return None
    doc: Doc[Text] = Doc()
    if not document_store.try_apply(doc, state):
        return None
    fields = document_store.texts(doc, spec.names)
    roots = set(doc.keys())  # a field the document holds stays, even emptied
    rebuilt: Doc[Text] = Doc()
    for name, text in fields.items():
        if text or name in roots:
            rebuilt[name] = Text(roster.redact(text))
    return rebuilt.get_update()


def _redacted(value: Any, roster: Roster) -> Any:
    """Every text inside a JSON value redacted; keys, numbers and switches kept."""
    if isinstance(value, str):
        return roster.redact(value)
    if isinstance(value, list):
        return [_redacted(v, roster) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v, roster) for k, v in value.items()}
    return value


def _is_text(column: sa.Column[Any]) -> bool:
    """A column of words or JSON (an enum's values are codes)."""
    return isinstance(column.type, sa.String | sa.JSON) and not isinstance(column.type, sa.Enum)


def _anonymise(data: dict[str, Any], roster: Roster) -> None:
    """Names only with consent, in the rows of ``data`` (see the package's docstring).

    Every text and JSON column is redacted unless its table declares it ``verbatim`` (codes):
    a column added later is covered without a word here. Event payloads and retry
    acknowledgements hold titles and owners as typed; they are redacted like the rest.
    """
    settings = data["workshop"]
    for name in WORKSHOP_TEXTS:
        settings[name] = roster.redact(settings[name])
    settings["stakeholder_groups"] = [
        {k: v if k == "key" else _redacted(v, roster) for k, v in group.items()}
        for group in settings["stakeholder_groups"]]
    questions = settings["options"].get("questions")
    if isinstance(questions, dict):  # the World Café rounds' questions
        settings["options"] = {**settings["options"], "questions": _redacted(questions, roster)}
    for row in data["participants"]:
        row["display_name"] = roster.shown(row["id"]) or row["display_name"]
    for row in data["commitments"]:
        row["owner_name"] = owner_shown(row["owner_name"], row["participant_id"], roster)
    for spec in TABLES:
        texts = [c.name for c in spec.columns if _is_text(c) and c.name not in spec.verbatim
                 and (spec.key, c.name) not in _NAMES]
        for row in data[spec.key]:
            for name in texts:
                row[name] = _redacted(row[name], roster)


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
