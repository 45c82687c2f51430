"""Reports off the event loop: syntheses and exports in a bounded pool, syntheses cached.

Under gevent (``workshop serve``) one greenlet doing seconds of CPU work would freeze every
socket of every workshop, so a synthesis or an export is made by a worker process (``workshop
export-worker``) that the hub waits for cooperatively; a worker makes one report at a time and
is kept for the next while it is used (its imports alone take 1.5 s). Elsewhere (tests,
threading mode) reports are made here. Either way at most ``EXPORT_PROCESSES`` are made at once
(so at most that many workers live) and ``EXPORT_QUEUE`` more wait their turn; past that the
caller gets ``Busy``, with a time to come back. The synthesis page keeps each workshop's last
synthesis with the state it was built from, so a reload with nothing changed builds nothing.
"""

from __future__ import annotations

import json
import math
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from ..errors import Busy
from ..models import DocumentUpdate, SharedDocument, Workshop
from . import service
from .model import Synthesis, timezone_of

POOL = "atelier.exports.pool"
SYNTHESES = "atelier.exports.syntheses"
FIRST_GUESS = 10.0  # seconds a report is taken to need until one has been timed
KEPT = 16  # workshops whose last synthesis is kept (each up to a few MB for 1,500 topics)
STALE = 100.0  # seconds idle after which a worker is let go (it ends itself 20 s later)
JOB_TIMEOUT = 600.0  # seconds a report may take before its worker is killed


class Worker:
    """One ``workshop export-worker`` process: a job a line in, an answer a line out."""

    def __init__(self) -> None:
        # gevent patches subprocess: reading the answer yields to the hub.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop", "export-worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self.idle_since = time.monotonic()

    def fresh(self) -> bool:
        return self.process.poll() is None and time.monotonic() - self.idle_since < STALE

    def make(self, job: dict[str, Any]) -> None:
        """Have ``job`` made; RuntimeError if it failed (the worker stays) or the worker died."""
        from gevent import Timeout

        assert self.process.stdin and self.process.stdout
        try:
            with Timeout(JOB_TIMEOUT):
                self.process.stdin.write(json.dumps(job).encode() + b"\n")
                self.process.stdin.flush()
                line = self.process.stdout.readline()
        except BaseException:
            self.stop()
            raise
        if not line:
            self.stop()
            raise RuntimeError("the report worker ended: see the server's log")
        self.idle_since = time.monotonic()
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(f"report failed: {answer['error']}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class Pool:
    """At most ``processes`` reports made at once, ``queue`` more waiting; then ``Busy``."""

    def __init__(self, processes: int, queue: int) -> None:
        self.processes, self.queue = processes, queue
        self._turns = threading.Semaphore(processes)
        self._lock = threading.Lock()
        self._admitted = 0
        self._seconds = FIRST_GUESS  # how long one report takes, on average lately
        self._idle: list[Worker] = []  # workers between two reports, the last used on top

    @property
    def waiting(self) -> int:
        """Reports admitted that wait for their turn."""
        return max(0, self._admitted - self.processes)

    def retry_after(self) -> int:
        """Seconds until the queue has room again, if reports take as long as lately."""
        rounds = math.ceil(self._admitted / self.processes)
        return max(1, math.ceil(rounds * self._seconds))

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for a free process (cooperatively under gevent), or refuse if too many wait."""
        with self._lock:
            if self._admitted >= self.processes + self.queue:
                raise Busy(self.retry_after())
            self._admitted += 1
        try:
            with self._turns:
                began = time.monotonic()
                yield
                self._seconds = (self._seconds + time.monotonic() - began) / 2
        finally:
            with self._lock:
                self._admitted -= 1

    def make(self, kind: str, workshop: Workshop) -> bytes:
        """A report (``synthesis`` or a format's key) made by a worker; call it in a turn."""
        worker = None
        with self._lock:
            while self._idle and worker is None:
                candidate = self._idle.pop()
                if candidate.fresh():
                    worker = candidate
                else:
                    candidate.stop()
        worker = worker or Worker()
        try:
            with tempfile.TemporaryDirectory(prefix="atelier-report-") as folder:
                out = Path(folder) / "report"
                worker.make({"kind": kind, "workshop": workshop.id, "out": str(out)})
                return out.read_bytes()
        finally:
            if worker.process.poll() is None:
                with self._lock:
                    self._idle.append(worker)


def pool() -> Pool:
    """The app's pool, sized by ``EXPORT_PROCESSES`` and ``EXPORT_QUEUE``."""
    found: Pool | None = current_app.extensions.get(POOL)
    if found is None:
        fresh = Pool(current_app.config["EXPORT_PROCESSES"], current_app.config["EXPORT_QUEUE"])
        found = current_app.extensions.setdefault(POOL, fresh)
    return found


def _aside() -> bool:
    from ..extensions import socketio

    mode: str = socketio.async_mode
    return mode == "gevent"


def render(session: so.Session, workshop: Workshop, fmt: service.Format) -> bytes:
    """``service.render`` in its turn, by a worker process under gevent."""
    with pool().turn():
        if not _aside():
            return service.render(session, workshop, fmt)
        return pool().make(fmt.key, workshop)


def _build(session: so.Session, workshop: Workshop) -> Synthesis:
    """``service.build`` in its turn, by a worker process under gevent."""
    with pool().turn():
        if not _aside():
            return service.build(session, workshop)
        # Made by our own worker, into our own private folder.
        built: Synthesis = pickle.loads(pool().make("synthesis", workshop))
        return built


# What a synthesis is built from: the seq counts every logged change; co-written documents
# change without one (their count and newest update say); the editorial calendar starts the
# day after today, in the workshop's time zone.
State = tuple[int, int, int, date]


def state_of(session: so.Session, workshop: Workshop) -> State:
    documents, newest = session.execute(
        sa.select(sa.func.count(sa.distinct(SharedDocument.id)), sa.func.max(DocumentUpdate.id))
        .select_from(SharedDocument)
        .outerjoin(DocumentUpdate, DocumentUpdate.document_id == SharedDocument.id)
        .where(SharedDocument.workshop_id == workshop.id)
    ).one()
    today = datetime.now(timezone_of(workshop.language, {"timezone": workshop.timezone})).date()
    return workshop.last_seq, documents, newest or 0, today


class _Flight:
    """One build that the requests asking for the same state all wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: Synthesis | None = None
        self.error: BaseException | None = None

    def wait(self) -> Synthesis:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class Syntheses:
    """Each workshop's last synthesis, with its state; one build at a time per state."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[int, tuple[State, Synthesis]] = OrderedDict()
        self._flights: dict[tuple[int, State], _Flight] = {}

    def get(self, workshop_id: int, state: State, build: Callable[[], Synthesis]) -> Synthesis:
        """The synthesis of ``workshop_id`` in ``state``: kept, being built, or built now."""
        key = (workshop_id, state)
        with self._lock:
            kept = self._kept.get(workshop_id)
            if kept is not None and kept[0] == state:
                self._kept.move_to_end(workshop_id)
                return kept[1]
            flight = self._flights.get(key)
            leading = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
        if not leading:
            return flight.wait()
        try:
            flight.result = build()
        except BaseException as error:
            flight.error = error
            raise
        else:
            with self._lock:
                self._kept[workshop_id] = (state, flight.result)
                self._kept.move_to_end(workshop_id)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
            return flight.result
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()


def synthesis(session: so.Session, workshop: Workshop) -> Synthesis:
    """The synthesis for the page: as the workshop stands now, built only if it changed."""
    found: Syntheses | None = current_app.extensions.get(SYNTHESES)
    if found is None:
        found = current_app.extensions.setdefault(SYNTHESES, Syntheses())
    return found.get(workshop.id, state_of(session, workshop), lambda: _build(session, workshop))
