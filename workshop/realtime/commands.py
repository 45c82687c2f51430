"""The one path every change takes: run a service in a write transaction, commit, publish.

Socket handlers, page views, the JSON API, the CLI and the demo all change state through
``execute``: the service flushes and returns a ``Change``; this commits it and hands it to the
broadcaster, so nothing reaches clients before it is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..services import events
from ..services.changes import Change
from ..services.reactions import Reaction
from .broadcaster import broadcaster

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retry:
    """Who sent an action and its client_id: a retry gets the first answer again."""

    workshop_id: int
    actor: str
    client_id: str

    def previous(self, session: so.Session) -> Change | None:
        result = events.replay(session, self.workshop_id, self.actor, self.client_id)
        return None if result is None else Change(self.workshop_id, result=result)


def execute(work: Callable[[so.Session], Change], retry: Retry | None = None,
            origin: str | None = None) -> Change:
    """Run ``work`` in one write transaction, commit, then broadcast what it changed.

    ``origin`` is the socket that asked, if any: its own co-writing updates are not echoed.
    """
    try:
        with db.unit_of_work() as session:
            previous = retry.previous(session) if retry else None
            if previous is not None:
                return previous  # already done and broadcast: answer as the first time
            change = work(session)
    except IntegrityError:
        # The same client_id raced itself on another connection: answer as the winner did.
        previous = retry.previous(db.session) if retry else None
        if previous is None:
            raise
        return previous
    publish(change, origin)
    return change


def publish(change: Change, origin: str | None = None) -> None:
    """Broadcast a committed change; a failure is logged, never raised (clients resync)."""
    try:
        broadcaster.publish(change, origin)
    except Exception:
        log.exception("broadcast failed after commit")


def react(workshop_id: int, kind: Reaction) -> None:
    """Hand a quick reaction to the broadcaster: nothing to store, nothing to commit."""
    broadcaster.reactions.react(workshop_id, kind)
