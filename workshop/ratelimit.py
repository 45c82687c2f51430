"""Rate limits: per participant (or account) on socket events, per address on HTTP.

The ``limits`` library counts in fixed windows, in memory for one instance, in Redis when
instances share ``WORKSHOP_MESSAGE_QUEUE`` (or where ``WORKSHOP_RATE_LIMIT_STORAGE`` says), so
that a flooding client is slowed down on every instance alike. Nobody else is: each client has
counters of its own. ``WORKSHOP_RATE_LIMITS`` overrides a rule (``action=5/second``) or turns
them all off (``off``, for benchmarks only).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .errors import RateLimited

EXTENSION = "atelier.ratelimit"

# Generous for people, tight for scripts. Joining counts per address, and a whole room behind
# one company NAT may join within a minute.
DEFAULT_RULES = {
    "action": "20/second;300/minute",     # votes, proposals, notes... per participant or account
    "sync": "5/second;100/minute",        # a full state: the costliest read
    "document": "50/second;2000/minute",  # co-writing sends a message per keystroke or so
    "join": "300/minute;3000/hour",       # joins per address
    "code": "20/minute;100/hour",         # wrong join codes per address: guessing them
    "login": "10/minute;50/hour",         # failed sign-ins per address
}


class SweptMemoryStorage(MemoryStorage):
    """limits' memory storage, freeing expired entries every few seconds, not every 10 ms.

    Its windows compare timestamps themselves: the sweep only frees memory. Every 10 ms over
    thousands of keys (a few per connected phone) it took a quarter of the server's core with
    500 phones voting, and all of it with 1,000 (docs/performance.md).
    """

    STORAGE_SCHEME = ["atelier-memory"]
    SWEEP_SECONDS = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timer.cancel()  # the 10 ms one the parent started
        self._start_sweep()

    def _start_sweep(self) -> None:
        sweep = self._MemoryStorage__expire_events  # type: ignore[attr-defined]
        self.timer = threading.Timer(self.SWEEP_SECONDS, sweep)
        self.timer.daemon = True
        self.timer.start()

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the private scheduler
        if not self.timer.is_alive():
            self._start_sweep()


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
            name: parse_many(spec.replace(";", ",")) for name, spec in specs.items()}
        uri = app.config.get("RATE_LIMIT_STORAGE") or _shared(app.config.get("MESSAGE_QUEUE"))
        self.storage = SweptMemoryStorage() if uri == "memory://" else storage_from_string(uri)
        # Fixed windows: a counter and an expiry per key. Moving windows keep a list of entries
        # per key, and sweeping those lists over thousands of phones held votes back by seconds
        # at 2,000 phones (docs/performance.md); a fixed window lets at most twice its limit
        # through across a window's edge, which is still a flood slowed down.
        self.limiter = FixedWindowRateLimiter(self.storage)

    def _retry_after(self, rule: str, key: str) -> float:
        reset = max(self.limiter.get_window_stats(item, rule, key).reset_time
                    for item in self.rules[rule])
        return reset - time.time()

    def hit(self, rule: str, key: str) -> None:
        """Count one request; RateLimited if it is one too many (then it is not counted)."""
        if not self.enabled:
            return
        for item in self.rules[rule]:
            if not self.limiter.test(item, rule, key):
                raise RateLimited(self._retry_after(rule, key))
        for item in self.rules[rule]:
            self.limiter.hit(item, rule, key)

    def check(self, rule: str, key: str) -> None:
        """RateLimited if ``key`` has used up ``rule`` (for rules that count failures only)."""
        if self.enabled and not all(self.limiter.test(item, rule, key)
                                    for item in self.rules[rule]):
            raise RateLimited(self._retry_after(rule, key))

    def failed(self, rule: str, key: str) -> None:
        """Count a failure against ``rule`` (a wrong code, a wrong password)."""
        if self.enabled:
            for item in self.rules[rule]:
                self.limiter.hit(item, rule, key)


def address() -> str:
    """The client's address (behind a proxy, set ``WORKSHOP_PROXIES``: see docs/deploy.md)."""
    return request.remote_addr or "unknown"


def _shared(queue: Any) -> str:
    if isinstance(queue, str) and queue.startswith(("redis://", "rediss://")):
        return queue
    return "memory://"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = RateLimits(app)


def limits() -> RateLimits:
    rules: RateLimits = current_app.extensions[EXTENSION]
    return rules
