"""The facilitator's pages: workshop list, create, edit, lock, archive, delete, console, QR code.

The synthesis page's views, on the same blueprint, are in ``synthesis``.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import AtelierError
from ..extensions import db
from ..forms import CalendarForm, ConfirmDeleteForm, WorkshopForm
from ..links import public_join_url, qr_join_url
from ..models import Method, Workshop, WorkshopState
from ..realtime import commands
from ..services import activity, facilitators, participants, team, workshops
from ..services.groups import DEFAULT_GROUPS, groups_as_text, parse_groups
from .pages import add_errors, login_required

bp = Blueprint("facilitator", __name__)
Form = TypeVar("Form", WorkshopForm, CalendarForm)


@bp.get("/")
def index() -> ResponseReturnValue:
    if facilitators.needs_setup(db.session):
        return redirect(url_for("auth.setup"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    archived = request.args.get("archived") == "1"
    items = workshops.workshops_of(db.session, current_user, archived=archived)
    counts = workshops.participant_totals(db.session, [w.id for w in items])
    from ..services import followup

    progress = followup.progress(db.session, [w.id for w in items], date.today())
    return render_template(
        "facilitator/index.html", workshops=items, counts=counts, archived=archived,
        progress=progress,
    )


def _settings_from(form: WorkshopForm) -> workshops.WorkshopSettings:
    return workshops.WorkshopSettings(
        title=form.title.data or "",
        method=Method(form.method.data),
        language=form.language.data,
        calling_question=form.calling_question.data or "",
        stakeholder_groups=parse_groups(form.groups.data or ""),
        vote_budget=form.vote_budget.data,
        max_votes_per_topic=form.max_votes_per_topic.data,
        anonymous=form.anonymous.data,
        joining_locked=form.joining_locked.data,
        timezone=form.timezone.data,
        holiday_country=form.holiday_country.data,
    )


def with_countries(form: Form) -> Form:
    """The holiday countries, named in the page's language, "none" first."""
    from babel import Locale

    names: dict[str, str] = dict(Locale.parse(str(get_locale() or "en")).territories)
    countries: list[str] = sorted(workshops.holiday_countries(), key=lambda c: names.get(c, c))
    choices: list[tuple[str, str]] = [(c, names.get(c, c)) for c in countries]
    form.holiday_country.choices = [("", _("None")), *choices]
    return form


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def new_workshop() -> ResponseReturnValue:
    form = with_countries(WorkshopForm())
    if request.method == "GET":
        form.language.data = str(get_locale() or "en")
        form.groups.data = groups_as_text(DEFAULT_GROUPS)
        form.timezone.data = workshops.server_timezone()
    status = 200
    if form.validate_on_submit():
        settings = _settings_from(form)
        try:
            created = commands.execute(
                lambda session: workshops.create_workshop(session, current_user, settings))
        except AtelierError as error:
            add_errors(form, error)
        else:
            flash(_("Workshop created. Share the code or the QR code to let people join."),
                  "success")
            return redirect(url_for("facilitator.workshop", workshop_id=created.workshop_id))
    if form.errors:
        status = 400
    return render_template("facilitator/edit.html", form=form, workshop=None,
                           zones=sorted(workshops.zones())), status


def _owned(workshop_id: int) -> Workshop:
    """The workshop, if this facilitator may run it (its owner or a co-facilitator)."""
    return team.workshop_to_run(db.session, current_user, workshop_id)


@bp.get("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id: int) -> ResponseReturnValue:
    from ..forms import FollowUpForm, ResultsVisibilityForm, ReviewMeetingForm
    from ..services import followup, results_page
    from .followup import review_view

    item = _owned(workshop_id)
    people = participants.participants_of(db.session, item)
    counts = workshops.participant_counts(db.session, item)
    join_url = public_join_url(item)
    return render_template(
        "facilitator/workshop.html",
        workshop=item,
        participants=people,
        counts=counts,
        join_url=join_url,
        local_only=_is_local(join_url),
        WorkshopState=WorkshopState,
        results_form=ResultsVisibilityForm(visibility=results_page.visibility_of(item).value),
        activity=activity.facilitator_actions(db.session, item),
        follow_ups=followup.board(db.session, item), FollowUpForm=FollowUpForm,
        review=review_view(item), review_form=ReviewMeetingForm(prefix="review"),
        format_date=format_date,
    )


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit_workshop(workshop_id: int) -> ResponseReturnValue:
    item = _owned(workshop_id)
    form = with_countries(WorkshopForm(obj=None if request.method == "POST" else item))
    if request.method == "GET":
        form.groups.data = groups_as_text(item.stakeholder_groups)
        form.method.data = item.method.value
    status = 200
    if form.validate_on_submit():
        settings = _settings_from(form)
        try:
            saved = commands.execute(
                lambda session: workshops.update_workshop(session, item, settings, current_user))
        except AtelierError as error:
            add_errors(form, error)
            status = error.status
        else:
            returned = sum(notice["count"] for notice in saved.notices.values())
            flash(_("Changes saved.") + (" " + ngettext(
                "%(num)d dot went back to its owner: they were told.",
                "%(num)d dots went back to their owners: they were told.", returned)
                if returned else ""), "success")
            return redirect(url_for("facilitator.workshop", workshop_id=item.id))
    if form.errors:
        status = 400
    return render_template("facilitator/edit.html", form=form, workshop=item,
                           zones=sorted(workshops.zones())), status


@bp.post("/workshops/<int:workshop_id>/joining")
@login_required
def toggle_joining(workshop_id: int) -> ResponseReturnValue:
    item = _owned(workshop_id)
    lock = request.form.get("lock") == "1"
    try:
        commands.execute(
            lambda session: workshops.set_joining_locked(session, item, lock, current_user))
    except AtelierError as error:
        flash(error.message, "error")
    else:
        flash(_("Joining is locked.") if lock else _("Joining is open."), "success")
    return redirect(url_for("facilitator.workshop", workshop_id=item.id))


@bp.post("/workshops/<int:workshop_id>/archive")
@login_required
def archive(workshop_id: int) -> ResponseReturnValue:
    item = _owned(workshop_id)
    commands.execute(lambda session: workshops.archive_workshop(session, item, current_user))
    flash(_("“%(title)s” is archived. You can restore it from the archive.", title=item.title),
          "success")
    return redirect(url_for("facilitator.index"))


@bp.post("/workshops/<int:workshop_id>/restore")
@login_required
def restore(workshop_id: int) -> ResponseReturnValue:
    item = _owned(workshop_id)
    commands.execute(lambda session: workshops.restore_workshop(session, item, current_user))
    flash(_("“%(title)s” is restored.", title=item.title), "success")
    return redirect(url_for("facilitator.workshop", workshop_id=item.id))


@bp.route("/workshops/<int:workshop_id>/delete", methods=["GET", "POST"])
@login_required
def delete(workshop_id: int) -> ResponseReturnValue:
    item = team.owned_workshop(db.session, current_user, workshop_id)
    form = ConfirmDeleteForm()
    status = 200
    if form.validate_on_submit():
        if workshops.normalize_code(form.code.data) == item.join_code:
            title = item.title
            commands.execute(lambda session: workshops.delete_workshop(session, item))
            flash(_("“%(title)s” and everything in it are deleted.", title=title), "success")
            return redirect(url_for("facilitator.index"))
        form.code.errors = [_("This is not the workshop's join code.")]
    if form.errors:
        status = 400
    return render_template("facilitator/delete.html", form=form, workshop=item), status


@bp.get("/workshops/<int:workshop_id>/console")
@login_required
def console(workshop_id: int) -> ResponseReturnValue:
    """The live console: phases, timer, moderation, participants."""
    item = _owned(workshop_id)
    return render_template(
        "facilitator/console.html", workshop=item, join_url=public_join_url(item),
        screen_url=url_for("screen.show", key=item.screen_key, _external=True),
    )


@bp.post("/workshops/<int:workshop_id>/screen-link")
@login_required
def new_screen_link(workshop_id: int) -> ResponseReturnValue:
    """Replace the projector link (a leaked one stops working; its screens are closed)."""
    item = _owned(workshop_id)
    commands.execute(lambda session: workshops.rotate_screen_link(session, item, current_user))
    flash(_("The screen link is new: open the screen again from here."), "success")
    return redirect(url_for("facilitator.console", workshop_id=item.id))


@bp.get("/workshops/<int:workshop_id>/qr.svg")
@login_required
def qr_code(workshop_id: int) -> ResponseReturnValue:
    item = _owned(workshop_id)
    buffer = io.BytesIO()
    segno.make(qr_join_url(item), error="m").save(
        buffer, kind="svg", scale=8, border=2, title=item.join_code, xmldecl=False
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    if request.args.get("download"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="atelier-{item.join_code}.svg"'
        )
    return response


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1"} or host.startswith("127.")
