"""Co-writing memory: each document's budget, the cache's, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from pycrdt import Doc, Text

from tests.conftest import french
from tests.services.conftest import Room
from tests.services.test_documents import (
    Writer,
    read,
    stored,
    stored_document,
    workshop_of,
    write,
    writing_phase,
)
from workshop import create_app
from workshop.errors import Invalid
from workshop.extensions import db
from workshop.roles import Role
from workshop.services import document_store, documents

FULL = "This document is full: it takes no more changes."


@pytest.fixture
def report(room: Room) -> tuple[Room, str]:
    """An Open Space session's report, while participants write reports."""
    topic = room.propose(None, "Remote work")
    room.move_to(writing_phase(room.workshop, "report"))
    return room, f"report:{topic}"


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> int:
    """Documents may hold about 200 blocks (the real budget takes thousands of updates)."""
    blocks = 200
    budget = document_store.Budget(memory=document_store.Weight(blocks=blocks).memory,
                                   encoded=documents.MAX_DOCUMENT_BYTES)
    monkeypatch.setattr(documents, "BUDGET", budget)
    return blocks


def cached(room: Room, key: str) -> tuple[Doc[Any], bytes]:
    """The cached Doc of ``key`` and its state."""
    document = stored_document(room, key)
    with document_store.cache().checkout(db.session, document) as doc:
        return doc, doc.get_update()


def fill(room: Room, key: str, writer: Writer, most: int) -> tuple[int, Invalid | None]:
    """Send one character at a time, each at the start; how many were taken, and the refusal."""
    for taken in range(most):
        try:
            write(room, key, writer.type("key_points", 0, "x"))
        except Invalid as refusal:
            return taken, refusal
    return most, None


def refused_message(refusal: Invalid | None, locale: str = "en") -> str:
    assert refusal is not None
    with force_locale(locale):
        return str(refusal.fields["m"][0])


# --- a document's budget -----------------------------------------------------------------------


def test_does_a_document_refuse_characters_placed_one_by_one_past_its_budget(
    report: tuple[Room, str], small_budget: int,
) -> None:
    room, key = report
    writer = Writer()

    taken, refusal = fill(room, key, writer, most=2 * small_budget)
    before = stored()
    again, refused_again = fill(room, key, Writer(), most=1)

    assert small_budget // 2 < taken < small_budget  # each character is a block of its own
    assert refusal is not None and refusal.code == "invalid"
    assert refused_message(refusal) == FULL
    assert refused_message(refusal, "fr") == french(FULL)
    assert (again, refused_message(refused_again)) == (0, FULL)
    assert stored() == before
    assert read(room, key)["key_points"] == "x" * taken


def test_is_typing_on_in_one_place_not_counted_against_the_budget(
    report: tuple[Room, str], small_budget: int,
) -> None:
    room, key = report
    writer = Writer()

    for n in range(2 * small_budget):
        write(room, key, writer.type("questions", n, "abcdefghij"[n % 10]))

    assert read(room, key)["questions"] == "abcdefghij" * (small_budget // 5)


def test_does_a_document_refuse_more_than_its_encoded_size(report: tuple[Room, str]) -> None:
    room, key = report
    writer = Writer()
    paste = "x" * 60_000  # under the 64 kB an update may carry
    taken = 0

    with pytest.raises(Invalid) as refusal:
        while taken < 20:
            write(room, key, writer.type("recommendations", taken * len(paste), paste))
            taken += 1

    assert refused_message(refusal.value) == FULL
    assert taken == documents.MAX_DOCUMENT_BYTES // len(paste)
    assert read(room, key)["recommendations"] == paste * taken


# --- refusals cost nothing ---------------------------------------------------------------------


def building_on_the_unknown(writer: Writer) -> bytes:
    writer.type("key_points", 0, "never sent")
    return writer.type("key_points", 0, "builds on it ")


@pytest.mark.parametrize("make_update", [
    building_on_the_unknown,
    lambda writer: writer.type("notes", 0, "a field reports do not have"),
    lambda writer: b"\x01\x01\x05\x00\x1f",
], ids=["missing", "field", "unreadable"])
def test_does_a_refused_update_leave_the_document_and_the_cache_as_they_were(
    report: tuple[Room, str], make_update: Any,
) -> None:
    room, key = report
    writer = Writer()
    for n in range(30):
        write(room, key, writer.type("key_points", 0, str(n % 10)))
    doc, state = cached(room, key)
    memory, held, rows = document_store.cache().memory, len(document_store.cache()), stored()

    with pytest.raises(Invalid):
        write(room, key, make_update(writer))

    assert cached(room, key) == (doc, state)  # the same Doc, unchanged: never dropped
    assert (document_store.cache().memory, len(document_store.cache())) == (memory, held)
    assert stored() == rows


def test_is_a_write_rolled_back_with_its_transaction_gone_from_the_cache(
    report: tuple[Room, str],
) -> None:
    room, key = report
    writer = Writer()
    write(room, key, writer.type("key_points", 0, "Kept"))

    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        documents.apply_update(session, workshop_of(session, room), key,
                               writer.type("key_points", 4, " or not"), Role.FACILITATOR, None)
        raise RuntimeError("the commit never comes")

    assert read(room, key)["key_points"] == "Kept"


# --- the cache's budget ------------------------------------------------------------------------


@pytest.fixture
def small_cache(app: Flask) -> Flask:
    """Another app on the same database whose cache holds 1 MiB of documents."""
    return create_app({"TESTING": True, "DOCUMENT_CACHE_MB": 1})


def scattered(characters: int) -> bytes:
    """One update placing ``characters`` characters one by one, each a block of its own."""
    writer = Writer()
    before = writer.doc.get_state()
    for _ in range(characters):
        writer.doc.get("key_points", type=Text).insert(0, "x")
    return writer.doc.get_update(before)


def test_do_many_documents_keep_the_cache_within_its_budget(
    room: Room, small_cache: Flask,
) -> None:
    topics = [room.propose(None, f"Session {n}") for n in range(30)]
    room.move_to(writing_phase(room.workshop, "report"))
    memory = []
    with small_cache.app_context():
        documents_cache = document_store.cache()
        for topic in topics:
            write(room, f"report:{topic}", scattered(300))
            memory.append(documents_cache.memory)

        assert max(memory) <= documents_cache.budget == 2**20
        assert 1 < len(documents_cache) < len(topics)  # the least recently used went out
        assert all(read(room, f"report:{topic}")["key_points"] == "x" * 300
                   for topic in topics)  # and are read again from the database
        assert documents_cache.memory <= documents_cache.budget


def test_is_a_compacted_document_counted_afresh_in_the_cache(report: tuple[Room, str]) -> None:
    room, key = report
    writer = Writer()
    for _ in range(documents.COMPACT_AFTER + 1):
        write(room, key, writer.type("key_points", 0, "x"))  # bounded as two blocks each

    doc, _state = cached(room, key)

    assert stored_document(room, key).compacted_through > 0
    assert document_store.cache().memory == document_store.weigh(doc).memory
    assert document_store.weigh(doc).blocks == documents.COMPACT_AFTER + 1


def test_is_the_cache_budget_read_from_the_environment(
    app: Flask, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKSHOP_DOCUMENT_CACHE_MB", "8")

    with create_app({"TESTING": True}).app_context():
        assert document_store.cache().budget == 8 * 2**20
