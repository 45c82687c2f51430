"""A workshop: one live session run with one method, and its settings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from .base import Base, string_enum, utcnow

if TYPE_CHECKING:
    from .facilitator import Facilitator
    from .participant import Participant


class Method(enum.StrEnum):
    OPEN_SPACE = "open_space"
    BARCAMP = "barcamp"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry"
    WORLD_CAFE = "world_cafe"


class WorkshopState(enum.StrEnum):
    DRAFT = "draft"  # created, participants may already join
    LIVE = "live"  # the facilitator has started the first phase
    ENDED = "ended"  # the closing phase is over; results are final
    ARCHIVED = "archived"  # put away by the facilitator; read-only, no joining


class Workshop(Base):
    __tablename__ = "workshop"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    facilitator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    calling_question: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    method: so.Mapped[Method] = so.mapped_column(string_enum(Method, 32))
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    join_code: so.Mapped[str] = so.mapped_column(sa.String(6), unique=True)
    # Secret for the read-only projector link (only its hash would be overkill: it grants reading).
    screen_key: so.Mapped[str] = so.mapped_column(sa.String(43), unique=True)
    state: so.Mapped[WorkshopState] = so.mapped_column(
        string_enum(WorkshopState, 16), default=WorkshopState.DRAFT
    )
    # The facilitator's position in the method: a phase id from workshop.methods.
    phase: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    vote_budget: so.Mapped[int] = so.mapped_column(default=5)
    max_votes_per_topic: so.Mapped[int] = so.mapped_column(default=3)
    # [{"key": "employee"}, {"key": "g-press", "label": "Press"}]: built-in keys are translated.
    stakeholder_groups: so.Mapped[list[dict[str, str]]] = so.mapped_column(sa.JSON, default=list)
    anonymous: so.Mapped[bool] = so.mapped_column(default=False)
    joining_locked: so.Mapped[bool] = so.mapped_column(default=False)
    # IANA zone of every date its exports show (None: one for its language, see exports.model).
    timezone: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # ISO 3166 country whose public holidays the editorial calendar may skip (None: none).
    holiday_country: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    # Settings that later phases add (timers, result visibility...) without a migration each.
    # Live settings and engine state (timer, switches, grid figures): JSON, read by key.
    options: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # Last seq handed out in this workshop's event log; bumped inside the write transaction.
    last_seq: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
    started_at: so.Mapped[datetime | None]
    ended_at: so.Mapped[datetime | None]

    facilitator: so.Mapped[Facilitator] = so.relationship()
    participants: so.WriteOnlyMapped[Participant] = so.relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("vote_budget >= 1 AND vote_budget <= 100", name="vote_budget_range"),
        sa.CheckConstraint(
            "max_votes_per_topic >= 1 AND max_votes_per_topic <= 100", name="max_votes_range"
        ),
    )

    @property
    def accepts_participants(self) -> bool:
        return not self.joining_locked and self.state in (WorkshopState.DRAFT, WorkshopState.LIVE)
