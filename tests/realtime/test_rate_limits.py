"""Rate limits on socket events: a flooding client is slowed down, everyone else carries on."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from flask import Flask

from tests.conftest import french
from tests.rate_limiting import Clock, freeze_clock, limit
from tests.realtime.conftest import Room, wait_until
from workshop import ratelimit
from workshop.config import Settings


@pytest.fixture
def clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return freeze_clock(app, monkeypatch)


def vote(room: Room, phone: Any, topic: int) -> dict[str, Any]:
    return phone.call("vote.cast", {"client_id": room.client_id(), "topic_id": topic})


@pytest.fixture
def voting(room: Room) -> tuple[Room, int]:
    console = room.console()
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "marketplace"})
    topic = console.call("topic.propose", {"client_id": room.client_id(),
                                           "title": "Remote work"})["topic"]["id"]
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "convergence"})
    return room, topic


def test_is_a_flooding_phone_slowed_down_while_another_votes_freely(
    app: Flask, voting: tuple[Room, int]
) -> None:
    room, topic = voting
    limit(app, action="3/minute")
    flooder, other = room.phone("Flood"), room.phone("Calm", "fr")

    flood = [vote(room, flooder, topic) for _ in range(10)]
    calm = [vote(room, other, topic) for _ in range(3)]

    assert [a["ok"] for a in flood] == [True] * 3 + [False] * 7
    refusal = flood[-1]["error"]
    assert refusal["code"] == "rate_limited"
    assert 1 <= refusal["retry_after"] <= 60
    assert refusal["message"] == "Too many requests at once. Wait a moment, then try again."
    assert all(a["ok"] for a in calm)  # the other phone's counters are its own
    assert room.stored_votes() == {topic: 6}  # refused votes changed nothing
    french_refusal = vote(room, other, topic)["error"]["message"]
    assert french_refusal == french("Too many requests at once. Wait a moment, then try again.")


def test_are_syncs_limited_separately_from_actions(app: Flask, voting: tuple[Room, int]) -> None:
    room, topic = voting
    limit(app, sync="2/minute")
    phone = room.phone()

    answers = [phone.call("sync") for _ in range(3)]

    assert [a["ok"] for a in answers] == [True, True, False]
    assert answers[-1]["error"]["code"] == "rate_limited"
    assert vote(room, phone, topic)["ok"] is True


def test_is_a_phone_flooding_for_a_second_told_to_wait_a_second(
    app: Flask, clock: Clock, voting: tuple[Room, int]
) -> None:
    room, topic = voting
    limit(app, action="2/second;300/minute")
    phone = room.phone()

    answers = [vote(room, phone, topic) for _ in range(3)]

    assert [a["ok"] for a in answers] == [True, True, False]
    assert answers[-1]["error"]["retry_after"] == 1
    clock.now += 1
    assert vote(room, phone, topic)["ok"] is True


def test_does_a_wrong_rate_limit_setting_stop_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("WORKSHOP_RATE_LIMITS", "votes=3/second")
    with pytest.raises(ValueError, match="unknown rule"):
        Settings.from_environ(tmp_path)
    monkeypatch.setenv("WORKSHOP_RATE_LIMITS", "action=often")
    with pytest.raises(ValueError):
        Settings.from_environ(tmp_path)
    monkeypatch.setenv("WORKSHOP_RATE_LIMITS", "off")
    assert Settings.from_environ(tmp_path).rate_limits is None


def test_is_a_refused_phone_allowed_again_once_its_window_has_passed(
    app: Flask, voting: tuple[Room, int]
) -> None:
    room, topic = voting
    limit(app, action="1/second")
    phone = room.phone()
    assert vote(room, phone, topic)["ok"] is True
    assert vote(room, phone, topic)["error"]["code"] == "rate_limited"

    refusals = []

    def voted_again() -> bool:
        answer = vote(room, phone, topic)
        refusals.append(answer.get("error", {}).get("code"))
        return answer["ok"]

    wait_until(voted_again, "a vote accepted after a 1-second window")

    assert set(refusals[:-1]) <= {"rate_limited"}  # refused only while the window lasted
    assert room.stored_votes() == {topic: 2}


def test_are_the_counters_of_a_phone_gone_quiet_freed_from_memory(app: Flask) -> None:
    """A counter nobody reads again is freed by the storage's sweep, not kept for ever."""
    limit(app, action="1/second")
    rules = ratelimit.limits()
    rules.storage.SWEEP_SECONDS = 0.05  # read by its sweeper, which the first hit starts

    rules.hit("action", "p:gone")

    def held() -> list[str]:
        return [key for key in [*rules.storage.storage, *rules.storage.expirations]
                if "p:gone" in key]

    assert held()
    wait_until(lambda: not held(), "the expired counter to be freed", timeout=20)


GEVENT_BURSTS = """
from gevent import monkey
monkey.patch_all()
import threading, gevent
from workshop.ratelimit import SweptMemoryStorage
SweptMemoryStorage.SWEEP_SECONDS = 0.05
storage = SweptMemoryStorage()
started = []
start = threading.Thread.start
def counted(thread):
    started.append(thread)
    start(thread)
threading.Thread.start = counted
for _ in range(3):  # three bursts, each after a sweep is over
    gevent.sleep(0.2)
    gevent.joinall([gevent.spawn(storage.incr, f"p:{n}", 60) for n in range(200)])
print(len(started))
"""


@pytest.mark.live  # starts a Python process of its own, monkey-patched by gevent
def test_do_bursts_of_requests_under_gevent_start_a_single_sweeper() -> None:
    """Two hundred requests at once, as when a room votes: one thread sweeps, not one each."""
    started = subprocess.run([sys.executable, "-c", GEVENT_BURSTS], capture_output=True,
                             text=True, check=True, timeout=60)
    assert int(started.stdout.strip()) == 1
