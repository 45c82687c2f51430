"""The synthesis page: what the workshop produced, its curation, and its downloads.

Its views are on the facilitator's blueprint, so their endpoints stay ``facilitator.*``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy.orm as so
from babel.dates import format_datetime
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import NotFound
from ..extensions import db
from ..forms import CalendarForm, CompareForm, CurationForm
from ..models import Workshop
from ..services import curation, events, tags, team, workshops
from ..services.changes import Change
from ..services.groups import group_label
from ..services.networks import NETWORKS
from .downloads import export_response
from .facilitator import bp, with_countries
from .pages import apply_change, login_required

# What the facilitator is told after curating an element of the brief, by action.
CURATED = {
    "accepted": _l("Kept as it is."),
    "edited": _l("Your text is saved: every export uses it."),
    "dropped": _l("Dropped: no export shows it any more."),
    "automatic": _l("Back to the automatic version."),
}


@bp.get("/workshops/<int:workshop_id>/synthesis")
@login_required
def synthesis(workshop_id: int) -> ResponseReturnValue:
    """What the workshop produced: live while it runs, final once ended; the downloads."""
    from ..exports import aside, service
    from ..exports.model import FOUNDATIONS, SHIFTS
    from ..forms import TagsForm

    item = team.workshop_to_run(db.session, current_user, workshop_id)
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
    calendar_form = with_countries(CalendarForm(data={
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


@bp.post("/workshops/<int:workshop_id>/synthesis/curate")
@login_required
def curate(workshop_id: int) -> ResponseReturnValue:
    """Accept, edit, drop one element of the brief, or give it back to the automatic brief."""
    item = team.workshop_to_run(db.session, current_user, workshop_id)
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

    return apply_change(work, target, str(CURATED.get(action, CURATED["accepted"])))


@bp.post("/workshops/<int:workshop_id>/synthesis/calendar")
@login_required
def calendar(workshop_id: int) -> ResponseReturnValue:
    """Set when the editorial calendar starts and which days it leaves out."""
    item = team.workshop_to_run(db.session, current_user, workshop_id)
    form = CalendarForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor="calendar-heading")
    if not form.validate_on_submit():
        flash(_("Check the first day: it must be a date."), "error")
        return redirect(target)
    chosen = curation.CalendarSettings(form.start.data, form.skip_weekends.data,
                                       form.skip_holidays.data)
    actor = events.facilitator_actor(current_user.id)
    return apply_change(lambda session: curation.set_calendar(
        session, item, chosen, actor, timezone=form.timezone.data,
        holiday_country=form.holiday_country.data or ""),
        target, _("The calendar is planned again."))


@bp.post("/workshops/<int:workshop_id>/synthesis/compare")
@login_required
def compare(workshop_id: int) -> ResponseReturnValue:
    """Choose the two groups whose agreement and divergence the brief shows."""
    item = team.workshop_to_run(db.session, current_user, workshop_id)
    form = CompareForm()
    target = url_for("facilitator.synthesis", workshop_id=item.id, _anchor="agreement-heading")
    if not form.validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(target)
    actor = events.facilitator_actor(current_user.id)
    return apply_change(lambda session: curation.set_compared_groups(
        session, item, form.first.data, form.second.data, actor),
        target, _("Agreement and divergence now compare these two groups."))


@bp.get("/workshops/<int:workshop_id>/export/<fmt>")
@login_required
def download(workshop_id: int, fmt: str) -> ResponseReturnValue:
    from ..exports import service

    item = team.workshop_to_run(db.session, current_user, workshop_id)
    chosen = service.FORMATS.get(fmt)
    if chosen is None:
        raise NotFound(_("This export format does not exist."))
    return export_response(item, chosen)


@bp.post("/workshops/<int:workshop_id>/synthesis/tags/<int:item_id>")
@login_required
def correct_tags(workshop_id: int, item_id: int) -> ResponseReturnValue:
    """Save the foundations and shifts the facilitator ticked for one outcome."""
    from ..forms import TagsForm

    item = team.workshop_to_run(db.session, current_user, workshop_id)
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

    return apply_change(correct, target, _("Tags saved."))
