"""Closing the sockets of a right that ended, on every instance.

A socket is authorised when it connects and checked again at each event
(``context.load``), but a socket that only listens (a screen, an idle console) sends no event:
when a right ends, its sockets are told why (``closed``) and disconnected. Each instance
closes its own; with a message queue, the others hear of it on a Redis channel of their own.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterable
from typing import Any

from flask import Flask

from ..extensions import socketio

log = logging.getLogger(__name__)

CHANNEL = "atelier:closing"
LISTENING = "atelier.closing"
CLOSE_DELAY = 0.5  # seconds between telling a socket why and closing it: the word leaves first


def _instance(app: Flask) -> str:
    """This app's name on the channel, to skip its own messages coming back from Redis."""
    name: str = app.extensions.setdefault("atelier.instance", uuid.uuid4().hex)
    return name


class Closer:
    def __init__(self) -> None:
        self._clients: dict[str, Any] = {}  # queue URL → its Redis client
        self._lock = threading.Lock()
        self.forgotten: list[Any] = []  # hooks: each gets the sids closed here

    def close(self, app: Flask, rooms: dict[str, str]) -> None:
        """Tell every socket in ``rooms`` (room → reason) why, and close it, everywhere."""
        self._close_here(rooms)
        queue = app.config.get("MESSAGE_QUEUE")
        if queue:
            self._redis(queue).publish(CHANNEL, json.dumps(
                {"from": _instance(app), "rooms": rooms}))

    def listen(self, app: Flask) -> None:
        """Hear the other instances' closings (once per app, from its first connection on)."""
        queue = app.config.get("MESSAGE_QUEUE")
        if not queue or app.extensions.get(LISTENING):
            return
        app.extensions[LISTENING] = True
        socketio.start_background_task(self._listen, app, queue)

    def _listen(self, app: Flask, queue: str) -> None:
        while True:
            try:
                pubsub = self._redis(queue).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    body = json.loads(message["data"])
                    if body.get("from") != _instance(app):
                        with app.app_context():
                            self._close_here(body["rooms"])
            except Exception:
                log.exception("closing channel lost; listening again")
                socketio.sleep(1)

    def _redis(self, queue: str) -> Any:
        import redis

        with self._lock:
            if queue not in self._clients:
                self._clients[queue] = redis.Redis.from_url(queue)
            return self._clients[queue]

    def _close_here(self, rooms: dict[str, str]) -> None:
        manager = socketio.server.manager
        self.close_sockets({sid: reason for room, reason in rooms.items()
                            for sid, _eio in manager.get_participants("/", room)})

    def close_sockets(self, sockets: dict[str, str]) -> None:
        """Tell these sockets of this instance why (sid → reason), forget them, close them."""
        if not sockets:
            return
        for sid, reason in sockets.items():
            socketio.server.emit("closed", {"reason": reason}, to=sid, namespace="/")
        for forget in self.forgotten:
            forget(list(sockets))  # no event of theirs passes from now on
        socketio.start_background_task(close_soon, list(sockets))


def close_soon(sids: Iterable[str]) -> None:
    """Disconnect these sockets once what was last sent to them has left."""
    socketio.sleep(CLOSE_DELAY)
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")


closer = Closer()
