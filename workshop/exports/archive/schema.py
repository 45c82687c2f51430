"""The archive file's shape as data: its format and version, and the tables it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ...models import (
    Base,
    CheckIn,
    Commitment,
    CommitmentNote,
    Contribution,
    Curation,
    Event,
    Interest,
    Participant,
    Question,
    QuestionUpvote,
    Room,
    ScheduledSession,
    Seat,
    SharedDocument,
    TimeSlot,
    Vote,
)

FORMAT = "atelier-archive"
VERSION = 1
WORKSHOP_SKIP = ("id", "facilitator_id", "join_code", "screen_key")
# The workshop's settings that are words typed (the rest are codes, numbers and switches).
WORKSHOP_TEXTS = ("title", "calling_question")
# Event payload keys that hold ids, and the table each names (see the services' events.record).
PAYLOAD_IDS = {"topic": "contributions", "into": "contributions", "room": "rooms",
               "slot": "time_slots", "commitment": "commitments", "host": "participants",
               "room_question": "questions"}
# What the number in a document key names (document_kinds.DOCUMENT_KINDS targets).
KEY_TARGETS = {"topic": "contributions", "proposition": "contributions",
               "participant": "participants"}


@dataclass(frozen=True)
class Table:
    """One table of a workshop: its key in the archive and the ids its columns point to."""

    key: str
    model: type[Base]
    refs: dict[str, str] = field(default_factory=dict)  # column → key of the table it names
    skip: tuple[str, ...] = ()  # columns not archived
    later: tuple[str, ...] = ()  # references to the same table, set once every row exists
    # Text and JSON columns that hold codes (keys, kinds, locales), not words anyone typed:
    # archived as they are. Every other one is redacted under consent (see ``dump``).
    verbatim: tuple[str, ...] = ()

    @property
    def table(self) -> sa.Table:
        return table_of(self.model)

    @property
    def columns(self) -> list[sa.Column[Any]]:
        return [c for c in self.table.columns if c.name not in ("workshop_id", *self.skip)]


def table_of(model: type[Base]) -> sa.Table:
    """The model's table (SQLAlchemy types ``__table__`` as any FromClause; ours are Tables)."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


# In dependency order: a table only names tables above it (or itself, via ``later``).
TABLES = (
    Table("participants", Participant, skip=("token_hash",), verbatim=("group_key", "locale")),
    Table("contributions", Contribution,
          refs={"author_id": "participants", "merged_into_id": "contributions",
                "parent_id": "contributions"},
          later=("merged_into_id", "parent_id"), verbatim=("phase", "tags")),
    Table("rooms", Room),
    Table("time_slots", TimeSlot),
    Table("votes", Vote, refs={"participant_id": "participants",
                               "contribution_id": "contributions"}, verbatim=("ballot",)),
    Table("interest", Interest, refs={"participant_id": "participants",
                                      "contribution_id": "contributions"}),
    Table("check_ins", CheckIn, refs={"participant_id": "participants",
                                      "contribution_id": "contributions"}),
    Table("scheduled_sessions", ScheduledSession,
          refs={"contribution_id": "contributions", "room_id": "rooms",
                "slot_id": "time_slots"}),
    Table("seats", Seat, refs={"participant_id": "participants"}, verbatim=("kind",)),
    Table("documents", SharedDocument, refs={"contribution_id": "contributions"},
          skip=("compacted_through",), verbatim=("kind", "key")),
    Table("commitments", Commitment, refs={"participant_id": "participants",
                                           "contribution_id": "contributions"},
          verbatim=("status",)),
    # The follow-up after the workshop: statuses and progress notes (redacted like the rest).
    Table("commitment_notes", CommitmentNote, refs={"commitment_id": "commitments",
                                                    "participant_id": "participants"},
          verbatim=("status",)),
    Table("questions", Question, refs={"participant_id": "participants"},
          verbatim=("held",)),
    Table("question_upvotes", QuestionUpvote, refs={"question_id": "questions",
                                                    "participant_id": "participants"}),
    Table("events", Event, verbatim=("kind", "actor")),
    # The brief as curated: keys are hashes (codes); the texts are redacted like the rest.
    Table("curations", Curation, verbatim=("key",)),
)


def document(synthesis: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The archive file's content: what it is, its version, the synthesis and the rows."""
    return {"format": FORMAT, "version": VERSION, "synthesis": synthesis, "data": data}

