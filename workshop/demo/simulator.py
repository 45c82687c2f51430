"""A simulated room: people join and act through the services, one unit of work per action.

Every action goes where a socket handler would send it (same service, same actor string, a
client_id of its own), so the demo exercises the product's one code path and leaves behind
exactly what a real workshop would: contributions, votes, documents, the event log.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa
from pycrdt import Doc, Text

from ..errors import NotFound
from ..extensions import db
from ..models import (
    Commitment,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Facilitator,
    Method,
    Participant,
    Question,
    QuestionUpvote,
    SharedDocument,
    Vote,
    Workshop,
)
from ..realtime import commands
from ..roles import Role
from ..services import (
    agenda,
    commitments,
    controls,
    documents,
    events,
    facilitators,
    navigation,
    participants,
    phases,
    placement,
    presence,
    questions,
    seating,
    topics,
    voting,
    workshops,
)
from ..services.changes import Change
from .content import Content
from .languages import content_for

DEFAULT_EMAIL = "demo@atelier.example"
DEFAULT_SEED = 2013
MIN_PARTICIPANTS, MAX_PARTICIPANTS = 2, 5000
GROUP_SHARES = (("employee", 0.45), ("customer", 0.40), ("partner", 0.15))
INITIALS = "ABCDEFGHJLMNPRSTVW"
CONSENT_SHARE = 0.6  # participants who agree to be quoted in the reports


@dataclass
class DemoResult:
    """What the demo made, as counted in the database once it is over."""

    workshop_id: int
    code: str
    title: str
    method: str
    language: str
    participants: int
    groups: dict[str, int]
    contributions: dict[str, int]  # visible contributions per kind
    votes: dict[str, int]  # dots per ballot
    documents: dict[str, int]  # non-empty documents per kind
    commitments: int
    phase: str
    state: str
    facilitator: str
    password: str | None = None  # only when the demo created the facilitator
    seed: int = DEFAULT_SEED
    questions: int = 0  # asked to the room
    upvotes: int = 0  # given to those questions


class Stopped(Exception):  # noqa: N818 (a signal, not an error)
    """The demo has done what people do in the phase it was to stop in."""


class Simulation:
    """One demo workshop and the people in it; the flows (flows.py) tell them what to do."""

    def __init__(self, method: Method, count: int, language: str, seed: int = DEFAULT_SEED,
                 email: str = DEFAULT_EMAIL,
                 progress: Callable[[str], None] | None = None,
                 stop_in: str | None = None) -> None:
        if not MIN_PARTICIPANTS <= count <= MAX_PARTICIPANTS:
            raise ValueError(f"between {MIN_PARTICIPANTS} and {MAX_PARTICIPANTS} participants")
        self.method = method
        self.count = count
        self.content: Content = content_for(language)
        self.seed = seed
        self.email = email
        self.rng = random.Random(seed)
        self.progress = progress or (lambda _label: None)
        self.stop_in = stop_in
        self.phase: str | None = None
        self.people: list[Participant] = []
        self.password: str | None = None
        self._actions = 0
        self._mirrors: dict[str, Doc[Any]] = {}
        self._written: dict[str, set[str]] = {}
        self.facilitator, self.workshop = self._open()
        self.host = events.facilitator_actor(self.facilitator.id)

    # --- setting up --------------------------------------------------------------------------

    def _open(self) -> tuple[Facilitator, Workshop]:
        with db.unit_of_work() as session:
            try:
                owner = facilitators.find_by_email(session, self.email)
            except NotFound:
                self.password = secrets.token_urlsafe(12)
                # A demo account whose password is printed never administers the install.
                owner = facilitators.create_facilitator(
                    session, self.email, self.password, self.content.facilitator_name,
                    admin=False)
        settings = workshops.WorkshopSettings(
            title=self.content.titles[self.method.value], method=self.method,
            language=self.content.language,
            calling_question=self.content.questions[self.method.value],
        )
        created = commands.execute(
            lambda session: workshops.create_workshop(session, owner, settings))
        workshop = db.session.get(Workshop, created.workshop_id)
        assert workshop is not None
        return owner, workshop

    def join(self, count: int) -> list[Participant]:
        """``count`` people join from their phones: mixed groups, some consenting to quotes."""
        names = self.content.first_names
        joined = []
        for _ in range(count):
            index = len(self.people)
            # The first two make sure employees and customers are both in the room.
            group = ("employee", "customer")[index] if index < 2 else self._group()
            name = f"{self.rng.choice(names)} {self.rng.choice(INITIALS)}."
            request = participants.JoinRequest(
                name, group, consent_quote=self.rng.random() < CONSENT_SHARE,
                locale=self.content.language)
            self._end_reads()
            change = commands.execute(
                partial(participants.join, workshop=self.workshop, request=request))
            person = db.session.get(Participant, change.result["participant"])
            assert person is not None
            self.people.append(person)
            joined.append(person)
        return joined

    def _group(self) -> str:
        roll, total = self.rng.random(), 0.0
        for key, share in GROUP_SHARES:
            total += share
            if roll < total:
                return key
        return GROUP_SHARES[-1][0]

    # --- one action, one unit of work ----------------------------------------------------------

    def _client_id(self) -> str:
        self._actions += 1
        return f"demo-{self._actions:07d}"

    def actor(self, person: Participant | None) -> str:
        return events.participant_actor(person.id) if person else self.host

    def act(self, person: Participant | None,
            action: Callable[[Any, Workshop, Participant | None, str, str], Change]) -> Change:
        """Run one service call as its handler would: its own transaction and client_id."""
        self._end_reads()
        actor, client_id = self.actor(person), self._client_id()
        return commands.execute(
            lambda session: action(session, self.workshop, person, actor, client_id))

    def goto(self, phase_id: str) -> Change:
        self._leaving(phase_id)
        self.progress(phase_id)
        self.phase = phase_id
        return self.act(None, lambda s, w, _p, a, c: navigation.navigate(s, w, phase_id, a, c))

    def finish(self) -> Change:
        self._leaving(None)
        return self.act(None, lambda s, w, _p, a, c: navigation.finish(s, w, True, a, c))

    def _leaving(self, next_phase: str | None) -> None:
        """Stop, the workshop left running, rather than leave the phase to stop in."""
        if self.stop_in is not None and self.phase == self.stop_in != next_phase:
            raise Stopped(self.stop_in)

    def settings(self, values: dict[str, Any]) -> Change:
        return self.act(None, lambda s, w, _p, a, c: controls.update(s, w, values, a, c))

    def propose(self, person: Participant | None, title: str, details: str = "", *,
                kind: str | None = None, parent_id: int | None = None) -> int:
        change = self.act(person, lambda s, w, p, a, c: topics.propose(
            s, w, p, title, details, a, c, kind=kind, parent_id=parent_id))
        topic_id: int = change.result["topic"]["id"]
        return topic_id

    def edit(self, topic_id: int, title: str) -> Change:
        return self.act(None, lambda s, w, p, a, c: topics.edit(s, w, topic_id, title, None,
                                                                 p, a, c))

    def vote(self, person: Participant, topic_id: int) -> Change:
        return self.act(person, lambda s, w, _p, a, c: voting.cast(s, w, person, topic_id, a, c))

    def retract(self, person: Participant, topic_id: int) -> Change:
        return self.act(person, lambda s, w, _p, a, c: voting.retract(s, w, person, topic_id, a, c))

    def mark(self, person: Participant, topic_id: int) -> Change:
        return self.act(person, lambda s, w, _p, a, c: presence.mark(s, w, person, topic_id,
                                                                   True, a, c))

    def check_in(self, person: Participant, topic_id: int | None) -> Change:
        return self.act(person, lambda s, w, _p, a, c: presence.check_in(s, w, person, topic_id,
                                                                       a, c))

    def set_grid(self, rooms: list[dict[str, Any]], slots: list[dict[str, Any]]) -> Change:
        return self.act(None, lambda s, w, _p, a, c: agenda.set_grid(s, w, rooms, slots, a, c))

    def place(self, person: Participant | None, topic_id: int, room_id: int,
              slot_id: int) -> Change:
        return self.act(person, lambda s, w, p, a, c: placement.place(s, w, p, topic_id, room_id,
                                                                   slot_id, a, c))

    def lock(self, topic_id: int) -> Change:
        return self.act(None, lambda s, w, _p, a, c: placement.lock(s, w, topic_id, True, a, c))

    def build(self) -> Change:
        return self.act(None, lambda s, w, _p, a, c: placement.build(s, w, a, c))

    def reseat(self) -> Change:
        return self.act(None, lambda s, w, _p, a, c: seating.reseat(s, w, a, c))

    def commit(self, person: Participant | None, payload: dict[str, Any]) -> Change:
        return self.act(person, lambda s, w, p, a, c: commitments.add(s, w, p, payload, a, c))

    def ask(self, person: Participant, text: str) -> int:
        change = self.act(person, lambda s, w, _p, a, c: questions.ask(s, w, person, text, a, c))
        question_id: int = change.result["question_id"]
        return question_id

    def upvote(self, person: Participant, question_id: int) -> Change:
        return self.act(person, lambda s, w, _p, a, c: questions.upvote(
            s, w, person, question_id, True, a, c))

    def answered(self, question_id: int) -> Change:
        return self.act(None, lambda s, w, _p, a, c: questions.mark_answered(
            s, w, question_id, True, a, c))

    def write(self, person: Participant | None, key: str, name: str, text: str) -> None:
        """Type ``text`` at the end of field ``name`` of document ``key``, as a Yjs update.

        Each edit comes from a fresh Yjs client that first received the document, as a phone
        opening it would; the server gets only the edit (the update since that state).
        """
        mirror = self._mirrors.setdefault(key, Doc())
        phone: Doc[Any] = Doc(client_id=self.rng.getrandbits(30) + 1)
        phone.apply_update(mirror.get_update())
        before = phone.get_state()
        body = phone.get(name, type=Text)
        body.insert(len(body), ("\n" if len(body) else "") + text)
        update = phone.get_update(before)
        role = Role.PARTICIPANT if person else Role.FACILITATOR
        self._end_reads()
        commands.execute(lambda session: documents.apply_update(
            session, self.workshop, key, update, role, person))
        mirror.apply_update(update)

    def pick(self, key: str, lines: tuple[str, ...]) -> str:
        """A line not yet written in document ``key`` (any line once all are used)."""
        used = self._written.setdefault(key, set())
        fresh = [line for line in lines if line not in used] or list(lines)
        line = self.rng.choice(fresh)
        used.add(line)
        return line

    # --- reading, as a phone or the console would see it --------------------------------------

    def _end_reads(self) -> None:
        # A read between actions leaves a transaction open; unit_of_work would roll it back,
        # expiring every loaded object (the workshop, the people) and reloading them one by
        # one. Committing a read-only transaction ends it without forgetting anything.
        if db.session.in_transaction():
            db.session.commit()

    def read(self) -> Any:
        """The session for reads between actions, showing what the last commit stored."""
        self._end_reads()
        return db.session

    def cells(self) -> list[tuple[int, int, int]]:
        """(topic id, room id, slot id) of every session on the grid."""
        return [(c.contribution_id, c.room_id, c.slot_id)
                for c in agenda.cells_of(self.read(), self.workshop)]

    def present(self) -> list[Participant]:
        return list(self.people)

    # --- the outcome ---------------------------------------------------------------------------

    def result(self) -> DemoResult:
        session = self.read()
        workshop = session.get(Workshop, self.workshop.id)
        assert workshop is not None
        wid = workshop.id
        kinds = dict(session.execute(
            sa.select(Contribution.kind, sa.func.count())
            .where(Contribution.workshop_id == wid,
                   Contribution.status == ContributionStatus.VISIBLE)
            .group_by(Contribution.kind)).all())
        ballots = dict(session.execute(
            sa.select(Vote.ballot, sa.func.count()).where(Vote.workshop_id == wid)
            .group_by(Vote.ballot)).all())
        docs = dict(session.execute(
            sa.select(SharedDocument.kind, sa.func.count())
            .where(SharedDocument.workshop_id == wid, SharedDocument.text != "")
            .group_by(SharedDocument.kind)).all())
        promised = session.scalar(sa.select(sa.func.count()).select_from(Commitment)
                                  .where(Commitment.workshop_id == wid)) or 0
        asked = session.scalar(sa.select(sa.func.count()).select_from(Question)
                               .where(Question.workshop_id == wid)) or 0
        upvoted = session.scalar(sa.select(sa.func.count()).select_from(QuestionUpvote)
                                 .where(QuestionUpvote.workshop_id == wid)) or 0
        return DemoResult(
            workshop_id=wid, code=workshop.join_code, title=workshop.title,
            method=workshop.method.value, language=workshop.language,
            participants=len(self.people),
            groups=workshops.participant_counts(session, workshop),
            contributions={ContributionKind(k).value: n for k, n in sorted(kinds.items())},
            votes=dict(sorted(ballots.items())),
            documents=dict(sorted(docs.items())),
            commitments=promised,
            phase=phases.current_phase(workshop).id, state=workshop.state.value,
            facilitator=self.facilitator.email, password=self.password, seed=self.seed,
            questions=asked, upvotes=upvoted,
        )
