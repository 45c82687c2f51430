"""SIGKILL in the middle of a burst: nothing acknowledged is lost or stored twice.

200 phones propose dreams and vote on them (Appreciative Inquiry's Dream phase allows both)
while the server is killed with SIGKILL and started again on the same port. Each phone does
what static/src/live.js does: it reconnects by itself, calls ``sync`` on every connection, and
sends an unanswered action again with the same ``client_id`` until it is answered.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import socketio

from tests.conftest import LiveServer
from tests.realtime.test_connection import TIMEOUT, Facilitator, World

BURST_LIMIT = 300  # seconds: minutes more than a loaded machine needs; never waited out

pytestmark = pytest.mark.live

PHONES = 200
DREAMS_EACH = 2
KILL_AFTER = 250  # acknowledgements before the kill: the burst is well under way
SEEDS = ("A place customers want to return to", "Teams that answer within the hour",
         "Products we are proud to show")


class Phone:
    """A participant's phone: reconnects, resyncs, resends until answered."""

    def __init__(self, n: int, token: str) -> None:
        self.n, self.token = n, token
        self.client = socketio.AsyncClient(reconnection=True, reconnection_delay=0.2,
                                           reconnection_delay_max=1, handle_sigint=False)
        self.connections = 0
        self.syncs: list[dict[str, Any]] = []
        self.online = asyncio.Event()
        self.acknowledged: list[tuple[str, dict[str, Any]]] = []
        self.resent = 0
        self.client.on("connect", self._connected)
        self.client.on("disconnect", self._disconnected)

    async def _connected(self) -> None:
        self.connections += 1
        self.online.set()
        asyncio.get_running_loop().create_task(self._sync())

    async def _sync(self) -> None:
        try:
            answer = await self.client.call("sync", timeout=TIMEOUT)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return  # gone again: the next connection syncs
        self.syncs.append(answer)

    def _disconnected(self, *_reason: Any) -> None:
        self.online.clear()

    async def send(self, event: str, client_id: str, **payload: Any) -> dict[str, Any]:
        """Send until answered, as a phone keeps its unsent actions in its outbox."""
        while True:
            await asyncio.wait_for(self.online.wait(), timeout=60)
            try:
                answer = await self.client.call(event, {"client_id": client_id, **payload},
                                                timeout=5)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                    socketio.exceptions.DisconnectedError):
                await asyncio.sleep(0.05)  # the connection is down: wait for it to come back
                self.resent += 1
                continue
            self.acknowledged.append((client_id, answer))
            return answer


async def burst(server: LiveServer, tokens: list[str], seeds: list[int]) -> list[Phone]:
    phones = [Phone(n, token) for n, token in enumerate(tokens)]
    gate = asyncio.Semaphore(25)

    async def connect(phone: Phone) -> None:
        async with gate:
            await phone.client.connect(server.url, auth={"token": phone.token},
                                       transports=["websocket"], wait_timeout=TIMEOUT)

    await asyncio.gather(*(connect(phone) for phone in phones))

    async def act(phone: Phone) -> None:
        for k in range(DREAMS_EACH):
            await phone.send("topic.propose", f"dream-{k}", title=f"Dream {k} of phone {phone.n}")
            await phone.send("vote.cast", f"dot-{k}", topic_id=seeds[(phone.n + k) % len(seeds)])
        await phone.send("vote.cast", "dot-last", topic_id=seeds[(phone.n + 2) % len(seeds)])

    async def kill_and_restart() -> None:
        while sum(len(p.acknowledged) for p in phones) < KILL_AFTER:
            await asyncio.sleep(0.01)  # polling the acknowledgements count
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        await asyncio.to_thread(server.process.wait)
        await asyncio.to_thread(server.start)

    await asyncio.gather(kill_and_restart(), *(act(phone) for phone in phones))
    # Everyone back: every phone has resynced on its new connection.
    for phone in phones:
        while len(phone.syncs) < phone.connections:
            await asyncio.sleep(0.05)  # polling for the last sync's answer
    final = await asyncio.gather(*(p.client.call("sync", timeout=TIMEOUT) for p in phones))
    for phone, state in zip(phones, final, strict=True):
        phone.syncs.append(state)
    await asyncio.gather(*(p.client.disconnect() for p in phones))
    return phones


def test_is_every_acknowledged_action_stored_once_after_a_sigkill_mid_burst(
    live_server: LiveServer,
) -> None:
    world = World(live_server)
    owner: Facilitator = world.facilitator("restart@example.org")
    created = json.loads(live_server.cli(
        "create", "--title", "Restart", "--method", "appreciative_inquiry",
        "--facilitator", owner.email, "--json"))
    console = socketio.Client(reconnection=False)
    console.connect(live_server.url, auth={"token": owner.token, "workshop": created["id"]},
                    transports=["websocket"], wait_timeout=TIMEOUT)
    assert console.call("phase.goto", {"client_id": "go", "phase": "dream"},
                        timeout=TIMEOUT)["ok"] is True
    seeds = [console.call("topic.propose", {"client_id": f"seed-{n}", "title": title},
                          timeout=TIMEOUT)["topic"]["id"] for n, title in enumerate(SEEDS)]
    console.disconnect()
    workshop = type("W", (), {"code": created["code"]})()
    tokens = [world.join(workshop, f"Phone {n}")["token"] for n in range(PHONES)]

    # A loop of its own, in a thread of its own: the browser tests' Playwright keeps an event
    # loop running in the main thread for the whole session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        # A burst that never settles fails here instead of hanging the suite.
        phones = pool.submit(asyncio.run, asyncio.wait_for(
            burst(live_server, tokens, seeds), timeout=BURST_LIMIT)).result()

    answers = [answer for phone in phones for _c, answer in phone.acknowledged]
    assert all(answer["ok"] for answer in answers), Counter(
        a["error"]["code"] for a in answers if not a["ok"])
    assert len(answers) == PHONES * (2 * DREAMS_EACH + 1)
    with sqlite3.connect(live_server.folder / "atelier.db") as db:
        logged = Counter(db.execute(
            "SELECT actor, client_id FROM event WHERE workshop_id = ? AND actor LIKE 'p:%' "
            "AND client_id IS NOT NULL",
            (created["id"],)).fetchall())
        votes = db.execute("SELECT count(*) FROM vote WHERE workshop_id = ?",
                           (created["id"],)).fetchone()[0]
        dreams = db.execute("SELECT count(*) FROM contribution WHERE workshop_id = ? AND "
                            "author_id IS NOT NULL", (created["id"],)).fetchone()[0]
    assert sum(phone.resent for phone in phones) > 0  # the kill caught actions in flight
    assert max(logged.values()) == 1  # no action stored twice
    assert len(logged) == len(answers)  # every acknowledged action stored
    assert votes == PHONES * (DREAMS_EACH + 1)
    assert dreams == PHONES * DREAMS_EACH
    for phone in phones:
        assert phone.connections >= 2  # the kill reached every phone; each came back alone
        assert all(state["ok"] for state in phone.syncs)
        assert phone.syncs[-1]["state"]["votes_left"] == 5 - (DREAMS_EACH + 1)
