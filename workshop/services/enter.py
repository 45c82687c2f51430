"""What a phase does as it opens (its ``on_enter``): the engine's only method-specific steps."""

from __future__ import annotations

import sqlalchemy.orm as so

from ..methods import AGENDA, GRID, PAIR, PROPOSITIONS, SEAT, THEMES, Phase
from ..models import Workshop
from . import agenda, outcomes, seating
from .changes import Change


def enter(session: so.Session, workshop: Workshop, phase: Phase, change: Change) -> None:
    """Run ``phase.on_enter`` and note in ``change`` what it made."""
    step = phase.on_enter
    if step == AGENDA:
        change.agenda |= agenda.ensure_grid(session, workshop)
    elif step == GRID:
        agenda.ensure_grid(session, workshop)
        if not agenda.cells_of(session, workshop):
            agenda.optimise(session, workshop)
        change.agenda = True
    elif step == PAIR:
        change.seating |= seating.form_pairs(session, workshop)
    elif step == SEAT and phase.round:
        change.seating |= seating.seat_round(session, workshop, phase.round)
    elif step == THEMES:
        change.topics |= outcomes.build_themes(session, workshop, phase.id)
    elif step == PROPOSITIONS:
        change.topics |= outcomes.build_propositions(session, workshop, phase.id)
