"""The tally flusher's lease in a real Redis: one holder, and a lapsed lease never kills sending."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import redis
from flask import Flask

from tests.scale.servers import Redis
from workshop.realtime.tallying import Leases, TallyFanout, leases


def test_is_a_lease_held_once_and_a_lapsed_one_taken_back_or_left_to_its_new_holder(
    redis_server: Redis,
) -> None:
    leases, queue = Leases(), redis_server.url
    first = leases.take(queue, 41)
    assert first is not None and leases.take(queue, 41) is None  # one holder at a time

    redis.Redis.from_url(queue).delete("atelier:tally:41:lease")  # lapsed: its holder stalled
    again = leases.renew(queue, 41, first)
    assert again is not None and leases.take(queue, 41) is None  # taken back, still one

    redis.Redis.from_url(queue).delete("atelier:tally:41:lease")
    other = leases.take(queue, 41)  # another instance took it meanwhile
    assert leases.renew(queue, 41, again) is None  # so this one stops, without an error
    leases.release(again)  # and letting go of what it lost is no error either
    assert leases.take(queue, 41) is None and other is not None


class Instance(TallyFanout):
    """This process as one instance: its flushers only record that they hold the lease."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[int] = []

    @staticmethod
    def _spawn(target: Any, *args: Any) -> None:
        threading.Thread(target=target, args=args, daemon=True).start()

    def _flusher(self, app: Flask, workshop_id: int, lease: Any = None) -> None:
        leases.pop(app.config["MESSAGE_QUEUE"], workshop_id)  # what a flusher reads first
        self.flushed.append(workshop_id)
        leases.release(lease)


@pytest.fixture
def app(redis_server: Redis) -> Flask:
    """What the tally fan-out reads of an instance's app: its message queue."""
    app = Flask(__name__)
    app.config["MESSAGE_QUEUE"] = redis_server.url
    return app


def test_is_a_vote_refused_the_lease_sent_once_the_other_instance_lets_go(
    redis_server: Redis, app: Flask,
) -> None:
    """Tries at a held lease are spaced out, and the one after the last is never skipped."""
    here = Instance()
    other = leases.take(redis_server.url, 42)  # another instance flushes workshop 42
    assert other is not None

    with app.app_context():
        here.changed(42)  # refused: the other instance holds the lease
        here.changed(42)  # too soon to try again: a try is set for later
    leases.release(other)  # the other instance stops before it read the marks

    deadline = time.monotonic() + 5
    while not here.flushed and time.monotonic() < deadline:
        time.sleep(0.01)  # polling for the later try, due within TAKE_EVERY
    assert here.flushed == [42]
    assert not leases.marked(redis_server.url, 42)


def test_does_the_instance_that_flushes_note_a_vote_without_marking_redis(
    redis_server: Redis, app: Flask,
) -> None:
    here = TallyFanout()
    here._running.add(43)  # its flusher for workshop 43 is running

    with app.app_context():
        here.changed(43)
        here.changed(43, votes=False)

    assert not leases.marked(redis_server.url, 43)
    assert here._changes(app, 43, None) == (True, True)  # read at the flusher's next tick
