"""The synthesis as data: what every export format writes, and nothing else.

One builder (``builders.synthesis.build``) reads a workshop into a ``Synthesis``; each writer
(``writers``, with what they share in ``rendering``) turns a ``Synthesis`` into one format.
Writers never query the database, so the web download, the CLI and the API produce the same
content, and a writer can be tested with a hand-made synthesis.

Consent is settled here, once: ``Person.name`` and every ``author`` are a participant's chosen
name only if they agreed to be quoted; everyone else is their pseudonym ("P-007"). Texts are
kept exactly as typed (writers neutralise HTML and spreadsheet formulas for their format).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..services.tags import FOUNDATIONS as FOUNDATIONS  # the writers' vocabularies
from ..services.tags import SHIFTS as SHIFTS

FORMAT_VERSION = 1
DEFAULT_TIMEZONES = {"fr": "Europe/Paris", "en": "Europe/London"}


# Beside the data, as builders and writers both need it: the builder stores its key in
# ``Synthesis.workshop["timezone"]``, writers show times in it (a hand-made synthesis has none).
def timezone_of(language: str, options: dict[str, Any]) -> ZoneInfo:
    """The workshop's time zone: its option ``timezone``, else one for its language."""
    for name in (options.get("timezone"), DEFAULT_TIMEZONES.get(language), "UTC"):
        if isinstance(name, str):
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


@dataclass
class Person:
    pseudonym: str  # "P-001": stable within the export
    name: str | None  # the chosen name, only with consent to be quoted
    group: str  # stakeholder group key
    joined_at: datetime | None = None
    locale: str | None = None


@dataclass
class Item:
    """A contribution: a session, story, theme, dream, proposition, insight, word, feedback."""

    id: int
    kind: str
    title: str
    details: str = ""
    author: str | None = None  # quoted name or pseudonym; None when posted by the facilitator
    author_group: str | None = None
    phase: str | None = None
    parent_id: int | None = None
    status: str = "visible"
    votes: dict[str, int] = field(default_factory=dict)  # ballot → dots
    votes_by_group: dict[str, dict[str, int]] = field(default_factory=dict)  # ballot → group → dots
    interest: int = 0  # people who marked it (agenda)
    attendance: int = 0  # people checked in at the end
    room: str | None = None
    slot: str | None = None
    divergence: float | None = None  # 0 = groups agree … 1 = opposite (see builders/synthesis.py)
    foundations: list[str] = field(default_factory=list)  # keys of FOUNDATIONS
    shifts: list[str] = field(default_factory=list)  # keys of SHIFTS
    keywords: list[str] = field(default_factory=list)
    tags_corrected: bool = False  # the facilitator set the tags by hand


@dataclass
class Document:
    key: str  # "report:12"
    kind: str  # report, notes, table, story, proposition
    title: str
    item_id: int | None
    fields: dict[str, str]  # field name → text
    labels: dict[str, str]  # field name → label in the workshop's language


@dataclass
class Commitment:
    id: int
    title: str
    owner: str  # as typed (a name the owner chose to give) — subject to consent like authors
    due_on: date | None
    item_id: int | None
    item_title: str | None
    personal: bool
    author_group: str | None = None
    status: str = "planned"  # the follow-up: planned, started, done, dropped
    note: str = ""  # its latest progress note, redacted like every text
    done_note: str = ""  # what was done: the latest note since it was marked done, redacted


@dataclass
class RoomQuestion:
    """A question asked to the room from a phone, with its upvotes."""

    id: int
    text: str
    author: str | None  # quoted name or pseudonym (a pseudonym when questions were anonymous)
    author_group: str | None
    upvotes: int
    answered: bool
    archived: bool  # taken off the room's list by the facilitator; left out of the brief


@dataclass
class Post:
    """One editorial-calendar entry: a post idea for one channel at one time."""

    at: datetime  # timezone-aware (UTC)
    channel: str  # "linkedin", "x", "instagram", "facebook", "blog", "newsletter"
    text: str  # within the channel's length limit
    link: str | None = None
    tags: list[str] = field(default_factory=list)
    item_id: int | None = None
    key: str = ""  # stable across builds (themes.element_key): an edit or a drop finds it
    curated: str = ""  # "", "accepted" or "edited": what the facilitator did with it


@dataclass
class Theme:
    """A subject several contributions share, found by meaning (``workshop.sense``)."""

    key: str  # "theme:<hash>" of its member sources: survives a rebuild while they stay
    label: str  # distinctive words of its members; never a stop word, a name, a number
    terms: list[str]  # distinctive words as written, best first (hashtags, listening list)
    # Members: "c:12" a contribution, "d:report:12" a document, "k:3" a commitment.
    sources: list[str]
    contribution_ids: list[int]  # contributions among them, or the ones a member belongs to
    # Participants' own words that best stand for it, best first:
    # {source, item_id, text, author, group} (author as consent allows, like every author).
    representatives: list[dict[str, Any]] = field(default_factory=list)
    representative_ids: list[int] = field(default_factory=list)  # their contributions
    groups: dict[str, float] = field(default_factory=dict)  # group → share of its engagement
    curated: str = ""  # "", "accepted" or "edited" (builders/workbench.lay_themes)
    automatic: str = ""  # the label the engine gave it, once the facilitator curated it


@dataclass
class Brief:
    """The social-media strategy brief derived from the outcomes."""

    # group → theme → intensity 0..1
    stakeholder_map: dict[str, dict[str, float]] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)  # the map's columns, most intense first
    # Each key message, question, listening entry and risk carries "key" (themes.element_key)
    # and "curated" ("", "accepted", "edited"); dropped ones are left out (builders/workbench).
    key_messages: list[dict[str, Any]] = field(default_factory=list)  # {text, item_id, why}
    # {text, group, item_id, kind}: customers' first
    questions: list[dict[str, Any]] = field(default_factory=list)
    listening: list[dict[str, Any]] = field(default_factory=list)  # {term, kind, count}
    risks: list[dict[str, Any]] = field(default_factory=list)  # {text, group, item_id, signal}
    calendar: list[Post] = field(default_factory=list)
    # "You said, we did": a draft per network for each done commitment (builders/said_did);
    # only those the facilitator kept or edited are also in the calendar, hence the files.
    said_did: list[Post] = field(default_factory=list)
    checklist: list[dict[str, Any]] = field(default_factory=list)  # "why big companies struggle"
    # Two groups compared (builders/agreement.py): {groups: [a, b], minimum: votes per group,
    # agree: [row], diverge: [row]}; row = {key, kind, title, shares: {a, b}, votes: {a, b},
    # gap}. "agree" and "diverge" never share a row.
    agreement: dict[str, Any] = field(default_factory=dict)


@dataclass
class Synthesis:
    format_version: int
    generated_at: datetime
    final: bool  # the workshop has ended
    workshop: dict[str, Any]  # id, title, question, method, method_name, language, code, state,
    #                           created_at, started_at, ended_at, duration_minutes
    groups: list[dict[str, str]]  # [{key, label}]
    participation: dict[str, Any]  # {"by_group": {g: n}, "active_by_group": {g: n},
    #                                 "timeline": [{"minute", "joined", "actions"}]}
    people: list[Person]
    items: list[Item]
    ballots: dict[str, list[int]]  # ballot → item ids, most voted first
    documents: list[Document]
    commitments: list[Commitment]
    words: list[dict[str, Any]]  # [{word, count}] closing word cloud
    brief: Brief
    labels: dict[str, str] = field(default_factory=dict)  # texts for writers, workshop language
    themes: list[Theme] = field(default_factory=list)  # by meaning, largest first
    questions: list[RoomQuestion] = field(default_factory=list)  # to the room, most upvoted first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def item(self, item_id: int | None) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)
