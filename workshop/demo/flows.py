"""What the simulated room does in each method, phase by phase, as a facilitator would run it."""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import sqlalchemy as sa

from ..errors import CellTaken
from ..models import Contribution, ContributionKind, ContributionStatus, Method, Participant
from ..services import agenda, presence, seating, voting
from .asking import ask_the_room
from .content import Session
from .simulator import Simulation

LATE_SHARE = 40  # World Café: one latecomer per this many people (from 8 people on)
DOT_SHARE = 0.9  # people who vote at all
WORD_SHARE = 0.7  # people who leave a closing word
MOVE_SHARE = 0.15  # people who use the law of two feet in a time slot


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _people(sim: Simulation, count: int) -> list[Participant]:
    """``count`` distinct people when the room is big enough, some twice otherwise."""
    if count <= len(sim.people):
        return sim.rng.sample(sim.people, count)
    return [sim.people[i % len(sim.people)] for i in range(count)]


def _weighted(sim: Simulation, items: Sequence[int], weights: Sequence[float], count: int
              ) -> list[int]:
    """Up to ``count`` distinct items, the heavier ones more likely."""
    pool, mass = list(items), list(weights)
    chosen: list[int] = []
    while pool and len(chosen) < count:
        index = sim.rng.choices(range(len(pool)), weights=mass)[0]
        chosen.append(pool.pop(index))
        mass.pop(index)
    return chosen


def dot_vote(sim: Simulation, choices: Sequence[int], appeal: dict[int, float]) -> None:
    """Most people spend all their dots, some a few; a few change their mind once."""
    budget, cap = sim.workshop.vote_budget, sim.workshop.max_votes_per_topic
    for person in sim.present():
        if sim.rng.random() > DOT_SHARE:
            continue
        dots = budget if sim.rng.random() < 0.8 else sim.rng.randint(1, budget)
        given: Counter[int] = Counter()
        for _ in range(dots):
            options = [c for c in choices if given[c] < cap]
            if not options:
                break
            pick = sim.rng.choices(options, weights=[appeal[c] for c in options])[0]
            sim.vote(person, pick)
            given[pick] += 1
        if given and len(choices) > 1 and sim.rng.random() < 0.08:
            dropped = sim.rng.choice(sorted(given))
            sim.retract(person, dropped)
            others = [c for c in choices if c != dropped and given[c] < cap]
            if others:
                sim.vote(person, sim.rng.choice(others))


def ranked(sim: Simulation, ballot: str) -> list[int]:
    counts = voting.counts(sim.read(), sim.workshop, ballot)
    return sorted(counts, key=lambda topic: (-counts[topic], topic))


def commit_round(sim: Simulation, linked: Sequence[int]) -> None:
    """Commitments with owners and due dates, tied to the top outcomes; one for an absentee."""
    content = sim.content
    pool = list(content.commitments)
    sim.rng.shuffle(pool)
    count = _clamp(len(sim.people) // 6, 2, len(pool) - 1)
    for title, person in zip(pool[:count], _people(sim, count), strict=True):
        payload = {"title": title, "due_on": _due(sim),
                   "topic_id": sim.rng.choice(linked) if linked else None}
        if sim.rng.random() < 0.3:
            payload.update(owner=sim.rng.choice(content.teams), personal=False)
        sim.commit(person, payload)
    sim.commit(None, {"title": pool[count], "owner": sim.rng.choice(content.teams),
                      "due_on": _due(sim), "personal": False,
                      "topic_id": linked[0] if linked else None})


def _due(sim: Simulation) -> str:
    return (date.today() + timedelta(days=sim.rng.randint(14, 120))).isoformat()


def _contributions(sim: Simulation, kind: ContributionKind) -> list[Contribution]:
    return list(sim.read().scalars(sa.select(Contribution).where(
        Contribution.workshop_id == sim.workshop.id, Contribution.kind == kind,
        Contribution.status == ContributionStatus.VISIBLE).order_by(Contribution.id)))


# --- sessions: Open Space and Barcamp ------------------------------------------------------------


def _pitch(sim: Simulation) -> dict[int, tuple[Session, Participant, float]]:
    """People propose sessions; each gets an appeal that drives interest and votes."""
    count = _clamp(round(len(sim.people) / 5), 4, len(sim.content.sessions))
    offered = sim.rng.sample(sim.content.sessions, count)
    made = {}
    for item, convener in zip(offered, _people(sim, count), strict=True):
        topic = sim.propose(convener, item.title, item.details)
        made[topic] = (item, convener, sim.rng.uniform(0.5, 4.0))
    return made


def _grid(sim: Simulation, sessions: int, spare: int) -> None:
    """The facilitator sets up rooms (biggest first) and time slots for ``sessions``."""
    content = sim.content
    slots = min(len(content.slots), 3 if sessions <= 18 else 4)
    rooms = min(len(content.rooms), math.ceil(sessions / slots) + spare)
    biggest = max(8, len(sim.people) // 3)
    sim.set_grid(
        [{"name": name, "capacity": max(6, biggest // (1 + i // 2))}
         for i, name in enumerate(content.rooms[:rooms])],
        [{"label": label} for label in content.slots[:slots]],
    )


def _interest(sim: Simulation, made: dict[int, tuple[Session, Participant, float]],
              most: int) -> None:
    topics = list(made)
    weights = [made[t][2] for t in topics]
    for person in sim.present():
        for topic in _weighted(sim, topics, weights, sim.rng.randint(1, min(most, len(topics)))):
            sim.mark(person, topic)


def _sessions(sim: Simulation, made: dict[int, tuple[Session, Participant, float]],
              kind: str) -> Counter[int]:
    """Slot by slot: everyone checks in, some move (the law of two feet), notes get written."""
    by_slot: dict[int, list[int]] = {}
    for topic, _room, slot in sim.cells():
        by_slot.setdefault(slot, []).append(topic)
    wanted: dict[int, set[int]] = {}
    for marked, fans in presence.interest_sets(sim.read(), sim.workshop).items():
        for pid in fans:
            wanted.setdefault(pid, set()).add(marked)
    attendance: Counter[int] = Counter()
    content = sim.content
    for slot, here in sorted(by_slot.items()):
        sim.settings({"slot_now": slot})  # the facilitator tells the room which slot runs
        rooms: dict[int, list[Participant]] = {t: [] for t in here}
        convening = {made[t][1].id: t for t in here}
        for person in sim.present():
            convened = convening.get(person.id)
            if convened is None:
                mine = [t for t in here if t in wanted.get(person.id, ())] or here
                going = sim.rng.choices(mine, weights=[made[t][2] for t in mine])[0]
                if len(here) > 1 and sim.rng.random() < MOVE_SHARE:
                    sim.check_in(person, going)
                    going = sim.rng.choice([t for t in here if t != going])  # two feet
            else:
                going = convened
            sim.check_in(person, going)
            rooms[going].append(person)
        for topic, people in rooms.items():
            attendance[topic] += len(people)
            item, convener, _appeal = made[topic]
            key = f"{kind}:{topic}"
            others = [p for p in people if p is not convener]
            writers = [convener, *sim.rng.sample(others, min(2, len(others)))]
            if kind == "report":
                intro = content.convener_intro.format(title=item.title, name=convener
                                                      .display_name, count=len(people))
                sim.write(writers[0], key, "key_points", intro)
                sim.write(writers[0], key, "key_points", item.point)
                for writer in writers[1:]:
                    sim.write(writer, key, "key_points", sim.pick(key, content.key_points))
            else:
                sim.write(writers[0], key, "notes", item.point)
                for writer in writers[1:]:
                    sim.write(writer, key, "notes", sim.pick(key, content.notes))
                sim.write(writers[0], key, "notes", item.idea)
    return attendance


def open_space(sim: Simulation) -> None:
    content = sim.content
    sim.goto("opening")
    sim.goto("marketplace")
    made = _pitch(sim)
    ask_the_room(sim)
    _grid(sim, len(made), spare=1)
    sim.goto("agenda")
    view = agenda.view(sim.read(), sim.workshop)
    cells = [(r["id"], s["id"]) for s in view["slots"] for r in view["rooms"]]
    order = list(made)
    sim.rng.shuffle(order)
    taken: dict[tuple[int, int], int] = {}
    for turn, topic in enumerate(order):
        convener = made[topic][1]
        if turn == 1:
            # Two conveners go for the same cell: the second is told it is taken.
            with contextlib.suppress(CellTaken):
                sim.place(convener, topic, *next(iter(taken)))
        cell = sim.rng.choice([c for c in cells if c not in taken])
        sim.place(convener, topic, *cell)
        taken[cell] = topic
    _interest(sim, made, 4)
    interest = presence.interest_counts(sim.read(), sim.workshop)
    favourite = max(made, key=lambda t: (interest.get(t, 0), -t))
    placed = {topic: (room, slot) for topic, room, slot in sim.cells()}
    first_slot = view["slots"][0]["id"]
    if placed[favourite][1] != first_slot:
        # The facilitator drops the favourite on a first-slot cell: the two sessions swap.
        target = next(cell for topic, cell in placed.items() if cell[1] == first_slot)
        sim.place(None, favourite, *target)
    sim.lock(favourite)
    sim.goto("sessions")
    attendance = _sessions(sim, made, "report")
    sim.goto("reports")
    for topic, (item, convener, _appeal) in made.items():
        if not attendance[topic]:
            continue
        key = f"report:{topic}"
        writers = _people(sim, 2)
        sim.write(convener, key, "recommendations", item.idea)
        sim.write(writers[0], key, "recommendations", sim.pick(key, content.recommendations))
        sim.write(writers[1], key, "questions", sim.pick(key, content.open_questions))
    sim.goto("convergence")
    dot_vote(sim, list(made), {t: made[t][2] + interest.get(t, 0) for t in made})
    sim.goto("action_planning")
    commit_round(sim, ranked(sim, "convergence")[:5])
    sim.goto("closing")
    _words(sim)


def _words(sim: Simulation) -> None:
    for person in sim.present():
        if sim.rng.random() < WORD_SHARE:
            sim.propose(person, sim.rng.choice(sim.content.words))


def barcamp(sim: Simulation) -> None:
    content = sim.content
    sim.goto("introduction")
    sim.goto("pitch")
    made = _pitch(sim)
    ask_the_room(sim)
    _grid(sim, len(made), spare=0)
    sim.goto("interest")
    _interest(sim, made, 5)
    sim.goto("grid")  # the grid builds itself as the phase opens
    interest = presence.interest_counts(sim.read(), sim.workshop)
    favourite = max(made, key=lambda t: (interest.get(t, 0), -t))
    sim.lock(favourite)  # the keynote stays where it is; the rest is rebuilt around it
    sim.build()
    sim.goto("sessions")
    _sessions(sim, made, "notes")
    sim.goto("wrapup")
    pool = list(content.feedback)
    sim.rng.shuffle(pool)
    count = _clamp(len(sim.people) // 3, 2, len(pool))
    for text, person in zip(pool[:count], _people(sim, count), strict=True):
        sim.propose(person, text)
    commit_round(sim, sorted(made, key=lambda t: -interest.get(t, 0))[:5])


# --- Appreciative Inquiry ----------------------------------------------------------------------


def appreciative_inquiry(sim: Simulation) -> None:
    content = sim.content
    sim.goto("define")
    sim.goto("discovery")  # pairs are formed as the phase opens
    pairs: dict[int, list[int]] = {}
    table_of: dict[int, int] = {}
    for seat in seating.seats(sim.read(), sim.workshop, seating.PAIRS):
        pairs.setdefault(seat.table, []).append(seat.participant_id)
        table_of[seat.participant_id] = seat.table
    by_id = {p.id: p for p in sim.people}
    for index, person in enumerate(sim.people):
        told = [by_id[pid] for pid in pairs[table_of[person.id]] if pid != person.id]
        name = " & ".join(p.display_name.split()[0] for p in told)
        story = content.stories[(index + sim.seed) % len(content.stories)]
        key = f"story:{person.id}"
        sim.write(person, key, "story", story.text.format(name=name))
        strengths = [sim.rng.choice(content.strength_forms.get(s, (s,))) for s in story.strengths]
        sim.write(person, key, "strengths", ", ".join(strengths))
        if told and sim.rng.random() < 0.3:
            # Something the partner said afterwards, which the interviewer adds to their notes.
            sim.write(person, key, "story", sim.rng.choice(content.story_additions))
    ask_the_room(sim)
    sim.goto("positive_core")  # themes are grouped from the strengths as the phase opens
    _reword_themes(sim)
    sim.goto("dream")
    count = _clamp(len(sim.people) // 5, 3, len(content.dreams))
    offered = sim.rng.sample(content.dreams, count)
    dreams = {sim.propose(person, item.title, item.details): item
              for item, person in zip(offered, _people(sim, count), strict=True)}
    dot_vote(sim, list(dreams), {d: sim.rng.uniform(0.5, 4.0) for d in dreams})
    top_dreams = ranked(sim, "dream")
    sim.goto("design")  # one proposition per top dream is made as the phase opens
    have = {p.parent_id for p in _contributions(sim, ContributionKind.PROPOSITION)}
    extra = next((d for d in top_dreams + list(dreams) if d not in have), None)
    if extra is not None:
        sim.propose(None, dreams[extra].title, kind="proposition", parent_id=extra)
    propositions = _contributions(sim, ContributionKind.PROPOSITION)
    for proposition in propositions:
        sentences = dreams[proposition.parent_id].proposition if proposition.parent_id in (
            dreams) else (proposition.title,)
        for sentence, writer in zip(sentences, _people(sim, len(sentences)), strict=True):
            sim.write(writer, f"proposition:{proposition.id}", "text", sentence)
    sim.goto("agreement")
    ids = [p.id for p in propositions]
    dot_vote(sim, ids, {p: sim.rng.uniform(0.5, 4.0) for p in ids})
    sim.goto("destiny")
    commit_round(sim, ranked(sim, "design")[:3])


def _reword_themes(sim: Simulation) -> None:
    """The facilitator words some themes of the positive core more warmly."""
    content, done = sim.content, set()
    for theme in _contributions(sim, ContributionKind.THEME):
        phrases = {line.casefold() for line in theme.details.splitlines()}
        for strength, title in content.theme_titles.items():
            forms = {f.casefold() for f in content.strength_forms.get(strength, (strength,))}
            if strength not in done and phrases & forms:
                sim.edit(theme.id, title)
                done.add(strength)
                break


# --- World Café ---------------------------------------------------------------------------------


def latecomers(method: Method, count: int) -> int:
    """How many of ``count`` people arrive late (World Café round 2 only)."""
    if method is not Method.WORLD_CAFE or count < 8:
        return 0
    return max(1, count // LATE_SHARE)


def world_cafe(sim: Simulation) -> None:
    content = sim.content
    sim.goto("welcome")
    sim.settings({"tables": _clamp(math.ceil(len(sim.people) / 5), 1, seating.MAX_TABLES),
                  "questions": {str(n): q for n, q in enumerate(content.cafe_questions, 1)}})
    for number in (1, 2, 3):
        sim.goto(f"round_{number}")  # everyone is seated as the round opens
        if number == 2 and len(sim.people) < sim.count:
            sim.join(sim.count - len(sim.people))
            sim.reseat()  # latecomers sit at the emptiest tables; nobody else moves
        _table_talk(sim, number)
        if number == 1:
            ask_the_room(sim)
    sim.goto("harvest")
    pool = list(content.insights)
    sim.rng.shuffle(pool)
    count = _clamp(len(sim.people) // 4, 3, len(pool))
    for text, person in zip(pool[:count], _people(sim, count), strict=True):
        sim.propose(person, text)
    sim.goto("priorities")
    insights = [i.id for i in _contributions(sim, ContributionKind.INSIGHT)]
    dot_vote(sim, insights, {i: sim.rng.uniform(0.5, 4.0) for i in insights})
    sim.goto("commitments")
    commit_round(sim, ranked(sim, "harvest")[:5])


def _table_talk(sim: Simulation, number: int) -> None:
    """The host opens (or recaps for newcomers), two guests add what the table said."""
    content = sim.content
    by_id = {p.id: p for p in sim.people}
    tables: dict[int, list[tuple[int, bool]]] = {}
    for seat in seating.seats(sim.read(), sim.workshop, seating.CAFE, number):
        tables.setdefault(seat.table, []).append((seat.participant_id, seat.host))
    notes = content.table_notes[number - 1]
    for table, people in sorted(tables.items()):
        key = f"table:{table}"
        host = next((by_id[pid] for pid, is_host in people if is_host), by_id[people[0][0]])
        opening = sim.pick(key, content.host_summaries if number > 1 else notes)
        sim.write(host, key, "notes", opening)
        guests = [by_id[pid] for pid, is_host in people if not is_host]
        for guest in sim.rng.sample(guests, min(2, len(guests))):
            sim.write(guest, key, "notes", sim.pick(key, notes))


FLOWS: dict[Method, Callable[[Simulation], None]] = {
    Method.OPEN_SPACE: open_space,
    Method.BARCAMP: barcamp,
    Method.APPRECIATIVE_INQUIRY: appreciative_inquiry,
    Method.WORLD_CAFE: world_cafe,
}
