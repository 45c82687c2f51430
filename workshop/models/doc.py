"""Co-written documents: append-only Yjs updates, compacted into a snapshot."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, utcnow


class SharedDocument(Base):
    __tablename__ = "shared_document"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    # What it documents: a session report, a table's notes, a proposition, a story...
    kind: so.Mapped[str] = so.mapped_column(sa.String(32))
    # Stable address inside the workshop, e.g. "report:12", "table:3", "story:7".
    key: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    contribution_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    snapshot: so.Mapped[bytes | None] = so.mapped_column(sa.LargeBinary)
    # Plain-text rendering of the document, kept for search and exports.
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Id of the last DocumentUpdate folded into ``snapshot`` (0: none yet).
    compacted_through: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("workshop_id", "key"),)


class DocumentUpdate(Base):
    """One Yjs update as received; folded into the snapshot and deleted by compaction."""

    __tablename__ = "document_update"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("shared_document.id", ondelete="CASCADE"), index=True
    )
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
