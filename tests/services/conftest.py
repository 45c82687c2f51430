"""Factories for the live engine's services: a workshop, its people, its phases, its votes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from tests.conftest import workshop_fingerprint
from workshop.extensions import db
from workshop.models import Participant, Vote, Workshop
from workshop.services import events, navigation, participants, topics, voting
from workshop.services.participants import JoinRequest

Refusal = TypeVar("Refusal", bound=BaseException)


class Room:
    """One Open Space workshop driven through the services, as the handlers drive it."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.facilitator = events.facilitator_actor(workshop.facilitator_id)

    def join(self, name: str = "Camille", locale: str | None = None) -> Participant:
        with db.unit_of_work() as session:
            change = participants.join(
                session, self.workshop, JoinRequest(name, "customer", locale=locale)
            )
            return session.get(Participant, change.result["participant"])

    def move_to(self, phase: str) -> None:
        with db.unit_of_work() as session:
            navigation.navigate(session, self.workshop, phase, self.facilitator, None)

    def propose(self, author: Participant | None, title: str = "Remote work") -> int:
        actor = events.participant_actor(author.id) if author else self.facilitator
        with db.unit_of_work() as session:
            change = topics.propose(session, self.workshop, author, title, "", actor, None)
        return change.result["topic"]["id"]

    def cast(self, voter: Participant, topic_id: int, times: int = 1) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for _ in range(times):
            with db.unit_of_work() as session:
                change = voting.cast(session, self.workshop, voter, topic_id,
                                     events.participant_actor(voter.id), None)
            result = change.result
        return result

    def hide(self, topic_id: int, hidden: bool = True) -> None:
        with db.unit_of_work() as session:
            topics.set_hidden(session, self.workshop, topic_id, hidden, self.facilitator, None)

    def counts(self) -> dict[int, int]:
        db.session.rollback()
        return voting.counts(db.session, self.workshop)

    def votes_of(self, voter: Participant) -> dict[int, int]:
        """Every stored dot of ``voter`` per topic, counted or not."""
        db.session.rollback()
        rows = db.session.execute(
            sa.select(Vote.contribution_id, sa.func.count())
            .where(Vote.participant_id == voter.id).group_by(Vote.contribution_id)
        )
        return {topic: n for topic, n in rows}

    def fingerprint(self) -> tuple[Any, ...]:
        """Everything a refused action must leave as it was."""
        return workshop_fingerprint(self.workshop.id)

    def refuses(self, error: type[Refusal], attempt: Callable[[], object]) -> Refusal:
        """``attempt`` raises ``error`` and leaves the workshop as it was."""
        before = self.fingerprint()
        with pytest.raises(error) as caught:
            attempt()
        assert self.fingerprint() == before
        return caught.value


@pytest.fixture
def make_room(make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    def make(**settings: object) -> Room:
        return Room(make_workshop(make_facilitator(), **settings))

    return make


@pytest.fixture
def room(make_room) -> Room:  # type: ignore[no-untyped-def]
    return make_room()
