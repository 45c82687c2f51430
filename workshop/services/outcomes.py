"""What some phases make when they open: the positive core's themes, the propositions to write.

Both are idempotent: re-entering the phase keeps what exists (and what the facilitator edited).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from .. import sense
from ..models import Contribution, ContributionKind, ContributionStatus, SharedDocument, Workshop
from . import documents, themes, voting

TOP_DREAMS = 3


def _exists(session: so.Session, workshop: Workshop, kind: ContributionKind) -> bool:
    count = session.scalar(
        sa.select(sa.func.count()).select_from(Contribution).where(
            Contribution.workshop_id == workshop.id, Contribution.kind == kind)
    )
    return bool(count)


def build_themes(session: so.Session, workshop: Workshop, phase_id: str) -> set[int]:
    """Group the Discovery stories' strengths into themes, once; returns the new theme ids."""
    if _exists(session, workshop, ContributionKind.THEME):
        return set()
    items = []
    for doc in session.scalars(sa.select(SharedDocument).where(
            SharedDocument.workshop_id == workshop.id, SharedDocument.kind == "story")
            .order_by(SharedDocument.id)):
        strengths = documents.fields(session, doc).get("strengths", "")
        if strengths.strip():
            items.append((doc.id, strengths))
    made = set()
    # Phrases group by their words, then themes join across languages by meaning (sense).
    for theme in themes.group_strengths(items, workshop.language, embed=sense.embed):
        item = Contribution(
            workshop_id=workshop.id, kind=ContributionKind.THEME, title=theme.label[:120],
            details="\n".join(theme.phrases)[:1000], phase=phase_id,
            tags=[f"stories:{len(theme.sources)}"],
        )
        session.add(item)
        session.flush()
        made.add(item.id)
    return made


def top_dreams(session: so.Session, workshop: Workshop, ballot: str = "dream",
               limit: int = TOP_DREAMS) -> list[Contribution]:
    """The most voted dreams (ties: the earliest), or the first ones if nobody voted."""
    counts = voting.counts(session, workshop, ballot)
    dreams = list(session.scalars(sa.select(Contribution).where(
        Contribution.workshop_id == workshop.id, Contribution.kind == ContributionKind.DREAM,
        Contribution.status == ContributionStatus.VISIBLE).order_by(Contribution.id)))
    dreams.sort(key=lambda d: -counts.get(d.id, 0))
    return dreams[:limit]


def build_propositions(session: so.Session, workshop: Workshop, phase_id: str) -> set[int]:
    """One provocative proposition to co-write per top dream, unless it already has one."""
    have = set(session.scalars(sa.select(Contribution.parent_id).where(
        Contribution.workshop_id == workshop.id,
        Contribution.kind == ContributionKind.PROPOSITION)))
    made = set()
    for dream in top_dreams(session, workshop):
        if dream.id in have:
            continue
        item = Contribution(workshop_id=workshop.id, kind=ContributionKind.PROPOSITION,
                            title=dream.title, parent_id=dream.id, phase=phase_id)
        session.add(item)
        session.flush()
        made.add(item.id)
    return made
