"""Extension objects, created unbound and attached to the app in ``create_app``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from .database import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
socketio = SocketIO()

Handler = TypeVar("Handler", bound=Callable[..., Any])


def on_socket(event: str) -> Callable[[Handler], Handler]:
    """Register a Socket.IO event handler and keep its type (Flask-SocketIO's has none)."""

    def register(handler: Handler) -> Handler:
        socketio.on_event(event, handler)
        return handler

    return register


def socket_id() -> str:
    """The id of the socket whose event is being handled (Flask-SocketIO sets request.sid)."""
    sid: str = request.sid  # type: ignore[attr-defined]
    return sid


def this_app() -> Flask:
    """The app itself, not its context-local proxy: for work handed to a background task."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return app


__all__ = ["babel", "csrf", "db", "login_manager", "on_socket", "socket_id", "socketio",
           "this_app"]
