"""Socket.IO reads of the semantic engine: duplicate hints, merge suggestions, the wall's themes.

Reads, like ``sync``: nothing is stored, so no client_id; each is authorized per role, loaded
with ``context.load`` (a right that ended is refused) and rate-limited on its own rule. The
wall's themes are CPU work of up to half a second: under gevent they run in a native thread of
the hub's pool (``off_the_loop``), so votes and other sockets are served meanwhile (the thread
only computes; the handler's greenlet reads the database before and answers after).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import Forbidden
from ..extensions import db, on_socket, socketio
from ..ratelimit import limits
from ..roles import Role
from ..services import hints
from .context import Answer, answered, current_client, limit_key, load, payload_of


def _client(roles: tuple[Role, ...], rule: str) -> Any:
    client = current_client()
    if client.role not in roles:
        raise Forbidden()
    limits().hit(rule, limit_key(client))
    return client


def under_gevent() -> bool:
    """Whether the server runs on gevent's event loop (``workshop serve``)."""
    mode: str = socketio.async_mode
    return mode == "gevent"


def off_the_loop(work: Callable[[], Any]) -> Any:
    """``work()`` in a native thread while this greenlet waits, under gevent; else here.

    The thread holds the GIL for its Python parts, but Python hands it over every few
    milliseconds: the event loop keeps turning instead of stalling for the whole computation.
    """
    if not under_gevent():
        return work()
    import gevent

    return gevent.get_hub().threadpool.apply(work)


@on_socket("topic.similar")
@answered
def topic_similar(data: Any = None) -> Answer:
    """What the wall already holds that says what the text being typed says."""
    client = _client((Role.PARTICIPANT, Role.FACILITATOR), "hint")
    payload = payload_of(data)
    workshop, participant = load(db.session, client)
    request = hints.hint_request(workshop, participant, payload)
    found = [] if request is None else hints.similar(db.session, request)
    return {"ok": True, "similar": found}


@on_socket("merge.suggestions")
@answered
def merge_suggestions(data: Any = None) -> Answer:
    """Pairs of the wall that look like duplicates, for the facilitator to merge or dismiss."""
    client = _client((Role.FACILITATOR,), "wall")
    payload = payload_of(data)
    workshop, _participant = load(db.session, client)
    request = hints.wall_request(workshop, client.role, payload)
    pairs = hints.suggestions(hints.merge_pairs(db.session, request), workshop)
    return {"ok": True, "kind": request.kind.value, "pairs": pairs}


@on_socket("topic.themes")
@answered
def topic_themes(data: Any = None) -> Answer:
    """The wall grouped by theme: the console's theme view, the screen's grouped wall."""
    client = _client((Role.FACILITATOR, Role.SCREEN), "wall")
    payload = payload_of(data)
    workshop, _participant = load(db.session, client)
    request = hints.wall_request(workshop, client.role, payload)
    return {"ok": True, "kind": request.kind.value,
            "themes": hints.wall_themes(db.session, request, off_the_loop)}
