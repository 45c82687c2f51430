"""Shared fixtures: a migrated database per test, clients, factories and a live server."""

from __future__ import annotations

import contextvars
import copy
import gc
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import sqlalchemy as sa
from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from werkzeug.routing import Rule

from workshop import create_app, database
from workshop.extensions import db
from workshop.models import (
    Contribution,
    Event,
    Facilitator,
    Method,
    Participant,
    Question,
    QuestionUpvote,
    Vote,
    Workshop,
)
from workshop.services import facilitators, passwords, workshops

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
# A cheap hash keeps each test from spending 0.1 s per password; production keeps scrypt
# (tests/services/test_facilitators.py checks it).
TEST_PASSWORD_HASH = "pbkdf2:sha256:1000"
TEST_CONFIG = {"TESTING": True, "PASSWORD_HASH": TEST_PASSWORD_HASH}
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


# Hypothesis (tests/realtime/test_fuzz.py): `make test` and CI try 300 payloads per fuzz test;
# `make check`, the inner loop, tries 60 (--hypothesis-profile=check). Both are derandomized:
# the same payloads every run, so a failure seen once is seen again.
settings.register_profile("full", max_examples=300)
settings.register_profile("check", max_examples=60)
settings.load_profile("full")


# `make check`, the inner loop, runs one case of a test repeated on a whole demo workshop for
# each method, language or format (a different case from test to test, so every method runs);
# `make test` and CI run every case, as with the Hypothesis profiles above. The other cases
# carry the mark `exhaustive`.
EXHAUSTIVE = pytest.mark.exhaustive


def in_check(cases: Iterable[Any], *kept: Any) -> list[Any]:
    """``cases`` for ``parametrize`` (or a fixture's params), all but ``kept`` exhaustive."""
    return [case if case in kept else
            pytest.param(*(case if isinstance(case, tuple) else (case,)), marks=EXHAUSTIVE)
            for case in cases]


def never_in_check(items: list[pytest.Item]) -> list[str]:
    """The tests (file::name) whose every case is exhaustive: `make check` would run none."""
    in_check_of: dict[tuple[Path, str], bool] = {}
    for item in items:
        if isinstance(item, pytest.Function):
            key = (item.path, item.originalname)
            kept = item.get_closest_marker("exhaustive") is None
            in_check_of[key] = in_check_of.get(key, False) or kept
    return sorted(f"{path.name}::{name}" for (path, name), kept in in_check_of.items()
                  if not kept)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests and scale-out tests are marked by their folder, so none is forgotten;
    a test whose every case is exhaustive would never run in `make check`, and is refused."""
    never = never_in_check(items)
    if never:
        raise pytest.UsageError(f"every case is exhaustive (none runs in make check): {never}")
    for item in items:
        folder = item.path.relative_to(ROOT / "tests").parts[0]
        if folder == "e2e":
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.live)
        elif folder == "scale":
            item.add_marker(pytest.mark.scale)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep the collector off what the whole run keeps, and off most short-lived objects.

    What is alive once the tests are collected (modules, the tests themselves) stays alive to
    the end, and each app a test builds makes thousands of objects: frozen, the former are
    never walked again, and young collections run less often (bench/check_time.py measures the
    suite with it).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 1_000)


def migrate(folder: Path) -> None:
    """Apply the real migrations (not create_all) to the SQLite database in ``folder``."""
    subprocess.run(
        [sys.executable, "-m", "workshop", "db", "upgrade"],
        check=True,
        env={**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder)},
        capture_output=True,
    )


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database, copied for each test (migrating per test would be slow)."""
    folder = tmp_path_factory.mktemp("template")
    migrate(folder)
    return folder / "atelier.db"


def installation(folder: Path, template: Path) -> Flask:
    """An app of the suite's configuration on a copy of the migrated ``template`` in ``folder``."""
    shutil.copy(template, folder / "atelier.db")
    return create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{folder / 'atelier.db'}"})


@pytest.fixture
def instance(tmp_path: Path, migrated_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    shutil.copy(migrated_template, folder / "atelier.db")
    monkeypatch.setenv("WORKSHOP_INSTANCE_PATH", str(folder))
    for name in ("WORKSHOP_DATABASE_URL", "WORKSHOP_SECRET_KEY", "WORKSHOP_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    return folder


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The ``app`` fixture keeps an app context pushed and Flask reuses it for requests, so ``g``
    (Flask-Login's user, the API's facilitator, the db session) would leak from one request,
    and one client, to the next: an anonymous client would look signed in.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # End the test's own read transaction and forget what it loaded, so that it sees
        # what the request commits.
        db.session.rollback()
        db.session.expire_all()
        return contextvars.Context().run(super().open, *args, **kwargs)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process and shared by every app a test creates.

    Each test builds its own app, whose Jinja environment would parse and compile every
    template it renders again; Jinja checks each entry against the template's source.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()

# Werkzeug compiles each route's URL builder to Python code whenever an app adds the route:
# with one app per test, that compiling was a third of the services' tests. The code depends
# only on the rule's parts and defaults, so equal rules share one compiled builder.
_compile_builder = Rule._compile_builder
_builders: dict[tuple[object, ...], object] = {}


def _compile_builder_once(self: Rule, append_unknown: bool = True):  # type: ignore[no-untyped-def]
    defaults = tuple(sorted((name, repr(value), type(self._converters.get(name)).__qualname__)
                            for name, value in self.defaults.items())) if self.defaults else ()
    key = (self.rule, tuple(self._trace), defaults, append_unknown)
    if key not in _builders:
        _builders[key] = _compile_builder(self, append_unknown)
    return _builders[key]


# Before that, each rule's text is parsed into the parts the router matches, whenever an app
# adds it: half of what creating an app costs. The parts depend only on the text and the
# app's converters (whose instances keep nothing of their app), so equal rules share them.
_parse_rule = Rule._parse_rule
_parsed: dict[tuple[object, ...], tuple[list[Any], list[Any], dict[str, Any]]] = {}


def _parse_rule_once(self: Rule, rule: str):  # type: ignore[no-untyped-def]
    assert self.map is not None
    key = (rule, tuple(self.map.converters.items()))
    if key not in _parsed:
        trace, converters = len(self._trace), set(self._converters)
        parts = list(_parse_rule(self, rule))
        _parsed[key] = (parts, self._trace[trace:],
                        {k: v for k, v in self._converters.items() if k not in converters})
        return iter(parts)
    parts, trace_added, converters_added = _parsed[key]
    self._trace.extend(trace_added)
    self._converters.update(converters_added)
    self.arguments.update(converters_added)
    return iter(parts)


if hasattr(Rule, "_compile_builder") and hasattr(Rule, "_parse_rule"):
    # Private methods: a Werkzeug without them runs slower.
    Rule._compile_builder = _compile_builder_once  # type: ignore[method-assign]
    Rule._parse_rule = _parse_rule_once  # type: ignore[method-assign]


# Each app a test creates makes its own SQLAlchemy engine, and an engine compiles each
# statement the first time it runs it, into a cache of its own keyed by its dialect: with an
# engine per test, compiling SQL took a sixth of the tests' time. The SQLite engines the
# tests make differ only in their file (their pool, connections and events stay their own),
# so they share one dialect, set up by a first connection, and one cache of compiled SQL.
_make_engine = database.make_engine
_sqlite_donor = _make_engine("sqlite://")
with _sqlite_donor.connect():
    pass
_compiled_sql = sa.util.LRUCache(5000)


def _make_engine_sharing_compiled_sql(url: str) -> sa.Engine:
    engine = _make_engine(url)
    if engine.dialect.name == "sqlite" and engine.dialect.driver == _sqlite_donor.dialect.driver:
        engine.dialect = _sqlite_donor.dialect
        engine._compiled_cache = _compiled_sql
    return engine


database.make_engine = _make_engine_sharing_compiled_sql


# zxcvbn scores a password from it and its owner's words alone, and the suite's factories make
# the same accounts test after test (facilitator1@example.org, the same password): each
# password and set of words is scored once per test process.
_zxcvbn = passwords.zxcvbn
_scores: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}


def _zxcvbn_once(password: str, user_inputs: list[str] | None = None) -> dict[str, Any]:
    key = (password, tuple(user_inputs or ()))
    if key not in _scores:
        _scores[key] = _zxcvbn(password, user_inputs=user_inputs)
    return copy.deepcopy(_scores[key])


passwords.zxcvbn = _zxcvbn_once


@pytest.fixture
def app(instance: Path) -> Iterator[Flask]:
    app = create_app(TEST_CONFIG)
    app.test_client_class = IsolatedClient
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


def workshop_fingerprint(workshop_id: int) -> tuple[object, ...]:
    """Everything a refused action must leave as it was: settings, topics, votes, log, people."""
    db.session.rollback()
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop_id)
    topics = db.session.execute(
        sa.select(Contribution.id, Contribution.title, Contribution.details,
                  Contribution.status, Contribution.merged_into_id)
        .order_by(Contribution.id)  # every workshop's: a foreign id must change none
    ).all()
    votes = db.session.execute(
        sa.select(Vote.id, Vote.participant_id, Vote.contribution_id).order_by(Vote.id)
    ).all()
    questions = db.session.execute(
        sa.select(Question.id, Question.text, Question.answered, Question.pinned,
                  Question.archived).order_by(Question.id)
    ).all()
    upvotes = db.session.execute(
        sa.select(QuestionUpvote.question_id, QuestionUpvote.participant_id)
        .order_by(QuestionUpvote.id)
    ).all()
    log = db.session.scalar(sa.select(sa.func.count()).select_from(Event))
    people = db.session.scalar(sa.select(sa.func.count()).select_from(Participant))
    return (workshop.last_seq, log, workshop.phase, workshop.state, dict(workshop.options),
            workshop.vote_budget, workshop.max_votes_per_topic, workshop.joining_locked,
            topics, votes, people, questions, upvotes)


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, object], **kwargs):  # type: ignore[no-untyped-def]
    """Submit a form as a browser does: load the page, take its CSRF token, post."""
    page = client.get(url, **kwargs)
    return client.post(url, data={"csrf_token": csrf_from(page.text), **data}, **kwargs)


@pytest.fixture
def make_facilitator(app: Flask):  # type: ignore[no-untyped-def]
    counter = iter(range(1, 10_000))

    def make(email: str | None = None, password: str = PASSWORD) -> Facilitator:
        with db.unit_of_work() as session:
            return facilitators.create_facilitator(
                session, email or f"facilitator{next(counter)}@example.org", password, "Fa"
            )

    return make


@pytest.fixture
def make_workshop(app: Flask):  # type: ignore[no-untyped-def]
    def make(owner: Facilitator, **settings: object) -> Workshop:
        values: dict[str, object] = {"title": "Customer day", "method": Method.OPEN_SPACE}
        values.update(settings)
        with db.unit_of_work() as session:
            change = workshops.create_workshop(
                session, owner, workshops.WorkshopSettings(**values)  # type: ignore[arg-type]
            )
            return session.get(Workshop, change.workshop_id)

    return make


@pytest.fixture
def logged_in(client: FlaskClient, make_facilitator):  # type: ignore[no-untyped-def]
    """A client signed in as a fresh facilitator; returns that facilitator."""
    owner = make_facilitator()
    response = post_form(client, "/login", {"email": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    return owner


# --- live server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`workshop serve` in a subprocess, on its own instance folder and port."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder), **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "server.log"

    def cli(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "workshop", *args],
            env=self.env, input=stdin, capture_output=True, text=True, check=True,
        )
        return result.stdout

    def command(self) -> list[str]:
        return [sys.executable, "-m", "workshop", "serve", "--port", str(self.port)]

    def start(self) -> LiveServer:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(), env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log.read_text())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)  # polling for the port to open, not waiting blindly
        raise RuntimeError("server did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def live_server(tmp_path: Path, migrated_template: Path) -> Iterator[LiveServer]:
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copy(migrated_template, folder / "atelier.db")
    server = LiveServer(folder).start()
    yield server
    server.stop()


# --- one app context per request, and French catalog look-ups ------------------------------


def french(message: str) -> str:
    """The French catalog's translation of ``message``; fails while it is not translated."""
    catalog = Translations.load(str(ROOT / "workshop" / "i18n"), ["fr"])
    translated = catalog.gettext(message)
    assert translated != message, f"not translated into French yet: {message!r}"
    return translated
