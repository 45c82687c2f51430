"""Moving a workshop through its method's phases, running what each phase does as it opens."""

from __future__ import annotations

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NotAllowedNow
from ..models import Workshop, WorkshopState, utcnow
from . import events, phases, timer
from .changes import Change
from .enter import enter


def navigate(
    session: so.Session, workshop: Workshop, target: str, actor: str, client_id: str | None
) -> Change:
    """Move to ``next``, ``previous`` or a phase id; starts the workshop on the first move."""
    phases.require_open(workshop)
    method = phases.method_of(workshop)
    index = method.index(workshop.phase)
    if target == "next":
        index += 1
    elif target == "previous":
        index -= 1
    else:
        ids = [phase.id for phase in method.phases]
        if target not in ids:
            raise Invalid(fields={"phase": [_l("No such phase in this method.")]})
        index = ids.index(target)
    if not 0 <= index < len(method.phases):
        raise NotAllowedNow(_l("There is no phase in that direction."))
    phase = method.phases[index]
    workshop.phase = phase.id
    if workshop.state is WorkshopState.DRAFT and index > 0:
        workshop.state = WorkshopState.LIVE
        workshop.started_at = utcnow()
    # Each phase opens with its own defaults: nothing closed, its results setting, a fresh timer.
    options = {k: v for k, v in workshop.options.items() if k not in ("closed", "results_visible")}
    options["timer"] = timer.fresh(phase.minutes)
    workshop.options = options
    body = {"phase": phase.id}
    change = Change(workshop.id, result=body, phase=True, timer=True, tally=True)
    enter(session, workshop, phase, change)
    event = events.record(
        session, workshop.id, "phase.changed", actor, body, client_id=client_id, result=body
    )
    change.seq = event.seq
    return change


def finish(
    session: so.Session, workshop: Workshop, ended: bool, actor: str, client_id: str | None
) -> Change:
    """End the workshop (results become final, participants can no longer act) or reopen it."""
    if ended:
        phases.require_open(workshop)
        workshop.state = WorkshopState.ENDED
        workshop.ended_at = utcnow()
        if workshop.started_at is None:
            workshop.started_at = workshop.ended_at
    else:
        phases.require_not_archived(workshop)
        if workshop.state is not WorkshopState.ENDED:
            raise NotAllowedNow(_l("This workshop is not over."))
        workshop.state = WorkshopState.LIVE
        workshop.ended_at = None
    body = {"state": workshop.state.value}
    event = events.record(session, workshop.id, "workshop.ended" if ended else "workshop.reopened",
                          actor, body, client_id=client_id, result=body)
    return Change(workshop.id, event.seq, result=body, phase=True)
