"""What every page view shares: form errors from services, safe redirects, JSON or HTML."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy.orm as so
from flask import flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_login import login_required as flask_login_required
from flask_wtf import FlaskForm

from ..errors import AtelierError, Busy, RateLimited
from ..realtime import commands
from ..services.changes import Change

View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """Flask-Login's guard, typed: only a signed-in facilitator reaches the view."""
    return cast(View, flask_login_required(view))


def wants_json() -> bool:
    """Whether this request is answered in JSON (the API, Socket.IO) rather than a page."""
    return request.path.startswith("/api/") or request.path.startswith("/socket.io")


def add_errors(form: FlaskForm, error: AtelierError) -> None:
    """Show a service's field errors beside the form's fields."""
    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, *(str(m) for m in messages)]
            placed = True
    if not placed:
        flash(error.message, "error")


def flash_refusal(error: AtelierError) -> None:
    """Flash a service's refusal: its field messages, else its message."""
    messages = [str(m) for msgs in error.fields.values() for m in msgs] or [error.message]
    flash(" ".join(messages), "error")


def apply_change(work: Callable[[so.Session], Change], target: str,
                 done: str) -> ResponseReturnValue:
    """Run one change a form asked for, say how it went (``done``, or the refusal), go back."""
    try:
        commands.execute(work)
    except AtelierError as error:
        flash_refusal(error)
    else:
        flash(done, "success")
    return redirect(target)


def retry_headers(error: AtelierError) -> dict[str, str]:
    """``Retry-After`` for a refusal that is only early (rate limited, or reports busy)."""
    if isinstance(error, RateLimited | Busy):
        return {"Retry-After": str(error.retry_after)}
    return {}


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths: an open redirect would let a link phish our own users."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
