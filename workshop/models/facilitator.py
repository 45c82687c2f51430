"""Facilitators (the only accounts), their signed-in browsers and their personal API tokens."""

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
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # An administrator creates, disables and resets accounts from the web.
    is_admin: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # A disabled account cannot sign in; its sessions, tokens and sockets open nothing.
    disabled: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())

    tokens: so.WriteOnlyMapped[ApiToken] = so.relationship(
        back_populates="facilitator", cascade="all, delete-orphan", passive_deletes=True
    )

    # The browser session this object was loaded for (not stored: set at sign-in and by the
    # session loader). Flask-Login keeps ``get_id()`` in the session and remember-me cookies.
    __allow_unmapped__ = True
    sign_in_key: str | None = None
    sign_in_id: int | None = None

    def get_id(self) -> str:
        return f"{self.id}:{self.sign_in_key}"


class SignIn(Base):
    """One signed-in browser: signing out deletes it, and with it every copy of its cookie."""

    __tablename__ = "sign_in"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    facilitator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    key_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


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
