"""Cached sentence embeddings of contributions, computed once when the text is written."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class ContributionEmbedding(Base):
    """A contribution's vector (float32 bytes) and what it was made from and by."""

    __tablename__ = "contribution_embedding"

    contribution_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True
    )
    # The model that made the vector: another model's vectors are outdated, never compared.
    model: so.Mapped[str] = so.mapped_column(sa.String(64))
    # SHA-256 of the text embedded: an edited contribution no longer matches it.
    text_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    vector: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
