"""What a service changed: the caller acknowledges ``result`` and broadcasts the rest."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Ended(enum.StrEnum):
    """A right that stops: every socket holding it is told and closed, on every instance."""

    SIGN_IN = "signed_out"  # a browser signed out, or its password changed elsewhere
    API_TOKEN = "token_revoked"
    PARTICIPANT = "erased"  # a participant erased themselves
    SCREEN_LINK = "screen_link_changed"
    WORKSHOP = "workshop_deleted"
    ARCHIVED = "workshop_archived"  # its phones and screens; the console stays
    TEAM = "removed_from_team"  # a co-facilitator's consoles of that workshop (id: account)
    ACCOUNT = "account_disabled"  # every socket of a disabled account (id: account)


@dataclass
class Change:
    workshop_id: int | None  # None for a change to an account, not to a workshop
    seq: int = 0
    result: dict[str, Any] = field(default_factory=dict)  # the acknowledgement's body
    phase: bool = False  # phase, allowed actions or settings changed: resend them
    timer: bool = False
    topics: set[int] = field(default_factory=set)  # topics to resend (or remove, if hidden)
    tally: bool = False  # vote counts, interest marks or check-ins changed (coalesced)
    agenda: bool = False  # rooms, slots or the sessions placed in them changed
    commitments: set[int] = field(default_factory=set)  # commitments to resend (or remove)
    questions: set[int] = field(default_factory=set)  # questions to resend (or remove)
    question_votes: bool = False  # question upvotes changed (coalesced, like a tally)
    seating: bool = False  # tables or pairs changed: every phone resyncs its own seat
    people: set[int] = field(default_factory=set)  # participants who joined or changed
    notices: dict[int, dict[str, Any]] = field(default_factory=dict)  # participant id → notice
    documents: set[str] = field(default_factory=set)  # co-written documents whose text changed
    document_updates: dict[str, bytes] = field(default_factory=dict)  # key → Yjs update to relay
    # Rights that end: (what, id) with the id of the sign-in, token, participant or workshop.
    ended: set[tuple[Ended, int]] = field(default_factory=set)
