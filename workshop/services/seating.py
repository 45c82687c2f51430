"""Who sits with whom: Appreciative Inquiry interview pairs and World Café tables per round.

The arithmetic is in services/rotation.py; this module stores its answers as Seat rows and
seats latecomers without moving anyone already seated.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NotAllowedNow
from ..methods import EnterStep
from ..models import Participant, Seat, Workshop
from . import events, phases, rotation, text
from .changes import Change
from .identifiers import is_id
from .participants import participants_of

PAIRS, CAFE = "pairs", "cafe"
TABLE_SIZE = 4  # people per table when the facilitator has not set a number of tables
MAX_TABLES = 100


def tables_wanted(workshop: Workshop, people: int) -> int:
    """The facilitator's number of tables, or one per four or five people."""
    chosen = workshop.options.get("tables")
    if isinstance(chosen, int) and chosen > 0:
        return chosen
    return max(1, people // TABLE_SIZE) if people else 1


def seats(session: so.Session, workshop: Workshop, kind: str, round_: int = 1) -> list[Seat]:
    return list(session.scalars(
        sa.select(Seat).where(Seat.workshop_id == workshop.id, Seat.kind == kind,
                              Seat.round == round_).order_by(Seat.table, Seat.id)
    ))


def _people(session: so.Session, workshop: Workshop) -> list[tuple[int, str]]:
    return [(p.id, p.group_key) for p in participants_of(session, workshop)]


def form_pairs(session: so.Session, workshop: Workshop) -> bool:
    """Pair everyone not yet paired; a lone newcomer joins the last pair. True if any seated."""
    existing = seats(session, workshop, PAIRS)
    seated = {s.participant_id for s in existing}
    newcomers = [p for p in _people(session, workshop) if p[0] not in seated]
    if not newcomers:
        return False
    next_table = max((s.table for s in existing), default=0) + 1
    if len(newcomers) == 1 and existing:
        # Nobody left to pair with: make the smallest pair a trio.
        sizes: dict[int, int] = {}
        for seat in existing:
            sizes[seat.table] = sizes.get(seat.table, 0) + 1
        table = min(sizes, key=lambda t: (sizes[t], -t))
        session.add(Seat(workshop_id=workshop.id, kind=PAIRS, round=1, table=table,
                         participant_id=newcomers[0][0]))
    else:
        for offset, group in enumerate(rotation.pairs(newcomers, seed=workshop.id)):
            for participant_id in group:
                session.add(Seat(workshop_id=workshop.id, kind=PAIRS, round=1,
                                 table=next_table + offset, participant_id=participant_id))
    session.flush()
    return True


def seat_round(session: so.Session, workshop: Workshop, round_: int) -> bool:
    """Seat everyone for a World Café round: hosts stay, the others move and mix.

    Round 1 picks one host per table (the first person seated there). Re-entering a round
    only seats latecomers, at the emptiest tables. True if anyone was seated.
    """
    people = _people(session, workshop)
    current = seats(session, workshop, CAFE, round_)
    seated = {s.participant_id for s in current}
    if current:
        newcomers = [p for p in people if p[0] not in seated]
        if not newcomers:
            return False
        sizes: dict[int, int] = {t: 0 for t in range(1, tables_wanted(workshop, len(people)) + 1)}
        for seat in current:
            sizes[seat.table] = sizes.get(seat.table, 0) + 1
        for participant_id, _group in newcomers:
            table = min(sizes, key=lambda t: (sizes[t], t))
            sizes[table] += 1
            session.add(Seat(workshop_id=workshop.id, kind=CAFE, round=round_, table=table,
                             participant_id=participant_id))
        session.flush()
        return True
    if not people:
        return False
    history = [
        {s.participant_id: s.table for s in seats(session, workshop, CAFE, earlier)}
        for earlier in range(1, round_)
    ]
    hosts = {s.table: s.participant_id
             for s in seats(session, workshop, CAFE, 1) if s.host} if round_ > 1 else None
    present = {p[0] for p in people}
    hosts = {t: pid for t, pid in (hosts or {}).items() if pid in present} or None
    tables = tables_wanted(workshop, len(people))
    if hosts:
        tables = max(tables, max(hosts))
    plan = rotation.seat_round(people, tables, history=[h for h in history if h],
                               hosts=hosts, seed=workshop.id + round_)
    first_at: dict[int, int] = {}
    for participant_id, table in sorted(plan.items(), key=lambda item: item[0]):
        first_at.setdefault(table, participant_id)
    host_ids = set((hosts or {}).values()) if round_ > 1 else set(first_at.values())
    for participant_id, table in plan.items():
        session.add(Seat(workshop_id=workshop.id, kind=CAFE, round=round_, table=table,
                         participant_id=participant_id, host=participant_id in host_ids))
    session.flush()
    return True


def reseat(session: so.Session, workshop: Workshop, actor: str, client_id: str | None
           ) -> Change:
    """Seat the latecomers of the current phase (pairs or table round)."""
    phases.require_open(workshop)
    phase = phases.current_phase(workshop)
    if phase.on_enter is EnterStep.PAIRS:
        changed = form_pairs(session, workshop)
    elif phase.on_enter is EnterStep.SEAT and phase.round:
        changed = seat_round(session, workshop, phase.round)
    else:
        raise NotAllowedNow(_l("Nobody is seated in this phase."))
    result = {"seated": changed}
    event = events.record(session, workshop.id, "seating.updated", actor, result,
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, seating=changed)


def set_tables(workshop: Workshop, value: Any) -> None:
    """The number of World Café tables for rounds not yet seated (None: one per four people)."""
    if value is None:
        workshop.options = {k: v for k, v in workshop.options.items() if k != "tables"}
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TABLES:
        raise Invalid(fields={"tables": [_l("Between 1 and %(n)d tables.", n=MAX_TABLES)]})
    workshop.options = {**workshop.options, "tables": value}


def set_host(session: so.Session, workshop: Workshop, table: Any, participant_id: Any,
             actor: str, client_id: str | None) -> Change:
    """Make someone the host of a table: they sit there, and stay, from now on."""
    phases.require_open(workshop)
    phase = phases.current_phase(workshop)
    if phase.round is None:
        raise NotAllowedNow(_l("Hosts are chosen during the café rounds."))
    tables = {s.table for s in seats(session, workshop, CAFE, phase.round)}
    if isinstance(table, bool) or not isinstance(table, int) or table not in tables:
        raise Invalid(fields={"table": [_l("Choose one of this round's tables.")]})
    valid_id = is_id(participant_id)
    row = session.scalar(sa.select(Seat).where(
        Seat.workshop_id == workshop.id, Seat.kind == CAFE, Seat.round == phase.round,
        Seat.participant_id == participant_id)) if valid_id else None
    if row is None:
        raise Invalid(fields={"participant_id": [_l("Choose someone seated in this round.")]})
    for round_ in range(1, phase.round + 1):
        for seat in seats(session, workshop, CAFE, round_):
            if seat.table == table and seat.host:
                seat.host = False
    for seat in session.scalars(sa.select(Seat).where(
            Seat.workshop_id == workshop.id, Seat.kind == CAFE,
            Seat.participant_id == participant_id, Seat.round >= phase.round)):
        seat.host = True
        seat.table = table
    first = session.scalar(sa.select(Seat).where(
        Seat.workshop_id == workshop.id, Seat.kind == CAFE, Seat.round == 1,
        Seat.participant_id == participant_id))
    if first is not None:
        first.host = True
    session.flush()
    result = {"table": table, "host": participant_id}
    event = events.record(session, workshop.id, "seating.host", actor, result,
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, seating=True)


# --- views ----------------------------------------------------------------------------------

def current(workshop: Workshop) -> tuple[str, int] | None:
    """Which seating the current phase uses: ("pairs", 1), ("cafe", round) or None."""
    phase = phases.current_phase(workshop)
    if phase.on_enter is EnterStep.PAIRS:
        return PAIRS, 1
    if phase.round:
        return CAFE, phase.round
    return None


def tables_view(session: so.Session, workshop: Workshop) -> dict[str, Any] | None:
    """Every table (or pair) of the current phase with who sits there."""
    which = current(workshop)
    if which is None:
        return None
    kind, round_ = which
    rows = seats(session, workshop, kind, round_)
    names = {p.id: p for p in session.scalars(sa.select(Participant).where(
        Participant.id.in_({s.participant_id for s in rows})))} if rows else {}
    tables: dict[int, list[dict[str, Any]]] = {}
    for seat in rows:
        person = names.get(seat.participant_id)
        if person is None:
            continue
        tables.setdefault(seat.table, []).append(
            {"id": person.id, "name": person.display_name, "group": person.group_key,
             "host": seat.host})
    return {
        "kind": kind,
        "round": round_,
        "tables": [{"table": t, "people": people} for t, people in sorted(tables.items())],
        "count": len(tables),
        "mixed": sum(1 for people in tables.values()
                     if len({p["group"] for p in people}) > 1),
    }


def my_seat(session: so.Session, workshop: Workshop, participant: Participant
            ) -> dict[str, Any] | None:
    """This participant's table (or pair) in the current phase, and who is with them."""
    which = current(workshop)
    if which is None:
        return None
    kind, round_ = which
    mine = session.scalar(sa.select(Seat).where(
        Seat.workshop_id == workshop.id, Seat.kind == kind, Seat.round == round_,
        Seat.participant_id == participant.id))
    if mine is None:
        return {"kind": kind, "round": round_, "table": None, "host": False, "with": []}
    others = session.execute(
        sa.select(Participant, Seat.host).join(Seat, Seat.participant_id == Participant.id)
        .where(Seat.workshop_id == workshop.id, Seat.kind == kind, Seat.round == round_,
               Seat.table == mine.table, Participant.id != participant.id)
        .order_by(Participant.id)
    ).all()
    return {
        "kind": kind,
        "round": round_,
        "table": mine.table,
        "host": mine.host,
        "with": [{"id": p.id, "name": p.display_name, "group": p.group_key, "host": host}
                 for p, host in others],
    }


def round_questions(workshop: Workshop) -> dict[str, str]:
    """World Café: the question of each round ("1", "2"...), or the calling question."""
    questions = workshop.options.get("questions")
    return dict(questions) if isinstance(questions, dict) else {}


def set_questions(workshop: Workshop, value: Any) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k.isdigit() and isinstance(v, str) and len(v) <= 500
        for k, v in value.items()
    ):
        raise Invalid(fields={"questions": [
            _l("Send each round's question as text (at most 500 characters).")]})
    cleaned = {k: text.clean_line(v) for k, v in value.items() if text.clean_line(v)}
    workshop.options = {**workshop.options, "questions": cleaned}
