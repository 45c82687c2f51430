"""The facilitator's curation of the brief: an element accepted, edited or dropped by hand."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow


class CurationKind(enum.StrEnum):
    """What a curated element of the brief is."""

    MESSAGE = "message"  # a key message
    QUESTION = "question"  # a Q&A pair
    LISTENING = "listening"  # an entry of the listening list
    RISK = "risk"  # a risk signal
    THEME = "theme"
    POST = "post"  # a post of the editorial calendar


class CurationAction(enum.StrEnum):
    ACCEPTED = "accepted"  # kept with the text it had when accepted
    EDITED = "edited"  # kept with the facilitator's text
    DROPPED = "dropped"  # left out of every export


class Curation(Base):
    """One element's curation, found again after each build by the element's stable key."""

    __tablename__ = "curation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # The element's key in the brief: made from what it stands on, never from its wording.
    key: so.Mapped[str] = so.mapped_column(sa.String(80))
    kind: so.Mapped[CurationKind] = so.mapped_column(string_enum(CurationKind, 16))
    action: so.Mapped[CurationAction] = so.mapped_column(string_enum(CurationAction, 16))
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # what the exports use
    automatic: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # the machine's, then
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("workshop_id", "key"),)
