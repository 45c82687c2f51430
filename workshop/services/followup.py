"""After the workshop: where each commitment stands, told by its owner or the facilitator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, NotFound
from ..models import Commitment, CommitmentNote, CommitmentStatus, Participant, Workshop, utcnow
from . import events, text
from .changes import Change
from .identifiers import is_id

NOTE_MAX = 1000
STATUS_LABELS = {
    CommitmentStatus.PLANNED: _l("Planned"),
    CommitmentStatus.STARTED: _l("In progress"),
    CommitmentStatus.DONE: _l("Done"),
    CommitmentStatus.DROPPED: _l("Given up"),
}


def commitment_in(session: so.Session, workshop: Workshop, commitment_id: Any) -> Commitment:
    found = session.get(Commitment, commitment_id) if is_id(commitment_id) else None
    if found is None or found.workshop_id != workshop.id:
        raise NotFound(_l("This commitment does not exist."))
    return found


def _status(value: Any) -> CommitmentStatus | None:
    if value in (None, ""):
        return None
    try:
        return CommitmentStatus(value)
    except ValueError:
        raise Invalid(fields={"status": [_l("Choose one of the statuses offered.")]}) from None


def record(
    session: so.Session, workshop: Workshop, commitment_id: Any, *, status: Any, note: Any,
    by: Participant | None, actor: str, client_id: str | None = None,
) -> Change:
    """A step of the follow-up: a new status, a progress note, or both.

    Its owner (``by``, recognised by their phone link) or the facilitator (``by`` None) may
    record it, in any state of the workshop but deleted: follow-up happens after the end.
    Dropping needs a note saying why: the people who took part will read it.
    """
    item = commitment_in(session, workshop, commitment_id)
    if by is not None and item.participant_id != by.id:
        raise Forbidden(_l("Only its owner or the facilitator can update a commitment."))
    new = _status(status)
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise Invalid(fields={"note": [_l("Must be text.")]})
    written = text.clean_text(note)
    if len(written) > NOTE_MAX:
        raise Invalid(fields={"note": [_l("At most %(n)d characters.", n=NOTE_MAX)]})
    if new is CommitmentStatus.DROPPED and not written:
        raise Invalid(fields={"note": [_l("Say why it was dropped: participants will read it.")]})
    if (new is None or new is item.status) and not written:
        raise Invalid(fields={"note": [_l("Change the status or write a note.")]})
    step = CommitmentNote(workshop_id=workshop.id, commitment_id=item.id, text=written,
                          participant_id=by.id if by else None,
                          status=new if new is not item.status else None)
    if new is not None and new is not item.status:
        item.status, item.status_changed_at = new, utcnow()
    session.add(step)
    session.flush()
    result = {"commitment": {"id": item.id, "status": item.status.value},
              "note": note_view(step, item)}
    event = events.record(session, workshop.id, "commitment.followed", actor,
                          {"commitment": item.id, "status": step.status and step.status.value,
                           "note": step.id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, commitments={item.id})


def note_view(step: CommitmentNote, item: Commitment) -> dict[str, Any]:
    return {"id": step.id, "status": step.status.value if step.status else None,
            "text": step.text, "at": step.created_at.isoformat(),
            "by_owner": step.participant_id is not None
            and step.participant_id == item.participant_id}


def history(session: so.Session, item: Commitment) -> list[CommitmentNote]:
    """The follow-up's steps, oldest first."""
    return list(session.scalars(sa.select(CommitmentNote)
                                .where(CommitmentNote.commitment_id == item.id)
                                .order_by(CommitmentNote.id)))


def latest_notes(session: so.Session, workshop: Workshop) -> dict[int, CommitmentNote]:
    """Each commitment's latest written note, for the workshop page."""
    return notes(session, workshop)[0]


def notes(session: so.Session, workshop: Workshop
          ) -> tuple[dict[int, CommitmentNote], dict[int, str]]:
    """Each commitment's latest written note and, for each done one that says it, what was
    done: the latest note written since it was last marked done (a note written while it was
    still in progress is not what was done). One query, for the results page and the exports."""
    latest: dict[int, CommitmentNote] = {}
    since: dict[int, str] = {}
    for step, current in session.execute(
            sa.select(CommitmentNote, Commitment.status)
            .join(Commitment, Commitment.id == CommitmentNote.commitment_id)
            .where(Commitment.workshop_id == workshop.id).order_by(CommitmentNote.id)):
        if step.text:
            latest[step.commitment_id] = step
        # A change of status starts the story again (the last one is to done); a note goes on.
        if current is CommitmentStatus.DONE and (
                step.status is not None or (step.text and step.commitment_id in since)):
            since[step.commitment_id] = step.text
    return latest, {key: text for key, text in since.items() if text}


def board(session: so.Session, workshop: Workshop
          ) -> list[tuple[Commitment, CommitmentNote | None]]:
    """The workshop page's follow-up: each commitment, due first, with its latest note."""
    notes = latest_notes(session, workshop)
    items = session.scalars(sa.select(Commitment).where(Commitment.workshop_id == workshop.id)
                            .order_by(Commitment.due_on.is_(None), Commitment.due_on,
                                      Commitment.id))
    return [(item, notes.get(item.id)) for item in items]


@dataclass(frozen=True)
class Progress:
    """A workshop's commitments at a glance, for the facilitator's list of workshops."""

    overdue: int
    due_this_week: int
    done: int
    total: int


OPEN = (CommitmentStatus.PLANNED, CommitmentStatus.STARTED)


def progress(session: so.Session, workshop_ids: list[int], today: date) -> dict[int, Progress]:
    """Overdue (past due, not done or dropped), due in the next seven days, done, total."""
    found: dict[int, Progress] = {}
    if not workshop_ids:
        return found
    week = today + timedelta(days=7)
    rows = session.execute(sa.select(Commitment.workshop_id, Commitment.status, Commitment.due_on)
                           .where(Commitment.workshop_id.in_(workshop_ids)))
    counts: dict[int, list[int]] = {}
    for workshop_id, status, due in rows:
        row = counts.setdefault(workshop_id, [0, 0, 0, 0])
        row[3] += 1
        if status is CommitmentStatus.DONE:
            row[2] += 1
        elif status in OPEN and due is not None:
            if due < today:
                row[0] += 1
            elif due <= week:
                row[1] += 1
    for workshop_id, (overdue, soon, done, total) in counts.items():
        found[workshop_id] = Progress(overdue, soon, done, total)
    return found


REVIEW_OPTION = "review_meeting"  # the workshop option holding the review meeting
PLACE_MAX = 300


@dataclass(frozen=True)
class ReviewMeeting:
    """When (a UTC instant) and where (a room or a video link) the commitments are reviewed."""

    at: datetime
    place: str


def review_meeting(workshop: Workshop) -> ReviewMeeting | None:
    """The review meeting the facilitator set, if any (None too if unreadable)."""
    stored = (workshop.options or {}).get(REVIEW_OPTION)
    if not isinstance(stored, dict) or not isinstance(stored.get("at"), str):
        return None
    try:
        at = datetime.fromisoformat(stored["at"])
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    place = stored.get("place")
    return ReviewMeeting(at.astimezone(UTC), place if isinstance(place, str) else "")


def set_review_meeting(
    session: so.Session, workshop: Workshop, at: Any, place: Any, actor: str,
    now: datetime | None = None,
) -> Change:
    """Set the meeting where the commitments are reviewed: in the calendar files and on the
    results page. ``at`` is timezone-aware; a moment already past is refused."""
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise Invalid(fields={"at": [_l("Give the meeting's date and time.")]})
    if at <= (now or utcnow()):
        raise Invalid(fields={"at": [_l("Choose a moment to come: this one is past.")]})
    if place is None:
        place = ""
    if not isinstance(place, str):
        raise Invalid(fields={"place": [_l("Must be text.")]})
    written = text.clean_line(place)
    if len(written) > PLACE_MAX:
        raise Invalid(fields={"place": [_l("At most %(n)d characters.", n=PLACE_MAX)]})
    stored = {"at": at.astimezone(UTC).isoformat(), "place": written}
    workshop.options = {**(workshop.options or {}), REVIEW_OPTION: stored}
    session.flush()
    result = {REVIEW_OPTION: stored}
    event = events.record(session, workshop.id, "review_meeting.set", actor, stored,
                          result=result)
    return Change(workshop.id, event.seq, result=result)


def cancel_review_meeting(session: so.Session, workshop: Workshop, actor: str) -> Change:
    """No review meeting any more: it leaves the calendar file and the results page."""
    options = dict(workshop.options or {})
    if options.pop(REVIEW_OPTION, None) is None:
        raise NotFound(_l("No review meeting is set."))
    workshop.options = options
    session.flush()
    result: dict[str, Any] = {REVIEW_OPTION: None}
    event = events.record(session, workshop.id, "review_meeting.cancelled", actor,
                          result=result)
    return Change(workshop.id, event.seq, result=result)
