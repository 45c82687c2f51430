"""A participant: a phone that joined a workshop, without an account."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow

if TYPE_CHECKING:
    from .workshop import Workshop


class Participant(Base):
    __tablename__ = "participant"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    display_name: so.Mapped[str] = so.mapped_column(sa.String(80))
    group_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    consent_quote: so.Mapped[bool] = so.mapped_column(default=False)
    # SHA-256 of the secret the phone holds (cookie or API token); the secret is never stored.
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    joined_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime | None]

    workshop: so.Mapped[Workshop] = so.relationship(back_populates="participants")
