"""Where participants are: interest marks, session check-ins and World Café / pair seating."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class Interest(Base):
    """A participant marks a session they want to attend (agenda, Barcamp interest)."""

    __tablename__ = "interest"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE")
    )
    contribution_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("participant_id", "contribution_id"),)


class CheckIn(Base):
    """The session a participant is in now: the law of two feet moves this one row."""

    __tablename__ = "check_in"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), unique=True
    )
    contribution_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)


class Seat(Base):
    """A participant's table in one round (World Café), or their pair (Appreciative Inquiry).

    ``table`` numbers from 1; a host stays at the same table in every round.
    """

    __tablename__ = "seat"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # "cafe" for World Café rounds, "pairs" for Discovery interviews.
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    round: so.Mapped[int] = so.mapped_column(default=1)
    table: so.Mapped[int]
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    host: so.Mapped[bool] = so.mapped_column(default=False)

    __table_args__ = (sa.UniqueConstraint("workshop_id", "kind", "round", "participant_id"),)
