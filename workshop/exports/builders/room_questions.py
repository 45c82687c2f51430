"""Questions asked to the room, for the synthesis and the brief's Q&A section.

Consent applies as to every author: a quoted name only with consent, else the pseudonym; and
only the pseudonym when the room saw questions anonymous. Names in the text are redacted.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ...models import Question, QuestionUpvote, Workshop
from ...services import questions
from ..model import RoomQuestion, Synthesis
from .consent import Roster
from .themes import element_key


def gather(session: so.Session, workshop: Workshop, roster: Roster) -> list[RoomQuestion]:
    """Every question the room saw, archived too (flagged), most upvoted first."""
    named = questions.named(workshop)
    found = []
    # One query, upvotes counted in it: a synthesis reads a handful of queries, whatever the size.
    for row, upvotes in session.execute(
            sa.select(Question, sa.func.count(QuestionUpvote.id))
            .outerjoin(QuestionUpvote, QuestionUpvote.question_id == Question.id)
            # One still waiting for review never reached the room (it may hold an insult).
            .where(Question.workshop_id == workshop.id, Question.held.is_(None))
            .group_by(Question.id).order_by(Question.id)):
        pid = row.participant_id
        author = roster.shown(pid) if named else (roster.pseudonyms.get(pid) if pid else None)
        found.append(RoomQuestion(
            id=row.id, text=roster.redact(row.text), author=author,
            author_group=roster.groups.get(pid) if pid else None,
            upvotes=upvotes, answered=row.answered, archived=row.archived))
    found.sort(key=lambda q: (-q.upvotes, q.id))
    return found


def for_the_brief(synthesis: Synthesis, rank: dict[str | None, int]) -> list[dict[str, Any]]:
    """The room's questions as Q&A entries: customers' first (``rank``), most upvoted first.

    Everyone who upvoted raised it too: the count is the asker and the upvotes.
    """
    kept = [q for q in synthesis.questions if not q.archived]
    kept.sort(key=lambda q: (rank.get(q.author_group, len(rank)), -q.upvotes, q.id))
    return [{"text": q.text, "group": q.author_group, "item_id": None, "kind": "asked",
             "upvotes": q.upvotes, "answered": q.answered,
             "key": element_key("qa", [f"q:{q.id}"]), "sources": [f"q:{q.id}"],
             "groups": [q.author_group] if q.author_group else [], "count": 1 + q.upvotes}
            for q in kept]
