"""Methods as data: a method is an ordered list of phases; the engine knows phases only."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString

from ..models import Method

# What a participant may do in a phase. The phone shows only these.
PROPOSE = "propose"
VOTE = "vote"
ACTIONS = (PROPOSE, VOTE)


@dataclass(frozen=True)
class Phase:
    """One step of a method."""

    id: str
    title: LazyString
    instructions: LazyString  # shown on phones and the screen, in each reader's language
    screen: str  # what the projector shows: "join", "wall", "votes", "results"
    allows: tuple[str, ...] = ()
    minutes: int | None = None  # suggested duration
    ballot: str | None = None  # which dot vote the "vote" action feeds
    contribution: str = "topic"  # the kind of contribution proposed and voted on here
    results_visible: bool = False  # live results shown to phones when the phase opens


@dataclass(frozen=True)
class MethodInfo:
    key: Method
    name: LazyString
    summary: LazyString
    phases: tuple[Phase, ...] = field(default=())

    def phase(self, phase_id: str | None) -> Phase:
        """The phase with this id; the first one when the workshop has not moved yet."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        return self.phases[0]

    def index(self, phase_id: str | None) -> int:
        return self.phases.index(self.phase(phase_id))


def _registry() -> dict[Method, MethodInfo]:
    from . import appreciative_inquiry, barcamp, open_space, world_cafe

    return {
        module.METHOD.key: module.METHOD
        for module in (open_space, barcamp, appreciative_inquiry, world_cafe)
    }


METHODS: dict[Method, MethodInfo] = _registry()
