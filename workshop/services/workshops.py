"""Workshops: create, edit, lock, archive, delete; join codes and screen keys."""

from __future__ import annotations

import os
import secrets
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, UnknownWorkshop
from ..models import Facilitator, Method, Participant, Workshop, WorkshopState, utcnow
from . import events, phases, team, text, voting
from .changes import Change, Ended
from .groups import DEFAULT_GROUPS

# No 0/O, 1/I/L or U/V: a code read off a projector across a room must not be mistyped.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 6
LANGUAGES = ("en", "fr")
TITLE_MAX = 120
QUESTION_MAX = 500


@dataclass
class WorkshopSettings:
    """What a facilitator chooses when creating or editing a workshop."""

    title: str
    method: Method
    language: str = "en"
    calling_question: str = ""
    stakeholder_groups: list[dict[str, str]] = field(
        default_factory=lambda: [dict(g) for g in DEFAULT_GROUPS]
    )
    vote_budget: int = 5
    max_votes_per_topic: int = 3
    anonymous: bool = False
    joining_locked: bool = False
    timezone: str | None = None  # IANA name of the zone its exports show dates in
    holiday_country: str | None = None  # ISO 3166 code whose holidays its calendar may skip

    def check(self) -> None:
        fields: dict[str, list[str]] = {}
        self.title = text.clean_line(self.title)
        self.calling_question = text.clean_text(self.calling_question)
        if not self.title:
            fields["title"] = [_l("Give the workshop a title.")]
        elif len(self.title) > TITLE_MAX:
            fields["title"] = [_l("At most %(n)d characters.", n=TITLE_MAX)]
        if len(self.calling_question) > QUESTION_MAX:
            fields["calling_question"] = [_l("At most %(n)d characters.", n=QUESTION_MAX)]
        if self.language not in LANGUAGES:
            fields["language"] = [_l("Choose French or English.")]
        if not 1 <= self.vote_budget <= 100:
            fields["vote_budget"] = [_l("Between 1 and 100 votes.")]
        if not 1 <= self.max_votes_per_topic <= 100:
            fields["max_votes_per_topic"] = [_l("Between 1 and 100 votes.")]
        self.timezone = (self.timezone or "").strip() or None
        if self.timezone and self.timezone not in zones():
            fields["timezone"] = [_l("Choose a time zone of the list, such as Europe/Paris.")]
        self.holiday_country = (self.holiday_country or "").strip().upper() or None
        if self.holiday_country and self.holiday_country not in holiday_countries():
            fields["holiday_country"] = [_l("Choose a country of the list.")]
        if fields:
            raise Invalid(fields=fields)


def zones() -> set[str]:
    """The IANA time zones this server knows."""
    return zoneinfo.available_timezones()


def server_timezone() -> str:
    """The server's own IANA zone (a new workshop's default), UTC if it has none by name."""
    for source in (os.environ.get("TZ"), _localtime_link()):
        if source and source.lstrip(":") in zones():
            return source.lstrip(":")
    return "UTC"


def _localtime_link() -> str | None:
    link = Path("/etc/localtime")
    if not link.is_symlink():
        return None
    parts = link.resolve().parts
    return "/".join(parts[parts.index("zoneinfo") + 1:]) if "zoneinfo" in parts else None


def holiday_countries() -> set[str]:
    """The countries whose public holidays the ``holidays`` package knows (ISO 3166 codes)."""
    import holidays  # a large package, loaded only by the pages that need it

    return set(holidays.list_supported_countries())


def normalize_code(code: str) -> str:
    """Accept codes typed with spaces, dashes or in lower case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code(session: so.Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(sa.select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def create_workshop(
    session: so.Session, facilitator: Facilitator, settings: WorkshopSettings
) -> Change:
    """A new draft workshop with its own join code and screen key; the result names its id."""
    settings.check()
    workshop = Workshop(
        facilitator_id=facilitator.id,
        join_code=new_code(session),
        screen_key=secrets.token_urlsafe(32),
        state=WorkshopState.DRAFT,
        method=settings.method,
        vote_budget=settings.vote_budget,
        max_votes_per_topic=settings.max_votes_per_topic,
    )
    _apply(workshop, settings)
    session.add(workshop)
    session.flush()
    event = events.record(
        session,
        workshop.id,
        "workshop.created",
        events.facilitator_actor(facilitator.id),
        {"title": workshop.title, "method": workshop.method.value},
    )
    return Change(workshop.id, event.seq, result={"workshop": workshop.id})


def update_workshop(
    session: so.Session, workshop: Workshop, settings: WorkshopSettings, actor: Facilitator
) -> Change:
    """Edit a workshop; once it has started, its method stays and limits go through voting."""
    phases.require_open(workshop)
    settings.check()
    if settings.method is not workshop.method and workshop.state is not WorkshopState.DRAFT:
        raise Invalid(fields={"method": [_l(
            "The method cannot change once the workshop has started: create a new workshop "
            "to run another method.")]})
    change = Change(workshop.id, phase=True)
    # Lowered limits hand dots back and tell their owners, as from the console.
    voting.set_limits(session, workshop, settings.vote_budget, settings.max_votes_per_topic,
                      change)
    workshop.method = settings.method
    _apply(workshop, settings)
    session.flush()
    event = events.record(
        session, workshop.id, "workshop.updated", events.facilitator_actor(actor.id),
        {"title": workshop.title,
         "returned": {pid: notice["count"] for pid, notice in change.notices.items()}},
    )
    change.seq = event.seq
    return change


def _apply(workshop: Workshop, settings: WorkshopSettings) -> None:
    """The settings that can change at any time (the method and limits have their rules)."""
    workshop.title = settings.title
    workshop.calling_question = settings.calling_question
    workshop.language = settings.language
    workshop.stakeholder_groups = [dict(g) for g in settings.stakeholder_groups]
    workshop.anonymous = settings.anonymous
    workshop.joining_locked = settings.joining_locked
    workshop.timezone = settings.timezone
    workshop.holiday_country = settings.holiday_country


def set_joining_locked(
    session: so.Session, workshop: Workshop, locked: bool, actor: Facilitator
) -> Change:
    phases.require_open(workshop)
    workshop.joining_locked = locked
    event = events.record(
        session, workshop.id, "joining.locked" if locked else "joining.opened",
        events.facilitator_actor(actor.id),
    )
    return Change(workshop.id, event.seq, phase=True)


def archive_workshop(session: so.Session, workshop: Workshop, actor: Facilitator) -> Change:
    """Put a workshop away: read-only, no joining, hidden from the main list; reversible."""
    if workshop.state is WorkshopState.ARCHIVED:
        return Change(workshop.id)
    # Remember where it was, so that restoring puts it back as it was.
    workshop.options = {**workshop.options, "state_before_archive": workshop.state.value}
    workshop.state = WorkshopState.ARCHIVED
    event = events.record(session, workshop.id, "workshop.archived",
                          events.facilitator_actor(actor.id))
    return Change(workshop.id, event.seq, phase=True, ended={(Ended.ARCHIVED, workshop.id)})


def restore_workshop(session: so.Session, workshop: Workshop, actor: Facilitator) -> Change:
    if workshop.state is not WorkshopState.ARCHIVED:
        return Change(workshop.id)
    options = dict(workshop.options)
    workshop.state = WorkshopState(options.pop("state_before_archive", WorkshopState.DRAFT.value))
    workshop.options = options
    event = events.record(session, workshop.id, "workshop.restored",
                          events.facilitator_actor(actor.id))
    return Change(workshop.id, event.seq, phase=True)


def delete_workshop(session: so.Session, workshop: Workshop) -> Change:
    """Delete the workshop and everything in it; its join code stops working at once."""
    deleted = workshop.id
    session.delete(workshop)
    session.flush()
    return Change(deleted, result={"deleted": deleted}, ended={(Ended.WORKSHOP, deleted)})


def rotate_screen_link(session: so.Session, workshop: Workshop, actor: Facilitator) -> Change:
    """A new projector link; screens opened with the old one are closed and it stops working."""
    workshop.screen_key = secrets.token_urlsafe(32)
    event = events.record(session, workshop.id, "screen_link.changed",
                          events.facilitator_actor(actor.id))
    return Change(workshop.id, event.seq, result={"changed": True},
                  ended={(Ended.SCREEN_LINK, workshop.id)})


def expired(session: so.Session, days: int, now: datetime | None = None) -> list[Workshop]:
    """Workshops past retention: ended ``days`` ago or more, or untouched that long.

    A workshop's last activity is when it ended, or its last change when it never ended (a
    draft or a live workshop left open). Purging them is ``workshop purge`` (docs/deploy.md).
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise Invalid(fields={"days": [_l("At least one day.")]})
    cutoff = (now or utcnow()) - timedelta(days=days)
    last = sa.func.coalesce(Workshop.ended_at, Workshop.updated_at)
    return list(session.scalars(sa.select(Workshop).where(last < cutoff).order_by(Workshop.id)))


def workshops_of(
    session: so.Session, facilitator: Facilitator, *, archived: bool = False
) -> list[Workshop]:
    archived_clause = (
        Workshop.state == WorkshopState.ARCHIVED
        if archived
        else Workshop.state != WorkshopState.ARCHIVED
    )
    return list(
        session.scalars(
            sa.select(Workshop)
            .where(team.run_by(facilitator.id), archived_clause)
            .order_by(Workshop.created_at.desc(), Workshop.id.desc())
        )
    )


def find_by_code(session: so.Session, code: str) -> Workshop:
    workshop = session.scalar(
        sa.select(Workshop).where(Workshop.join_code == normalize_code(code))
    )
    if workshop is None:
        raise UnknownWorkshop()
    return workshop


def participant_totals(session: so.Session, workshop_ids: list[int]) -> dict[int, int]:
    """Participants per workshop, for a list page, in one query."""
    rows = session.execute(
        sa.select(Participant.workshop_id, sa.func.count())
        .where(Participant.workshop_id.in_(workshop_ids))
        .group_by(Participant.workshop_id)
    )
    return {workshop_id: count for workshop_id, count in rows}


def participant_counts(session: so.Session, workshop: Workshop) -> dict[str, int]:
    """Participants per stakeholder group key."""
    rows = session.execute(
        sa.select(Participant.group_key, sa.func.count())
        .where(Participant.workshop_id == workshop.id)
        .group_by(Participant.group_key)
    )
    return {key: count for key, count in rows}

