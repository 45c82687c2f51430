"""Extension objects, created unbound and attached to the app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from .database import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
socketio = SocketIO()

__all__ = ["babel", "csrf", "db", "login_manager", "socketio"]
