"""The engine's vocabulary: what a phase lets people do, shows and runs as it opens."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from flask_babel import LazyString

from ..models import ContributionKind, Method


class Action(enum.StrEnum):
    """What a participant may do in a phase. The phone shows only these."""

    PROPOSE = "propose"  # post a contribution of the phase's kind
    VOTE = "vote"  # place dots in the phase's ballot
    MARK = "mark"  # mark the sessions one wants to attend
    PICK = "pick"  # a convener places their own session in a free cell of the agenda
    CHECKIN = "checkin"  # say which session one is in now (the law of two feet)
    WRITE = "write"  # co-write the phase's documents
    COMMIT = "commit"  # add commitments to the action plan


class Screen(enum.StrEnum):
    """What the projector shows during a phase (static/src/screen.js draws each)."""

    JOIN = "join"  # the QR code and join code
    PRINCIPLES = "principles"  # Open Space's principles and the calling question
    QUESTION = "question"  # the affirmative topic
    WALL = "wall"  # the contributions as cards
    VOTES = "votes"  # the ballot, with live bars when results are shown
    RESULTS = "results"  # the ballot's bars
    INTEREST = "interest"  # interest marks per session
    AGENDA = "agenda"  # the rooms × time slots grid being filled
    GRID = "grid"  # the grid built from the interest marks
    SESSIONS = "sessions"  # the agenda with live head-counts
    DOCUMENTS = "documents"  # the documents being co-written
    COMMITMENTS = "commitments"  # the action plan
    WORDS = "words"  # the closing word cloud
    PAIRS = "pairs"  # interview pairs
    THEMES = "themes"  # the positive core
    TABLES = "tables"  # café tables and the round's question


# Screens showing the agenda (rooms × slots), with its interest marks and head-counts.
AGENDA_SCREENS = frozenset({Screen.AGENDA, Screen.INTEREST, Screen.GRID, Screen.SESSIONS})


class EnterStep(enum.StrEnum):
    """What a phase does as the facilitator opens it (idempotent: re-entering keeps what exists)."""

    AGENDA = "agenda"  # make sure there is a grid of rooms and time slots to fill
    GRID = "grid"  # build the Barcamp grid from the interest marks, unless already built
    PAIRS = "pairs"  # form interview pairs, mixing stakeholder groups
    SEAT = "seat"  # seat everyone at World Café tables for the phase's round
    THEMES = "themes"  # group the stories' strengths into themes (the positive core)
    PROPOSITIONS = "propositions"  # one provocative proposition per top dream


class Panel(enum.StrEnum):
    """A part of the console (and the phone's modules) a phase needs; clients skip unknown ones."""

    QUESTION = "question"  # the calling question or affirmative topic
    CAFE = "cafe"  # café tables and round questions
    SEATING = "seating"  # who sits with whom: pairs or tables
    THEMES = "themes"  # the positive core grouped from the stories
    AGENDA = "agenda"  # rooms × time slots, interest marks, check-ins
    PROPOSITIONS = "propositions"  # the provocative propositions being written
    DOCUMENTS = "documents"  # the sessions' reports or notes, the stories
    TOPICS = "topics"  # the contributions, their moderation and dots
    WORDS = "words"  # the closing words
    COMMITMENTS = "commitments"  # the action plan


@dataclass(frozen=True)
class Phase:
    """One step of a method."""

    id: str
    title: LazyString
    instructions: LazyString  # shown on phones and the screen, in each reader's language
    screen: Screen
    allows: tuple[Action, ...] = ()
    minutes: int | None = None  # suggested duration
    ballot: str | None = None  # which dot vote the "vote" action feeds
    contribution: ContributionKind = ContributionKind.TOPIC  # proposed and voted on here
    results_visible: bool = False  # live results shown to phones when the phase opens
    documents: tuple[str, ...] = ()  # kinds of shared documents written in this phase
    round: int | None = None  # World Café round number
    on_enter: EnterStep | None = None


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

    def panels(self, phase: Phase) -> tuple[Panel, ...]:
        """The panels ``phase`` needs, from its screen, actions and documents, in Panel order."""
        screen, allows, documents = phase.screen, set(phase.allows), set(phase.documents)
        cafe = any(p.screen is Screen.TABLES for p in self.phases)
        needs = {
            Panel.QUESTION: screen in (Screen.PRINCIPLES, Screen.QUESTION),
            # A café's welcome is when tables and questions are set up.
            Panel.CAFE: screen is Screen.TABLES or (screen is Screen.JOIN and cafe),
            Panel.SEATING: screen in (Screen.TABLES, Screen.PAIRS),
            Panel.THEMES: screen is Screen.THEMES,
            Panel.AGENDA: screen in AGENDA_SCREENS
            or bool(allows & {Action.PICK, Action.MARK, Action.CHECKIN}),
            Panel.PROPOSITIONS: "proposition" in documents,
            # The positive core is grouped from the stories: the facilitator reads them.
            Panel.DOCUMENTS: bool(documents & {"report", "notes"}) or screen is Screen.THEMES,
            Panel.TOPICS: bool(allows & {Action.PROPOSE, Action.VOTE})
            or screen in (Screen.WALL, Screen.VOTES, Screen.RESULTS, Screen.THEMES),
            Panel.WORDS: screen is Screen.WORDS,
            Panel.COMMITMENTS: Action.COMMIT in allows or screen is Screen.COMMITMENTS,
        }
        return tuple(panel for panel in Panel if needs[panel])
