"""The templates shipped with Atelier, listed for operators and scripts."""

from __future__ import annotations

import click

from .running import emit, in_app, json_option


@click.group("template")
def template() -> None:
    """Workshop templates shipped with Atelier."""


@template.command("list")
@json_option
def list_templates(as_json: bool) -> None:
    """List the shipped templates: key, language, method and name, one a line."""
    from ..template_library import shipped

    found = [{"key": t.key, "language": t.language, "method": t.method.value, "name": t.name}
             for t in shipped()]
    emit(as_json, {"templates": found},
         "\n".join(f"{t['key']}\t{t['language']}\t{t['method']}\t{t['name']}" for t in found))


@template.command("use")
@click.argument("key")
@click.option("--facilitator", "email", required=True, help="Owner's email.")
@click.option("--language", type=click.Choice(["fr", "en"]), default="en", show_default=True)
@json_option
def use_template(key: str, email: str, language: str, as_json: bool) -> None:
    """Create a draft workshop from a shipped template; prints its join code and id."""

    def action() -> None:
        from ..extensions import db as database
        from ..models import Workshop
        from ..realtime import commands
        from ..services import facilitators, templates

        owner = facilitators.find_by_email(database.session, email)
        chosen = templates.shipped_template(key, language)
        made = commands.execute(
            lambda session: templates.create_from_shipped(session, owner, chosen))
        created = database.session.get(Workshop, made.workshop_id)
        assert created is not None
        emit(as_json, {"id": created.id, "code": created.join_code},
             f"{created.join_code}\t{created.id}")

    in_app(as_json, action)
