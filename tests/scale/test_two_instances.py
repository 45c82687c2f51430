"""Two single-process instances sharing PostgreSQL and Redis, as docs/deploy.md runs them.

A phone connected to instance A and a screen connected to instance B are in the same room:
every broadcast goes through Flask-SocketIO's Redis message queue, every read through the one
database, so what B shows is what A stored.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import PASSWORD, LiveServer, csrf_from
from tests.in_order_client import InOrderClient
from tests.realtime.conftest import wait_until
from tests.realtime.test_connection import TIMEOUT, Workshop, World
from tests.scale.servers import Postgres, Redis

pytestmark = [pytest.mark.scale, pytest.mark.live]


class Cluster:
    def __init__(self, url: str, a: LiveServer, b: LiveServer) -> None:
        self.url, self.a, self.b = url, a, b
        self.engine = sa.create_engine(url)

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.scalar(sa.text(sql), params)


@pytest.fixture
def cluster(postgres: Postgres, redis_server: Redis, tmp_path: Path) -> Iterator[Cluster]:
    yield from two_instances(postgres, redis_server, tmp_path, {})


@pytest.fixture
def limited_cluster(postgres: Postgres, redis_server: Redis, tmp_path: Path
                    ) -> Iterator[Cluster]:
    yield from two_instances(postgres, redis_server, tmp_path,
                             {"WORKSHOP_RATE_LIMITS": "action=4/minute"})


def two_instances(postgres: Postgres, redis_server: Redis, tmp_path: Path,
                  extra: dict[str, str]) -> Iterator[Cluster]:
    url = postgres.create_database(f"two_{uuid.uuid4().hex[:8]}")
    env = {"WORKSHOP_DATABASE_URL": url, "WORKSHOP_MESSAGE_QUEUE": redis_server.url,
           # Both instances sign and check the same cookies and retry tokens.
           "WORKSHOP_SECRET_KEY": "the two instances share this secret, " + uuid.uuid4().hex,
           **extra}
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(LiveServer(tmp_path / name, env))
    servers[0].cli("db", "upgrade")
    for server in servers:
        server.start()
    made = Cluster(url, *servers)
    yield made
    for server in servers:
        server.stop()
    made.engine.dispose()


class Device:
    """A python-socketio client on one instance, keeping what it receives."""

    _ids = itertools.count(1)

    def __init__(self, server: LiveServer, auth: dict[str, Any]) -> None:
        self.client = InOrderClient(reconnection=False)
        self.received: dict[str, list[dict[str, Any]]] = {"tally": [], "state": []}
        self.lock = threading.Lock()
        for event in self.received:
            self.client.on(event, lambda body, event=event: self._keep(event, body))
        self.client.connect(server.url, auth=auth, transports=["websocket"],
                            wait_timeout=TIMEOUT)
        self.synced = self.client.call("sync", timeout=TIMEOUT)["state"]

    def _keep(self, event: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.received[event].append(body)

    def send(self, event: str, **payload: Any) -> dict[str, Any]:
        answer = self.client.call(event, {"client_id": f"{event}-{next(self._ids)}", **payload},
                                  timeout=TIMEOUT)
        assert answer["ok"] is True, answer
        return answer

    def newest_tally(self) -> dict[str, int] | None:
        """The counts of the tally with the highest seq, as the clients' live.js keeps it."""
        with self.lock:
            tallies = list(self.received["tally"])
        return max(tallies, key=lambda t: t["seq"])["counts"] if tallies else None


@pytest.fixture
def devices() -> Iterator[Any]:
    opened: list[Device] = []

    def open_device(server: LiveServer, auth: dict[str, Any]) -> Device:
        opened.append(Device(server, auth))
        return opened[-1]

    yield open_device
    for device in opened:
        device.client.disconnect()


def voting_room(cluster: Cluster, devices: Any, phones_on: str = "a") -> tuple[Any, ...]:
    """An Open Space voting with results shown: console and screen on B, phones as asked."""
    world = World(cluster.a)
    owner = world.facilitator(f"{uuid.uuid4().hex[:6]}@example.org")
    workshop: Workshop = world.workshop(owner)
    key = cluster.scalar("SELECT screen_key FROM workshop WHERE id = :id", id=workshop.id)
    console = devices(cluster.b, {"token": owner.token, "workshop": workshop.id})
    screen = devices(cluster.b, {"workshop": workshop.id, "screen": key})
    servers = [cluster.a if c == "a" else cluster.b for c in phones_on]
    phones = [devices(server, {"token": World(server).join(workshop, f"Phone {n}")["token"]})
              for n, server in enumerate(servers)]
    console.send("phase.goto", phase="marketplace")
    topics = [phones[0].send("topic.propose", title=title)["topic"]["id"]
              for title in ("Remote work", "Coffee")]
    console.send("phase.goto", phase="convergence")
    console.send("settings.update", results_visible=True)
    return workshop, console, screen, phones, topics


def test_does_a_vote_on_instance_a_reach_the_screen_on_instance_b(
    cluster: Cluster, devices: Any
) -> None:
    workshop, console, screen, (phone,), (remote, _coffee) = voting_room(cluster, devices)

    phone.send("vote.cast", topic_id=remote)

    wait_until(lambda: screen.newest_tally() == {str(remote): 1}, "the tally on B's screen")
    wait_until(lambda: console.newest_tally() == {str(remote): 1}, "the tally on B's console")
    wait_until(lambda: phone.newest_tally() == {str(remote): 1}, "the tally on A's phone")
    # The phase changes made on B reached the phone on A, in order.
    seqs = [state["seq"] for state in phone.received["state"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert any(s.get("settings", {}).get("results_visible") for s in phone.received["state"])


def test_does_a_timer_started_on_b_tick_to_the_same_end_on_a(
    cluster: Cluster, devices: Any
) -> None:
    _workshop, console, screen, (phone,), _topics = voting_room(cluster, devices)

    console.send("timer.start", seconds=300)

    def running(device: Device) -> dict[str, Any] | None:
        timers = [s["timer"] for s in device.received["state"] if "timer" in s]
        if not timers or not timers[-1]["running"]:
            return None
        return {k: v for k, v in timers[-1].items() if k != "server_time"}  # each its own now

    wait_until(lambda: running(phone), "the running timer on A's phone")
    wait_until(lambda: running(screen), "the running timer on B's screen")
    assert running(phone) == running(screen)
    assert running(phone)["duration"] == 300


def test_do_votes_on_both_instances_add_up_on_every_screen_and_in_the_database(
    cluster: Cluster, devices: Any
) -> None:
    workshop, console, screen, phones, topics = voting_room(cluster, devices, "abababab")
    other_screen = devices(cluster.a, {"workshop": workshop.id, "screen": cluster.scalar(
        "SELECT screen_key FROM workshop WHERE id = :id", id=workshop.id)})

    def vote(phone: Device) -> list[int]:
        return [phone.send("vote.cast", topic_id=topics[n % 2])["topic_id"] for n in range(3)]

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        acknowledged = [topic for votes in pool.map(vote, phones) for topic in votes]

    expected = {str(t): acknowledged.count(t) for t in topics}
    stored = {str(t): cluster.scalar("SELECT count(*) FROM vote WHERE contribution_id = :t",
                                     t=t) for t in topics}
    assert stored == expected
    for device in (screen, other_screen, console, *phones):
        wait_until(lambda d=device: d.newest_tally() == expected, "every tally to add up")
    # One seq per logged event, none taken twice though two instances took votes at once.
    seqs = cluster.scalar("SELECT count(DISTINCT seq) FROM event WHERE workshop_id = :id",
                          id=workshop.id)
    events = cluster.scalar("SELECT count(*) FROM event WHERE workshop_id = :id",
                            id=workshop.id)
    assert seqs == events
    assert cluster.scalar("SELECT last_seq FROM workshop WHERE id = :id", id=workshop.id) \
        == cluster.scalar("SELECT max(seq) FROM event WHERE workshop_id = :id", id=workshop.id)


def test_does_a_phone_flooding_both_instances_meet_one_shared_limit(
    limited_cluster: Cluster, devices: Any
) -> None:
    """The counters live in Redis: switching instance does not buy a second allowance."""
    world = World(limited_cluster.a)
    owner = world.facilitator("limits@example.org")
    workshop = world.workshop(owner)
    token = world.join(workshop, "Flood")["token"]
    on_a = devices(limited_cluster.a, {"token": token})
    on_b = devices(limited_cluster.b, {"token": token})
    console = devices(limited_cluster.b, {"token": owner.token, "workshop": workshop.id})
    console.send("phase.goto", phase="marketplace")

    def propose(device: Device, n: int) -> dict[str, Any]:
        return device.client.call("topic.propose", {"client_id": f"t-{n}", "title": f"T{n}"},
                                  timeout=TIMEOUT)

    answers = [propose(on_a if n % 2 else on_b, n) for n in range(6)]

    assert [a["ok"] for a in answers] == [True] * 4 + [False] * 2
    assert {a["error"]["code"] for a in answers[4:]} == {"rate_limited"}
    assert limited_cluster.scalar(
        "SELECT count(*) FROM contribution WHERE workshop_id = :id", id=workshop.id) == 4


def test_does_a_token_revoked_from_the_command_line_close_its_consoles_on_both_instances(
    cluster: Cluster, devices: Any
) -> None:
    world = World(cluster.a)
    owner = world.facilitator(f"{uuid.uuid4().hex[:6]}@example.org")
    workshop = world.workshop(owner)
    auth = {"token": owner.token, "workshop": workshop.id}
    on_a, on_b = devices(cluster.a, auth), devices(cluster.b, auth)
    reasons: list[str] = []
    for device in (on_a, on_b):
        device.client.on("closed", lambda body: reasons.append(body["reason"]))

    # A process of its own, reaching both instances through Redis alone.
    cluster.a.cli("facilitator", "revoke", owner.email, str(owner.token_id))

    wait_until(lambda: not on_a.client.connected and not on_b.client.connected,
               "both consoles to be closed")
    assert reasons == ["token_revoked", "token_revoked"]


def test_does_signing_out_on_a_close_the_same_browsers_console_on_b(
    cluster: Cluster, devices: Any
) -> None:
    world = World(cluster.a)
    owner = world.facilitator(f"{uuid.uuid4().hex[:6]}@example.org")
    workshop = world.workshop(owner)
    browser = requests.Session()
    page = browser.get(f"{cluster.a.url}/login", timeout=TIMEOUT)
    signed = browser.post(f"{cluster.a.url}/login", timeout=TIMEOUT, allow_redirects=False,
                          data={"csrf_token": csrf_from(page.text), "email": owner.email,
                                "password": PASSWORD})
    assert signed.status_code == 302
    console = InOrderClient(reconnection=False)
    reasons: list[str] = []
    console.on("closed", lambda body: reasons.append(body["reason"]))
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    console.connect(cluster.b.url, auth={"workshop": workshop.id}, headers={"Cookie": cookie},
                    transports=["websocket"], wait_timeout=TIMEOUT)
    assert console.call("sync", timeout=TIMEOUT)["ok"] is True

    home = browser.get(f"{cluster.a.url}/", timeout=TIMEOUT)
    browser.post(f"{cluster.a.url}/logout", data={"csrf_token": csrf_from(home.text)},
                 timeout=TIMEOUT)

    wait_until(lambda: not console.connected, "the console on B to be closed")
    assert reasons == ["signed_out"]


def test_does_a_participants_last_dot_go_once_when_both_instances_take_it_at_once(
    cluster: Cluster, devices: Any
) -> None:
    """PostgreSQL's row lock on the voter (voting.py) under a real race: the same phone's last
    dot sent at the same moment through A and through B is taken once, refused once."""
    workshop, console, _screen, _phones, (remote, coffee) = voting_room(cluster, devices)
    console.send("settings.update", vote_budget=1)
    rounds = 8
    answers = []
    for n in range(rounds):
        token = World(cluster.a).join(workshop, f"Racer {n}")["token"]
        sides = [devices(server, {"token": token}) for server in (cluster.a, cluster.b)]
        start = threading.Barrier(2)

        def cast(device: Device, topic: int, start: threading.Barrier = start) -> dict[str, Any]:
            start.wait()
            answer: dict[str, Any] = device.client.call(
                "vote.cast", {"client_id": f"race-{uuid.uuid4().hex}", "topic_id": topic},
                timeout=TIMEOUT)
            return answer

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers.append(list(pool.map(cast, sides, (remote, coffee))))

    assert [sorted(a["ok"] for a in pair) for pair in answers] == [[False, True]] * rounds
    refusals = {a["error"]["code"] for pair in answers for a in pair if not a["ok"]}
    assert len(refusals) == 1  # one documented reason, the same every time
    racers = cluster.scalar(
        "SELECT count(*) FROM vote v JOIN participant p ON p.id = v.participant_id "
        "WHERE p.workshop_id = :id AND p.display_name LIKE 'Racer %'", id=workshop.id)
    assert racers == rounds


def test_does_every_phone_hear_each_tally_once_whichever_instance_took_the_votes(
    cluster: Cluster, devices: Any
) -> None:
    """One flusher for the workshop across instances: no phone hears a tally once per instance."""
    _workshop, _console, screen, phones, topics = voting_room(cluster, devices, "abab")

    for n in range(8):  # votes taken by both instances, in turn
        phones[n % len(phones)].send("vote.cast", topic_id=topics[n % 2])

    expected = {str(t): cluster.scalar("SELECT count(*) FROM vote WHERE contribution_id = :t",
                                       t=t) for t in topics}
    assert sum(expected.values()) == 8
    for device in (screen, *phones):
        wait_until(lambda d=device: d.newest_tally() == expected, "every tally to add up")
    for device in (screen, *phones):
        seqs = [tally["seq"] for tally in device.received["tally"]]
        assert len(seqs) == len(set(seqs)), seqs  # each reading heard once, from one instance
