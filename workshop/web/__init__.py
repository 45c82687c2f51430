"""Blueprints, error pages, security headers and template helpers."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

from ..database import is_read_only
from ..errors import AtelierError, DatabaseReadOnly, DatabaseUnavailable
from ..extensions import csrf, db, login_manager
from ..i18n import LANGUAGE_COOKIE, LANGUAGE_NAMES
from ..methods import METHODS
from ..models import Facilitator
from ..services import facilitators
from ..services.commitments import due_dates
from ..services.facilitators import PASSWORD_MIN
from ..services.groups import group_label, label_for_key
from ..services.identifiers import ID_MAX
from ..services.workshops import CODE_LENGTH
from .assets import register_assets, style_sources
from .branding import accent_contrast, brand_style, logo_url, style_sources_of_response
from .client_texts import client_texts
from .pages import retry_headers, safe_next, wants_json

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _csp() -> str:
    """The policy, with the hashes of the stylesheets phone pages carry inline."""
    # With this response's own: a workshop's colours (web.branding.brand_style).
    inline = " ".join(filter(None, [style_sources(), *style_sources_of_response()]))
    return CSP.replace("style-src 'self'", f"style-src 'self' {inline}") if inline else CSP


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: an id a database can look up, or the route does not match."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = ID_MAX, signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)


def register_web(app: Flask) -> None:
    from . import (
        admin,
        api,
        auth,
        branding,
        facilitator,
        followup,
        participant,
        reminders,
        results,
        reuse,
        screen,
        synthesis,  # noqa: F401  (adds its views to facilitator's blueprint before it is registered)
        team,
    )

    # Before any route is added: a larger number in an address is a 404, not an overflow.
    app.url_map.converters["int"] = IdConverter
    for views in (auth, facilitator, participant, results, followup, reminders, api, screen, team,
                  admin, reuse, branding):
        app.register_blueprint(views.bp)
    csrf.exempt(api.bp)  # token-authenticated, no cookies: CSRF does not apply

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_facilitator)

    app.add_url_rule("/lang/<code>", "set_language", set_language)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.register_error_handler(AtelierError, _atelier_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    register_assets(app)


def healthz() -> ResponseReturnValue:
    """For load balancers and monitors: 200 while the database can be read and written."""
    try:
        db.check()
    except sa.exc.SQLAlchemyError as error:
        log.warning("health check failed: %s", error)
        refusal = DatabaseReadOnly() if is_read_only(error) else DatabaseUnavailable()
        return jsonify(ok=False, error=refusal.as_dict()), 503
    return {"ok": True}


def _load_facilitator(user_id: str) -> Facilitator | None:
    # The id carries the browser's sign-in key: once signed out (or signed out by a password
    # change elsewhere), the session and remember-me cookies holding it open nothing.
    ident, _, key = user_id.partition(":")
    if not ident.isdigit() or len(ident) > 18:
        return None
    row = facilitators.signed_in(db.session, int(ident), key)
    facilitator = db.session.get(Facilitator, int(ident)) if row is not None else None
    if row is None or facilitator is None or facilitator.disabled:
        return None
    facilitator.sign_in_key, facilitator.sign_in_id = key, row.id
    return facilitator


def _atelier_error(error: AtelierError) -> ResponseReturnValue:
    headers = retry_headers(error)
    if wants_json():
        return jsonify(error=error.as_dict()), error.status, headers
    return render_template("errors/error.html", error=error), error.status, headers


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    message = _l("This form has expired or was sent from elsewhere. Please try again.")
    if wants_json():
        return jsonify(error={"code": "csrf", "message": str(message)}), 400
    return render_template("errors/error.html", error={"message": message}), 400


HTTP_MESSAGES = {
    404: _l("This page does not exist. If you followed a workshop link, it may have been deleted."),
    405: _l("This action is not available here."),
    413: _l("What you sent is too large."),
}


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    message = HTTP_MESSAGES.get(status, _l("Something went wrong."))
    if wants_json():
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(status, "error")
        return jsonify(error={"code": code, "message": str(message)}), status
    return render_template("errors/error.html", error={"message": message}), status


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _csp())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" or response.status_code >= 400:
        # Pages change with the cookies and the language; a static file does not, and with
        # Vary: Accept-Language Chromium revalidates it: a phone that has just joined asked
        # again for the join page's stylesheet, a round trip before the first paint (2 s on
        # a slow 3G network, bench/phone.py).
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def set_language(code: str) -> ResponseReturnValue:
    target = safe_next(request.args.get("next"), url_for("facilitator.index"))
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
        )
    return response


def _template_globals() -> dict[str, object]:
    locale = str(get_locale() or "en")
    return {
        "current_language": locale,
        "languages": LANGUAGE_NAMES,
        "methods": METHODS,
        "password_min": PASSWORD_MIN,
        "code_length": CODE_LENGTH,
        "group_label": group_label,
        "label_for_key": label_for_key,
        "client_texts": client_texts,
        "page_path": request.full_path.rstrip("?") if request else "/",
        "due_dates": due_dates(),
        "brand_style": brand_style,
        "logo_url": logo_url,
        "accent_contrast": accent_contrast,
    }
