"""The append-only event log: every change, with a per-workshop increasing seq."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class Event(Base):
    __tablename__ = "event"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE")
    )
    seq: so.Mapped[int]
    kind: so.Mapped[str] = so.mapped_column(sa.String(64))
    # Who did it: "p:<participant id>", "f:<facilitator id>" or "system".
    actor: so.Mapped[str] = so.mapped_column(sa.String(32))
    # The client's idempotency key: a retry finds this row and gets ``result`` again.
    # The socket event's name and the client's own id: "vote.cast:4f1c…".
    client_id: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    payload: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    result: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "seq"),
        sa.UniqueConstraint("workshop_id", "actor", "client_id"),
    )


@sa.event.listens_for(so.Session, "before_flush")
def _keep_log_append_only(session: so.Session, _context: object, _instances: object) -> None:
    """Refuse to rewrite history: events are inserted, never updated."""
    for obj in session.dirty:
        if isinstance(obj, Event) and session.is_modified(obj):
            raise RuntimeError("the event log is append-only")
