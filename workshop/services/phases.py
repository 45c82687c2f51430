"""Where a workshop is in its method, and what the current phase allows right now."""

from __future__ import annotations

from ..errors import NotAllowedNow
from ..methods import METHODS, Action, MethodInfo, Phase
from ..models import Workshop, WorkshopState


def method_of(workshop: Workshop) -> MethodInfo:
    return METHODS[workshop.method]


def current_phase(workshop: Workshop) -> Phase:
    return method_of(workshop).phase(workshop.phase)


def allowed_actions(workshop: Workshop) -> tuple[Action, ...]:
    """The participant actions open now: the phase's, less those the facilitator closed."""
    if workshop.state in (WorkshopState.ENDED, WorkshopState.ARCHIVED):
        return ()
    closed = set(workshop.options.get("closed", ()))
    return tuple(action for action in current_phase(workshop).allows if action not in closed)


def require_allowed(workshop: Workshop, action: Action) -> None:
    if action not in allowed_actions(workshop):
        raise NotAllowedNow()


def results_visible(workshop: Workshop) -> bool:
    """Whether phones and the screen see live vote counts now."""
    return bool(workshop.options.get("results_visible", current_phase(workshop).results_visible))
