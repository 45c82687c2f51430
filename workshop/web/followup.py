"""After the workshop: owners update their commitments from their phone link, the facilitator
from the workshop page, and both download them as calendar files."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date, format_time
from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import AtelierError
from ..exports.ics import Due, Meeting, calendar
from ..exports.model import timezone_of
from ..extensions import db
from ..forms import ConfirmForm, FollowUpForm, ReviewMeetingForm
from ..links import public_url
from ..models import Commitment, Participant, Workshop
from ..realtime import commands
from ..services import events, followup, team
from .codes import find_workshop
from .pages import apply_change, flash_refusal, login_required
from .participant import current_participant, owner_phone

bp = Blueprint("followup", __name__)


def _record(workshop: Workshop, commitment_id: int, by: Participant | None, actor: str) -> bool:
    """Apply the submitted form; flash what happened in the reader's language."""
    form = FollowUpForm(prefix=f"c{commitment_id}")  # each commitment's form on the page
    if not form.validate_on_submit():
        flash(_("The update could not be saved: check the status and the note."), "error")
        return False
    try:
        commands.execute(lambda session: followup.record(
            session, session.merge(workshop), commitment_id, status=form.status.data,
            note=form.note.data, by=session.merge(by) if by else None, actor=actor))
    except AtelierError as error:
        flash_refusal(error)
        return False
    flash(_("Your update is saved: participants see it on the results page."), "success")
    return True


@bp.post("/w/<code>/commitments/<int:commitment_id>")
def owner_update(code: str, commitment_id: int) -> ResponseReturnValue:
    """The owner, recognised by the phone they joined with, moves their commitment on."""
    workshop, participant = owner_phone(code)
    _record(workshop, commitment_id, participant, events.participant_actor(participant.id))
    return redirect(url_for("results.show", code=workshop.join_code, _anchor="mine-heading"))


@bp.post("/workshops/<int:workshop_id>/commitments/<int:item_id>")
@login_required
def facilitator_update(workshop_id: int, item_id: int) -> ResponseReturnValue:
    workshop = team.workshop_to_run(db.session, current_user, workshop_id)
    _record(workshop, item_id, None, events.facilitator_actor(current_user.id))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id,
                            _anchor="follow-up-heading"))


def zone_of(workshop: Workshop) -> ZoneInfo:
    """The zone the facilitator types the meeting's time in, and everyone reads it in."""
    options = workshop.options or {}
    return timezone_of(workshop.language,
                       {"timezone": workshop.timezone or options.get("timezone")})


def review_view(workshop: Workshop) -> dict[str, Any] | None:
    """The review meeting as a page shows it: its day and time in the workshop's zone."""
    meeting = followup.review_meeting(workshop)
    if meeting is None:
        return None
    zone = zone_of(workshop)
    local = meeting.at.astimezone(zone)
    locale = str(get_locale() or "en")
    return {"day": format_date(local.date(), "full", locale=locale),
            "time": format_time(local.time(), "short", locale=locale), "zone": str(zone),
            "place": meeting.place, "local": local,
            "link": meeting.place.startswith(("https://", "http://"))}


@bp.post("/workshops/<int:workshop_id>/review-meeting")
@login_required
def set_review_meeting(workshop_id: int) -> ResponseReturnValue:
    """The facilitator sets when and where the commitments are reviewed."""
    workshop = team.workshop_to_run(db.session, current_user, workshop_id)
    target = url_for("facilitator.workshop", workshop_id=workshop.id,
                     _anchor="review-meeting-heading")
    form = ReviewMeetingForm(prefix="review")  # unique ids on the workshop page
    if not form.validate_on_submit():
        flash(" ".join(str(m) for msgs in form.errors.values() for m in msgs), "error")
        return redirect(target)
    at = datetime.combine(form.day.data, form.time.data, tzinfo=zone_of(workshop))
    actor = events.facilitator_actor(current_user.id)
    return apply_change(lambda session: followup.set_review_meeting(
        session, session.merge(workshop), at, form.place.data, actor), target,
        _("The review meeting is set: it is in the calendar file and on the results page."))


@bp.post("/workshops/<int:workshop_id>/review-meeting/cancel")
@login_required
def cancel_review_meeting(workshop_id: int) -> ResponseReturnValue:
    workshop = team.workshop_to_run(db.session, current_user, workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actor = events.facilitator_actor(current_user.id)
    try:
        commands.execute(lambda session: followup.cancel_review_meeting(
            session, session.merge(workshop), actor))
    except AtelierError as error:
        flash(error.message, "error")
    else:
        flash(_("The review meeting is cancelled."), "success")
    return redirect(url_for("facilitator.workshop", workshop_id=workshop.id,
                            _anchor="review-meeting-heading"))


def _meeting(workshop: Workshop, link: str) -> Meeting | None:
    meeting = followup.review_meeting(workshop)
    if meeting is None:
        return None
    host = request.host.split(":")[0] or "atelier"
    return Meeting(uid=f"review-{workshop.id}@{host}", at=meeting.at, location=meeting.place,
                   title=_("Review of the commitments: %(title)s", title=workshop.title),
                   description=_("Where the commitments of the workshop “%(title)s” stand. "
                                 "Follow them here: %(url)s", title=workshop.title, url=link),
                   url=link)


def _due(workshop: Workshop, item: Commitment, link: str) -> Due | None:
    if item.due_on is None:
        return None
    host = request.host.split(":")[0] or "atelier"
    return Due(uid=f"commitment-{item.id}@{host}", title=item.title, on=item.due_on,
               description=_("A commitment of the workshop “%(title)s”. Update it here: %(url)s",
                             title=workshop.title, url=link), url=link)


def _ics(name: str, entries: list[Due | Meeting | None], filename: str) -> Response:
    response = Response(calendar(name, [e for e in entries if e]), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/w/<code>/commitments/<int:commitment_id>.ics")
def owner_calendar(code: str, commitment_id: int) -> ResponseReturnValue:
    """One's own commitment's due date, with a reminder, for the phone's calendar."""
    workshop = find_workshop(db.session, code)
    participant = current_participant(workshop)
    item = db.session.get(Commitment, commitment_id)
    if (participant is None or item is None or item.workshop_id != workshop.id
            or item.participant_id != participant.id):
        abort(404)
    link = public_url(url_for("results.show", code=workshop.join_code, _anchor="mine-heading"))
    return _ics(item.title, [_due(workshop, item, link)], f"commitment-{item.id}.ics")


@bp.get("/workshops/<int:workshop_id>/follow-up.ics")
@login_required
def workshop_calendar(workshop_id: int) -> ResponseReturnValue:
    """Every commitment's due date of a workshop, for the facilitator's calendar."""
    workshop = team.workshop_to_run(db.session, current_user, workshop_id)
    link = public_url(url_for("facilitator.workshop", workshop_id=workshop.id,
                              _anchor="follow-up-heading"))
    items = db.session.scalars(sa.select(Commitment).where(Commitment.workshop_id == workshop.id)
                               .order_by(Commitment.due_on, Commitment.id))
    return _ics(workshop.title, [_meeting(workshop, link),
                                 *(_due(workshop, item, link) for item in items)],
                f"follow-up-{workshop.id}.ics")
