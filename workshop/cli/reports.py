"""``workshop export-worker``: the live server's report process (exports/aside.py).

It reads one job a line on standard input, makes it and answers one line: so the server's event
loop never runs a synthesis or an export itself, and a process already started (its imports
done: about 1.5 s) makes the next report. It ends when its input closes or after a while
without a job (``aside.STALE`` and 20 s more), giving its memory back.
"""

from __future__ import annotations

import json
import pickle
import select
import sys
from pathlib import Path
from typing import Any

import click

from .running import make_app


def make(job: dict[str, Any]) -> None:
    """Write the synthesis (pickled) or the export that ``job`` asks for into ``job["out"]``."""
    from ..exports import service
    from ..extensions import db
    from ..models import Workshop

    workshop = db.session.get(Workshop, job["workshop"])
    if workshop is None:
        raise LookupError(f"no workshop {job['workshop']}")
    if job["kind"] == "synthesis":
        data = pickle.dumps(service.build(db.session, workshop), protocol=pickle.HIGHEST_PROTOCOL)
    else:
        data = service.render(db.session, workshop, service.FORMATS[job["kind"]])
    Path(job["out"]).write_bytes(data)


@click.command("export-worker", hidden=True)
def export_worker() -> None:
    """Make the live server's syntheses and exports, one job a line (JSON) on stdin."""
    from ..exports.aside import STALE

    app = make_app()
    # The server sends no job to a worker idle for STALE seconds: none is lost as it ends.
    while select.select([sys.stdin], [], [], STALE + 20)[0]:
        line = sys.stdin.readline()
        if not line:
            return
        try:
            # A context, and so a database session, per job: each reads the workshop as it is.
            with app.app_context(), app.test_request_context():
                make(json.loads(line))
            answer: dict[str, Any] = {"ok": True}
        except Exception as error:  # told to the server, which fails that one request
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        click.echo(json.dumps(answer))
        sys.stdout.flush()
