"""First set-up, sign-in and out, password change and personal API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..errors import AtelierError, RateLimited
from ..extensions import db
from ..forms import ChangePasswordForm, LoginForm, SetupForm, TokenForm
from ..models import Facilitator
from ..ratelimit import address, limits
from ..realtime import commands
from ..services import facilitators
from .pages import add_errors, login_required, safe_next

bp = Blueprint("auth", __name__)


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> ResponseReturnValue:
    if not facilitators.needs_setup(db.session):
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            with db.unit_of_work() as session:
                facilitator = facilitators.create_first_facilitator(
                    session, form.email.data, form.password.data, form.display_name.data
                )
        except AtelierError as error:
            add_errors(form, error)
        else:
            sign_in_browser(facilitator, remember=False)
            flash(_("Welcome to Atelier! Create your first workshop."), "success")
            return redirect(url_for("facilitator.new_workshop"))
    return render_template("auth/setup.html", form=form), 200 if not form.errors else 400


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if facilitators.needs_setup(db.session):
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            # Counted before the password is checked, so that parallel guesses cannot slip
            # past: per account tightly (guessing one password), per address widely (one
            # NAT neighbour's wrong passwords lock no other account out).
            limits().hit("login_address", address())
            limits().hit("login", facilitators.normalize_email(form.email.data))
        except RateLimited as error:
            flash(error.message, "error")
            return render_template("auth/login.html", form=form), 429, {
                "Retry-After": str(error.retry_after)}
        facilitator = facilitators.authenticate(db.session, form.email.data, form.password.data)
        if facilitator is not None:
            sign_in_browser(facilitator, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("facilitator.index")))
        # One message whatever was wrong: the page must not reveal which emails exist.
        flash(_("Email or password is incorrect."), "error")
        status = 401
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form), status


def sign_in_browser(facilitator: Facilitator, *, remember: bool) -> None:
    """Open a session for this browser: a row of its own, which signing out deletes."""
    made = commands.execute(lambda session: facilitators.sign_in(session, facilitator))
    facilitator.sign_in_key = made.result["key"]
    facilitator.sign_in_id = made.result["sign_in"]
    login_user(facilitator, remember=remember)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        ending = current_user.sign_in_id
        commands.execute(lambda session: facilitators.sign_out(session, ending))
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        facilitator = current_user._get_current_object()
        current, new = form.current_password.data, form.password.data
        try:
            # This browser stays signed in; every other one is signed out, sockets included.
            commands.execute(lambda session: facilitators.change_password(
                session, facilitator, current, new, keep=facilitator.sign_in_id))
        except AtelierError as error:
            add_errors(form, error)
            status = 400
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    elif form.errors:
        status = 400
    tokens = facilitators.list_api_tokens(db.session, current_user)
    return render_template(
        "auth/account.html", form=form, token_form=TokenForm(), tokens=tokens, new_token=None
    ), status


@bp.post("/account/tokens")
@login_required
def create_token() -> ResponseReturnValue:
    form = TokenForm()
    if not form.validate_on_submit():
        flash(_("The token name is too long."), "error")
        return redirect(url_for("auth.account"))
    with db.unit_of_work() as session:
        _token, raw = facilitators.issue_api_token(
            session, current_user._get_current_object(), form.name.data or ""
        )
    tokens = facilitators.list_api_tokens(db.session, current_user)
    # Shown once, on this page only; never stored in clear or put in a URL.
    return render_template(
        "auth/account.html",
        form=ChangePasswordForm(formdata=None),
        token_form=TokenForm(formdata=None),
        tokens=tokens,
        new_token=raw,
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    owner = current_user._get_current_object()
    commands.execute(lambda session: facilitators.revoke_api_token(session, owner, token_id))
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("auth.account"))
