"""The phase timer: the server keeps the end instant; every screen counts down from it."""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NotAllowedNow
from ..methods import METHODS
from ..models import Workshop
from . import events, phases
from .changes import Change

MAX_SECONDS = 6 * 3600


def fresh(minutes: int | None) -> dict[str, Any]:
    """A stopped timer set to a phase's suggested duration."""
    seconds = (minutes or 0) * 60
    return {"duration": seconds, "ends_at": None, "remaining": seconds}


def _state(workshop: Workshop) -> dict[str, Any]:
    """The stored timer; before any phase move, the current phase's suggested duration."""
    stored: dict[str, Any] | None = workshop.options.get("timer")
    if stored:
        return stored
    return fresh(METHODS[workshop.method].phase(workshop.phase).minutes)


def view(workshop: Workshop, now: float | None = None) -> dict[str, Any]:
    """The timer as clients see it: ``ends_at`` (ms since the epoch) while running."""
    state = _state(workshop)
    now = time.time() if now is None else now
    running = state.get("ends_at") is not None
    remaining = max(0.0, state["ends_at"] - now) if running else state.get("remaining") or 0
    return {
        "running": running,
        "duration": state.get("duration", 0),
        "ends_at": int(state["ends_at"] * 1000) if running else None,
        "remaining": round(remaining, 1),
    }


def _seconds(value: Any, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(fields={"seconds": [_l("Must be a whole number of seconds.")]})
    low = -MAX_SECONDS if allow_negative else 1
    if not low <= value <= MAX_SECONDS:
        raise Invalid(fields={"seconds": [_l("At most 6 hours.")]})
    return value


def _save(
    session: so.Session, workshop: Workshop, state: dict[str, Any], kind: str, actor: str,
    client_id: str | None,
) -> Change:
    workshop.options = {**workshop.options, "timer": state}
    result = {"timer": view(workshop)}
    event = events.record(session, workshop.id, kind, actor, state, client_id=client_id,
                          result=result)
    return Change(workshop.id, event.seq, result=result, timer=True)


def start(
    session: so.Session, workshop: Workshop, seconds: Any, actor: str, client_id: str | None
) -> Change:
    """Start (or restart) the countdown, for ``seconds`` or for what remains."""
    phases.require_open(workshop)
    state = dict(_state(workshop))
    if seconds is not None:
        state["duration"] = state["remaining"] = _seconds(seconds)
    remaining = state.get("remaining") or state.get("duration") or 0
    if remaining <= 0:
        raise Invalid(fields={"seconds": [_l("Say how long the timer should run.")]})
    state["ends_at"] = time.time() + remaining
    state["remaining"] = None
    return _save(session, workshop, state, "timer.started", actor, client_id)


def pause(session: so.Session, workshop: Workshop, actor: str, client_id: str | None) -> Change:
    phases.require_open(workshop)
    state = dict(_state(workshop))
    if state.get("ends_at") is None:
        raise NotAllowedNow(_l("The timer is not running."))
    state["remaining"] = max(0.0, state["ends_at"] - time.time())
    state["ends_at"] = None
    return _save(session, workshop, state, "timer.paused", actor, client_id)


def extend(
    session: so.Session, workshop: Workshop, seconds: Any, actor: str, client_id: str | None
) -> Change:
    """Add (or, with a negative number, take away) time, running or not."""
    phases.require_open(workshop)
    delta = _seconds(seconds, allow_negative=True)
    state = dict(_state(workshop))
    if state.get("ends_at") is not None:
        # A countdown that already reached zero is extended from now, not from its past end.
        now = time.time()
        state["ends_at"] = max(now, max(now, state["ends_at"]) + delta)
    else:
        state["remaining"] = max(0.0, (state.get("remaining") or 0) + delta)
    state["duration"] = max(0, state.get("duration", 0) + delta)
    return _save(session, workshop, state, "timer.extended", actor, client_id)
