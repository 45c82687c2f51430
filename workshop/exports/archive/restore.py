"""Reading an archive file and restoring its rows as a new workshop of this installation."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from pycrdt import Doc, Text

from ...errors import Invalid
from ...methods import METHODS
from ...models import (
    DocumentUpdate,
    Event,
    Facilitator,
    Method,
    Participant,
    SharedDocument,
    Workshop,
)
from ...services import document_kinds, document_store, facilitators, workshops
from ...services.changes import Change
from ...services.groups import MAX_GROUPS
from ...services.tokens import PARTICIPANT_PREFIX, new_token
from .schema import (
    FORMAT,
    KEY_TARGETS,
    PAYLOAD_IDS,
    TABLES,
    VERSION,
    WORKSHOP_SKIP,
    Table,
    table_of,
)
from .values import damaged, from_json, whole

Progress = Callable[[str], None]


def load(raw: bytes | str) -> dict[str, Any]:
    """The rows (``data``) of an archive file; Invalid when it is not one this version reads."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Invalid(_l("This file is not JSON: it is not an Atelier archive.")) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise Invalid(_l("This JSON file is not an Atelier archive (its “format” is not "
                         "“%(format)s”).", format=FORMAT))
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Invalid(_l("This archive has no valid version number."))
    if version > VERSION:
        raise Invalid(_l("This archive was written by a newer Atelier (format version "
                         "%(found)d); this one reads version %(known)d. Update Atelier first.",
                         found=version, known=VERSION))
    data = body.get("data")
    if not isinstance(data, dict):
        raise Invalid(_l("This archive holds no workshop data."))
    return data



class _Restore:
    """One import: the id maps from the archive's ids to the new rows'."""

    def __init__(self, session: so.Session, data: dict[str, Any], owner: Facilitator) -> None:
        self.session = session
        self.data = data
        self.owner = owner
        self.ids: dict[str, dict[int, int]] = {spec.key: {} for spec in TABLES}

    def section(self, key: str) -> list[dict[str, Any]]:
        rows = self.data.get(key, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise damaged(key, _l("not a list of rows"))
        return rows

    def known_id(self, table: str, old: Any) -> int | None:
        """The new id of the archive's row ``old`` of ``table``; None if it holds no such row."""
        return self.ids[table].get(old) if isinstance(old, int) else None

    def new_id(self, table: str, old: Any, where: str) -> int:
        new = self.known_id(table, old)
        if new is None:
            raise damaged(where, _l("it names %(table)s #%(id)s, which the archive does not hold",
                                     table=table, id=old))
        return new

    def workshop(self) -> Workshop:
        settings = self.data.get("workshop")
        if not isinstance(settings, dict):
            raise damaged("workshop", _l("no settings"))
        values = {c.key: from_json(c, settings, "workshop")
                  for c in table_of(Workshop).columns if c.name not in WORKSHOP_SKIP}
        method: Method = values["method"]
        groups = values["stakeholder_groups"]
        if not (isinstance(groups, list) and len(groups) <= MAX_GROUPS and all(
                isinstance(g, dict) and isinstance(g.get("key"), str)
                and all(isinstance(v, str) for v in g.values()) for g in groups)):
            raise damaged("workshop", _l("the stakeholder groups are not valid"))
        settings_check = workshops.WorkshopSettings(
            title=values["title"], method=method, language=values["language"],
            calling_question=values["calling_question"],
            stakeholder_groups=groups,
            vote_budget=values["vote_budget"],
            max_votes_per_topic=values["max_votes_per_topic"])
        try:
            settings_check.check()
        except Invalid as error:
            raise Invalid(_l("The archive's workshop settings are not valid. Nothing was "
                             "imported."), fields=error.fields) from None
        if values["phase"] is not None and values["phase"] not in {
                p.id for p in METHODS[method].phases}:
            raise damaged("workshop", _l("no phase “%(phase)s” in this method",
                                          phase=values["phase"]))
        seqs = [e.get("seq") for e in self.section("events")]
        values["last_seq"] = max([values["last_seq"], *(
            n for n in seqs if isinstance(n, int) and not isinstance(n, bool))])
        created = Workshop(**values, facilitator_id=self.owner.id,
                           join_code=workshops.new_code(self.session),
                           screen_key=secrets.token_urlsafe(32))
        self.session.add(created)
        self.session.flush()
        return created

    def rows(self, spec: Table, workshop: Workshop) -> list[dict[str, Any]]:
        prepared, seen = [], set()
        for n, row in enumerate(self.section(spec.key), start=1):
            where = f"{spec.key} #{row.get('id', n)}"
            values = {c.key: from_json(c, row, where) for c in spec.columns}
            if values["id"] is None or values["id"] in seen:
                raise damaged(where, _l("a row needs an id of its own"))
            seen.add(values["id"])
            for column, target in spec.refs.items():
                if column in spec.later or values[column] is None:
                    continue
                values[column] = self.new_id(target, values[column], where)
            for column in spec.later:
                values[column] = None
            values["workshop_id"] = workshop.id
            prepared.append(values)
        return prepared

    def insert(self, spec: Table, workshop: Workshop) -> None:
        rows = self.rows(spec, workshop)
        old_ids = [row.pop("id") for row in rows]
        if spec.model is Participant:
            for row in rows:
                row["token_hash"] = new_token(PARTICIPANT_PREFIX)[1]
        if spec.model is SharedDocument:
            states = [self.document(row, old) for row, old in zip(rows, old_ids, strict=True)]
        if spec.model is Event:
            for row in rows:
                self.event(row)
        if not rows:
            return
        table = spec.table
        new_ids = self.session.scalars(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).all()
        self.ids[spec.key] = dict(zip(old_ids, new_ids, strict=True))
        if spec.later:
            self.link(spec, old_ids)
        if spec.model is SharedDocument:
            self.session.execute(sa.insert(table_of(DocumentUpdate)), [
                {"document_id": new, "data": state, "participant_id": None}
                for new, state in zip(new_ids, states, strict=True) if state])

    def link(self, spec: Table, old_ids: list[int]) -> None:
        """Set the references a table makes to itself, now that every row has its new id."""
        table = spec.table
        # Columns refreshed on update (``updated_at``) keep their archived value.
        stamps = [c for c in spec.columns if c.onupdate is not None]
        rows = {row.get("id"): row for row in self.section(spec.key)}
        for old in old_ids:
            targets = {column: rows[old].get(column) for column in spec.later}
            if all(value is None for value in targets.values()):
                continue
            where = f"{spec.key} #{old}"
            values = {column: None if value is None
                      else self.new_id(spec.refs[column], value, where)
                      for column, value in targets.items()}
            values.update({c.name: from_json(c, rows[old], where) for c in stamps})
            self.session.execute(sa.update(table).where(table.c.id == self.ids[spec.key][old])
                                 .values(values))

    def document(self, row: dict[str, Any], old: Any) -> bytes | None:
        """Readdress a document and check its state; the state is stored as its first update.

        As a stored update (not a snapshot) it is read like any other: caches catch up from
        update rows, and the next compaction folds it into a snapshot.
        """
        where = f"documents #{old}"
        try:
            address = document_kinds.parse_key(row["key"])
        except Invalid:
            raise damaged(where, _l("no such document key “%(key)s”", key=row["key"])) from None
        target = KEY_TARGETS.get(address.spec.target)
        if target is not None:
            row["key"] = f"{address.kind}:{self.new_id(target, address.ident, where)}"
        state: bytes | None = row["snapshot"]  # from_json read it as the column's bytes
        row["snapshot"] = None
        if state is not None:
            doc: Doc[Text] = Doc()
            if not (document_store.try_apply(doc, state) and document_store.covers(doc, state)):
                raise damaged(where, _l("its content is not a Yjs document"))
        return state

    def event(self, row: dict[str, Any]) -> None:
        where = f"events #{row.get('seq')}"
        kind, _, ident = row["actor"].partition(":")
        if kind == "p":
            row["actor"] = f"p:{self.new_id('participants', whole(ident), where)}"
        elif kind == "f":
            row["actor"] = f"f:{self.owner.id}"
        payload = dict(row["payload"]) if isinstance(row["payload"], dict) else {}
        for key, table in PAYLOAD_IDS.items():
            if key in payload:  # a row deleted since (a removed commitment) is named by None
                value = payload[key]
                payload[key] = self.known_id(table, value)
        if isinstance(payload.get("returned"), dict):
            # New ids start at 1: 0 names a participant the archive does not hold.
            payload["returned"] = {str(self.known_id("participants", whole(k)) or 0): count
                                   for k, count in payload["returned"].items()}
        row["payload"], row["client_id"], row["result"] = payload, None, None

    def options(self, workshop: Workshop) -> None:
        """Readdress the ids the settings hold (the agenda's unplaced sessions)."""
        grid = workshop.options.get("grid")
        if not (isinstance(grid, dict) and isinstance(grid.get("unplaced"), list)):
            return
        unplaced = [self.ids["contributions"].get(i) for i in grid["unplaced"]
                    if isinstance(i, int)]
        options = {**workshop.options, "grid": {**grid, "unplaced": [i for i in unplaced if i]}}
        table = table_of(Workshop)
        # One statement that sets ``updated_at`` too: this import is not an edit.
        self.session.execute(sa.update(table).where(table.c.id == workshop.id)
                             .values(options=options, updated_at=workshop.updated_at))
        self.session.refresh(workshop)


def restore(session: so.Session, data: dict[str, Any], facilitator: Facilitator,
            progress: Progress | None = None) -> Change:
    """Recreate an archived workshop for ``facilitator``; flushes, never commits.

    Every row gets a new id and every reference follows it; texts, times and votes are kept
    as they were. A damaged or contradictory archive raises Invalid (roll back: nothing stays).
    The change names the new workshop (``result``: ``{"workshop": id}``); nobody has it open.
    """
    if not isinstance(data, dict):
        raise damaged("data", _l("not an object"))
    job = _Restore(session, data, facilitator)
    if progress:
        progress("workshop")
    workshop = job.workshop()
    for spec in TABLES:
        if progress:
            progress(spec.key)
        try:
            job.insert(spec, workshop)
        except sa.exc.IntegrityError as error:
            raise damaged(spec.key, _l("rows contradict each other (%(error)s)",
                                             error=str(error.orig))) from None
    job.options(workshop)
    session.flush()
    return Change(workshop.id, result={"workshop": workshop.id})


def importer(session: so.Session, email: str | None) -> Facilitator:
    """Who will own an import: the account with ``email``, else the only account there is."""
    if email:
        return facilitators.find_by_email(session, email)
    found = session.scalars(sa.select(Facilitator).order_by(Facilitator.id).limit(2)).all()
    if not found:
        raise Invalid(_l("Create a facilitator account first."))
    if len(found) > 1:
        raise Invalid(_l("Say which facilitator will own the workshop (--facilitator EMAIL)."))
    return found[0]
