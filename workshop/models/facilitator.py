"""Facilitators (the only accounts) and their personal API tokens."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from .base import Base, utcnow


class Facilitator(UserMixin, Base):
    __tablename__ = "facilitator"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(80))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    # Bumped on password change so other sessions and remember-me cookies stop working.
    session_version: so.Mapped[int] = so.mapped_column(default=1, server_default="1")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    tokens: so.WriteOnlyMapped[ApiToken] = so.relationship(
        back_populates="facilitator", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class ApiToken(Base):
    """A personal token for the JSON API and Socket.IO; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    facilitator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked_at: so.Mapped[datetime | None]

    facilitator: so.Mapped[Facilitator] = so.relationship(back_populates="tokens")
