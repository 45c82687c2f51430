"""A real room over real sockets: are the votes stored the votes acknowledged, and no more?"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
import socketio

from tests.conftest import LiveServer
from tests.realtime.conftest import wait_until
from tests.realtime.test_connection import TIMEOUT, Facilitator, Workshop, World

pytestmark = pytest.mark.live

PHONES = 50
ATTEMPTS = 7  # per phone, against a budget of 5 and a cap of 3: some must be refused


class Device:
    """A python-socketio client that remembers what it was sent."""

    def __init__(self, server: LiveServer, auth: dict[str, Any]) -> None:
        self.auth = auth
        self.client = socketio.Client(reconnection=False)
        self.tallies: list[dict[str, Any]] = []
        self.client.on("tally", self.tallies.append)
        self.client.connect(server.url, auth=auth, transports=["websocket"],
                            wait_timeout=TIMEOUT)
        self._ids = iter(range(1, 10_000))
        self.participant_id: int | None = None

    def send(self, event: str, client_id: str | None = None, **payload: Any) -> dict[str, Any]:
        client_id = client_id or f"{event}-{next(self._ids)}"
        return self.client.call(event, {"client_id": client_id, **payload}, timeout=TIMEOUT)


@pytest.fixture
def devices(live_server: LiveServer) -> Iterator[Callable[[dict[str, Any]], Device]]:
    opened: list[Device] = []

    def open_device(auth: dict[str, Any]) -> Device:
        device = Device(live_server, auth)
        opened.append(device)
        return device

    yield open_device
    for device in opened:
        if device.client.connected:
            device.client.disconnect()


def database(server: LiveServer) -> sqlite3.Connection:
    return sqlite3.connect(server.folder / "atelier.db", timeout=TIMEOUT)


def screen_key(server: LiveServer, workshop: Workshop) -> str:
    with database(server) as db:
        return db.execute("SELECT screen_key FROM workshop WHERE id = ?",
                          (workshop.id,)).fetchone()[0]


def stored_votes(server: LiveServer, workshop: Workshop) -> Counter[tuple[int, int]]:
    """Dots in the database, per (participant, topic)."""
    with database(server) as db:
        rows = db.execute("SELECT participant_id, contribution_id, COUNT(*) FROM vote "
                          "WHERE workshop_id = ? GROUP BY participant_id, contribution_id",
                          (workshop.id,)).fetchall()
    return Counter({(person, topic): n for person, topic, n in rows})


def join(server: LiveServer, workshop: Workshop, name: str) -> dict[str, Any]:
    response = requests.post(f"{server.url}/api/v1/join", timeout=TIMEOUT,
                             json={"code": workshop.code, "name": name, "group": "customer"})
    assert response.status_code == 201, response.text
    return response.json()


def phone(server: LiveServer, open_device: Callable[..., Device], workshop: Workshop,
          name: str) -> Device:
    joined = join(server, workshop, name)
    device = open_device({"token": joined["token"]})
    device.participant_id = joined["participant"]["id"]
    return device


def console(open_device: Callable[..., Device], owner: Facilitator, workshop: Workshop) -> Device:
    return open_device({"token": owner.token, "workshop": workshop.id})


def test_are_the_votes_stored_exactly_the_votes_acknowledged_in_a_room_of_fifty(
    live_server: LiveServer, devices: Callable[..., Device]
) -> None:
    world = World(live_server)
    owner = world.facilitator("ana@example.org")
    workshop = world.workshop(owner)
    facilitator = console(devices, owner, workshop)
    screen = devices({"workshop": workshop.id, "screen": screen_key(live_server, workshop)})
    with ThreadPoolExecutor(max_workers=PHONES) as pool:
        phones = list(pool.map(lambda n: phone(live_server, devices, workshop, f"Phone {n}"),
                               range(PHONES)))
        assert facilitator.send("phase.next")["phase"] == "marketplace"
        proposals = list(pool.map(
            lambda p: p.send("topic.propose", title=f"Idea of {p.participant_id}"), phones))
        topics = [answer["topic"]["id"] for answer in proposals]
        assert facilitator.send("phase.goto", phase="convergence")["phase"] == "convergence"

        def vote(device: Device) -> list[tuple[str, dict[str, Any]]]:
            """Vote on a few favourite topics; resend every ok vote once, as a flaky phone."""
            choices = random.Random(device.participant_id).choices(topics[:6], k=ATTEMPTS)
            answers = []
            for n, topic_id in enumerate(choices):
                client_id = f"dot-{n}"
                answer = device.send("vote.cast", client_id, topic_id=topic_id)
                if answer["ok"]:
                    assert device.send("vote.cast", client_id, topic_id=topic_id) == answer
                answers.append((client_id, answer))
            return answers

        ballots = dict(zip(phones, pool.map(vote, phones), strict=True))

    acknowledged: Counter[tuple[int, int]] = Counter()
    refusals: Counter[str] = Counter()
    for device, answers in ballots.items():
        for _client_id, answer in answers:
            if answer["ok"]:
                acknowledged[(device.participant_id, answer["topic_id"])] += 1
            else:
                refusals[answer["error"]["code"]] += 1
        assert sum(answer["ok"] for _c, answer in answers) <= 5  # nobody beats the budget
    stored = stored_votes(live_server, workshop)
    assert stored == acknowledged
    assert max(stored.values()) <= 3  # nor the cap
    assert set(refusals) <= {"no_votes_left", "topic_cap_reached"} and refusals

    facilitator.send("settings.update", results_visible=True)

    per_topic: Counter[int] = Counter()
    for (_person, topic_id), n in stored.items():
        per_topic[topic_id] += n
    expected = {str(topic_id): n for topic_id, n in per_topic.items()}
    wait_until(lambda: screen.tallies and screen.tallies[-1]["counts"] == expected,
               "the screen's tally to match the stored votes", timeout=TIMEOUT)


def test_can_two_votes_sent_at_once_spend_a_last_dot_twice(
    live_server: LiveServer, devices: Callable[..., Device]
) -> None:
    world = World(live_server)
    owner = world.facilitator("ana@example.org")
    workshop = world.workshop(owner)
    facilitator = console(devices, owner, workshop)
    lea = phone(live_server, devices, workshop, "Léa")
    lea_again = devices(lea.auth)  # her second tab, on a connection of its own
    facilitator.send("phase.next")
    topic_id = lea.send("topic.propose", title="Remote work")["topic"]["id"]
    facilitator.send("phase.goto", phase="convergence")
    facilitator.send("settings.update", vote_budget=1)

    def tap(device: Device, client_id: str, gate: threading.Barrier) -> dict[str, Any]:
        gate.wait(timeout=TIMEOUT)  # both tabs send at the same moment
        return device.send("vote.cast", client_id, topic_id=topic_id)

    for round_ in range(5):
        gate = threading.Barrier(2)
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(tap, (lea, lea_again),
                                    (f"race-{round_}-a", f"race-{round_}-b"), (gate, gate)))

        outcomes = sorted("ok" if a["ok"] else a["error"]["code"] for a in answers)
        assert outcomes == ["no_votes_left", "ok"], f"round {round_}: {answers}"
        assert stored_votes(live_server, workshop) == {(lea.participant_id, topic_id): 1}
        assert lea.send("vote.retract", topic_id=topic_id)["votes_left"] == 1
