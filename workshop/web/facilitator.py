"""The facilitator's pages: the workshop list, create, edit, lock, archive, delete, QR code."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import segno
import sqlalchemy.orm as so
from babel.dates import format_datetime
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
from flask_babel import force_locale, format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import AtelierError, NotFound
from ..extensions import db
from ..forms import CalendarForm, CompareForm, ConfirmDeleteForm, CurationForm, WorkshopForm
from ..links import public_join_url, qr_join_url
from ..models import Method, Workshop, WorkshopState
from ..realtime import commands
from ..services import activity, curation, events, facilitators, participants, tags, team, workshops
from ..services.changes import Change
from ..services.groups import DEFAULT_GROUPS, group_label, groups_as_text, parse_groups
from ..services.networks import NETWORKS
from .downloads import export_response
from .pages import add_errors, login_required

bp = Blueprint("facilitator", __name__)
Form = TypeVar("Form", WorkshopForm, CalendarForm)

# What the facilitator is told after curating an element of the brief, by action.
CURATED = {
    "accepted": _l("Kept as it is."),
    "edited": _l("Your text is saved: every export uses it."),
    "dropped": _l("Dropped: no export shows it any more."),
    "automatic": _l("Back to the automatic version."),
}


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


def _with_countries(form: Form) -> Form:
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
    form = _with_countries(WorkshopForm())
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
    form = _with_countries(WorkshopForm(obj=None if request.method == "POST" else item))
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


# --- the synthesis -----------------------------------------------------------------------

@bp.get("/workshops/<int:workshop_id>/synthesis")
@login_required
def synthesis(workshop_id: int) -> ResponseReturnValue:
    """What the workshop produced: live while it runs, final once ended; the downloads."""
    from ..exports import aside, service
    from ..exports.model import FOUNDATIONS, SHIFTS
    from ..forms import TagsForm

    item = _owned(workshop_id)
    # Built aside from the event loop, and only when the workshop changed since the last one.
    built = aside.synthesis(db.session, item)
    # Outcomes in ballot order (the last ballot's priorities first), then the unvoted ones.
    ranked = list(dict.fromkeys(
        [i for ids in reversed(list(built.ballots.values())) for i in ids]
        + [i.id for i in built.items if i.kind not in ("word", "story")]))
    # "Convergence: 1 dot": counted in the workshop's language, as the rest of the report.
    with force_locale(item.language):
        dots = {i.id: [(ballot, ngettext("%(num)d dot", "%(num)d dots", n))
                       for ballot, n in i.votes.items()] for i in built.items}
    # Post times as the scheduler files write them: in the workshop's zone and language.
    zone = ZoneInfo(built.workshop.get("timezone") or "UTC")
    when = {p.key: format_datetime(p.at, "EEE d MMM y, HH:mm", tzinfo=zone,
                                   locale=item.language)
            for p in [*built.brief.calendar, *built.brief.said_did]}
    saved = curation.curations_of(db.session, item.id)
    dropped = [row for row in saved.values() if row.action.value == "dropped"]
    settings = curation.calendar_settings(item)
    calendar_form = _with_countries(CalendarForm(data={
        "start": settings.start, "skip_weekends": settings.skip_weekends,
        "skip_holidays": settings.skip_holidays, "holiday_country": item.holiday_country or "",
        "timezone": built.workshop.get("timezone")}))
    return render_template(
        "facilitator/synthesis.html", workshop=item, s=built, formats=service.FORMATS,
        foundations=FOUNDATIONS, shifts=SHIFTS, tags_form=TagsForm(), shown=ranked[:30],
        dots=dots, curation_form=CurationForm(), calendar_form=calendar_form,
        zones=sorted(workshops.zones()),
        dropped=sorted(dropped, key=lambda row: row.updated_at), networks=NETWORKS, when=when,
        compare_form=_compare_form(item, built.brief.agreement.get("groups") or []),
    )


def _compare_form(item: Workshop, compared: list[str]) -> CompareForm:
    """The two groups compared now (the builder's choice when nobody chose), among all of them."""
    keys = [g["key"] for g in item.stakeholder_groups]
    chosen = compared if len(compared) == 2 else [*keys[:2], "", ""][:2]
    form = CompareForm(data={"first": chosen[0], "second": chosen[1]})
    with force_locale(item.language):  # the groups as the report names them
        choices = [(g["key"], group_label(g)) for g in item.stakeholder_groups]
    form.first.choices = form.second.choices = choices
    return form


def _flash_error(error: AtelierError) -> None:
    details = " ".join(str(m) for messages in error.fields.values() for m in messages)
    flash(f"{error.message} {details}".strip(), "error")


def _apply(work: Callable[[so.Session], Change], target: str, done: str) -> ResponseReturnValue:
    """Run one change of the synthesis page, say how it went, and go back to the page."""
    try:
        commands.execute(work)
    except AtelierError as error:
        _flash_error(error)
    else:
        flash(done, "success")
    return redirect(target)


@bp.post("/workshops/<int:workshop_id>/synthesis/curate")
@login_required
def curate(workshop_id: int) -> ResponseReturnValue:
    """Accept, edit, drop one element of the brief, or give it back to the automatic brief."""
    item = _owned(workshop_id)
    form = CurationForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor="brief-heading")
    if not form.validate_on_submit():
        problems = [str(m) for name, messages in form.errors.items() if name != "csrf_token"
                    for m in messages]
        flash(" ".join(problems) or _("The form expired: please try again."), "error")
        return redirect(target)
    actor = events.facilitator_actor(current_user.id)
    action = request.form.get("action", "")

    def work(session: so.Session) -> Change:
        if action == "automatic":
            return curation.restore(session, item, form.key.data, actor)
        return curation.curate(session, item, form.key.data, form.kind.data, action,
                               form.text.data, form.automatic.data or "", actor)

    return _apply(work, target, str(CURATED.get(action, CURATED["accepted"])))


@bp.post("/workshops/<int:workshop_id>/synthesis/calendar")
@login_required
def calendar(workshop_id: int) -> ResponseReturnValue:
    """Set when the editorial calendar starts and which days it leaves out."""
    item = _owned(workshop_id)
    form = CalendarForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor="calendar-heading")
    if not form.validate_on_submit():
        flash(_("Check the first day: it must be a date."), "error")
        return redirect(target)
    chosen = curation.CalendarSettings(form.start.data, form.skip_weekends.data,
                                       form.skip_holidays.data)
    actor = events.facilitator_actor(current_user.id)
    return _apply(lambda session: curation.set_calendar(
        session, item, chosen, actor, timezone=form.timezone.data,
        holiday_country=form.holiday_country.data or ""),
        target, _("The calendar is planned again."))


@bp.post("/workshops/<int:workshop_id>/synthesis/compare")
@login_required
def compare(workshop_id: int) -> ResponseReturnValue:
    """Choose the two groups whose agreement and divergence the brief shows."""
    item = _owned(workshop_id)
    form = CompareForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor="agreement-heading")
    if not form.validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(target)
    actor = events.facilitator_actor(current_user.id)
    return _apply(lambda session: curation.set_compared_groups(
        session, item, form.first.data, form.second.data, actor),
        target, _("Agreement and divergence now compare these two groups."))


@bp.get("/workshops/<int:workshop_id>/export/<fmt>")
@login_required
def download(workshop_id: int, fmt: str) -> ResponseReturnValue:
    from ..exports import service

    item = _owned(workshop_id)
    chosen = service.FORMATS.get(fmt)
    if chosen is None:
        raise NotFound(_("This export format does not exist."))
    return export_response(item, chosen)


@bp.post("/workshops/<int:workshop_id>/synthesis/tags/<int:item_id>")
@login_required
def correct_tags(workshop_id: int, item_id: int) -> ResponseReturnValue:
    """Save the foundations and shifts the facilitator ticked for one outcome."""
    from ..forms import TagsForm

    item = _owned(workshop_id)
    form = TagsForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor=f"item-{item_id}")
    if not form.validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(target)
    actor = events.facilitator_actor(current_user.id)
    foundations, shifts = request.form.getlist("foundations"), request.form.getlist("shifts")

    def correct(session: so.Session) -> Change:
        if request.form.get("reset"):
            return tags.clear_tags(session, item, item_id, actor, None)
        return tags.set_tags(session, item, item_id, foundations, shifts, actor, None)

    return _apply(correct, target, _("Tags saved."))
