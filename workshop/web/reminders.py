"""E-mail reminders: an owner opts in from the results page, and anyone holding a message's
stop link stops them (a confirmation page, then a POST: mail scanners that open links must
not stop anyone's reminders)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from ..extensions import db
from ..forms import ConfirmForm, ReminderForm
from ..models import Commitment
from ..realtime import commands
from ..services import reminders
from .pages import apply_change
from .participant import owner_phone

bp = Blueprint("reminders", __name__)


def offered() -> bool:
    """E-mail reminders exist only where a mail server is configured."""
    return bool(current_app.config.get("SMTP_URL"))


@bp.post("/w/<code>/commitments/<int:commitment_id>/reminders")
def opt_in(code: str, commitment_id: int) -> ResponseReturnValue:
    """Its owner, from the phone they joined with, gives an address for reminders."""
    if not offered():
        abort(404)
    workshop, participant = owner_phone(code)
    target = url_for("results.show", code=workshop.join_code, _anchor="mine-heading")
    form = ReminderForm(prefix=f"r{commitment_id}")
    if not form.validate_on_submit():
        flash(" ".join(str(m) for msgs in form.errors.values() for m in msgs), "error")
        return redirect(target)
    return apply_change(lambda session: reminders.opt_in(
        session, session.merge(workshop), commitment_id, email=form.email.data,
        agreed=form.agree.data, by=session.merge(participant),
        language=str(get_locale() or ""), secret=current_app.config["SECRET_KEY"]), target,
        _("Reminders are on: you will get an e-mail before this commitment is due."))


@bp.post("/w/<code>/commitments/<int:commitment_id>/reminders/stop")
def stop_own(code: str, commitment_id: int) -> ResponseReturnValue:
    """Its owner stops the reminders from the results page."""
    workshop, participant = owner_phone(code)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return apply_change(lambda session: reminders.stop_own(
        session, session.merge(workshop), commitment_id, session.merge(participant)),
        url_for("results.show", code=workshop.join_code, _anchor="mine-heading"),
        _("Reminders stopped: your e-mail address is erased."))


@bp.route("/stop/<token>", methods=["GET", "POST"])
def stop(token: str) -> ResponseReturnValue:
    """A message's stop link: GET asks to confirm, POST stops and erases the address."""
    found = reminders.find_by_stop(db.session, token)
    form = ConfirmForm()
    if found is None:
        return render_template("participant/stop_reminders.html", item=None, form=form,
                               stopped=False), 404
    title = db.session.get_one(Commitment, found.commitment_id).title
    if form.validate_on_submit():
        commands.execute(lambda session: reminders.stop(session, token))
        return render_template("participant/stop_reminders.html", item=title, form=form,
                               stopped=True)
    return render_template("participant/stop_reminders.html", item=title, form=form,
                           stopped=False), 400 if form.is_submitted() else 200
