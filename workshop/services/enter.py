"""What a phase does as it opens (its ``on_enter``): the engine's only method-specific steps."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy.orm as so

from ..methods import EnterStep, Phase
from ..models import Workshop
from . import agenda, outcomes, placement, seating
from .changes import Change


def _agenda(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    change.agenda |= agenda.ensure_grid(session, workshop)


def _grid(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    agenda.ensure_grid(session, workshop)
    if not agenda.cells_of(session, workshop):
        placement.optimise(session, workshop)
    change.agenda = True


def _pairs(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    change.seating |= seating.form_pairs(session, workshop)


def _seat(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    if phase.round:
        change.seating |= seating.seat_round(session, workshop, phase.round)


def _themes(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    change.topics |= outcomes.build_themes(session, workshop, phase.id)


def _propositions(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    change.topics |= outcomes.build_propositions(session, workshop, phase.id)


STEPS: dict[EnterStep, Callable[[so.Session, Workshop, Phase, Change], None]] = {
    EnterStep.AGENDA: _agenda,
    EnterStep.GRID: _grid,
    EnterStep.PAIRS: _pairs,
    EnterStep.SEAT: _seat,
    EnterStep.THEMES: _themes,
    EnterStep.PROPOSITIONS: _propositions,
}


def enter(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    """Run ``phase.on_enter`` and note in ``change`` what it made."""
    if phase.on_enter is not None:
        STEPS[phase.on_enter](session, workshop, phase, change)
