"""Atelier: live collective-intelligence workshops. ``create_app`` builds the Flask app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from the environment, then ``config`` overrides; touches no database."""
    # Imports stay inside so that `workshop serve` can monkey-patch with gevent first.
    from . import config as settings
    from . import ratelimit
    from .extensions import babel, csrf, db, login_manager, socketio
    from .i18n import select_locale
    from .web import register_web

    folder = settings.instance_path()
    app = Flask(
        __name__,
        instance_path=str(folder),
        static_folder="../static",
        template_folder="../templates",
    )
    app.config.from_mapping(settings.flask_config(folder))
    if config:
        app.config.from_mapping(config)

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        max_http_buffer_size=256 * 1024,
    )
    ratelimit.init_app(app)
    from .realtime.packets import guard_packets

    guard_packets(socketio.server)
    if app.config.get("PROXIES"):
        # Behind nginx: the client's address and scheme from the proxies' headers (rate
        # limits count per address), trusting exactly that many proxies.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    register_web(app)

    from . import realtime  # noqa: F401  (registers the Socket.IO handlers)
    from .realtime import handshake

    handshake.init_app(app)

    return app
