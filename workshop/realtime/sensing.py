"""Socket.IO reads of the semantic engine: duplicate hints, merge suggestions, the wall's themes.

Reads, like ``sync``: nothing is stored, so no client_id; each is authorized per role, loaded
with ``context.load`` (a right that ended is refused) and rate-limited on its own rule.
"""

from __future__ import annotations

from typing import Any

from ..errors import Forbidden
from ..extensions import db, on_socket
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
            "themes": hints.wall_themes(db.session, request)}
