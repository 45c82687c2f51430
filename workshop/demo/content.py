"""What the simulated participants say: one Content per language (``languages.content_for``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    """A session someone convenes (Open Space) or pitches (Barcamp), and what it finds."""

    title: str
    details: str
    point: str  # a key point only this session would make
    idea: str  # a recommendation only this session would make


@dataclass(frozen=True)
class Story:
    """A Discovery interview as the interviewer writes it; ``{name}`` is the partner."""

    text: str
    strengths: tuple[str, ...]


@dataclass(frozen=True)
class Dream:
    """A vision statement and its provocative proposition, written in turns."""

    title: str
    details: str
    proposition: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Everything the simulator needs in one language."""

    language: str
    company: str
    facilitator_name: str
    titles: dict[str, str]  # method key → workshop title
    questions: dict[str, str]  # method key → calling question (AI: the affirmative topic)
    cafe_questions: tuple[str, str, str]
    first_names: tuple[str, ...]
    rooms: tuple[str, ...]
    slots: tuple[str, ...]
    sessions: tuple[Session, ...]
    key_points: tuple[str, ...]
    recommendations: tuple[str, ...]
    open_questions: tuple[str, ...]
    room_questions: tuple[str, ...]  # asked to the room from phones, in every method
    notes: tuple[str, ...]  # Barcamp notes, one line each
    stories: tuple[Story, ...]
    story_additions: tuple[str, ...]  # what the partner adds to their own story
    strength_forms: dict[str, tuple[str, ...]]  # a strength → the ways people write it
    theme_titles: dict[str, str]  # a strength → how the facilitator words its theme
    dreams: tuple[Dream, ...]
    table_notes: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # per round
    host_summaries: tuple[str, ...]  # a host's recap for the next round's visitors
    insights: tuple[str, ...]
    feedback: tuple[str, ...]
    words: tuple[str, ...]  # closing words, 40 characters at most
    commitments: tuple[str, ...]
    teams: tuple[str, ...]  # owners of team commitments
    convener_intro: str  # "{title}", "{name}", "{count}"

