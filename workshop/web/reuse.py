"""The facilitator's templates: duplicate a workshop, save it as a template, start from one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import AtelierError
from ..extensions import db
from ..forms import TemplateForm
from ..realtime import commands
from ..services import team, templates
from ..services.changes import Change
from ..template_library import shipped
from .pages import add_errors, login_required

bp = Blueprint("reuse", __name__)


def _started(change: Change) -> ResponseReturnValue:
    """To the new workshop's edit page: its title and date are the first things to change."""
    flash(_("Workshop created from the template: check its title and settings."), "success")
    return redirect(url_for("facilitator.edit_workshop", workshop_id=change.workshop_id))


@bp.get("/templates")
@login_required
def index() -> ResponseReturnValue:
    """The shipped templates (in the page's language first) and the facilitator's own."""
    language = str(get_locale() or "en")
    return render_template(
        "facilitator/templates.html",
        shipped=sorted(shipped(), key=lambda t: t.language != language),  # stable: by method
        saved=templates.templates_of(db.session, current_user))


@bp.post("/templates/shipped/<key>/<language>")
@login_required
def use_shipped(key: str, language: str) -> ResponseReturnValue:
    template = templates.shipped_template(key, language)
    created = commands.execute(
        lambda session: templates.create_from_shipped(session, current_user, template))
    return _started(created)


@bp.post("/templates/<int:template_id>/use")
@login_required
def use_saved(template_id: int) -> ResponseReturnValue:
    template = templates.owned_template(db.session, current_user, template_id)
    try:
        created = commands.execute(
            lambda session: templates.create_from_template(session, current_user, template))
    except AtelierError as error:
        flash(error.message, "error")
        return redirect(url_for("reuse.index"))
    return _started(created)


@bp.post("/templates/<int:template_id>/delete")
@login_required
def delete_saved(template_id: int) -> ResponseReturnValue:
    template = templates.owned_template(db.session, current_user, template_id)
    name = template.name
    commands.execute(lambda session: templates.delete_template(session, template))
    flash(_("The template “%(name)s” is deleted.", name=name), "success")
    return redirect(url_for("reuse.index"))


@bp.post("/workshops/<int:workshop_id>/duplicate")
@login_required
def duplicate(workshop_id: int) -> ResponseReturnValue:
    """A new draft with the same set-up and nobody in it."""
    item = team.workshop_to_run(db.session, current_user, workshop_id)
    created = commands.execute(
        lambda session: templates.duplicate_workshop(session, item, current_user))
    flash(_("Workshop duplicated: same set-up, no participants. Check its title."), "success")
    return redirect(url_for("facilitator.edit_workshop", workshop_id=created.workshop_id))


@bp.route("/workshops/<int:workshop_id>/save-as-template", methods=["GET", "POST"])
@login_required
def save_as_template(workshop_id: int) -> ResponseReturnValue:
    item = team.workshop_to_run(db.session, current_user, workshop_id)
    form = TemplateForm()
    if request.method == "GET":
        form.name.data = item.title
    status = 200
    if form.validate_on_submit():
        try:
            commands.execute(lambda session: templates.save_as_template(
                session, item, form.name.data or "", current_user))
        except AtelierError as error:
            add_errors(form, error)
        else:
            flash(_("Saved as a template: start a workshop from it on the templates page."),
                  "success")
            return redirect(url_for("reuse.index"))
    if form.errors:
        status = 400
    return render_template("facilitator/save_template.html", form=form, workshop=item), status
