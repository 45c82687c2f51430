"""Methods as data: a method is an ordered list of phases; the engine knows phases only."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString

from ..models import Method

# What a participant may do in a phase. The phone shows only these.
PROPOSE = "propose"  # post a contribution of the phase's kind
VOTE = "vote"  # place dots in the phase's ballot
MARK = "mark"  # mark the sessions one wants to attend
PICK = "pick"  # a convener places their own session in a free cell of the agenda
CHECKIN = "checkin"  # say which session one is in now (the law of two feet)
WRITE = "write"  # co-write the phase's documents
COMMIT = "commit"  # add commitments to the action plan
ACTIONS = (PROPOSE, VOTE, MARK, PICK, CHECKIN, WRITE, COMMIT)

# What a phase does when the facilitator opens it (idempotent: re-entering changes nothing
# that already exists).
AGENDA = "agenda"  # make sure there is a grid of rooms and time slots to fill
GRID = "grid"  # build the Barcamp grid from the interest marks, unless already built
PAIR = "pairs"  # form interview pairs, mixing stakeholder groups
SEAT = "seat"  # seat everyone at World Café tables for the phase's round
THEMES = "themes"  # group the stories' strengths into themes (the positive core)
PROPOSITIONS = "propositions"  # one provocative proposition per top dream


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
    documents: tuple[str, ...] = ()  # kinds of shared documents written in this phase
    round: int | None = None  # World Café round number
    on_enter: str | None = None  # AGENDA, GRID, PAIR, SEAT, THEMES or PROPOSITIONS


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
