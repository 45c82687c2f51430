"""The results page participants reach from the join link once the workshop is over, and the
facilitator's choice of who may open it."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import AtelierError
from ..extensions import db
from ..forms import FollowUpForm, ReminderForm, ResultsVisibilityForm
from ..realtime import commands
from ..services import events, reminders, results_page, team
from .codes import find_workshop
from .followup import review_view
from .pages import login_required
from .participant import current_participant

bp = Blueprint("results", __name__)

VISIBILITY_SAVED = {
    results_page.Visibility.PARTICIPANTS: _l("The results page is open to the workshop's "
                                             "participants."),
    results_page.Visibility.ANYONE: _l("The results page is open to anyone with the link."),
    results_page.Visibility.CLOSED: _l("The results page is closed."),
}


@bp.get("/w/<code>/results")
def show(code: str) -> ResponseReturnValue:
    """After the end: priorities, themes, proceedings and the action plan, as consent allows."""
    from ..exports import aside
    from ..exports.results_page import page_of

    workshop = find_workshop(db.session, code)
    if workshop.join_code != code:
        return redirect(url_for("results.show", code=workshop.join_code))
    participant = current_participant(workshop)
    if participant is not None and not results_page.is_over(workshop):
        return redirect(url_for("participant.phone", code=workshop.join_code))
    # The facilitators who run it (owner and co-facilitators) may always preview the page.
    owner = current_user.is_authenticated and team.may_run(db.session, workshop, current_user.id)
    try:
        results_page.check_access(workshop, participant, owner=owner)
    except (results_page.ResultsClosed, results_page.ParticipantsOnly,
            results_page.NotOverYet) as refusal:
        return render_template("participant/results_closed.html", workshop=workshop,
                               refusal=refusal, participant=participant), refusal.status
    # The export's synthesis, built aside and kept while the workshop stays as it is: a whole
    # room opening this page at the end builds it once.
    synthesis = aside.synthesis(db.session, workshop)
    mine = results_page.own_commitments(db.session, workshop, participant)
    # The e-mail box only where a mail server can send what it promises.
    mailing = bool(current_app.config.get("SMTP_URL")) and participant is not None
    return render_template("participant/results.html", workshop=workshop,
                           page=page_of(synthesis, mine), participant=participant,
                           format_date=format_date, FollowUpForm=FollowUpForm,
                           review=review_view(workshop), ReminderForm=ReminderForm,
                           mailing=mailing,
                           subscribed=reminders.subscriptions_of(db.session, participant)
                           if participant is not None and mailing else {},
                           visibility=results_page.visibility_of(workshop) if owner else None)


@bp.post("/workshops/<int:workshop_id>/results-page")
@login_required
def set_visibility(workshop_id: int) -> ResponseReturnValue:
    workshop = team.workshop_to_run(db.session, current_user, workshop_id)
    form = ResultsVisibilityForm()
    target = url_for("facilitator.workshop", workshop_id=workshop.id, _anchor="results-heading")
    if not form.validate_on_submit():
        flash(_("Choose who may see the results."), "error")
        return redirect(target)
    actor = events.facilitator_actor(current_user.id)
    try:
        saved = commands.execute(lambda session: results_page.set_visibility(
            session, workshop, form.visibility.data, actor))
    except AtelierError as error:
        flash(error.message, "error")
    else:
        chosen = results_page.Visibility(saved.result["visibility"])
        flash(str(VISIBILITY_SAVED[chosen]), "success")
    return redirect(target)
