"""``workshop serve``'s server: gevent's WSGI server with WebSocket, or Werkzeug's for threading.

Under gevent, every connection gets ``TCP_NODELAY``. Without it, Nagle's algorithm holds a small
message (a vote's acknowledgement) while an earlier one (a tally) waits for the phone's delayed
TCP acknowledgement: up to 40 ms on Linux, for one vote in twenty in the load benchmark.

The server also stands alone in a room, with nothing in front: a request must arrive whole within
``WORKSHOP_HEADER_TIMEOUT``, a kept-alive connection may idle ``WORKSHOP_KEEPALIVE_TIMEOUT``,
and connections are capped in total and per client address (docs/deploy.md).
"""

from __future__ import annotations

import gc
import logging
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from .config import Settings, instance_path

REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
# Answered before the app, so without its catalogs: in both languages at once.
BUSY_BODY = ("Too many connections: try again in a moment.\n"
             "Trop de connexions\u00a0: réessayez dans un instant.\n").encode()
BUSY_HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5"),
                ("Connection", "close"), ("Content-Length", str(len(BUSY_BODY)))]
# Descriptors beyond the connection cap: the database, logs, and connections being refused.
SPARE_DESCRIPTORS = 1000
LONG_COLLECTION = 0.1  # seconds: a garbage collection this long is logged (it held every socket)
THAW_EVERY = 900.0  # seconds: how long cyclic garbage may stay frozen (LongLived)

log = logging.getLogger(__name__)


def report_long_collections(threshold: float = LONG_COLLECTION) -> None:
    """Log each garbage collection that holds the process ``threshold`` seconds or more.

    A collection runs between two greenlets' turns: while it lasts, no vote is acknowledged
    and no tally sent. Full ones walk every object created since start-up, a few hundred per
    connected phone: the log says when a room's size makes them show.
    """
    started: list[float] = []

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started and (took := time.perf_counter() - started[0]) >= threshold:
            log.warning("a garbage collection (generation %d, %d objects freed) held every "
                        "connection for %.0f ms", info["generation"], info["collected"],
                        took * 1000)

    gc.callbacks.append(timed)


class LongLived:
    """Keeps what survived a full garbage collection out of the next ones' sight.

    A full collection walks every object the process made since start-up: with thousands of
    phones connected, a few million, and 300-500 ms during which no socket is served
    (bench/load.py ``long_collections_ms``); they came every ten seconds or so while a room
    of 5,000 voted. What survives one is the room's connections and sessions, alive for as
    long as the workshop: frozen (``gc.freeze``), the next full collections walk only what
    came since. A frozen object that later becomes cyclic garbage (a phone gone) is only
    freed once thawed, so every ``thaw_every`` seconds one full collection sees everything
    again: memory held back stays bounded, and that one long pause is rare.
    """

    def __init__(self, thaw_every: float = THAW_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.thaw_every, self.clock = thaw_every, clock
        self.thawed_at = clock()

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase != "stop" or info["generation"] != 2:
            return
        if self.clock() - self.thawed_at >= self.thaw_every:
            gc.unfreeze()  # the next full collection walks it all, and frees what died
            self.thawed_at = self.clock()
        else:
            gc.freeze()

    def install(self) -> LongLived:
        gc.callbacks.append(self)
        return self


def no_delay_handler() -> type:
    """gevent-websocket's handler, with Nagle's algorithm off on each accepted connection."""
    from geventwebsocket.handler import WebSocketHandler

    class NoDelayHandler(WebSocketHandler):  # type: ignore[misc]
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *args, **kwargs)

    return NoDelayHandler


@dataclass
class Connections:
    """The open connections of one server, against its caps (0: no cap)."""

    total_cap: int
    address_cap: int  # 0 behind a proxy: every connection comes from the proxy's address
    total: int = 0

    def __post_init__(self) -> None:
        self.by_address: Counter[str] = Counter()

    def admit(self, address: str | None) -> bool:
        """Count a new connection in, unless it would pass a cap."""
        if self.total_cap and self.total >= self.total_cap:
            return False
        if address is not None and self.address_cap:
            if self.by_address[address] >= self.address_cap:
                return False
            self.by_address[address] += 1
        self.total += 1
        return True

    def release(self, address: str | None) -> None:
        self.total -= 1
        if address is not None and address in self.by_address:
            self.by_address[address] -= 1
            if not self.by_address[address]:
                del self.by_address[address]


def guarded_handler(settings: Settings) -> type:
    """The no-delay handler, with the header and idle timeouts and the connection caps."""
    import gevent
    from gevent.pywsgi import WSGIHandler

    connections = Connections(settings.max_connections,
                              0 if settings.proxies else settings.max_connections_per_address)

    def busy(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", BUSY_HEADERS)
        return [BUSY_BODY]

    class GuardedHandler(no_delay_handler()):  # type: ignore[misc]
        header_timeout = settings.header_timeout or None  # 0: never (gevent's None)
        keepalive_timeout = settings.keepalive_timeout or None
        refused = False
        answered = False  # a kept-alive connection waits for its next request
        reading: gevent.Timeout | None = None

        def handle(self) -> None:
            address = (self.client_address[0] if isinstance(self.client_address, tuple)
                       else None)  # a Unix socket has no client address
            self.refused = not connections.admit(address)
            try:
                super().handle()
            finally:
                if not self.refused:
                    connections.release(address)

        def handle_one_request(self) -> Any:
            """Read the next request within the timeouts, then answer it untimed.

            A long-polling request is held by the app and a WebSocket lives on after its
            upgrade: only the request line and headers are timed.
            """
            if self.rfile.closed:
                return None
            self.reading = gevent.Timeout.start_new(
                self.keepalive_timeout if self.answered else self.header_timeout)
            begun = False
            try:
                try:
                    begun = bool(self.rfile.peek(1))
                except OSError:
                    return None
                if self.answered:  # the idle wait is over: the request itself has its time
                    self.reading.close()
                    self.reading = gevent.Timeout.start_new(self.header_timeout)
                self.answered = True
                return super().handle_one_request()
            except gevent.Timeout as timeout:
                if timeout is not self.reading:
                    raise
                # Half a request gets told; an unused connection is closed without a word.
                return ("408", REQUEST_TIMEOUT) if begun else None
            finally:
                self.reading.close()

        def read_request(self, raw_requestline: str) -> Any:
            try:
                return super().read_request(raw_requestline)
            finally:
                if self.reading is not None:
                    self.reading.close()

        def run_application(self) -> Any:
            if not self.refused:
                return super().run_application()
            # Answered once its request has been read: closing before would reset the
            # connection and lose the answer. A WebSocket is refused before its upgrade.
            self.close_connection = True
            self.application = busy
            return WSGIHandler.run_application(self)

    return GuardedHandler


def allow_descriptors(settings: Settings) -> None:
    """Raise the soft limit on open files to what the connection cap needs, within the hard one.

    Each connection is a file descriptor, and a shell's usual soft limit (1,024) would refuse
    connections long before the cap: accepting them fails, unanswered.
    """
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = settings.max_connections + SPARE_DESCRIPTORS if settings.max_connections else hard
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def serve(app: Flask, host: str, port: int) -> None:
    """Serve ``app`` (Socket.IO included) until interrupted."""
    from .extensions import socketio

    # What exists now (modules, the app) lives as long as the process: out of the cyclic
    # garbage collector's sight, its full collections no longer walk it (they held votes back
    # by tens of milliseconds with thousands of phones connected).
    gc.collect()
    gc.freeze()
    report_long_collections()
    LongLived().install()
    if app.config["ASYNC_MODE"] != "gevent":
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
        return
    from gevent import pywsgi

    settings = Settings.from_environ(instance_path())
    allow_descriptors(settings)
    pywsgi.WSGIServer((host, port), app, handler_class=guarded_handler(settings),
                      log=None).serve_forever()
