"""Questions to the room in the exports: the synthesis, the brief's Q&A, JSON and CSV, consent."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from tests.exports.conftest import Drive
from workshop.exports import service
from workshop.exports.archive import dump, restore
from workshop.exports.builders import synthesis
from workshop.exports.writers import csvzip, json_
from workshop.extensions import db
from workshop.models import Participant, Workshop
from workshop.roles import Role
from workshop.services import controls, facilitators, questions


def ask(drive: Drive, person: Participant, text: str) -> int:
    change = drive.act(person, lambda s, w, p, a, c: questions.ask(s, w, p, text, a, c))
    return int(change.result["question_id"])


def upvote(drive: Drive, person: Participant, question: int) -> None:
    drive.act(person, lambda s, w, p, a, c: questions.upvote(s, w, p, question, True, a, c))


def facilitate(drive: Drive, call: Callable[..., Any], question: int) -> None:
    drive.act(None, lambda s, w, _p, a, c: call(s, w, question, True, a, c))


def name_questions(drive: Drive) -> None:
    drive.act(None, lambda s, w, _p, a, c: controls.update(s, w, {"questions_named": True}, a, c))


def room(drive: Callable[..., Drive]) -> tuple[Drive, dict[str, Participant]]:
    d = drive(language="en")
    people = {"zoe": d.join("Zoé Quarrington", "employee"),
              "hortense": d.join("Hortense Kittredge", "customer", consent=True),
              "sam": d.join("Sam Ridley", "customer"),
              "ali": d.join("Ali Bentley", "partner")}
    return d, people


def test_does_the_brief_list_the_rooms_questions_customers_first_then_most_upvoted(
    drive: Callable[..., Drive],
) -> None:
    d, p = room(drive)
    employee = ask(d, p["zoe"], "Will the night shift get the new tools?")
    small = ask(d, p["hortense"], "Can we keep paper invoices?")
    big = ask(d, p["sam"], "When does the app support French?")
    for voter in ("hortense", "sam", "ali"):
        upvote(d, p[voter], employee)  # the most upvoted, but an employee's
    upvote(d, p["ali"], big)
    upvote(d, p["zoe"], big)

    built = d.build()

    asked = [q for q in built.brief.questions if q["kind"] == "asked"]
    assert [q["text"] for q in asked] == ["When does the app support French?",
                                          "Can we keep paper invoices?",
                                          "Will the night shift get the new tools?"]
    assert [q["count"] for q in asked] == [3, 1, 4]  # the asker and the upvotes
    assert built.brief.questions[:3] == asked  # before the questions found in texts
    assert [(q.id, q.upvotes) for q in built.questions] == [(employee, 3), (big, 2), (small, 0)]


def test_is_an_archived_question_left_out_of_the_brief_but_kept_in_the_data(
    drive: Callable[..., Drive],
) -> None:
    d, p = room(drive)
    off = ask(d, p["sam"], "Is the coffee free?")
    facilitate(d, questions.archive, off)

    built = d.build()

    assert not [q for q in built.brief.questions if q["kind"] == "asked"]
    assert [(q.text, q.archived) for q in built.questions] == [("Is the coffee free?", True)]


def test_are_named_questions_pseudonymised_without_consent(drive: Callable[..., Drive]) -> None:
    d, p = room(drive)
    name_questions(d)
    ask(d, p["zoe"], "I am Zoé Quarrington: who do I call?")
    ask(d, p["hortense"], "Can we keep paper invoices?")

    built = d.build()

    shown = {q.text: q.author for q in built.questions}
    assert shown == {"I am P-001: who do I call?": "P-001",
                     "Can we keep paper invoices?": "Hortense Kittredge"}


def test_are_anonymous_questions_only_pseudonyms_even_with_consent(
    drive: Callable[..., Drive],
) -> None:
    d, p = room(drive)
    ask(d, p["hortense"], "Can we keep paper invoices?")

    assert [q.author for q in d.build().questions] == ["P-002"]


def test_do_the_json_and_csv_exports_carry_the_questions(drive: Callable[..., Drive]) -> None:
    d, p = room(drive)
    name_questions(d)
    asked = ask(d, p["zoe"], "=HYPERLINK(\"x\") who pays?")
    upvote(d, p["sam"], asked)
    facilitate(d, questions.mark_answered, asked)
    db.session.rollback()
    built = d.build()

    workshop = db.session.get(Workshop, d.workshop.id)
    assert workshop is not None
    archive_rows = dump.dump(db.session, workshop, synthesis.roster(db.session, workshop))
    data = json.loads(json_.write(built, archive_rows))
    with zipfile.ZipFile(io.BytesIO(csvzip.write(built))) as archive:
        text = archive.read("room_questions.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert data["synthesis"]["questions"] == [{"id": asked, "text": "=HYPERLINK(\"x\") who pays?",
                                  "author": "P-001", "author_group": "employee", "upvotes": 1,
                                  "answered": True, "archived": False}]
    assert [(r["Text"], r["Author"], r["Upvotes"], r["Answered"]) for r in rows] == [
        ("'=HYPERLINK(\"x\") who pays?", "P-001", "1", "yes")]
    # The archive holds the rows again, for ``workshop import``: the upvote with its question.
    assert [row["id"] for row in data["data"]["questions"]] == [asked]
    assert [row["question_id"] for row in data["data"]["question_upvotes"]] == [asked]


def test_does_workshop_import_bring_the_questions_and_their_upvotes_back(
    drive: Callable[..., Drive],
) -> None:
    d, p = room(drive)
    asked = ask(d, p["sam"], "When does the app support French?")
    upvote(d, p["ali"], asked)
    upvote(d, p["zoe"], asked)
    facilitate(d, questions.pin, asked)
    db.session.rollback()
    workshop = db.session.get(Workshop, d.workshop.id)
    assert workshop is not None
    raw = service.render(db.session, workshop, service.FORMATS["json"])

    with db.unit_of_work() as session:
        owner = facilitators.create_facilitator(session, "importer@example.org",
                                                "correct horse battery", "Imp")
        copy_id = restore.restore(session, restore.load(raw), owner).workshop_id
    copy = db.session.get(Workshop, copy_id)
    assert copy is not None

    shown = questions.views(db.session, copy, Role.SCREEN)
    assert [(q["text"], q["upvotes"], q["pinned"]) for q in shown] == [
        ("When does the app support French?", 2, True)]
    assert shown[0]["id"] != asked  # new rows, every reference following them


def test_is_a_question_still_waiting_for_review_left_out_of_the_exports(
    drive: Callable[..., Drive],
) -> None:
    d, p = room(drive)
    d.act(None, lambda s, w, _p, a, c: controls.update(s, w, {"review_first": True}, a, c))
    ask(d, p["sam"], "Why is the support so slow?")

    built = d.build()

    assert built.questions == []
    assert not [q for q in built.brief.questions if q["kind"] == "asked"]
