"""The ``workshop`` command: serve, migrate, manage facilitators and workshops."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def main() -> None:
    """Entry point; ``serve`` under gevent monkey-patches before anything else is imported."""
    if sys.argv[1:2] == ["serve"]:
        os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent")
        if os.environ["WORKSHOP_ASYNC_MODE"] == "gevent":
            from gevent import monkey

            monkey.patch_all()
    cli(prog_name="workshop")


def _app():  # type: ignore[no-untyped-def]
    from . import create_app

    return create_app()


def _emit(as_json: bool, data: dict[str, Any], text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else text)


def _fail(as_json: bool, error: Exception) -> None:
    from .errors import AtelierError

    if isinstance(error, AtelierError):
        body = error.as_dict()
    else:
        body = {"code": "error", "message": str(error)}
    if as_json:
        click.echo(json.dumps({"error": body}, ensure_ascii=False))
    else:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in body.get("fields", {}).items())
        click.echo(f"Error: {body['message']}" + (f" ({details})" if details else ""), err=True)
    raise SystemExit(1)


def _in_app(as_json: bool, action: Callable[[], None]) -> None:
    """Run ``action`` in an app context, turning domain errors into a clear message."""
    from .errors import AtelierError

    app = _app()
    with app.app_context(), app.test_request_context():
        try:
            action()
        except AtelierError as error:
            _fail(as_json, error)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group(help="Atelier: live collective-intelligence workshops.")
def cli() -> None:
    pass


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=None, help="Port (default: $PORT or 5000).")
def serve(host: str, port: int | None) -> None:
    """Serve the app (WebSocket included)."""
    from .serving import serve as serve_app

    port = port or int(os.environ.get("PORT", "5000"))
    app = _app()
    click.echo(f"Atelier on http://{host}:{port} ({app.config['ASYNC_MODE']})", err=True)
    serve_app(app, host, port)


@cli.group()
def db() -> None:
    """Database schema."""


def _alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    from . import config as settings

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

    command.upgrade(_alembic_config(), revision)


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    from alembic import command

    command.downgrade(_alembic_config(), revision)


@db.command("current")
def db_current() -> None:
    """Show the schema revision of the database."""
    from alembic import command

    command.current(_alembic_config())


@cli.group()
def facilitator() -> None:
    """Facilitator accounts and API tokens."""


@facilitator.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
@json_option
def facilitator_create(email: str, name: str, password_stdin: bool, as_json: bool) -> None:
    """Create a facilitator account."""
    password = sys.stdin.readline().rstrip("\r\n")

    def action() -> None:
        from .extensions import db as database
        from .services import facilitators

        with database.unit_of_work() as session:
            created = facilitators.create_facilitator(session, email, password, name)
        _emit(as_json, {"id": created.id, "email": created.email},
              f"Facilitator {created.email} created (id {created.id}).")

    _in_app(as_json, action)


@facilitator.command("token")
@click.argument("email")
@click.option("--name", default="CLI", show_default=True, help="What the token is for.")
@json_option
def facilitator_token(email: str, name: str, as_json: bool) -> None:
    """Print a new personal API token (shown once; stored hashed)."""

    def action() -> None:
        from .extensions import db as database
        from .services import facilitators

        with database.unit_of_work() as session:
            owner = facilitators.find_by_email(session, email)
            token, raw = facilitators.issue_api_token(session, owner, name)
        _emit(as_json, {"id": token.id, "name": token.name, "token": raw}, raw)

    _in_app(as_json, action)


@facilitator.command("tokens")
@click.argument("email")
@json_option
def facilitator_tokens(email: str, as_json: bool) -> None:
    """List a facilitator's API tokens (never their values)."""

    def action() -> None:
        from .extensions import db as database
        from .services import facilitators

        owner = facilitators.find_by_email(database.session, email)
        rows = [
            {"id": t.id, "name": t.name, "created_at": t.created_at.isoformat(),
             "revoked": t.revoked_at is not None}
            for t in facilitators.list_api_tokens(database.session, owner)
        ]
        text = "\n".join(
            f"{r['id']}\t{r['name']}\t{r['created_at']}\t{'revoked' if r['revoked'] else 'active'}"
            for r in rows
        ) or "No tokens."
        _emit(as_json, {"tokens": rows}, text)

    _in_app(as_json, action)


@facilitator.command("revoke")
@click.argument("email")
@click.argument("token_id", type=int)
@json_option
def facilitator_revoke(email: str, token_id: int, as_json: bool) -> None:
    """Revoke an API token by its id (see ``tokens``)."""

    def action() -> None:
        from .extensions import db as database
        from .services import facilitators

        with database.unit_of_work() as session:
            owner = facilitators.find_by_email(session, email)
            facilitators.revoke_api_token(session, owner, token_id)
        _emit(as_json, {"id": token_id, "revoked": True}, f"Token {token_id} revoked.")

    _in_app(as_json, action)


@cli.command("create")
@click.option("--title", required=True)
@click.option("--method", required=True,
              type=click.Choice(["open_space", "barcamp", "appreciative_inquiry", "world_cafe"]))
@click.option("--facilitator", "email", required=True, help="Owner's email.")
@click.option("--language", type=click.Choice(["fr", "en"]), default="en", show_default=True)
@click.option("--question", default="", help="The calling question.")
@json_option
def create(title: str, method: str, email: str, language: str, question: str,
           as_json: bool) -> None:
    """Create a workshop; prints its join code and id."""

    def action() -> None:
        from flask import url_for

        from .extensions import db as database
        from .models import Method, Workshop
        from .realtime import commands
        from .services import facilitators, workshops

        owner = facilitators.find_by_email(database.session, email)
        settings = workshops.WorkshopSettings(title=title, method=Method(method),
                                              language=language, calling_question=question)
        made = commands.execute(
            lambda session: workshops.create_workshop(session, owner, settings))
        created = database.session.get(Workshop, made.workshop_id)
        assert created is not None
        path = url_for("participant.join_workshop", code=created.join_code)
        _emit(as_json, {"id": created.id, "code": created.join_code, "join_path": path},
              f"{created.join_code}\t{created.id}")

    _in_app(as_json, action)


@cli.command("purge")
@click.option("--older-than", "days", type=int, default=None,
              help="Days since a workshop ended (or last changed); default "
                   "$WORKSHOP_RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@json_option
def purge(days: int | None, dry_run: bool, as_json: bool) -> None:
    """Delete workshops past retention, with everything in them (for a daily timer)."""

    def action() -> None:
        from .errors import Invalid
        from .extensions import db as database
        from .realtime import commands
        from .services import workshops

        wanted = days if days is not None else os.environ.get("WORKSHOP_RETENTION_DAYS")
        if wanted in (None, ""):
            raise Invalid(fields={"days": [
                "Say how long to keep workshops: --older-than DAYS or WORKSHOP_RETENTION_DAYS."]})
        try:
            kept_days = int(wanted)
        except ValueError:
            raise Invalid(fields={"days": ["WORKSHOP_RETENTION_DAYS must be a number of days."]}
                          ) from None
        found = workshops.expired(database.session, kept_days)
        listed = [{"id": w.id, "code": w.join_code, "title": w.title,
                   "last_activity": (w.ended_at or w.updated_at).isoformat()}
                  for w in found]
        if not dry_run:
            for workshop in found:
                commands.execute(
                    lambda session, w=workshop: workshops.delete_workshop(session, w))
        verb = "would delete" if dry_run else "deleted"
        lines = [f"{w['code']}\t{w['id']}\t{w['last_activity']}\t{w['title']}" for w in listed]
        _emit(as_json, {"days": kept_days, "dry_run": dry_run, "workshops": listed},
              "\n".join([*lines, f"{len(listed)} workshop(s) {verb}."]))

    _in_app(as_json, action)


@cli.command("export")
@click.argument("code")
@click.option("--format", "formats", default="all", show_default=True,
              help="xlsx, csv, docx, html, pdf, md, json, calendar, hootsuite, buffer, "
                   "several separated by commas, or all.")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("exports"), show_default=True, help="Folder to write into.")
@json_option
def export(code: str, formats: str, folder: Path, as_json: bool) -> None:
    """Export a workshop's synthesis (by its join code) into FOLDER."""

    def action() -> None:
        from .exports import service
        from .extensions import db as database
        from .services import workshops

        chosen = service.parse_formats(formats)
        session = database.session
        workshop = workshops.find_by_code(session, code)

        # On stderr, never mixed with what --json prints: one step for the synthesis, then
        # one per format (the spreadsheet and the PDF are the long ones on a large workshop).
        bar = click.progressbar(length=len(chosen) + 1, file=sys.stderr, label="export",
                                show_eta=False, show_pos=True)
        steps: list[str] = []

        def progress(step: str) -> None:
            if steps:
                bar.update(1)
            bar.label = step
            bar.render_progress()
            steps.append(step)

        with bar:
            written = service.export_to(session, workshop, chosen, folder, progress)
            bar.label = "done"
            bar.update(1)
        _emit(as_json, {"id": workshop.id, "code": workshop.join_code,
                        "files": [str(path) for path in written]},
              "\n".join(str(path) for path in written))

    _in_app(as_json, action)


DEMO_METHODS = ["open_space", "barcamp", "appreciative_inquiry", "world_cafe"]
DEMO_PROGRESS_FROM = 100  # participants from which progress is drawn on stderr


@cli.command("demo")
@click.option("--method", required=True, type=click.Choice(DEMO_METHODS),
              help="The method to run.")
@click.option("--participants", "count", type=click.IntRange(2, 5000), default=30,
              show_default=True, help="How many simulated people join (2 to 5000).")
@click.option("--language", type=click.Choice(["fr", "en"]), default="en", show_default=True,
              help="Language of the workshop and of everything people write.")
@click.option("--seed", type=int, default=2013, show_default=True,
              help="Same seed, same people and contributions.")
@click.option("--facilitator", "email", default="demo@atelier.example", show_default=True,
              help="Owner of the workshop; created with a random password (printed once) "
                   "if it does not exist, reused otherwise.")
@json_option
def demo(method: str, count: int, language: str, seed: int, email: str, as_json: bool) -> None:
    """Run a complete simulated workshop, from the first phase to the end.

    Employees, customers and partners join, propose, vote, co-write and commit through the
    same services as real phones, then the workshop is ended so that its reports are complete.
    Prints the workshop's id and join code; sign in as the facilitator to open its console.
    """

    def action() -> None:
        from flask import current_app, url_for
        from sqlalchemy.exc import OperationalError

        from .demo import phases_of, run_demo
        from .models import Method

        chosen = Method(method)
        bar = click.progressbar(length=phases_of(chosen), file=sys.stderr, label="demo",
                                show_eta=False) if count >= DEMO_PROGRESS_FROM else None
        steps: list[str] = []

        def progress(step: str) -> None:
            if bar is not None:
                if steps:
                    bar.update(1)
                bar.label = step
                bar.render_progress()
            steps.append(step)

        try:
            result = run_demo(chosen, count, language, seed=seed, email=email,
                              progress=progress)
        except OperationalError as error:
            _fail(as_json, RuntimeError(
                f"The database is not ready ({error.orig}): run `workshop db upgrade` first."))
            return
        finally:
            if bar is not None:
                bar.update(bar.length)
                bar.render_finish()
        base = current_app.config.get("PUBLIC_URL")
        console = (base + url_for("facilitator.console", workshop_id=result.workshop_id)
                   if base else None)
        data = {
            "id": result.workshop_id, "code": result.code,
            "method": result.method, "language": result.language,
            "participants": result.participants, "contributions": result.contributions,
            "votes": result.votes, "documents": result.documents,
            "commitments": result.commitments, "title": result.title,
            "groups": result.groups, "phase": result.phase, "state": result.state,
            "seed": result.seed, "facilitator": result.facilitator,
            "password": result.password, "console_url": console,
        }
        _emit(as_json, data, _demo_summary(result, console))

    _in_app(as_json, action)


def _demo_summary(result: Any, console: str | None) -> str:
    """The demo's outcome for a person reading a terminal."""

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "none"

    groups = ", ".join(f"{n} {key or 'no group'}" for key, n in sorted(result.groups.items()))
    lines = [
        f"Demo workshop {result.workshop_id}: “{result.title}”",
        f"  method {result.method}, language {result.language}, seed {result.seed}",
        f"  join code {result.code}; {result.state} on its last phase ({result.phase})",
        f"  participants: {result.participants} ({groups})",
        f"  contributions: {listing(result.contributions)}",
        f"  votes: {listing(result.votes)}",
        f"  documents: {listing(result.documents)}",
        f"  commitments: {result.commitments}",
    ]
    if result.password:
        lines.append(f"  facilitator: {result.facilitator} (created; password, shown once: "
                     f"{result.password})")
    else:
        lines.append(f"  facilitator: {result.facilitator} (existing account)")
    if console:
        lines.append(f"  console: {console}")
    return "\n".join(lines)


IMPORT_PROGRESS_FROM = 5_000  # archived rows from which progress is drawn on stderr


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facilitator", "email", default=None,
              help="Owner of the imported workshop (default: the only facilitator account).")
@json_option
def import_archive(file: Path, email: str | None, as_json: bool) -> None:
    """Restore a workshop from a JSON archive (``workshop export --format json``).

    The copy gets new ids, a new join code and a new screen link; participants' old phones do
    not reach it. Prints the new workshop's join code and id.
    """

    def action() -> None:
        from flask import url_for
        from sqlalchemy.exc import OperationalError

        from .exports.archive import restore, schema
        from .extensions import db as database
        from .models import Workshop

        data = restore.load(file.read_bytes())
        sections = [key for key, rows in data.items() if isinstance(rows, list)]
        total = sum(len(data[key]) for key in sections)
        bar = click.progressbar(length=len(schema.TABLES) + 1, file=sys.stderr,
                                label="import", show_eta=False) \
            if total >= IMPORT_PROGRESS_FROM else None

        def progress(step: str) -> None:
            if bar is not None:
                bar.label = step
                bar.update(1)

        try:
            with database.unit_of_work() as session:
                owner = restore.importer(session, email)
                change = restore.restore(session, data, owner, progress)
                restored = session.get(Workshop, change.workshop_id)
                assert restored is not None
                counts = {key: len(data[key]) for key in sections if key != "workshop"}
        except OperationalError as error:
            _fail(as_json, RuntimeError(
                f"The database is not ready ({error.orig}): run `workshop db upgrade` first."))
            return
        finally:
            if bar is not None:
                bar.render_finish()
        path = url_for("participant.join_workshop", code=restored.join_code)
        _emit(as_json, {"id": restored.id, "code": restored.join_code, "title": restored.title,
                        "join_path": path, "facilitator": owner.email, "rows": counts,
                        "source": data["workshop"].get("source")},
              f"{restored.join_code}\t{restored.id}")

    _in_app(as_json, action)
