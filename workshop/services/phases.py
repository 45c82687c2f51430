"""Where a workshop is in its method, and what the current phase allows right now."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..errors import NotAllowedNow
from ..methods import METHODS, Action, MethodInfo, Phase
from ..models import Workshop, WorkshopState


def method_of(workshop: Workshop) -> MethodInfo:
    return METHODS[workshop.method]


def current_phase(workshop: Workshop) -> Phase:
    return method_of(workshop).phase(workshop.phase)


def closed_because(workshop: Workshop) -> NotAllowedNow | None:
    """Why nothing in the workshop may change now (ended or archived), or None while open."""
    if workshop.state is WorkshopState.ARCHIVED:
        return NotAllowedNow(_l("This workshop is archived: restore it first."))
    if workshop.state is WorkshopState.ENDED:
        return NotAllowedNow(_l("This workshop is over."))
    return None


def require_open(workshop: Workshop) -> None:
    """Refuse any change to an ended or archived workshop: its results are final.

    Every service that changes a workshop calls this first; only reopening, the facilitator's
    tag corrections (until archive) and a participant's erasure pass.
    """
    refusal = closed_because(workshop)
    if refusal is not None:
        raise refusal


def require_not_archived(workshop: Workshop) -> None:
    """Refuse a change to an archived workshop (an ended one still takes it)."""
    if workshop.state is WorkshopState.ARCHIVED:
        raise NotAllowedNow(_l("This workshop is archived: restore it first."))


def allowed_actions(workshop: Workshop) -> tuple[Action, ...]:
    """The participant actions open now: the phase's, less those the facilitator closed."""
    if workshop.state in (WorkshopState.ENDED, WorkshopState.ARCHIVED):
        return ()
    closed = set(workshop.options.get("closed", ()))
    return tuple(action for action in current_phase(workshop).allows if action not in closed)


def require_allowed(workshop: Workshop, action: Action) -> None:
    require_open(workshop)
    if action not in allowed_actions(workshop):
        raise NotAllowedNow()


def results_visible(workshop: Workshop) -> bool:
    """Whether phones and the screen see live vote counts now."""
    return bool(workshop.options.get("results_visible", current_phase(workshop).results_visible))
