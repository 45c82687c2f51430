"""A workshop's team: the owner adds co-facilitators by email or by a one-time link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import AtelierError
from ..extensions import db
from ..forms import ConfirmForm, JoinTeamForm, TeamMemberForm
from ..models import Workshop
from ..realtime import commands
from ..services import facilitators, team
from .auth import sign_in_browser
from .pages import add_errors, login_required

bp = Blueprint("team", __name__)


def _page(item: Workshop, *, form: TeamMemberForm | None = None, link: str | None = None,
          status: int = 200) -> ResponseReturnValue:
    owner = item.facilitator_id == current_user.id
    return render_template(
        "facilitator/team.html", workshop=item, team=team.team_of(db.session, item),
        owner=owner, form=form or TeamMemberForm(formdata=None), confirm=ConfirmForm(),
        link=link, days=team.INVITATION_DAYS), status


@bp.get("/workshops/<int:workshop_id>/team")
@login_required
def show(workshop_id: int) -> ResponseReturnValue:
    """Who runs the workshop; its owner adds and removes co-facilitators here."""
    return _page(team.workshop_to_run(db.session, current_user, workshop_id))


@bp.post("/workshops/<int:workshop_id>/team")
@login_required
def add(workshop_id: int) -> ResponseReturnValue:
    item = team.owned_workshop(db.session, current_user, workshop_id)
    form = TeamMemberForm()
    if not form.validate_on_submit():
        return _page(item, form=form, status=400)
    owner, email = current_user._get_current_object(), form.email.data
    try:
        commands.execute(lambda session: team.add_by_email(session, item, email, owner))
    except AtelierError as error:
        add_errors(form, error)
        return _page(item, form=form, status=error.status)
    flash(_("%(email)s is now a co-facilitator of this workshop.", email=email), "success")
    return redirect(url_for("team.show", workshop_id=item.id))


@bp.post("/workshops/<int:workshop_id>/team/invitation")
@login_required
def invite(workshop_id: int) -> ResponseReturnValue:
    """A new one-time link, shown once on the page that answers."""
    item = team.owned_workshop(db.session, current_user, workshop_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(url_for("team.show", workshop_id=item.id))
    owner = current_user._get_current_object()
    made = commands.execute(lambda session: team.invite_link(session, item, owner))
    link = url_for("team.join", token=made.result["token"], _external=True)
    return _page(item, link=link)


@bp.post("/workshops/<int:workshop_id>/team/<int:item_id>/remove")
@login_required
def remove(workshop_id: int, item_id: int) -> ResponseReturnValue:
    """Take a co-facilitator off the team (``item_id``: their account)."""
    item = team.owned_workshop(db.session, current_user, workshop_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(url_for("team.show", workshop_id=item.id))
    owner = current_user._get_current_object()
    commands.execute(lambda session: team.remove(session, item, item_id, owner))
    flash(_("Removed from the team: their consoles are closed."), "success")
    return redirect(url_for("team.show", workshop_id=item.id))


@bp.route("/team/join/<token>", methods=["GET", "POST"])
def join(token: str) -> ResponseReturnValue:
    """An invitation link: join with this account, or create one and join with it."""
    invitation = team.invitation_for(db.session, token)
    item = db.session.get(Workshop, invitation.workshop_id)
    form, confirm = JoinTeamForm(), ConfirmForm()
    status = 200
    if current_user.is_authenticated:
        if confirm.validate_on_submit():
            account = current_user._get_current_object()
            try:
                commands.execute(lambda session: team.accept(session, token, account))
            except AtelierError as error:
                flash(error.message, "error")
                return redirect(url_for("facilitator.index"))
            return _joined(invitation.workshop_id)
    elif form.validate_on_submit():
        email, password, name = form.email.data, form.password.data, form.display_name.data
        try:
            commands.execute(lambda session: team.accept_with_new_account(
                session, token, email, password, name))
        except AtelierError as error:
            add_errors(form, error)
            status = error.status
        else:
            account = facilitators.find_by_email(db.session, email)
            sign_in_browser(account, remember=False)
            return _joined(invitation.workshop_id)
    elif form.errors:
        status = 400
    return render_template("facilitator/join_team.html", workshop=item, form=form,
                           confirm=confirm, token=token), status


def _joined(workshop_id: int) -> ResponseReturnValue:
    flash(_("You are now a co-facilitator of this workshop."), "success")
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
