"""Commitments: the action plan's entries, each with an owner and maybe a due date."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow


class CommitmentStatus(enum.StrEnum):
    """Where a commitment stands after the workshop (issue 19's follow-up)."""

    PLANNED = "planned"
    STARTED = "started"
    DONE = "done"
    DROPPED = "dropped"  # with the reason, told to the people who took part


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
    status: so.Mapped[CommitmentStatus] = so.mapped_column(
        string_enum(CommitmentStatus, 16), default=CommitmentStatus.PLANNED,
        server_default=CommitmentStatus.PLANNED.value)
    status_changed_at: so.Mapped[datetime | None]


class CommitmentNote(Base):
    """One step of a commitment's follow-up: a new status, a progress note, or both."""

    __tablename__ = "commitment_note"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # The workshop's too, so that a workshop's notes are found (and archived) without a join.
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    commitment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[CommitmentStatus | None] = so.mapped_column(
        string_enum(CommitmentStatus, 16))
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Who wrote it: its owner from their phone link, or the facilitator (participant_id NULL).
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class CommitmentReminder(Base):
    """An owner's opt-in to e-mail reminders for one commitment (issue 19).

    The address serves only this: it is in no export and no archive, the stop link erases it,
    and it goes with the commitment, its owner or the workshop (ON DELETE CASCADE, so purge).
    """

    __tablename__ = "commitment_reminder"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    commitment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("commitment.id", ondelete="CASCADE"), unique=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    # The stop link's token is derived from the app's secret and this salt; only its SHA-256
    # is kept, so the database alone cannot stop anyone's reminders.
    stop_salt: so.Mapped[str] = so.mapped_column(sa.String(64))
    stop_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The due date last reminded of: one message per due date, however often `remind` runs.
    reminded_due_on: so.Mapped[date | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
