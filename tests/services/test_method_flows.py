"""Each method from its first phase to its last, through the services as the handlers call them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import combinations
from typing import Any

import pytest
import sqlalchemy as sa
from pycrdt import Doc, Text

from workshop.errors import AtelierError
from workshop.extensions import db
from workshop.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Method,
    Participant,
    SharedDocument,
    Workshop,
    WorkshopState,
)
from workshop.roles import Role
from workshop.services import (
    agenda,
    commitments,
    controls,
    documents,
    events,
    grid,
    navigation,
    outcomes,
    participants,
    phases,
    placement,
    presence,
    seating,
    topics,
    voting,
)
from workshop.services.changes import Change
from workshop.services.participants import JoinRequest

Call = Callable[[Any, Workshop, Any, str, str | None], Change]


class Live:
    """A workshop of any method driven as the socket handlers drive it: one unit of work each."""

    def __init__(self, room: Any) -> None:
        self.room = room
        self.workshop: Workshop = room.workshop

    def join(self, name: str, group: str = "customer") -> Participant:
        with db.unit_of_work() as session:
            joined = participants.join(session, self.workshop, JoinRequest(name, group))
            return session.get(Participant, joined.result["participant"])

    def act(self, person: Participant | None, call: Call) -> Change:
        actor = events.participant_actor(person.id) if person else self.room.facilitator
        with db.unit_of_work() as session:
            return call(session, self.workshop, person, actor, None)

    def goto(self, phase: str) -> None:
        self.room.move_to(phase)

    def propose(self, person: Participant | None, title: str, **kind: Any) -> int:
        return self.act(person, lambda s, w, p, a, c: topics.propose(
            s, w, p, title, "", a, c, **kind)).result["topic"]["id"]

    def place(self, person: Participant | None, topic: Any, room: Any, slot: Any) -> Change:
        return self.act(person, lambda s, w, p, a, c: placement.place(s, w, p, topic, room, slot,
                                                                   a, c))

    def mark(self, person: Participant, topic: Any) -> Change:
        return self.act(person, lambda s, w, p, a, c: presence.mark(s, w, p, topic, True, a, c))

    def check_in(self, person: Participant, topic: Any) -> Change:
        return self.act(person, lambda s, w, p, a, c: presence.check_in(s, w, p, topic, a, c))

    def vote(self, person: Participant, topic: Any) -> Change:
        return self.act(person, lambda s, w, p, a, c: voting.cast(s, w, p, topic, a, c))

    def commit(self, person: Participant | None, **payload: Any) -> Change:
        return self.act(person, lambda s, w, p, a, c: commitments.add(s, w, p, payload, a, c))

    def write(self, person: Participant | None, key: str, field: str, text: str) -> None:
        """Append ``text`` to a field as a phone does: sync the document, edit, send the edit."""
        role = Role.PARTICIPANT if person else Role.FACILITATOR
        doc = Doc()
        missing, _server = documents.sync_reply(fresh(), self.workshop, key, role, person,
                                                doc.get_state())
        doc.apply_update(missing)
        before = doc.get_state()
        body = doc.get(field, type=Text)
        body.insert(len(body), ("\n" if len(body) else "") + text)
        update = doc.get_update(before)
        with db.unit_of_work() as session:
            documents.apply_update(session, self.workshop, key, update, role, person)

    def stored(self, key: str) -> SharedDocument | None:
        return fresh().scalar(sa.select(SharedDocument).where(
            SharedDocument.workshop_id == self.workshop.id, SharedDocument.key == key))

    def fields(self, key: str) -> dict[str, str]:
        stored = self.stored(key)
        return documents.fields(db.session, stored) if stored else {}

    def finish(self) -> None:
        self.act(None, lambda s, w, _p, a, c: navigation.finish(s, w, True, a, c))

    def everything(self) -> tuple[Any, ...]:
        """The fingerprint plus what the methods add: grid, marks, seats, documents, actions."""
        session = fresh()
        workshop = self.workshop
        seats = [(s.kind, s.round, s.table, s.participant_id, s.host)
                 for kind in (seating.PAIRS, seating.CAFE) for r in (1, 2, 3)
                 for s in seating.seats(session, workshop, kind, r)]
        docs = session.execute(sa.select(SharedDocument.key, SharedDocument.text)
                               .order_by(SharedDocument.id)).all()
        return (self.room.fingerprint(), agenda.view(session, workshop),
                presence.interest_counts(session, workshop),
                presence.checkin_counts(session, workshop),
                seats, docs, commitments.views(session, workshop))

    def refuses(self, code: str, attempt: Callable[[], object]) -> AtelierError:
        """``attempt`` fails with ``code`` and leaves everything as it was."""
        before = self.everything()
        with pytest.raises(AtelierError) as caught:
            attempt()
        assert caught.value.code == code, caught.value.as_dict()
        assert self.everything() == before
        return caught.value


def fresh() -> Any:
    """The test's session, reading what the last unit of work committed."""
    db.session.rollback()
    return db.session


def kinds(workshop: Workshop) -> Counter[str]:
    return Counter(fresh().scalars(sa.select(Contribution.kind).where(
        Contribution.workshop_id == workshop.id,
        Contribution.status == ContributionStatus.VISIBLE)))


def cells(workshop: Workshop) -> dict[int, tuple[int, int]]:
    return {c.contribution_id: (c.room_id, c.slot_id) for c in agenda.cells_of(fresh(), workshop)}


def ids(view: dict[str, Any]) -> tuple[list[int], list[int]]:
    return [r["id"] for r in view["rooms"]], [s["id"] for s in view["slots"]]


def update_of(field: str, text: str) -> bytes:
    doc = Doc()
    doc.get(field, type=Text).insert(0, text)
    return doc.get_update()


# --- Open Space ---------------------------------------------------------------------------------


@pytest.fixture
def open_space(make_room) -> Live:  # type: ignore[no-untyped-def]
    return Live(make_room(method=Method.OPEN_SPACE, language="fr"))


def test_can_an_open_space_run_from_the_opening_to_the_closing_circle(app, open_space):
    live = open_space
    ana, ben = live.join("Anaïs", "employee"), live.join("Ben", "customer")
    chloe, dan = live.join("Chloé", "partner"), live.join("Dan", "customer")
    live.goto("opening")
    assert phases.allowed_actions(live.workshop) == ()

    live.goto("marketplace")
    reviews = live.propose(ana, "Répondre aux avis négatifs")
    whatsapp = live.propose(ben, "Le service client sur WhatsApp")
    tiktok = live.propose(chloe, "TikTok : y aller ou pas ?")
    aside = live.propose(None, "Une question du public", kind="question")

    live.goto("agenda")  # a starting grid is made as the phase opens
    rooms, slots = ids(agenda.view(fresh(), live.workshop))
    assert (len(rooms), len(slots)) == (3, 3)
    live.place(ana, reviews, rooms[0], slots[0])
    live.place(ben, whatsapp, rooms[1], slots[0])
    taken = live.refuses("cell_taken", lambda: live.place(chloe, tiktok, rooms[0], slots[0]))
    with app.test_request_context():
        assert "Pick a free cell." in taken.message
    live.place(chloe, tiktok, rooms[0], slots[1])
    live.place(None, tiktok, rooms[0], slots[0])  # the facilitator drops it on a taken cell
    assert cells(live.workshop) == {reviews: (rooms[0], slots[1]), tiktok: (rooms[0], slots[0]),
                                    whatsapp: (rooms[1], slots[0])}
    for person, topic in ((dan, reviews), (dan, whatsapp), (ana, whatsapp), (ben, tiktok)):
        live.mark(person, topic)
    assert presence.interest_counts(fresh(), live.workshop) == {reviews: 1, whatsapp: 2, tiktok: 1}

    live.goto("sessions")
    for person, topic in ((ana, whatsapp), (ben, whatsapp), (dan, tiktok), (chloe, tiktok)):
        live.check_in(person, topic)
    assert presence.checkin_counts(fresh(), live.workshop) == {whatsapp: 2, tiktok: 2}
    live.check_in(dan, whatsapp)  # the law of two feet: the head-counts follow
    assert presence.checkin_counts(fresh(), live.workshop) == {whatsapp: 3, tiktok: 1}
    live.write(ben, f"report:{whatsapp}", "key_points", "La moitié des questions : les colis.")

    live.goto("reports")
    live.write(dan, f"report:{whatsapp}", "key_points", "Les clients veulent « un prénom ».")
    live.write(ana, f"report:{whatsapp}", "recommendations", "Tester trois mois ✅")
    assert live.fields(f"report:{whatsapp}") == {
        "key_points": "La moitié des questions : les colis.\nLes clients veulent « un prénom ».",
        "recommendations": "Tester trois mois ✅", "questions": ""}
    assert "Tester trois mois ✅" in live.stored(f"report:{whatsapp}").text

    live.goto("convergence")
    live.vote(dan, whatsapp)
    live.vote(dan, whatsapp)
    live.vote(chloe, reviews)
    live.refuses("invalid", lambda: live.vote(chloe, aside))  # only sessions are votable
    assert voting.counts(fresh(), live.workshop, "convergence") == {whatsapp: 2, reviews: 1}

    live.goto("action_planning")
    made = live.commit(ben, title="Ouvrir le numéro WhatsApp", due_on="2027-01-31",
                       topic_id=whatsapp).result["commitment"]
    live.commit(None, title="Former les conseillers", owner="Service client", personal=False)
    assert made == {"id": made["id"], "title": "Ouvrir le numéro WhatsApp", "owner": "Ben",
                    "participant_id": ben.id, "topic_id": whatsapp, "due_on": "2027-01-31",
                    "personal": True, "status": "planned"}
    assert [c["owner"] for c in commitments.views(fresh(), live.workshop)] == [
        "Ben", "Service client"]

    live.goto("closing")
    live.propose(ana, "Confiance")
    live.propose(ben, "Élan 🎉")
    live.finish()
    assert kinds(live.workshop) == {"topic": 3, "question": 1, "word": 2}
    assert live.workshop.state is WorkshopState.ENDED
    assert phases.allowed_actions(live.workshop) == ()
    live.refuses("not_allowed_now", lambda: live.propose(dan, "Trop tard"))


def test_what_can_a_convener_not_do_on_the_agenda(open_space):
    live = open_space
    ana, ben = live.join("Anaïs", "employee"), live.join("Ben")
    live.goto("marketplace")
    mine, theirs = live.propose(ana, "Charte"), live.propose(ben, "Veille")
    live.goto("agenda")
    rooms, slots = ids(agenda.view(fresh(), live.workshop))
    live.place(ben, theirs, rooms[0], slots[0])

    live.refuses("forbidden", lambda: live.place(ana, theirs, rooms[1], slots[1]))
    live.refuses("invalid", lambda: live.place(ana, mine, 999_999, slots[0]))
    live.refuses("invalid", lambda: live.place(ana, mine, rooms[0], "9h"))
    live.refuses("unknown_topic", lambda: live.place(ana, 999_999, rooms[1], slots[1]))
    live.refuses("invalid", lambda: live.mark(ana, True))
    live.refuses("not_allowed_now", lambda: live.check_in(ana, theirs))
    with db.unit_of_work() as session:
        placement.lock(session, live.workshop, theirs, True, live.room.facilitator, None)
    live.refuses("cell_taken", lambda: live.place(None, mine, rooms[0], slots[0]))
    live.refuses("forbidden", lambda: live.place(None, theirs, rooms[2], slots[2]))


def test_can_only_sessions_on_the_agenda_be_joined_once_it_has_cells(open_space):
    live = open_space
    ana = live.join("Anaïs", "employee")
    live.goto("marketplace")
    placed, left = live.propose(ana, "Charte"), live.propose(ana, "Veille")
    live.goto("agenda")
    rooms, slots = ids(agenda.view(fresh(), live.workshop))
    live.place(ana, placed, rooms[0], slots[0])
    live.goto("sessions")

    live.refuses("invalid", lambda: live.check_in(ana, left))
    live.check_in(ana, placed)
    live.check_in(ana, None)  # back in the corridor
    assert presence.checkin_counts(fresh(), live.workshop) == {}


def test_is_a_bad_document_write_refused_with_nothing_stored(open_space):
    live = open_space
    ana = live.join("Anaïs", "employee")
    live.goto("marketplace")
    topic = live.propose(ana, "Charte")
    live.refuses("not_allowed_now", lambda: live.write(ana, f"report:{topic}", "key_points",
                                                       "Trop tôt"))
    live.goto("reports")

    def send(key: Any, update: Any) -> Callable[[], object]:
        def attempt() -> None:
            with db.unit_of_work() as session:
                documents.apply_update(session, live.workshop, key, update, "participant", ana)
        return attempt

    live.refuses("invalid", send("report:abc", update_of("key_points", "x")))
    live.refuses("invalid", send("notes:1", update_of("notes", "x")))
    live.refuses("unknown_topic", send("report:999999", update_of("key_points", "x")))
    live.refuses("invalid", send(f"report:{topic}", b"not yjs"))
    live.refuses("invalid", send(f"report:{topic}", "text"))
    live.refuses("invalid", send(f"report:{topic}", update_of("mood", "x")))
    live.write(ana, f"report:{topic}", "questions", "Qui valide le week-end ?")
    assert live.fields(f"report:{topic}")["questions"] == "Qui valide le week-end ?"


@pytest.mark.parametrize(("payload", "field"), [
    ({"title": ""}, "title"), ({"title": "x" * 201}, "title"),
    ({"title": "Agir", "due_on": "31/01/2027"}, "due_on"),
    ({"title": "Agir", "due_on": "2001-01-01"}, "due_on"),  # long past
    ({"title": "Agir", "due_on": "2126-01-01"}, "due_on"),  # a typo for 2026
    ({"title": "Agir", "personal": "yes"}, "personal"),
])
def test_is_a_bad_commitment_refused(open_space, payload, field):
    live = open_space
    ben = live.join("Ben")
    live.goto("action_planning")

    error = live.refuses("invalid", lambda: live.commit(ben, **payload))

    assert list(error.fields) == [field]


# --- Barcamp -------------------------------------------------------------------------------------


def test_can_a_barcamp_build_its_grid_from_interest_and_share_its_notes(make_room):
    live = Live(make_room(method=Method.BARCAMP))
    people = [live.join(f"P{i}", ("employee", "customer", "partner")[i % 3]) for i in range(9)]
    live.goto("introduction")
    live.goto("pitch")
    pitched = [live.propose(people[i], title) for i, title in enumerate(
        ("Avis clients", "WhatsApp", "TikTok", "Charte", "Crise"))]
    live.refuses("not_allowed_now", lambda: live.mark(people[0], pitched[0]))

    live.goto("interest")  # a 3 × 3 grid is made as the phase opens
    # The first three pitches fill slot 1 on a paper wall, and everyone wants two of them.
    for person in people:
        live.mark(person, pitched[0])
        live.mark(person, pitched[1])
    for person in people[:4]:
        live.mark(person, pitched[2])
    wanted = presence.interest_sets(fresh(), live.workshop)

    live.goto("grid")  # built as the phase opens
    built = cells(live.workshop)
    figures = live.workshop.options["grid"]
    assert set(built) == set(pitched)
    assert figures["conflicts"] == grid.conflicts(built, wanted)
    assert figures["conflicts"] < figures["naive_conflicts"]
    assert figures["avoided"] == figures["naive_conflicts"] - figures["conflicts"]
    assert built[pitched[0]][1] != built[pitched[1]][1]

    with db.unit_of_work() as session:
        placement.lock(session, live.workshop, pitched[4], True, live.room.facilitator, None)
    kept = built[pitched[4]]
    for _ in range(2):
        with db.unit_of_work() as session:
            placement.build(session, live.workshop, live.room.facilitator, None)
        assert cells(live.workshop)[pitched[4]] == kept
        figures = live.workshop.options["grid"]
        assert figures["conflicts"] <= figures["naive_conflicts"]
    live.goto("grid")  # re-entering keeps the grid as it is
    assert cells(live.workshop)[pitched[4]] == kept

    live.goto("sessions")
    live.check_in(people[5], pitched[1])
    live.write(people[5], f"notes:{pitched[1]}", "notes", "Démo en direct sur un téléphone")
    live.write(people[6], f"notes:{pitched[1]}", "notes", "Chiffre : 40 % hors heures")
    assert live.fields(f"notes:{pitched[1]}") == {
        "notes": "Démo en direct sur un téléphone\nChiffre : 40 % hors heures"}

    live.goto("wrapup")
    live.propose(people[7], "Super format, à refaire 🙏")
    live.commit(people[8], title="Partager les notes avec mon équipe")
    live.refuses("not_allowed_now", lambda: live.write(people[5], f"notes:{pitched[1]}",
                                                       "notes", "Trop tard"))
    live.finish()
    assert kinds(live.workshop) == {"topic": 5, "feedback": 1}


# --- Appreciative Inquiry ------------------------------------------------------------------------


STRENGTHS = ("écoute, humour", "à l’écoute, transparence", "écoute des clients; réactivité",
             "transparence, patience", "humour")


def test_can_an_appreciative_inquiry_go_round_the_4d_cycle(make_room):
    live = Live(make_room(method=Method.APPRECIATIVE_INQUIRY, language="fr"))
    groups = ("employee", "customer", "employee", "customer", "partner")
    people = [live.join(f"P{i}", group) for i, group in enumerate(groups)]
    live.goto("define")
    live.goto("discovery")  # pairs are made as the phase opens
    pairs = {}
    for seat in seating.seats(fresh(), live.workshop, seating.PAIRS):
        pairs.setdefault(seat.table, set()).add(seat.participant_id)
    group_of = {p.id: p.group_key for p in people}
    assert sorted(len(members) for members in pairs.values()) == [2, 3]
    assert all({"employee", "customer"} <= {group_of[m] for m in members}
               for members in pairs.values())
    partner = {p.id: next(m for m in pairs.values() if p.id in m) - {p.id} for p in people}

    for person, strengths in zip(people, STRENGTHS, strict=True):
        live.write(person, f"story:{person.id}", "story", "Un client m’a écrit un dimanche…")
        live.write(person, f"story:{person.id}", "strengths", strengths)
    # The partner reads the story told about them; the interviewer alone writes it.
    friend = next(p for p in people if p.id in partner[people[0].id])
    live.refuses("forbidden", lambda: live.write(friend, f"story:{people[0].id}", "story",
                                                 "J’ajoute : tout en un jour."))
    stranger = next(p for p in people if p.id not in partner[people[0].id] | {people[0].id})
    live.refuses("forbidden", lambda: live.write(stranger, f"story:{people[0].id}", "story",
                                                 "Pas mon binôme"))

    live.goto("positive_core")  # themes are grouped from the strengths as the phase opens
    themes = [t for t in fresh().scalars(sa.select(Contribution).where(
        Contribution.workshop_id == live.workshop.id,
        Contribution.kind == ContributionKind.THEME).order_by(Contribution.id))]
    assert [t.title for t in themes][:3] == ["Écoute", "Humour", "Transparence"]
    assert themes[0].tags == ["stories:3"]
    with db.unit_of_work() as session:
        topics.edit(session, live.workshop, themes[0].id, "L’écoute avant tout", None, None,
                    live.room.facilitator, None)
        topics.set_hidden(session, live.workshop, themes[-1].id, True, live.room.facilitator,
                          None)
    live.goto("discovery")
    live.goto("positive_core")  # re-entering keeps the facilitator's edits
    assert fresh().get(Contribution, themes[0].id).title == "L’écoute avant tout"
    assert kinds(live.workshop)["theme"] == len(themes) - 1

    live.goto("dream")
    dreams = [live.propose(people[i], title) for i, title in enumerate(
        ("Une vraie personne en une heure", "Nos salariés porte-parole", "Un biscuit des clients",
         "Des contenus accessibles"))]
    for person, dream in ((people[0], dreams[3]), (people[1], dreams[3]), (people[2], dreams[1]),
                          (people[3], dreams[2]), (people[4], dreams[1]), (people[0], dreams[2])):
        live.vote(person, dream)
    live.refuses("invalid", lambda: live.vote(people[1], themes[0].id))
    top = [d.id for d in outcomes.top_dreams(fresh(), live.workshop)]
    assert top == [dreams[1], dreams[2], dreams[3]]

    live.goto("design")  # one proposition per top dream is made as the phase opens
    made = {p.parent_id: p for p in fresh().scalars(sa.select(Contribution).where(
        Contribution.workshop_id == live.workshop.id,
        Contribution.kind == ContributionKind.PROPOSITION))}
    assert set(made) == set(top)
    extra = live.propose(None, "Une vraie personne en une heure", kind="proposition",
                         parent_id=dreams[0])
    live.refuses("not_allowed_now", lambda: live.propose(people[0], "Moi aussi"))
    key = f"proposition:{made[dreams[1]].id}"
    live.write(people[2], key, "text", "Chaque salarié parle librement de son métier.")
    live.write(people[3], key, "text", "Son manager le soutient s’il se trompe.")
    assert live.fields(key)["text"].count("\n") == 1

    live.goto("agreement")
    live.vote(people[0], extra)
    live.vote(people[1], made[dreams[1]].id)
    live.refuses("invalid", lambda: live.vote(people[1], dreams[1]))
    assert voting.counts(fresh(), live.workshop, "design") == {extra: 1, made[dreams[1]].id: 1}

    live.goto("destiny")
    assert phases.results_visible(live.workshop)
    live.commit(people[4], title="Écrire la charte avec dix volontaires", topic_id=extra,
                due_on="2027-03-01", personal=False, owner="Équipe RH")
    live.finish()
    assert kinds(live.workshop) == {"theme": len(themes) - 1, "dream": 4, "proposition": 4}


def test_is_a_latecomer_paired_without_breaking_the_pairs(make_room):
    live = Live(make_room(method=Method.APPRECIATIVE_INQUIRY))
    people = [live.join(f"P{i}", ("employee", "customer")[i % 2]) for i in range(4)]
    live.goto("discovery")
    before = {(s.table, s.participant_id) for s in seating.seats(fresh(), live.workshop, "pairs")}

    late = live.join("Late", "partner")
    live.act(None, lambda s, w, _p, a, c: seating.reseat(s, w, a, c))

    after = {(s.table, s.participant_id) for s in seating.seats(fresh(), live.workshop, "pairs")}
    assert before < after
    (table,) = [table for table, pid in after if pid == late.id]
    assert table in {table for table, _pid in before}  # a pair became a trio
    assert len(after) == len(people) + 1


# --- World Café ----------------------------------------------------------------------------------


def table_of(workshop: Workshop, round_: int) -> dict[int, int]:
    return {s.participant_id: s.table for s in seating.seats(fresh(), workshop, "cafe", round_)}


def hosts_of(workshop: Workshop, round_: int) -> dict[int, int]:
    return {s.table: s.participant_id
            for s in seating.seats(fresh(), workshop, "cafe", round_) if s.host}


def repeats(first: dict[int, int], second: dict[int, int]) -> int:
    """Pairs of people who sat together in both rounds."""
    together = {frozenset(pair) for table in set(first.values())
                for pair in combinations([p for p, t in first.items() if t == table], 2)}
    return sum(1 for table in set(second.values())
               for pair in combinations([p for p, t in second.items() if t == table], 2)
               if frozenset(pair) in together)


def test_can_a_world_cafe_run_three_rounds_and_a_harvest(make_room):
    live = Live(make_room(method=Method.WORLD_CAFE, language="fr"))
    groups = ("employee", "customer", "partner")
    people = [live.join(f"P{i}", groups[i % 3]) for i in range(16)]
    live.goto("welcome")
    live.act(None, lambda s, w, _p, a, c: controls.update(
        s, w, {"tables": 4, "questions": {"1": "Une vraie conversation ?", "2": "Nos freins ?",
                                          "3": "De quoi aurait-on besoin ?"}}, a, c))

    live.goto("round_1")
    first = table_of(live.workshop, 1)
    hosts = hosts_of(live.workshop, 1)
    assert sorted(Counter(first.values()).values()) == [4, 4, 4, 4]
    assert len(hosts) == 4
    group_of = {p.id: p.group_key for p in people}
    assert all(len({group_of[p] for p, t in first.items() if t == table}) > 1
               for table in range(1, 5))
    by_id = {p.id: p for p in people}
    live.write(by_id[hosts[1]], "table:1", "notes", "Une vraie conversation : un prénom.")

    live.goto("round_2")
    second = table_of(live.workshop, 2)
    assert hosts_of(live.workshop, 2) == hosts
    assert all(second[host] == table for table, host in hosts.items())
    assert sorted(Counter(second.values()).values()) == [4, 4, 4, 4]
    assert repeats(first, second) <= 4  # out of 24 pairs; some are forced by the hosts staying
    late = live.join("Late", "customer")
    live.act(None, lambda s, w, _p, a, c: seating.reseat(s, w, a, c))
    with_late = table_of(live.workshop, 2)
    assert {p: t for p, t in with_late.items() if p != late.id} == second
    assert late.id in with_late
    guest = next(by_id[p] for p, t in second.items() if t == 1 and p != hosts[1])
    assert live.fields("table:1")["notes"] == "Une vraie conversation : un prénom."
    live.write(guest, "table:1", "notes", "Frein : la peur de mal faire.")

    live.goto("round_3")
    third = table_of(live.workshop, 3)
    assert hosts_of(live.workshop, 3) == hosts
    assert len(third) == 17
    assert live.fields("table:1")["notes"] == (
        "Une vraie conversation : un prénom.\nFrein : la peur de mal faire.")

    live.goto("harvest")
    insights = [live.propose(people[i], text) for i, text in enumerate(
        ("Les clients veulent une marque qui répond.", "La peur de l’erreur nous bloque."))]
    live.goto("priorities")
    live.vote(people[3], insights[1])
    live.vote(late, insights[1])
    live.vote(people[4], insights[0])
    assert voting.counts(fresh(), live.workshop, "harvest") == {insights[1]: 2, insights[0]: 1}

    live.goto("commitments")
    live.commit(people[5], title="Écrire la charte « droit à l’erreur »", topic_id=insights[1],
                due_on="2027-02-15")
    live.finish()
    assert kinds(live.workshop) == {"insight": 2}
    assert len(commitments.views(fresh(), live.workshop)) == 1


def test_can_tables_write_notes_when_the_facilitator_kept_the_default_tables(make_room):
    live = Live(make_room(method=Method.WORLD_CAFE))
    people = [live.join(f"P{i}", ("employee", "customer")[i % 2]) for i in range(8)]
    live.goto("round_1")

    live.write(people[0], "table:1", "notes", "Premières idées")

    assert live.fields("table:1")["notes"] == "Premières idées"


def test_is_a_bad_seating_change_refused(make_room):
    live = Live(make_room(method=Method.WORLD_CAFE))
    people = [live.join(f"P{i}") for i in range(6)]
    live.refuses("not_allowed_now",
                 lambda: live.act(None, lambda s, w, _p, a, c: seating.reseat(s, w, a, c)))
    live.goto("round_1")

    def host(table: Any, who: Any) -> Callable[[], object]:
        return lambda: live.act(None, lambda s, w, _p, a, c: seating.set_host(s, w, table, who,
                                                                              a, c))

    live.refuses("invalid", host(1, 999_999))
    live.refuses("invalid", host("1", people[0].id))
    live.refuses("invalid", lambda: live.act(None, lambda s, w, _p, a, c: controls.update(
        s, w, {"tables": 0}, a, c)))
    live.refuses("invalid", lambda: live.act(None, lambda s, w, _p, a, c: controls.update(
        s, w, {"questions": {"one": "?"}}, a, c)))


@pytest.mark.parametrize(("table", "who"), [(1, True), (99, None), (0, None), (-1, None)],
                         ids=["true-as-id", "table-99", "table-0", "table-minus-1"])
def test_is_a_host_refused_for_a_table_or_person_that_does_not_exist(make_room, table, who):
    live = Live(make_room(method=Method.WORLD_CAFE))
    people = [live.join(f"P{i}") for i in range(6)]
    live.goto("round_1")
    person = people[0].id if who is None else who

    live.refuses("invalid", lambda: live.act(None, lambda s, w, _p, a, c: seating.set_host(
        s, w, table, person, a, c)))
