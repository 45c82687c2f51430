"""Rate limits counted in Redis, as instances sharing WORKSHOP_MESSAGE_QUEUE count them."""

from __future__ import annotations

import itertools
import threading

import pytest
from flask import Flask

from tests.scale.servers import Redis
from workshop.errors import RateLimited
from workshop.ratelimit import RateLimits

KEYS = itertools.count()


@pytest.fixture
def counters(redis_server: Redis) -> RateLimits:
    app = Flask(__name__)
    app.config["RATE_LIMITS"] = {"login": "10/minute;50/hour", "action": "2/second;300/minute"}
    app.config["RATE_LIMIT_STORAGE"] = redis_server.url
    return RateLimits(app)


def refusal(counters: RateLimits, rule: str, key: str) -> RateLimited:
    with pytest.raises(RateLimited) as refused:
        counters.hit(rule, key)
    return refused.value


def test_do_30_parallel_tries_against_10_a_minute_get_10_through(counters: RateLimits) -> None:
    key = f"account-{next(KEYS)}@example.org"
    allowed = []

    def attempt() -> None:
        try:
            counters.hit("login", key)
        except RateLimited:
            return
        allowed.append(key)

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == 10
    assert 59 <= refusal(counters, "login", key).retry_after <= 60  # not 61: TTL is rounded


def test_is_a_burst_within_a_second_told_to_wait_a_second(counters: RateLimits) -> None:
    key = f"p:{next(KEYS)}"
    counters.hit("action", key)
    counters.hit("action", key)

    assert refusal(counters, "action", key).retry_after == 1
