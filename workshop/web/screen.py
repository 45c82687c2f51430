"""The projector screen: read-only, opened through its secret link."""

from __future__ import annotations

import io

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from ..errors import NotFound
from ..extensions import db
from ..links import public_join_url, qr_join_url
from ..models import Workshop

bp = Blueprint("screen", __name__, url_prefix="/screen")


def _workshop(key: str) -> Workshop:
    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.screen_key == key))
    if workshop is None:
        raise NotFound()
    return workshop


@bp.get("/<key>")
def show(key: str) -> ResponseReturnValue:
    workshop = _workshop(key)
    with force_locale(workshop.language):
        return render_template("screen/screen.html", workshop=workshop, screen_key=key,
                               join_url=public_join_url(workshop),
                               join_address=_join_address())


def _join_address() -> str:
    """Where to type the code, as the room reads it: the code page's address without scheme."""
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("participant.join")
    url = f"{base}{path}" if base else url_for("participant.join", _external=True)
    return url.split("://", 1)[-1]


@bp.get("/<key>/qr.svg")
def qr_code(key: str) -> ResponseReturnValue:
    """The join QR code for the screen (the screen link already grants reading it)."""
    workshop = _workshop(key)
    buffer = io.BytesIO()
    segno.make(qr_join_url(workshop), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, dark="#1b1f2a"
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")
