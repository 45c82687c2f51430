"""Commitments: the action plan's entries, each with an owner and maybe a due date."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class Commitment(Base):
    """An action: what, who owns it, by when, and the outcome it serves."""

    __tablename__ = "commitment"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    owner_name: so.Mapped[str] = so.mapped_column(sa.String(80))
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    contribution_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="SET NULL"), index=True
    )
    due_on: so.Mapped[date | None]
    personal: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
