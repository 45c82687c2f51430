"""What rate-limit tests share: tighter rules, the limiter's clock, devices at an address."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import limits.storage.memory
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from workshop import ratelimit

VENUE = "203.0.113.7"  # the one public address of a venue's Wi-Fi
ELSEWHERE = "198.51.100.20"


def limit(app: Flask, **rules: str) -> None:
    """Tighter rules for this test's app, as WORKSHOP_RATE_LIMITS would set them."""
    app.config["RATE_LIMITS"] = rules
    ratelimit.init_app(app)


class Clock:
    """The limiter's clock, moved by the test: windows pass without anyone waiting."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


def freeze_clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Give the limiter a clock the test moves, and fresh counters on it."""
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(ratelimit, "time", clock)
    ratelimit.init_app(app)
    return clock


def phone_at(app: Flask, address: str = VENUE) -> FlaskClient:
    """A device of its own (cookies), coming from ``address``."""
    device = app.test_client()
    device.environ_base["REMOTE_ADDR"] = address
    return device


class Overlap:
    """Requests in parallel threads, held at one step until all are held there or answered.

    So they overlap as much as they can, on any machine, without timing anything.
    """

    def __init__(self, app: Flask, count: int) -> None:
        self.app, self.count = app, count
        self.changed = threading.Condition()
        self.waiting = self.answered = 0

    def holding(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function(session, ...)``, called once every request is held or answered."""

        def held(session: Any, *args: Any) -> Any:
            session.close()  # hold no database connection meanwhile: the pool has 15
            with self.changed:
                self.waiting += 1
                self.changed.notify_all()
                self.changed.wait_for(lambda: self.waiting + self.answered >= self.count)
            return function(session, *args)

        return held

    def run(self, request: Callable[[int], TestResponse]) -> list[int]:
        """The status of each request, once all are answered."""
        statuses: list[int] = []

        def send(n: int) -> None:
            try:
                with self.app.app_context():
                    statuses.append(request(n).status_code)
            finally:
                with self.changed:
                    self.answered += 1
                    self.changed.notify_all()

        threads = [threading.Thread(target=send, args=(n,)) for n in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses
