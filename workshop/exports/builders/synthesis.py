"""Read one workshop into a ``Synthesis``: the single source of every export format.

A handful of queries, whatever the size: participants, contributions, dots grouped by item,
ballot and stakeholder group, interest and check-in counts, the agenda, documents, commitments
and the event log. Consent is applied here (see ``consent``); the brief is derived afterwards
from the synthesis alone (see ``brief``), after its themes (see ``themes``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pycrdt import Doc, Text

from ...models import (
    Commitment as CommitmentRow,
)
from ...models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    DocumentUpdate,
    Event,
    Participant,
    Room,
    ScheduledSession,
    Seat,
    SharedDocument,
    TimeSlot,
    Vote,
    Workshop,
    WorkshopState,
    utcnow,
)
from ...services import document_kinds, document_store, followup, phases, presence, seating, tags
from ...services.groups import group_label
from ..labels import labels_for
from ..model import (
    FORMAT_VERSION,
    Brief,
    Commitment,
    Document,
    Item,
    Person,
    Synthesis,
    timezone_of,
)
from . import brief, room_questions, themes
from .consent import Entry, Roster
from .workbench import Desk, lay_themes

JOINED = "participant.joined"


def build(session: so.Session, workshop: Workshop, *, now: datetime | None = None,
          desk: Desk | None = None) -> Synthesis:
    """The synthesis of ``workshop`` as it stands; with ``desk``, its themes as curated."""
    now = now or utcnow()
    labels = labels_for(workshop.language, workshop.stakeholder_groups)
    roster, people = _people(session, workshop, labels["anonymous"])
    items = _items(session, workshop, roster)
    by_id = {item.id: item for item in items}
    ballots = _votes(session, workshop, by_id)
    events = _events(session, workshop)
    synthesis = Synthesis(
        format_version=FORMAT_VERSION,
        generated_at=now,
        final=workshop.state in (WorkshopState.ENDED, WorkshopState.ARCHIVED),
        workshop=_summary(workshop, events, roster),
        groups=_groups(workshop, people, roster),
        participation=_participation(people, roster, events),
        people=people,
        items=items,
        ballots=ballots,
        documents=_documents(session, workshop, roster, by_id),
        commitments=_commitments(session, workshop, roster, by_id),
        words=count_words(i.title for i in items if i.kind == ContributionKind.WORD.value),
        brief=Brief(),
        labels=labels,
        questions=room_questions.gather(session, workshop, roster),
    )
    synthesis.themes = themes.harvest(session, synthesis, roster.display_names.values())
    if desk is not None:
        synthesis.themes = lay_themes(synthesis.themes, desk.edits)
    synthesis.brief = brief.analyse(synthesis, now=now)
    return synthesis


# --- people --------------------------------------------------------------------------------

def roster(session: so.Session, workshop: Workshop) -> Roster:
    """Who may be named in the exports of ``workshop`` (see ``consent``)."""
    labels = labels_for(workshop.language, workshop.stakeholder_groups)
    return _people(session, workshop, labels["anonymous"])[0]


def _people(session: so.Session, workshop: Workshop, someone: str) -> tuple[Roster, list[Person]]:
    rows = session.execute(
        sa.select(Participant.id, Participant.display_name, Participant.group_key,
                  Participant.consent_quote, Participant.locale, Participant.joined_at)
        .where(Participant.workshop_id == workshop.id)
        .order_by(Participant.joined_at, Participant.id)
    ).all()
    roster = Roster((Entry(r.id, r.display_name, r.group_key, r.consent_quote) for r in rows),
                    anonymous=workshop.anonymous, someone=someone)
    people = [Person(pseudonym=roster.pseudonyms[r.id], name=roster.quoted.get(r.id),
                     group=r.group_key, joined_at=r.joined_at, locale=r.locale) for r in rows]
    return roster, people


def _groups(workshop: Workshop, people: list[Person], roster: Roster) -> list[dict[str, str]]:
    """The workshop's groups in its language, plus any group a participant is in but unlisted."""
    groups = list(workshop.stakeholder_groups)
    known = {g["key"] for g in groups}
    groups += [{"key": key} for key in dict.fromkeys(p.group for p in people)
               if key and key not in known]
    with force_locale(workshop.language):
        return [{"key": g["key"], "label": roster.redact(group_label(g))} for g in groups]


# --- contributions and their votes ---------------------------------------------------------

def _items(session: so.Session, workshop: Workshop, roster: Roster) -> list[Item]:
    interest = presence.interest_counts(session, workshop)
    attendance = presence.checkin_counts(session, workshop)
    cells = dict((row[0], row[1:]) for row in session.execute(
        sa.select(ScheduledSession.contribution_id, Room.name, TimeSlot.label)
        .join(Room, Room.id == ScheduledSession.room_id)
        .join(TimeSlot, TimeSlot.id == ScheduledSession.slot_id)
        .where(ScheduledSession.workshop_id == workshop.id)))
    items = []
    for row in session.execute(
            sa.select(Contribution.id, Contribution.kind, Contribution.title,
                      Contribution.details, Contribution.author_id, Contribution.parent_id,
                      Contribution.phase, Contribution.status, Contribution.tags)
            .where(Contribution.workshop_id == workshop.id,
                   Contribution.status == ContributionStatus.VISIBLE)
            .order_by(Contribution.id)):
        room, slot = cells.get(row.id, (None, None))
        corrected = tags.corrected(row.tags)
        items.append(Item(
            id=row.id, kind=ContributionKind(row.kind).value, title=roster.redact(row.title),
            details=roster.redact(row.details), author=roster.shown(row.author_id),
            author_group=roster.groups.get(row.author_id) if row.author_id else None,
            phase=row.phase, parent_id=row.parent_id, status=ContributionStatus(row.status).value,
            interest=interest.get(row.id, 0), attendance=attendance.get(row.id, 0),
            room=room and roster.redact(room), slot=slot and roster.redact(slot),
            foundations=list(corrected[0]) if corrected else [],
            shifts=list(corrected[1]) if corrected else [],
            tags_corrected=corrected is not None,
        ))
    return items


def _votes(session: so.Session, workshop: Workshop, items: dict[int, Item]
           ) -> dict[str, list[int]]:
    """Fill each item's dots per ballot and group and its divergence; rank every ballot."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)  # ballot → group → dots
    for item_id, ballot, group, dots in session.execute(
            sa.select(Vote.contribution_id, Vote.ballot, Participant.group_key, sa.func.count())
            .join(Participant, Participant.id == Vote.participant_id)
            .where(Vote.workshop_id == workshop.id)
            .group_by(Vote.contribution_id, Vote.ballot, Participant.group_key)):
        item = items.get(item_id)
        if item is None:  # hidden or merged: its dots no longer count
            continue
        item.votes[ballot] = item.votes.get(ballot, 0) + dots
        item.votes_by_group.setdefault(ballot, {})[group] = dots
        totals[ballot][group] += dots
    order = ballot_order(workshop, totals)
    for item in items.values():
        if item.votes:
            main = max(item.votes, key=lambda b: (item.votes[b], order.index(b)))
            item.divergence = divergence(item.votes_by_group[main], totals[main])
    kinds = {p.ballot: p.contribution for p in phases.method_of(workshop).phases if p.ballot}
    return {ballot: [i.id for i in sorted(
        (i for i in items.values() if i.kind == kinds.get(ballot) or ballot in i.votes),
        key=lambda i: (-i.votes.get(ballot, 0), i.id))] for ballot in order}


def ballot_order(workshop: Workshop, seen: Mapping[str, Any]) -> list[str]:
    """The method's ballots in phase order, then any other ballot that holds dots."""
    declared = [p.ballot for p in phases.method_of(workshop).phases if p.ballot]
    return list(dict.fromkeys([*declared, *sorted(seen)]))


def divergence(dots: Mapping[str, int], totals: Mapping[str, int]) -> float | None:
    """How differently stakeholder groups value one item in one ballot: 0 agree … 1 opposite.

    Each group that cast dots in the ballot gives the item a *share* of its own dots
    (dots on the item / the group's dots in the ballot), so big and small groups weigh the
    same. Those shares, normalised to sum to 1, are compared with an even split: the score is
    their total-variation distance from it, divided by its maximum (1 − 1/G for G groups).
    Two groups: |s₁ − s₂| / (s₁ + s₂). 0 when every group gave the item the same share;
    1 when a single group voted for it. None when fewer than two groups voted in the ballot,
    or nobody voted for the item.
    """
    voters = [g for g, total in totals.items() if total > 0]
    if len(voters) < 2:
        return None
    shares = [dots.get(g, 0) / totals[g] for g in voters]
    whole = sum(shares)
    if whole == 0:
        return None
    even = 1 / len(voters)
    distance = sum(abs(s / whole - even) for s in shares) / 2
    return round(distance / (1 - even), 4)


# --- documents and commitments ---------------------------------------------------------------

def _documents(session: so.Session, workshop: Workshop, roster: Roster,
               items: dict[int, Item]) -> list[Document]:
    texts = _fields(session, workshop)
    rows = list(session.scalars(sa.select(SharedDocument)
                                .where(SharedDocument.workshop_id == workshop.id)
                                .order_by(SharedDocument.id)))
    pairs = _pairs(session, workshop) if any(d.kind == "story" for d in rows) else {}
    found = []
    with force_locale(workshop.language):
        for row in rows:
            spec = document_kinds.DOCUMENT_KINDS.get(row.kind)
            if spec is None or (row.contribution_id and row.contribution_id not in items):
                continue
            fields = {name: roster.redact(text)
                      for name, text in texts(row, spec.names).items()}
            if not any(text.strip() for text in fields.values()):
                continue
            found.append(Document(
                key=row.key, kind=row.kind, title=_title(row, roster, items, pairs),
                item_id=row.contribution_id, fields=fields,
                labels={f.name: str(f.label) for f in spec.fields}))
    return found


def _fields(session: so.Session, workshop: Workshop
            ) -> Callable[[SharedDocument, tuple[str, ...]], dict[str, str]]:
    """Every document's fields in two queries, bypassing the live documents' cache.

    ``documents.fields`` costs two queries per document and would push the documents being
    edited live out of the per-process cache. As in ``document_store``, the updates are read
    before the snapshots: a compaction in between is then covered by its snapshot.
    """
    updates: dict[int, list[bytes]] = defaultdict(list)
    for document_id, data in session.execute(
            sa.select(DocumentUpdate.document_id, DocumentUpdate.data)
            .join(SharedDocument, SharedDocument.id == DocumentUpdate.document_id)
            .where(SharedDocument.workshop_id == workshop.id,
                   DocumentUpdate.id > SharedDocument.compacted_through)
            .order_by(DocumentUpdate.id)):
        updates[document_id].append(data)

    def read(row: SharedDocument, names: tuple[str, ...]) -> dict[str, str]:
        doc: Doc[Text] = Doc()
        if row.compacted_through and row.snapshot:
            document_store.try_apply(doc, row.snapshot)
        for data in updates.get(row.id, ()):
            document_store.try_apply(doc, data)
        return document_store.texts(doc, names)

    return read


def _pairs(session: so.Session, workshop: Workshop) -> dict[int, list[int]]:
    """Participant → their interview partners (Appreciative Inquiry pairs)."""
    tables: dict[int, list[int]] = defaultdict(list)
    for table, person in session.execute(
            sa.select(Seat.table, Seat.participant_id)
            .where(Seat.workshop_id == workshop.id, Seat.kind == seating.PAIRS)):
        tables[table].append(person)
    return {p: [o for o in members if o != p] for members in tables.values() for p in members}


def _title(row: SharedDocument, roster: Roster, items: dict[int, Item],
           pairs: dict[int, list[int]]) -> str:
    ident = int(row.key.partition(":")[2] or 0)
    if row.kind == "table":
        return str(_l("Table %(n)d", n=ident))
    if row.kind == "story":
        told = pairs.get(ident) or [ident]
        names = ", ".join(roster.shown(p) or "?" for p in told)
        return str(_l("Story of %(names)s", names=names))
    item = items.get(row.contribution_id or 0)
    return item.title if item else roster.redact(row.title)


def _commitments(session: so.Session, workshop: Workshop, roster: Roster,
                 items: dict[int, Item]) -> list[Commitment]:
    found = []
    notes, done = followup.notes(session, workshop)
    for row in session.scalars(sa.select(CommitmentRow)
                               .where(CommitmentRow.workshop_id == workshop.id)
                               .order_by(CommitmentRow.id)):
        item = items.get(row.contribution_id or 0)
        found.append(Commitment(
            id=row.id, title=roster.redact(row.title),
            owner=owner_shown(row.owner_name, row.participant_id, roster),
            due_on=row.due_on, item_id=item.id if item else None,
            item_title=item.title if item else None, personal=row.personal,
            author_group=roster.groups.get(row.participant_id) if row.participant_id else None,
            status=row.status.value, note=roster.redact(notes[row.id].text) if row.id in notes
            else "", done_note=roster.redact(done.get(row.id, "")),
        ))
    return found


def owner_shown(owner_name: str, participant_id: int | None, roster: Roster) -> str:
    """The owner as typed, unless it names a participant who did not agree to be quoted.

    The owner defaults to its author's name: that is their pseudonym without consent. A team
    or a person typed by hand stays as typed; a participant's name typed by hand is redacted.
    """
    author = roster.display_names.get(participant_id or 0)
    if author is not None and " ".join(owner_name.split()) == " ".join(author.split()):
        return roster.shown(participant_id) or owner_name
    return roster.redact(owner_name)


# --- closing words ------------------------------------------------------------------------

def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s'’-]+", " ", plain).split())


def count_words(words: Any) -> list[dict[str, Any]]:
    """Closing words counted regardless of case and accents, each shown in its commonest
    spelling (the first seen on a tie); most frequent first, then alphabetically."""
    spellings: dict[str, Counter[str]] = {}
    for word in words:
        key = _word_key(word)
        if key:
            spellings.setdefault(key, Counter())[" ".join(word.split())] += 1
    counted = [{"word": forms.most_common(1)[0][0], "count": sum(forms.values())}
               for forms in spellings.values()]
    return sorted(counted, key=lambda w: (-w["count"], _word_key(w["word"])))


# --- summary and participation --------------------------------------------------------------

def _events(session: so.Session, workshop: Workshop) -> list[tuple[str, str, datetime]]:
    return [(kind, actor, at) for kind, actor, at in session.execute(
        sa.select(Event.kind, Event.actor, Event.at)
        .where(Event.workshop_id == workshop.id).order_by(Event.seq))]


def _summary(workshop: Workshop, events: list[tuple[str, str, datetime]], roster: Roster
             ) -> dict[str, Any]:
    start = workshop.started_at or next(
        (at for kind, _a, at in events if kind == "phase.changed"), None)
    end = workshop.ended_at or (events[-1][2] if events else None)
    minutes = round((end - start).total_seconds() / 60) if start and end and end >= start \
        else None
    with force_locale(workshop.language):
        method_name = str(phases.method_of(workshop).name)
    return {
        # Typed by the facilitator, perhaps naming someone mid-workshop: redacted like the rest.
        "id": workshop.id, "title": roster.redact(workshop.title),
        "question": roster.redact(workshop.calling_question),
        "method": workshop.method.value, "method_name": method_name,
        "language": workshop.language, "code": workshop.join_code,
        "state": workshop.state.value, "created_at": workshop.created_at,
        "started_at": workshop.started_at, "ended_at": workshop.ended_at,
        "date": (start or workshop.created_at).date(), "duration_minutes": minutes,
        "anonymous": workshop.anonymous,
        "timezone": timezone_of(workshop.language, workshop.options).key,
        "compare_groups": workshop.options.get("compare_groups"),
    }


def _participation(people: list[Person], roster: Roster,
                   events: list[tuple[str, str, datetime]]) -> dict[str, Any]:
    """People per group, active people per group, and joins and actions per minute.

    ``timeline`` lists only the minutes when someone joined or acted; ``minute`` counts from
    the first event of the log. Actions are participants' logged actions other than joining.
    """
    by_group = Counter(p.group for p in people)
    active: set[int] = set()
    per_minute: dict[int, Counter[str]] = defaultdict(Counter)
    base = events[0][2].replace(second=0, microsecond=0) if events else None
    for kind, actor, at in events:
        if not actor.startswith("p:"):
            continue
        assert base is not None
        minute = int((at - base).total_seconds() // 60)
        if kind == JOINED:
            per_minute[minute]["joined"] += 1
        else:
            per_minute[minute]["actions"] += 1
            active.add(int(actor[2:]))
    active_by_group = Counter(roster.groups[p] for p in active if p in roster.groups)
    timeline = [{"minute": m, "at": base + timedelta(minutes=m) if base else None,
                 "joined": c["joined"], "actions": c["actions"]}
                for m, c in sorted(per_minute.items())]
    return {"by_group": dict(by_group), "active_by_group": dict(active_by_group),
            "total": len(people), "active": len(active), "timeline": timeline}
