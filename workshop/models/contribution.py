"""Contributions: topics, sessions, stories, dreams, propositions, insights, words."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow


class ContributionKind(enum.StrEnum):
    TOPIC = "topic"  # Open Space / Barcamp session proposal
    STORY = "story"  # Appreciative Inquiry discovery interview
    THEME = "theme"  # a strength of the positive core
    DREAM = "dream"  # Appreciative Inquiry vision statement
    PROPOSITION = "proposition"  # Appreciative Inquiry provocative proposition
    QUESTION = "question"  # World Café round question
    INSIGHT = "insight"  # World Café harvest
    WORD = "word"  # closing word
    FEEDBACK = "feedback"  # Barcamp wrap-up


class ContributionStatus(enum.StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    MERGED = "merged"
    PENDING = "pending"  # waiting for the facilitator's review (services/screening.py)


class Contribution(Base):
    __tablename__ = "contribution"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[ContributionKind] = so.mapped_column(string_enum(ContributionKind, 16))
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    details: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Author: a participant, or the facilitator (author_id NULL) when posted from the console.
    author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    status: so.Mapped[ContributionStatus] = so.mapped_column(
        string_enum(ContributionStatus, 16), default=ContributionStatus.VISIBLE
    )
    merged_into_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="SET NULL")
    )
    # Link to another contribution: a proposition's dream, a story's pair partner's topic...
    parent_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    phase: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # Facilitator-corrected tags (relationship foundations, shifts, themes) for the exports.
    tags: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
