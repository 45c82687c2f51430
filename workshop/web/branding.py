"""Branding: the facilitator's logo and colour page, the logo's address, the pages' colours."""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass

import sqlalchemy.orm as so
from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..errors import AtelierError, Invalid, NotFound
from ..extensions import db
from ..forms import BrandingForm
from ..models import Workshop
from ..realtime import commands
from ..services import branding, team
from ..services.changes import Change
from .pages import add_errors, login_required

bp = Blueprint("branding", __name__)
STYLE_SOURCES = "atelier_style_sources"  # g: CSP hashes of this response's inline styles


@bp.route("/workshops/<int:workshop_id>/branding", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int) -> ResponseReturnValue:
    """Upload the logo, choose the accent; a colour that fails AA is saved with a warning."""
    item = team.workshop_to_run(db.session, current_user, workshop_id)
    form = BrandingForm()
    if request.method == "GET":
        form.accent.data = branding.accent_of(item) or ""
    status = 200
    if form.validate_on_submit():
        upload = form.logo.data
        data = upload.read(branding.LOGO_MAX_BYTES + 1) if upload else b""
        accent = (form.accent.data or "").strip() or None
        remove = form.remove_logo.data

        def save(session: so.Session) -> Change:
            change = branding.set_accent(session, item, accent, current_user)
            if data:
                change = branding.set_logo(session, item, data, current_user)
            elif remove:
                change = branding.remove_logo(session, item, current_user)
            return change

        try:
            commands.execute(save)
        except AtelierError as error:
            add_errors(form, error)
            status = error.status
        else:
            flash(_("Logo and colour saved: the screen and phones show them when next opened."),
                  "success")
            return redirect(url_for("branding.edit", workshop_id=item.id))
    if form.errors:
        status = 400
    return render_template("facilitator/branding.html", form=form, workshop=item,
                           contrast=contrast_of(form.accent.data)), status


@dataclass(frozen=True)
class Contrast:
    """A colour's contrast check as a page shows it."""

    check: branding.ContrastCheck
    ratio: str  # in the reader's language, rounded down: 4.48 must not read as 4.5


def contrast_of(colour: str | None) -> Contrast | None:
    """The contrast of ``colour`` with white, if it is a colour."""
    try:
        check = branding.check_accent(colour) if colour else None
    except Invalid:
        return None
    if check is None:
        return None
    return Contrast(check, format_decimal(math.floor(check.ratio * 10) / 10, format="0.0"))


def accent_contrast(workshop: Workshop) -> Contrast | None:
    """For the workshop's settings page: its saved accent's check."""
    return contrast_of(branding.accent_of(workshop))


@bp.get("/logos/<digest>.png")
def logo(digest: str) -> ResponseReturnValue:
    """The logo, for anyone with its address, as the projector link: it changes with the image."""
    stored = branding.logo_of(db.session, digest)
    if stored is None:
        raise NotFound()
    response = Response(stored.data, mimetype=stored.media_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def logo_url(workshop: Workshop) -> str | None:
    digest = branding.logo_digest(db.session, workshop)
    return url_for("branding.logo", digest=digest) if digest else None


def brand_style(workshop: Workshop, page: str = "phone") -> Markup:
    """The workshop's colours as an inline ``<style>``, allowed by its hash in this response's
    CSP (a stylesheet per workshop would cost phones a round trip before the first paint)."""
    css = branding.screen_css(workshop) if page == "screen" else branding.phone_css(workshop)
    if not css:
        return Markup("")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    g.setdefault(STYLE_SOURCES, []).append(f"'sha256-{digest}'")
    return Markup("<style>{}</style>").format(Markup(css))  # a checked #rrggbb, nothing else


def style_sources_of_response() -> list[str]:
    sources: list[str] = g.get(STYLE_SOURCES, [])
    return sources
