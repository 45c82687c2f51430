"""Rate limits: per participant on socket events; per address, workshop or account on HTTP.

The ``limits`` library counts in fixed windows, in memory for one instance, in Redis when
instances share ``WORKSHOP_MESSAGE_QUEUE`` (or where ``WORKSHOP_RATE_LIMIT_STORAGE`` says), so
that a flooding client is slowed down on every instance alike. Nobody else is: each client
(participant, account tried, address) has counters of its own; only ``join_workshop``, a room's
capacity, is shared. A whole room behind a venue's Wi-Fi shares one address, so the rules per
address are ceilings a plenary stays under (web/codes.py). ``WORKSHOP_RATE_LIMITS`` overrides a
rule (``action=5/second``) or turns them all off (``off``, for benchmarks only).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .errors import RateLimited

EXTENSION = "atelier.ratelimit"

# Generous for people, tight for scripts. A plenary of 2,000 behind one venue address joins
# within two minutes: joins count per address and per workshop with ceilings above that, and a
# right code is never counted (only wrong ones: guessing).
DEFAULT_RULES = {
    "action": "20/second;300/minute",       # votes, proposals, notes... per participant or account
    "reaction": "3/second;60/minute",       # quick reactions: applause fits, a stuck finger not
    "sync": "2/second;30/minute",           # a full state (up to megabytes): the costliest read
    "hint": "3/second;120/minute",          # duplicate hints as one types
    "wall": "5/second;120/minute",          # merge suggestions and themes, console and screen
    "document": "50/second;2000/minute",    # co-writing sends a message per keystroke or so
    "join": "5000/10minutes",               # joins per address: a venue's rooms behind one NAT
    "join_workshop": "3000/10minutes",      # joins per workshop: a room's capacity
    "code": "30/minute;300/hour",           # wrong join codes per address: typos fit, guessing not
    "login": "10/minute;50/hour",           # sign-in attempts per account (the email tried)
    "login_address": "60/minute;300/hour",  # sign-in attempts per address: wide, for a NAT
}


class SweptMemoryStorage(MemoryStorage):
    """limits' memory storage, freeing expired entries every few seconds by one sweeper.

    Its windows compare timestamps themselves: the sweep only frees memory. The parent sweeps
    every 10 ms over thousands of keys (a few per connected phone): a quarter of the server's
    core with 500 phones voting, all of it with 1,000 (docs/performance.md). And it starts a
    new timer thread whenever the last one is over, testing ``is_alive()`` first: under gevent,
    starting a thread yields before it is alive, so every request arriving meanwhile started
    one more, and at 5,000 phones dozens of timers swept the same keys at once. One sweeper,
    claimed before it starts, runs for the life of the storage.
    """

    STORAGE_SCHEME = ["atelier-memory"]
    SWEEP_SECONDS = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timer.cancel()  # the 10 ms one the parent started
        self._sweeper: threading.Thread | None = None

    def _sweep_forever(self) -> None:
        sweep = self._MemoryStorage__expire_events  # type: ignore[attr-defined]
        while not threading.Event().wait(self.SWEEP_SECONDS):  # a pause no test clock moves
            sweep()

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the private scheduler
        if self._sweeper is not None:
            return
        # Claimed before start(), which may yield to another request under gevent.
        self._sweeper = threading.Thread(target=self._sweep_forever, daemon=True,
                                         name="rate-limit-sweep")
        self._sweeper.start()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """The parent's, answering the count this increment made, read under the key's lock.

        The parent reads it after releasing the lock: two requests in parallel could both read
        the later count, and a limit of 10 would let 9 through.
        """
        self.get(key)  # drops the key if its window is over
        self._MemoryStorage__schedule_expiry()
        with self.locks[key]:
            self.storage[key] += amount
            if self.storage[key] == amount:
                self.expirations[key] = time.time() + expiry
            return self.storage[key]


class ExactRedisStorage(RedisStorage):
    """limits' Redis storage, reading when a window ends to the millisecond.

    The parent reads TTL, rounded to the nearest second: a phone told to wait 1 s could come
    back 0.4 s early and be refused again, or be told 61 s for a minute.
    """

    STORAGE_SCHEME = ["atelier-redis"]

    def get_expiry(self, key: str) -> float:
        milliseconds = int(self.storage.pttl(self.prefixed_key(key)))
        return max(milliseconds, 0) / 1000 + time.time()


def parse_rules(text: str | None) -> dict[str, str] | None:
    """``WORKSHOP_RATE_LIMITS``: ``off``, or ``name=spec`` pairs separated by commas."""
    if not text:
        return {}
    if text.strip().lower() == "off":
        return None
    rules = {}
    for pair in text.split(","):
        name, _, spec = pair.partition("=")
        if name.strip() not in DEFAULT_RULES or not spec.strip():
            raise ValueError(f"WORKSHOP_RATE_LIMITS: unknown rule {pair!r} "
                             f"(rules: {', '.join(DEFAULT_RULES)})")
        parse_many(spec.strip().replace(";", ","))  # refuses a malformed spec at start-up
        rules[name.strip()] = spec.strip()
    return rules


class RateLimits:
    def __init__(self, app: Flask) -> None:
        overrides = app.config.get("RATE_LIMITS", {})
        self.enabled = overrides is not None
        specs = {**DEFAULT_RULES, **(overrides or {})}
        self.rules: dict[str, list[RateLimitItem]] = {
            name: sorted(parse_many(spec.replace(";", ",")), key=RateLimitItem.get_expiry)
            for name, spec in specs.items()}
        uri = app.config.get("RATE_LIMIT_STORAGE") or _shared(app.config.get("MESSAGE_QUEUE"))
        self.storage = _storage(uri)
        # Fixed windows: a counter and an expiry per key. Moving windows keep a list of entries
        # per key, and sweeping those lists over thousands of phones held votes back by seconds
        # at 2,000 phones (docs/performance.md); a fixed window lets at most twice its limit
        # through across a window's edge, which is still a flood slowed down.
        self.limiter = FixedWindowRateLimiter(self.storage)

    def hit(self, rule: str, key: str) -> None:
        """Count one request against ``rule``; RateLimited if that makes one too many.

        Each window is one atomic increment whose answer decides: parallel requests cannot all
        pass a test made before any of them was counted. Windows go shortest first and stop at
        the first refusal, so a burst refused per second does not use up the minute.
        """
        if not self.enabled:
            return
        for item in self.rules[rule]:
            if not self.limiter.hit(item, rule, key):
                raise RateLimited(self._retry_after(rule, key))

    def _retry_after(self, rule: str, key: str) -> float:
        """Seconds until every window ``key`` has used up is over: the soonest it may go again."""
        stats = [self.limiter.get_window_stats(item, rule, key) for item in self.rules[rule]]
        # Read the clock after the windows: their reset times are "now + what is left" taken
        # while reading, so a clock read before them would add that delay to the wait (a full
        # one-second window, read a millisecond late, said "wait 2 s").
        now = time.time()
        return max((s.reset_time - now for s in stats if s.remaining == 0), default=0.0)


def address() -> str:
    """The client's address (behind a proxy, set ``WORKSHOP_PROXIES``: see docs/deploy.md)."""
    return request.remote_addr or "unknown"


def _shared(queue: Any) -> str:
    if isinstance(queue, str) and queue.startswith(("redis://", "rediss://")):
        return queue
    return "memory://"


def _storage(uri: str) -> Any:
    """Where the counters live: swept memory, Redis read to the millisecond, or any other."""
    if uri == "memory://":
        return SweptMemoryStorage()
    if uri.startswith(("redis://", "rediss://")):
        return ExactRedisStorage(uri)
    return storage_from_string(uri)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = RateLimits(app)


def limits() -> RateLimits:
    rules: RateLimits = current_app.extensions[EXTENSION]
    return rules
