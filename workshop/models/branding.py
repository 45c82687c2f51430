"""A workshop's logo, shown on its projector screen and phones."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class WorkshopLogo(Base):
    """The image as checked and re-encoded on upload; its SHA-256 digest is its address."""

    __tablename__ = "workshop_logo"

    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True
    )
    media_type: so.Mapped[str] = so.mapped_column(sa.String(32))
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    # The image's address: a duplicate shares its workshop's, with the same bytes behind it.
    digest: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    width: so.Mapped[int]
    height: so.Mapped[int]
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
