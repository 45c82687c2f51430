"""The kinds of co-written documents, their fields, and the keys that address them.

A document is addressed inside its workshop by a key ``"<kind>:<id>"`` (``report:12``,
``table:3``...); the id names what the kind is about: a topic, a café table, a participant,
a proposition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NotFound, UnknownTopic
from ..models import Contribution, ContributionKind, ContributionStatus, Participant, Seat, Workshop
from ..roles import Role
from . import phases
from .seating import CAFE

KEY_RE = re.compile(r"([a-z]+):([1-9][0-9]{0,9})")


@dataclass(frozen=True)
class Field:
    name: str
    label: LazyString


@dataclass(frozen=True)
class DocumentKind:
    """What a kind of document is about (``target``) and the fields it holds."""

    target: str  # "topic", "table", "participant" or "proposition": what the key's id names
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    # Open Space: a session's report, on a topic.
    "report": DocumentKind("topic", (
        Field("key_points", _l("Key points")),
        Field("recommendations", _l("Recommendations")),
        Field("questions", _l("Open questions")),
    )),
    # Barcamp: a session's notes, on a topic.
    "notes": DocumentKind("topic", (Field("notes", _l("Notes")),)),
    # World Café: a table's notes, kept across rounds for the next visitors.
    "table": DocumentKind("table", (Field("notes", _l("Notes")),)),
    # Appreciative Inquiry: the story an interviewer records about their partner.
    "story": DocumentKind("participant", (
        Field("story", _l("Story")),
        Field("strengths", _l("Strengths")),
    )),
    # Appreciative Inquiry: a provocative proposition.
    "proposition": DocumentKind("proposition", (Field("text", _l("Proposition")),)),
}


@dataclass(frozen=True)
class Address:
    """A parsed document key."""

    kind: str
    ident: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ident}"

    @property
    def spec(self) -> DocumentKind:
        return DOCUMENT_KINDS[self.kind]


def _bad_key(message: LazyString) -> Invalid:
    return Invalid(fields={"key": [message]})


def parse_key(key: Any) -> Address:
    """``"report:12"`` → Address("report", 12); anything else is Invalid."""
    match = KEY_RE.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise _bad_key(_l("Must be a document key such as “report:12”."))
    if match[1] not in DOCUMENT_KINDS:
        raise _bad_key(_l("No such kind of document."))
    return Address(match[1], int(match[2]))


def kinds_of(workshop: Workshop) -> set[str]:
    """The kinds of documents the workshop's method writes in some phase."""
    return {kind for phase in phases.method_of(workshop).phases for kind in phase.documents}


def _tables(session: so.Session, workshop: Workshop) -> int:
    """How many café tables exist: the facilitator's number, or as many as people sit at."""
    seated = session.scalar(sa.select(sa.func.max(Seat.table)).where(
        Seat.workshop_id == workshop.id, Seat.kind == CAFE)) or 0
    return max(int(workshop.options.get("tables", 0) or 0), seated)


def check_target(session: so.Session, workshop: Workshop, address: Address, role: Role
                 ) -> Contribution | None:
    """Refuse a key whose id names nothing of this workshop; returns the contribution if any."""
    if address.kind not in kinds_of(workshop):
        raise _bad_key(_l("This workshop has no documents of this kind."))
    target = address.spec.target
    if target in ("topic", "proposition"):
        item = session.get(Contribution, address.ident)
        wanted = ContributionKind.TOPIC if target == "topic" else ContributionKind.PROPOSITION
        if (item is None or item.workshop_id != workshop.id or item.kind != wanted
                or (role != Role.FACILITATOR and item.status != ContributionStatus.VISIBLE)):
            if target == "topic":
                raise UnknownTopic()
            raise NotFound(_l("This proposition does not exist or was removed."))
        return item
    if target == "table":
        if not 1 <= address.ident <= _tables(session, workshop):
            raise NotFound(_l("There is no such table in this workshop."))
        return None
    person = session.get(Participant, address.ident)
    if person is None or person.workshop_id != workshop.id:
        raise NotFound(_l("Nobody in this workshop has this id."))
    return None
