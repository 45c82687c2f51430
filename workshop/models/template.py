"""A facilitator's saved workshop template: a workshop's set-up, without anyone in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow
from .workshop import Method


class WorkshopTemplate(Base):
    """The set-up of a workshop, as shipped templates hold it (services.templates.Blueprint)."""

    __tablename__ = "workshop_template"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    facilitator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    method: so.Mapped[Method] = so.mapped_column(string_enum(Method, 32))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    # Title, questions, groups, limits, rooms, slots, tables: never a participant or their words.
    content: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
