"""Socket.IO test clients that behave like separate devices, and a fresh broadcaster per test."""

from __future__ import annotations

import contextvars
import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.conftest import workshop_fingerprint
from workshop.extensions import db, socketio
from workshop.models import Facilitator, Vote, Workshop
from workshop.realtime import broadcaster as broadcasting
from workshop.realtime import closing, commands, docs, tallying
from workshop.services import facilitators, participants
from workshop.services.participants import JoinRequest

WAIT = 5.0  # seconds; never waited out when all is well


def wait_until(condition: Callable[[], Any], what: str, timeout: float = WAIT,
               every: float = 0.02) -> Any:
    """Poll ``condition`` every ``every`` seconds until it returns something truthy, or fail
    after ``timeout``. A cheap condition (a flag, a socket's state) may be polled faster."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)  # a poll interval, not a wait for something to happen


@pytest.fixture(autouse=True)
def broadcaster(monkeypatch: pytest.MonkeyPatch) -> Iterator[broadcasting.Broadcaster]:
    """A broadcaster of this test's own, ticking fast; it has stopped when the test ends.

    A tally flusher left over from an earlier test, for a workshop with the same id in another
    database, must not send into this one. Rates are not under test here: only who gets what.
    """
    fresh = broadcasting.Broadcaster()
    for module in (commands, docs):
        monkeypatch.setattr(module, "broadcaster", fresh)
    monkeypatch.setattr(tallying, "SCREEN_INTERVAL", 0.01)
    monkeypatch.setattr(tallying, "PHONE_INTERVAL", 0.05)
    monkeypatch.setattr(tallying, "IDLE_STOP", 0.2)
    yield fresh
    monkeypatch.setattr(tallying, "IDLE_STOP", 0)  # flushers end at their next tick
    settle(fresh)


@pytest.fixture
def quick_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sockets closed by the server close at once, for tests that wait for the closing.

    The test client hands each message over as it is sent: no word is still on its way when
    the socket closes, so the half second production leaves for it need not be waited.
    """
    monkeypatch.setattr(closing, "CLOSE_DELAY", 0.01)


def settle(broadcaster: broadcasting.Broadcaster) -> None:
    """Wait until every tally owed has been sent and the flushers have stopped."""
    wait_until(lambda: not broadcaster.tallies._running, "the tally flushers to stop",
               every=0.002)


def isolated(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run server code in a context of its own, as each event runs in production.

    The ``app`` fixture keeps an app context pushed; without this every event would share its
    ``g``: one database session, and the first client's language for everyone.
    """
    return contextvars.Context().run(function, *args, **kwargs)


class Socket:
    """One device's Socket.IO connection to the app under test."""

    def __init__(self, app: Flask, auth: dict[str, Any], language: str | None = None) -> None:
        headers = {"Accept-Language": language} if language else None
        self.app, self.auth, self.language = app, auth, language
        self.participant_id: int | None = None
        self._client = isolated(socketio.test_client, app, auth=auth, headers=headers)
        self._seen = 0

    def again(self) -> Socket:
        """A second connection of the same device (a reconnection, or a second tab)."""
        return Socket(self.app, self.auth, self.language)

    @property
    def connected(self) -> bool:
        return self._client.is_connected()

    def call(self, event: str, *payload: Any) -> Any:
        """Send ``event`` and return its acknowledgement."""
        db.session.rollback()  # the test's own session then sees what the event commits
        db.session.expire_all()
        answer = isolated(self._client.emit, event, *payload, callback=True)
        db.session.rollback()
        return answer

    def received(self, name: str) -> list[dict[str, Any]]:
        """Bodies of the ``name`` messages received since the last ``forget``."""
        queue = self._client.queue[self._seen:]
        return [message["args"][0] for message in queue if message["name"] == name]

    def forget(self) -> None:
        self._seen = len(self._client.queue)

    def state(self) -> dict[str, Any]:
        answer = self.call("sync")
        assert answer["ok"], answer
        return answer["state"]


class Room:
    """A workshop with its facilitator, and a way to connect phones, consoles and screens."""

    def __init__(self, app: Flask, owner: Facilitator, workshop: Workshop,
                 api_token: str | None = None, first_id: int = 1) -> None:
        """``api_token``, ``first_id``: the console's token and the next client id of a room
        made before (see ``reopened``)."""
        self.app, self.owner, self.workshop = app, owner, workshop
        self._ids = (f"c-{n}" for n in itertools.count(first_id))
        if api_token is None:
            with db.unit_of_work() as session:
                _token, api_token = facilitators.issue_api_token(session, owner)
        self.api_token = api_token

    def client_id(self) -> str:
        return next(self._ids)

    def reopened(self) -> dict[str, Any]:
        """What another process needs to open this room again from its rows: its ids, its
        console's token and the next client id (a used one would be answered as a retry)."""
        return {"owner": self.owner.id, "workshop": self.workshop.id,
                "api_token": self.api_token, "first_id": int(self.client_id()[2:])}

    @classmethod
    def reopen(cls, app: Flask, made: dict[str, Any]) -> Room:
        owner, workshop = db.session.get(Facilitator, made["owner"]), \
            db.session.get(Workshop, made["workshop"])
        assert owner is not None and workshop is not None
        return cls(app, owner, workshop, made["api_token"], made["first_id"])

    def phone(self, name: str = "Léa", language: str | None = None) -> Socket:
        with db.unit_of_work() as session:
            joined = participants.join(
                session, self.workshop, JoinRequest(name, "customer", locale=language)
            )
        return self.phone_of(joined.result["token"], joined.result["participant"], language)

    def phone_of(self, token: str, participant_id: int, language: str | None = None) -> Socket:
        """The phone of someone who joined before, by the token their join gave."""
        socket = Socket(self.app, {"token": token}, language)
        socket.participant_id = participant_id
        return socket

    def console(self, language: str | None = None) -> Socket:
        return Socket(self.app, {"token": self.api_token, "workshop": self.workshop.id},
                      language)

    def screen(self) -> Socket:
        return Socket(self.app, {"workshop": self.workshop.id,
                                 "screen": self.workshop.screen_key})

    def fingerprint(self) -> tuple[Any, ...]:
        """Everything a refused action must leave as it was."""
        return workshop_fingerprint(self.workshop.id)

    def stored_votes(self) -> dict[int, int]:
        db.session.rollback()
        rows = db.session.execute(
            sa.select(Vote.contribution_id, sa.func.count()).group_by(Vote.contribution_id)
        )
        return {topic: n for topic, n in rows}


def act(room: Room, socket: Socket, event: str, **payload: Any) -> dict[str, Any]:
    """Send ``event`` as a new action of ``socket``'s device; it must be accepted."""
    answer: dict[str, Any] = socket.call(event, {"client_id": room.client_id(), **payload})
    assert answer["ok"] is True, answer
    return answer


def refused(room: Room, socket: Socket, event: str, code: str, **payload: Any) -> dict[str, Any]:
    """Send ``event``: it must be refused with ``code`` and leave the workshop as it was."""
    before = room.fingerprint()
    answer: dict[str, Any] = socket.call(event, {"client_id": room.client_id(), **payload})
    assert answer["error"]["code"] == code, answer
    assert room.fingerprint() == before
    return answer


Reviewed = tuple[Socket, Socket, Socket, Socket]


@pytest.fixture
def make_room(app: Flask, make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    def make(owner: Facilitator | None = None, **settings: object) -> Room:
        owner = owner or make_facilitator()
        return Room(app, owner, make_workshop(owner, **settings))

    return make


@pytest.fixture
def room(make_room) -> Room:  # type: ignore[no-untyped-def]
    return make_room()


@pytest.fixture
def reviewed(room: Room) -> Reviewed:
    """A workshop in review-first mode at its marketplace: its console, its screen, Léa and Noa
    (in French)."""
    console = room.console()
    act(room, console, "phase.goto", phase="marketplace")
    act(room, console, "settings.update", review_first=True)
    return console, room.screen(), room.phone("Léa"), room.phone("Noa", language="fr")
