"""Appending to the per-workshop event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..models import Event, Workshop
from ..models.base import utcnow

_WORKSHOPS = cast(sa.Table, Workshop.__table__)
# A Core statement on the table (the ORM-enabled UPDATE cost a third of a vote's time), made
# once: every event of every workshop takes its seq with it.
_BUMP = (sa.update(_WORKSHOPS).where(_WORKSHOPS.c.id == sa.bindparam("workshop_id"))
         .values(last_seq=_WORKSHOPS.c.last_seq + 1).returning(_WORKSHOPS.c.last_seq))


def next_seq(session: so.Session, workshop_id: int) -> int:
    """Take the workshop's next seq with one atomic update (a row lock on PostgreSQL)."""
    seq: int = session.execute(_BUMP, {"workshop_id": workshop_id}).scalar_one()
    return seq


def record(
    session: so.Session,
    workshop_id: int,
    kind: str,
    actor: str,
    payload: dict[str, Any] | None = None,
    *,
    client_id: str | None = None,
    result: dict[str, Any] | None = None,
) -> Event:
    """Append one event and return it, flushed, with its seq.

    ``result`` is the acknowledgement a retry with the same ``client_id`` gets again.
    """
    event = Event(workshop_id=workshop_id, kind=kind, actor=actor, client_id=client_id,
                  payload=payload or {}, result=result, at=utcnow())
    if session.get_bind().dialect.name == "postgresql":
        return _append_in_one_statement(session, event)
    event.seq = next_seq(session, workshop_id)
    session.add(event)
    session.flush()
    return event


_COLUMNS = ("workshop_id", "kind", "actor", "client_id", "payload", "result", "at")
_LOG = cast(sa.Table, Event.__table__)
# The seq's update and the event's insert as one statement, made once.
_BUMP_AND_APPEND = (
    sa.insert(_LOG)
    .from_select([*_COLUMNS, "seq"], sa.select(
        *(sa.bindparam(name, type_=_LOG.c[name].type) for name in _COLUMNS),
        _BUMP.cte("bump").c.last_seq))
    .returning(_LOG.c.id, _LOG.c.seq))


def _append_in_one_statement(session: so.Session, event: Event) -> Event:
    """Take the seq and insert the event in one statement, as PostgreSQL allows.

    The seq's update locks the workshop's row until the commit, and every write of the
    workshop waits for it: sent apart, the insert cost one more round trip under the lock,
    and under gevent one more turn of the loop behind every other phone's message
    (bench/statements.py, bench/load.py ``atelier*1``).
    """
    row = session.execute(_BUMP_AND_APPEND,
                          {name: getattr(event, name) for name in _COLUMNS}).one()
    event.id, event.seq = row.id, row.seq
    so.make_transient_to_detached(event)  # the row is written: the session holds it as is
    session.add(event)
    return event


def replay(
    session: so.Session, workshop_id: int, actor: str, client_id: str
) -> dict[str, Any] | None:
    """The acknowledgement already given for this client_id, if the action was done."""
    return session.scalar(
        sa.select(Event.result).where(
            Event.workshop_id == workshop_id, Event.actor == actor, Event.client_id == client_id
        )
    )


def with_client_id(
    session: so.Session, workshop_id: int, kind: str, client_id: str, since: datetime
) -> list[Event]:
    """The events of ``kind`` recorded with ``client_id`` since ``since``, oldest first."""
    return list(session.scalars(
        sa.select(Event).where(Event.workshop_id == workshop_id, Event.kind == kind,
                               Event.client_id == client_id, Event.at >= since)
        .order_by(Event.seq)
    ))


def facilitator_actor(facilitator_id: int) -> str:
    return f"f:{facilitator_id}"


def participant_actor(participant_id: int) -> str:
    return f"p:{participant_id}"
