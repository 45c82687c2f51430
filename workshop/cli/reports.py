"""``workshop export-worker``: the live server's report process (exports/aside.py).

It reads one job a line on standard input, makes it and answers one line: so the server's event
loop never runs a synthesis or an export itself, and a process already started (its imports
done: about 1.5 s) makes the next report. It ends when its input closes or after a while
without a job (``aside.STALE`` and 20 s more), giving its memory back.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
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


def lines(idle: float) -> Iterator[bytes]:
    """Standard input's lines until it closes or stays silent for ``idle`` seconds."""
    # Read unbuffered: a line waiting in a file object's buffer would be invisible to select.
    pending, fd = b"", sys.stdin.fileno()
    while True:
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            yield line
        if not select.select([fd], [], [], idle)[0]:
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        pending += chunk


@click.command("export-worker", hidden=True)
def export_worker() -> None:
    """Make the live server's syntheses and exports, one job a line (JSON) on stdin."""
    from ..exports.aside import STALE

    app = make_app()
    # The server sends no job to a worker idle for STALE seconds: none is lost as it ends.
    for line in lines(STALE + 20):
        answers = sys.stdout
        try:
            # A context, and so a database session, per job: each reads the workshop as it is.
            # Whatever a library prints goes to stderr: stdout carries only the answers.
            with app.app_context(), app.test_request_context(), redirect_stdout(sys.stderr):
                make(json.loads(line))
            answer: dict[str, Any] = {"ok": True}
        except Exception as error:  # told to the server, which fails that one request
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
