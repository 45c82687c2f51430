"""Engine.io sessions that never connect to Socket.IO are closed after ``HANDSHAKE_TIMEOUT``.

python-socketio keeps a session open for as long as its pings are answered, whether or not it
ever sends the Socket.IO CONNECT packet: each such session holds a connection and its state for
nothing. A page's client connects at once; anything still unconnected after a few seconds is
closed.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

from flask import Flask

from ..extensions import socketio

log = logging.getLogger(__name__)


class Handshakes:
    """Sessions in the order they opened, each closed at its deadline if still unconnected."""

    def __init__(self, server: Any, delay: float) -> None:  # a python-socketio Server
        self.server = server
        self.delay = delay
        self.pending: deque[tuple[float, str]] = deque()
        self.watching = False
        self.connect_session = server._handle_eio_connect

    def opened(self, eio_sid: str, environ: dict[str, Any]) -> Any:
        """engine.io's connect handler: Socket.IO's own, then the session is watched."""
        answer = self.connect_session(eio_sid, environ)
        self.pending.append((time.monotonic() + self.delay, eio_sid))
        if not self.watching:  # started by the first session: creating the app starts nothing
            self.watching = True
            self.server.start_background_task(self.watch)
        return answer

    def connected(self, eio_sid: str) -> bool:
        """Whether the session has a namespace, connected or connecting (its handler running)."""
        manager = self.server.manager
        return any(manager.sid_from_eio_sid(eio_sid, namespace) is not None
                   for namespace in list(manager.get_namespaces()))

    def close(self, eio_sid: str) -> None:
        """Close the session without waiting for its client to fetch the close packet.

        ``eio.disconnect`` waits for it: a client that never polls again would hold the
        watch forever. Its next request finds no session (400), as after ``disconnect``.
        """
        session = self.server.eio.sockets.get(eio_sid)
        if session is not None:
            session.close(wait=False)
            self.server.eio.sockets.pop(eio_sid, None)

    def watch(self) -> None:
        """Close each session that reaches its deadline unconnected; one task for them all."""
        while True:
            now = time.monotonic()
            while self.pending and self.pending[0][0] <= now:
                _deadline, eio_sid = self.pending.popleft()
                try:
                    if not self.connected(eio_sid):
                        self.close(eio_sid)
                except Exception:
                    log.exception("could not close an unconnected session")
            self.server.sleep(self.pending[0][0] - now if self.pending else self.delay)


def init_app(app: Flask) -> None:
    """Watch the sessions of the Socket.IO server ``create_app`` has just made."""
    delay = app.config["HANDSHAKE_TIMEOUT"]
    if delay > 0:
        server = socketio.server
        server.eio.on("connect", Handshakes(server, delay).opened)
