"""Dot votes: one row per dot, so a cast and a retract are one insert or one delete."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class Vote(Base):
    __tablename__ = "vote"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE")
    )
    # Which vote this dot belongs to (e.g. "marketplace", "convergence"): budgets are per ballot.
    ballot: so.Mapped[str] = so.mapped_column(sa.String(64), default="main")
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE")
    )
    contribution_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.Index("ix_vote_budget", "workshop_id", "ballot", "participant_id"),
    )
