"""A workshop's team: its co-facilitators and the one-time links that invite new ones."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow


class TeamRole(enum.StrEnum):
    """What a team member may do; the owner is the workshop's ``facilitator_id``, not a row."""

    CO_FACILITATOR = "co_facilitator"  # runs the console; cannot delete or manage the team


class TeamMember(Base):
    """A facilitator who runs a workshop they do not own."""

    __tablename__ = "team_member"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    facilitator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[TeamRole] = so.mapped_column(string_enum(TeamRole, 16))
    added_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("workshop_id", "facilitator_id"),)


class Invitation(Base):
    """A one-time link to join a workshop's team; only its SHA-256 is stored."""

    __tablename__ = "invitation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime]
    used_at: so.Mapped[datetime | None]
    used_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
