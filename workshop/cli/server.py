"""Serving the app and migrating its database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .running import make_app

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=None, help="Port (default: $PORT or 5000).")
def serve(host: str, port: int | None) -> None:
    """Serve the app (WebSocket included)."""
    from ..sense import warm
    from ..serving import serve as serve_app

    port = port or int(os.environ.get("PORT", "5000"))
    app = make_app()
    # Before listening: loading the model on the event loop at the first duplicate hint
    # would freeze every socket for 1-2 s (docs/sense.md).
    warm()
    click.echo(f"Atelier on http://{host}:{port} ({app.config['ASYNC_MODE']})", err=True)
    serve_app(app, host, port)


@click.group()
def db() -> None:
    """Database schema."""


def alembic_config() -> Config:
    """Alembic pointed at our migrations and the configured database (created if missing)."""
    from alembic.config import Config

    from .. import config as settings

    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    url = settings.Settings.from_environ(settings.instance_path()).database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations (up to REVISION, default head)."""
    from alembic import command

    command.upgrade(alembic_config(), revision)


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    from alembic import command

    command.downgrade(alembic_config(), revision)


@db.command("current")
def db_current() -> None:
    """Show the schema revision of the database."""
    from alembic import command

    command.current(alembic_config())
