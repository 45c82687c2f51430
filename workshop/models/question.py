"""Questions to the room: asked from phones in any phase, upvoted, answered, pinned, archived."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class Question(Base):
    """A participant's question; at most one of a workshop's is pinned to the screen."""

    __tablename__ = "question"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # Kept when its author erases themselves (like their topics), no longer attributed.
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    text: so.Mapped[str] = so.mapped_column(sa.String(300))
    answered: so.Mapped[bool] = so.mapped_column(default=False)
    pinned: so.Mapped[bool] = so.mapped_column(default=False)
    archived: so.Mapped[bool] = so.mapped_column(default=False)
    # Why it waits for the facilitator (services/screening.py: "language" or "review"); None
    # once the room may see it. A rejected question is archived, out of the room's view.
    held: so.Mapped[str | None] = so.mapped_column(sa.String(16), default=None)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class QuestionUpvote(Base):
    """One participant's upvote of one question: the unique pair makes an upvote count once."""

    __tablename__ = "question_upvote"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # The workshop's too: counts read one index, and the archive finds the rows by workshop.
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    question_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("question_id", "participant_id"),)
