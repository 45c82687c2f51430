"""The agenda grid: rooms × time slots, and the sessions placed in its cells."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base


class Room(Base):
    __tablename__ = "room"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    capacity: so.Mapped[int | None]
    position: so.Mapped[int] = so.mapped_column(default=0)


class TimeSlot(Base):
    __tablename__ = "time_slot"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    label: so.Mapped[str] = so.mapped_column(sa.String(80))
    starts_at: so.Mapped[datetime | None]
    ends_at: so.Mapped[datetime | None]
    position: so.Mapped[int] = so.mapped_column(default=0)


class ScheduledSession(Base):
    """A contribution placed in one cell of the grid; a locked cell is kept by the optimiser."""

    __tablename__ = "scheduled_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    contribution_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), unique=True
    )
    room_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("room.id", ondelete="CASCADE"))
    slot_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("time_slot.id", ondelete="CASCADE"))
    locked: so.Mapped[bool] = so.mapped_column(default=False)

    __table_args__ = (sa.UniqueConstraint("room_id", "slot_id"),)
