"""The synthesis as participants read it after the workshop, on the phone link's results page.

Made from the same ``Synthesis`` as every export (consent already applied there: names only of
those who agreed to be quoted, pseudonyms otherwise), never from the database: priorities,
the harvest's themes, the proceedings the method produced, the action plan, closing words.
Headings are the page's (the participant's language); texts stay as people typed them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import LazyString

from ..services.document_kinds import DOCUMENT_KINDS
from .labels import SECTIONS
from .model import Commitment, Document, Item, Synthesis, Theme
from .rendering.measures import dots, ranked
from .rendering.outline import DOCUMENT_SECTIONS, ITEM_SECTIONS
from .rendering.texts import TEXTS

PRIORITIES_SHOWN = 20  # a phone's screenful or three; the exports have them all
QUOTES = 3  # representative statements shown per theme
HEADINGS: dict[str, LazyString] = {**SECTIONS, "questions_explored": TEXTS["questions_explored"],
                                   "feedback": TEXTS["feedback"]}


@dataclass(frozen=True)
class Priority:
    title: str
    details: str
    votes: int


@dataclass(frozen=True)
class Harvested:
    """A theme of the harvest: its label, how many contributions, some of their words."""

    label: str
    size: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Written:
    """A co-written document: its title, then each field's label and text."""

    title: str
    fields: tuple[tuple[str, str], ...]


@dataclass
class Section:
    """One kind of proceedings (session reports, dreams...): documents, then contributions."""

    key: str
    documents: list[Written] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return str(HEADINGS.get(self.key, self.key))


@dataclass(frozen=True)
class Action:
    """A commitment of the action plan, and whether it is the reader's."""

    title: str
    owner: str  # as consent allows (builders/synthesis.owner_shown)
    due_on: date | None
    item_title: str | None
    mine: bool = False  # the reader wrote it
    own: bool = False  # ... and owns it themselves
    id: int = 0
    status: str = "planned"  # where the follow-up stands
    note: str = ""  # its latest progress note


@dataclass
class ResultsPage:
    title: str
    question: str
    method: str  # the method's key: its name is the page's to translate
    day: date | None
    voting: bool  # the method has a vote (Barcamp has none: no priorities to expect)
    priorities: list[Priority]
    more_priorities: int  # voted ones beyond those shown
    themes: list[Harvested]
    sections: list[Section]
    actions: list[Action]
    words: list[dict[str, Any]]

    @property
    def mine(self) -> list[Action]:
        return [action for action in self.actions if action.mine]


def _priority(item: Item) -> Priority:
    details = item.details if item.details.strip() != item.title.strip() else ""
    return Priority(item.title, details, dots(item))


def _theme(theme: Theme) -> Harvested:
    quotes = tuple(dict.fromkeys(r["text"] for r in theme.representatives if r.get("text")))
    return Harvested(theme.label, len(theme.sources), quotes[:QUOTES])


def _written(document: Document) -> Written:
    spec = DOCUMENT_KINDS.get(document.kind)
    labels = {f.name: f.label for f in spec.fields} if spec else {}
    return Written(document.title, tuple(
        (str(labels.get(name) or document.labels.get(name) or name), text)
        for name, text in document.fields.items() if text.strip()))


def _sections(synthesis: Synthesis) -> list[Section]:
    """Documents and contributions grouped under their heading, in the reports' order."""
    found: dict[str, Section] = {}
    for kind, key in DOCUMENT_SECTIONS.items():
        for document in synthesis.documents:
            if document.kind == kind:
                found.setdefault(key, Section(key)).documents.append(_written(document))
    for kind, key in ITEM_SECTIONS.items():
        items = sorted((i for i in synthesis.items if i.kind == kind),
                       key=lambda i: (-dots(i), i.id))
        if items:
            found.setdefault(key, Section(key)).items.extend(items)
    return list(found.values())


def _action(commitment: Commitment, mine: dict[int, bool]) -> Action:
    return Action(commitment.title, commitment.owner, commitment.due_on, commitment.item_title,
                  mine=commitment.id in mine, own=mine.get(commitment.id, False),
                  id=commitment.id, status=commitment.status, note=commitment.note)


def page_of(synthesis: Synthesis, mine: dict[int, bool] | None = None) -> ResultsPage:
    """The results page of ``synthesis``; ``mine``: the reader's commitments (id → owns it)."""
    mine = mine or {}
    voted = ranked(synthesis)
    info = synthesis.workshop
    return ResultsPage(
        title=str(info.get("title") or ""), question=str(info.get("question") or ""),
        method=str(info.get("method") or ""), day=info.get("date"),
        voting=bool(synthesis.ballots) or bool(voted),
        priorities=[_priority(i) for i in voted[:PRIORITIES_SHOWN]],
        more_priorities=max(0, len(voted) - PRIORITIES_SHOWN),
        themes=[_theme(t) for t in synthesis.themes],
        sections=_sections(synthesis),
        actions=[_action(c, mine) for c in synthesis.commitments],
        words=list(synthesis.words),
    )
