"""Workshops from the command line: create, purge past retention, export, import."""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

import click

from .running import emit, in_app, json_option


@click.command("create")
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

        from ..extensions import db as database
        from ..models import Method, Workshop
        from ..realtime import commands
        from ..services import facilitators, workshops

        owner = facilitators.find_by_email(database.session, email)
        settings = workshops.WorkshopSettings(title=title, method=Method(method),
                                              language=language, calling_question=question)
        made = commands.execute(
            lambda session: workshops.create_workshop(session, owner, settings))
        created = database.session.get(Workshop, made.workshop_id)
        assert created is not None
        path = url_for("participant.join_workshop", code=created.join_code)
        emit(as_json, {"id": created.id, "code": created.join_code, "join_path": path},
              f"{created.join_code}\t{created.id}")

    in_app(as_json, action)


@click.command("purge")
@click.option("--older-than", "days", type=int, default=None,
              help="Days since a workshop ended (or last changed); default "
                   "$WORKSHOP_RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@json_option
def purge(days: int | None, dry_run: bool, as_json: bool) -> None:
    """Delete workshops past retention, with everything in them (for a daily timer)."""

    def action() -> None:
        from ..errors import Invalid
        from ..extensions import db as database
        from ..realtime import commands
        from ..services import workshops

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
                commands.execute(partial(workshops.delete_workshop, workshop=workshop))
        verb = "would delete" if dry_run else "deleted"
        lines = [f"{w['code']}\t{w['id']}\t{w['last_activity']}\t{w['title']}" for w in listed]
        emit(as_json, {"days": kept_days, "dry_run": dry_run, "workshops": listed},
              "\n".join([*lines, f"{len(listed)} workshop(s) {verb}."]))

    in_app(as_json, action)


@click.command("export")
@click.argument("code")
@click.option("--format", "formats", default="all", show_default=True,
              help="xlsx, csv, docx, html, pdf, md, json, cards, calendar, "
                   "hootsuite-<network>, buffer-<network> (linkedin, x, facebook, instagram, "
                   "mastodon), hootsuite or buffer (a zip of one file per network), several "
                   "separated by commas, or all.")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("exports"), show_default=True, help="Folder to write into.")
@json_option
def export(code: str, formats: str, folder: Path, as_json: bool) -> None:
    """Export a workshop's synthesis (by its join code) into FOLDER."""

    def action() -> None:
        from ..exports import service
        from ..extensions import db as database
        from ..services import workshops

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
        emit(as_json, {"id": workshop.id, "code": workshop.join_code,
                        "files": [str(path) for path in written]},
              "\n".join(str(path) for path in written))

    in_app(as_json, action)


IMPORT_PROGRESS_FROM = 5_000  # archived rows from which progress is drawn on stderr


@click.command("import")
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
        import sqlalchemy.orm as so
        from flask import url_for

        from ..exports.archive import restore, schema
        from ..extensions import db as database
        from ..models import Facilitator, Workshop
        from ..realtime import commands
        from ..services.changes import Change

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

        def work(session: so.Session) -> Change:
            return restore.restore(session, data, restore.importer(session, email), progress)

        try:
            change = commands.execute(work)
        finally:
            if bar is not None:
                bar.render_finish()
        restored = database.session.get(Workshop, change.workshop_id)
        assert restored is not None
        owner = database.session.get(Facilitator, restored.facilitator_id)
        assert owner is not None
        counts = {key: len(data[key]) for key in sections if key != "workshop"}
        path = url_for("participant.join_workshop", code=restored.join_code)
        emit(as_json, {"id": restored.id, "code": restored.join_code, "title": restored.title,
                        "join_path": path, "facilitator": owner.email, "rows": counts,
                        "source": data["workshop"].get("source")},
              f"{restored.join_code}\t{restored.id}")

    in_app(as_json, action)
