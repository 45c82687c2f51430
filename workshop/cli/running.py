"""How every command runs: in an app context, printing text or JSON, failing clearly."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from flask import Flask

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def make_app() -> Flask:
    from .. import create_app

    return create_app()


def emit(as_json: bool, data: dict[str, Any], text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else text)


def fail(as_json: bool, error: Exception) -> None:
    from ..errors import AtelierError

    body: dict[str, Any] = (error.as_dict() if isinstance(error, AtelierError)
                            else {"code": "error", "message": str(error)})
    if as_json:
        click.echo(json.dumps({"error": body}, ensure_ascii=False))
    else:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in body.get("fields", {}).items())
        click.echo(f"Error: {body['message']}" + (f" ({details})" if details else ""), err=True)
    raise SystemExit(1)


def in_app(as_json: bool, action: Callable[[], None]) -> None:
    """Run ``action`` in an app context, turning domain errors into a clear message."""
    from sqlalchemy.exc import OperationalError

    from ..errors import AtelierError

    app = make_app()
    with app.app_context(), app.test_request_context():
        try:
            action()
        except AtelierError as error:
            fail(as_json, error)
        except OperationalError as error:
            fail(as_json, RuntimeError(
                f"The database is not ready ({error.orig}): run `workshop db upgrade` first."))
