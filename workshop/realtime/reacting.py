"""Quick reactions to the screen: counted per quarter second in memory, never stored."""

from __future__ import annotations

import threading
from collections import Counter

from ..extensions import socketio
from ..services.reactions import Reaction
from . import rooms

INTERVAL = 0.25  # the screen hears at most four reaction messages a second


class ReactionFanout:
    """Sends the screen how many of each reaction came in, one message per quarter second.

    Each instance sends what its own phones sent, through ``socketio.emit`` (the message queue
    with several instances); the screen adds them up. Nothing to rebuild after a restart.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[int, Counter[str]] = {}  # workshop → reactions not yet sent

    def react(self, workshop_id: int, kind: Reaction) -> None:
        with self._lock:
            started = workshop_id in self._waiting
            self._waiting.setdefault(workshop_id, Counter())[kind.value] += 1
        if not started:
            socketio.start_background_task(self._send, workshop_id)

    def _send(self, workshop_id: int) -> None:
        socketio.sleep(INTERVAL)
        with self._lock:
            counts = dict(self._waiting.pop(workshop_id, Counter()))
        for room in (rooms.screens(workshop_id), rooms.facilitators(workshop_id)):
            socketio.emit("reactions", {"counts": counts}, to=room)
