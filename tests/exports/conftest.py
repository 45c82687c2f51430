"""Fixtures for the exports: a synthesis built from a small simulated workshop, and a driver
for hand-made workshops run through the services as the socket handlers run them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from pycrdt import Doc, Text

from tests.conftest import installation
from tests.exports.synthetic import make_synthesis
from tests.recorded_demos import run_demo
from workshop.exports.builders import synthesis
from workshop.exports.model import Synthesis
from workshop.extensions import db
from workshop.models import Method, Participant, Workshop
from workshop.roles import Role
from workshop.services import (
    commitments,
    documents,
    events,
    navigation,
    participants,
    placement,
    presence,
    topics,
    voting,
    workshops,
)
from workshop.services.changes import Change
from workshop.services.participants import JoinRequest

DemoSynthesis = Callable[..., Synthesis]


@pytest.fixture(scope="module")
def small() -> Synthesis:
    """The small hand-made synthesis of ``tests.exports.synthetic``, made once per module."""
    return make_synthesis()


@pytest.fixture
def make_demo_synthesis(app: Flask) -> DemoSynthesis:
    """Run a demo workshop (method, participants, language) and build its synthesis."""

    def make(method: Method = Method.OPEN_SPACE, participants: int = 12,
             language: str = "fr", seed: int = 2013) -> Synthesis:
        result = run_demo(method, participants, language, seed=seed)
        db.session.rollback()
        workshop = db.session.get(Workshop, result.workshop_id)
        assert workshop is not None
        return synthesis.build(db.session, workshop)

    return make


@dataclass(frozen=True)
class BuiltDemo:
    """A demo workshop's synthesis, and the names of its people who did not agree to be quoted."""

    synthesis: Synthesis
    unquoted: tuple[str, ...]


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory,
               migrated_template: Path) -> Callable[..., BuiltDemo]:
    """Demo workshops built once per test process, for tests that only read their synthesis.

    A demo is deterministic: the same arguments give the same synthesis, so tests asking for
    the same one (a format per test, a method written by several writers) share it. They run
    in an installation of their own, and must not change what they are given.
    """
    folder = tmp_path_factory.mktemp("demos")
    app = installation(folder, migrated_template)
    built: dict[tuple[Method, int, str, int], BuiltDemo] = {}

    def make(method: Method = Method.OPEN_SPACE, participants: int = 12,
             language: str = "fr", seed: int = 2013) -> BuiltDemo:
        key = (method, participants, language, seed)
        if key not in built:
            with app.app_context():
                result = run_demo(method, participants, language, seed=seed)
                db.session.rollback()
                workshop = db.session.get(Workshop, result.workshop_id)
                assert workshop is not None
                unquoted = db.session.scalars(sa.select(Participant.display_name).where(
                    Participant.workshop_id == workshop.id,
                    Participant.consent_quote.is_(False))).all()
                built[key] = BuiltDemo(synthesis.build(db.session, workshop), tuple(unquoted))
        return built[key]

    return make


class Drive:
    """One hand-made workshop: each call is one unit of work, as a handler would run it."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.host = events.facilitator_actor(workshop.facilitator_id)

    def act(self, person: Participant | None,
            call: Callable[[Any, Workshop, Any, str, str | None], Change]) -> Change:
        actor = events.participant_actor(person.id) if person else self.host
        with db.unit_of_work() as session:
            return call(session, self.workshop, person, actor, None)

    def join(self, name: str, group: str, consent: bool = False) -> Participant:
        with db.unit_of_work() as session:
            joined = participants.join(
                session, self.workshop, JoinRequest(name, group, consent_quote=consent))
            return session.get(Participant, joined.result["participant"])

    def goto(self, phase: str) -> None:
        self.act(None, lambda s, w, _p, a, c: navigation.navigate(s, w, phase, a, c))

    def propose(self, person: Participant | None, title: str, details: str = "",
                **kind: Any) -> int:
        return self.act(person, lambda s, w, p, a, c: topics.propose(
            s, w, p, title, details, a, c, **kind)).result["topic"]["id"]

    def vote(self, person: Participant, topic: int, times: int = 1) -> None:
        for _ in range(times):
            self.act(person, lambda s, w, p, a, c: voting.cast(s, w, p, topic, a, c))

    def place(self, topic: int, room: int, slot: int) -> None:
        self.act(None, lambda s, w, p, a, c: placement.place(s, w, p, topic, room, slot, a, c))

    def mark(self, person: Participant, topic: int) -> None:
        self.act(person, lambda s, w, p, a, c: presence.mark(s, w, p, topic, True, a, c))

    def check_in(self, person: Participant, topic: int) -> None:
        self.act(person, lambda s, w, p, a, c: presence.check_in(s, w, p, topic, a, c))

    def commit(self, person: Participant | None, **payload: Any) -> int:
        change = self.act(person, lambda s, w, p, a, c: commitments.add(s, w, p, payload, a, c))
        return change.result["commitment"]["id"]

    def hide(self, topic: int) -> None:
        self.act(None, lambda s, w, _p, a, c: topics.set_hidden(s, w, topic, True, a, c))

    def write(self, person: Participant | None, key: str, field: str, text: str) -> None:
        """Append ``text`` to a document field as a phone does: sync, edit, send the edit."""
        role = Role.PARTICIPANT if person else Role.FACILITATOR
        doc = Doc()
        db.session.rollback()
        missing, _server = documents.sync_reply(db.session, self.workshop, key, role, person,
                                                doc.get_state())
        doc.apply_update(missing)
        before = doc.get_state()
        body = doc.get(field, type=Text)
        body.insert(len(body), ("\n" if len(body) else "") + text)
        with db.unit_of_work() as session:
            documents.apply_update(session, self.workshop, key, doc.get_update(before), role,
                                   person)

    def finish(self) -> None:
        self.act(None, lambda s, w, _p, a, c: navigation.finish(s, w, True, a, c))

    def build(self, now: datetime | None = None) -> Synthesis:
        db.session.rollback()
        workshop = db.session.get(Workshop, self.workshop.id)
        assert workshop is not None
        return synthesis.build(db.session, workshop, now=now)


@pytest.fixture
def drive(make_facilitator) -> Callable[..., Drive]:  # type: ignore[no-untyped-def]
    """A new workshop to drive by hand (Open Space, employees, customers and partners)."""

    def make(owner_email: str | None = None, **settings: Any) -> Drive:
        values: dict[str, Any] = {"title": "Customer day", "method": Method.OPEN_SPACE}
        values.update(settings)
        owner = make_facilitator(owner_email)
        with db.unit_of_work() as session:
            created = workshops.create_workshop(
                session, owner, workshops.WorkshopSettings(**values))
            workshop = session.get(Workshop, created.workshop_id)
        return Drive(workshop)

    return make
