"""The phone side: type a code or scan the QR, say who you are, land on the workshop page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..errors import AtelierError, JoiningClosed, RateLimited, TooManyWrongCodes, UnknownWorkshop
from ..extensions import db
from ..forms import CodeForm, JoinForm
from ..links import participant_cookie
from ..models import Participant, Workshop
from ..realtime import commands
from ..services import participants, phases, results_page, tokens
from ..services.groups import group_label
from .codes import count_join, find_workshop
from .pages import add_errors, retry_headers

bp = Blueprint("participant", __name__)


def current_participant(workshop: Workshop) -> Participant | None:
    """The participant this phone already is in this workshop (from its cookie), if any."""
    return participants.participant_for_token(
        db.session, request.cookies.get(participant_cookie(workshop)), workshop.id
    )


def owner_phone(code: str) -> tuple[Workshop, Participant]:
    """The workshop with this code and the participant this phone is in it; 403 for a stranger."""
    workshop = find_workshop(db.session, code)
    participant = current_participant(workshop)
    if participant is None:
        abort(403)
    return workshop, participant


def remember_participant(response: Response, workshop: Workshop, token: str) -> None:
    response.set_cookie(
        participant_cookie(workshop),
        token,
        max_age=current_app.config["PARTICIPANT_COOKIE_DAYS"] * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


@bp.route("/join", methods=["GET", "POST"])
def join() -> ResponseReturnValue:
    form = CodeForm(code=request.args.get("code", ""))
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            workshop = find_workshop(db.session, form.code.data)
        except (UnknownWorkshop, TooManyWrongCodes) as error:
            form.code.errors = [error.message]
            status, headers = error.status, retry_headers(error)
        else:
            return redirect(url_for("participant.join_workshop", code=workshop.join_code))
    elif form.errors:
        status = 400
    return render_template("participant/code.html", form=form), status, headers


@bp.route("/J/<code>", methods=["GET", "POST"])
def join_from_qr(code: str) -> ResponseReturnValue:
    """The QR code's link (``links.qr_join_url``): the join page, without a redirect's delay."""
    return join_workshop(code)


@bp.route("/j/<code>", methods=["GET", "POST"])
def join_workshop(code: str) -> ResponseReturnValue:
    workshop = find_workshop(db.session, code)
    if workshop.join_code != code:
        return redirect(url_for("participant.join_workshop", code=workshop.join_code))
    if results_page.is_over(workshop) and request.method == "GET":
        # After the end the same link leads to the results (the page says who may read them).
        return redirect(url_for("results.show", code=workshop.join_code))
    if current_participant(workshop) is not None:
        # Reopening the QR link on a phone that already joined: no duplicate participant.
        return redirect(url_for("participant.phone", code=workshop.join_code))
    if not workshop.accepts_participants:
        return render_template("errors/error.html", error=JoiningClosed(),
                               workshop=workshop), 409
    form = JoinForm()
    form.group.choices = [
        SelectChoice(g["key"], group_label(g)) for g in workshop.stakeholder_groups
    ]
    status, headers = 200, {}
    if form.validate_on_submit():
        request_data = participants.JoinRequest(
            name=form.name.data or "",
            group=form.group.data or "",
            consent_quote=form.consent_quote.data,
            locale=str(get_locale() or ""),
        )
        key = form.join_key.data
        retry = (tokens.RetryKey(current_app.config["SECRET_KEY"], "join", key)
                 if key and tokens.RETRY_KEY.fullmatch(key) else None)
        try:
            count_join(workshop)
            joined = commands.execute(
                lambda session: participants.join(session, workshop, request_data, retry=retry))
        except JoiningClosed as error:
            return render_template("errors/error.html", error=error, workshop=workshop), 409
        except RateLimited as error:
            flash(error.message, "error")
            status, headers = error.status, retry_headers(error)
        except AtelierError as error:
            add_errors(form, error)
            status = error.status
        else:
            response = redirect(url_for("participant.phone", code=workshop.join_code))
            remember_participant(response, workshop, joined.result["token"])
            return response
    if form.errors:
        status = 400
    return render_template("participant/join.html", form=form, workshop=workshop), status, headers


@bp.get("/w/<code>")
def phone(code: str) -> ResponseReturnValue:
    workshop = find_workshop(db.session, code)
    participant = current_participant(workshop)
    if participant is None:
        return redirect(url_for("participant.join_workshop", code=workshop.join_code))
    if results_page.is_over(workshop):
        return redirect(url_for("results.show", code=workshop.join_code))
    # The current phase is in the page itself: a phone on a slow network shows it at the first
    # paint, seconds before its scripts and the live connection arrive (they take over).
    phase = phases.current_phase(workshop)
    steps = [p.id for p in phases.method_of(workshop).phases]
    return render_template("participant/phone.html", workshop=workshop, participant=participant,
                           phase=phase, step=steps.index(phase.id) + 1, steps=len(steps))
