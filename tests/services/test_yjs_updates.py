"""Reading Yjs updates without applying them agrees with what pycrdt does when it applies them."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pycrdt import Doc, Text

from workshop.services import document_store, yjs_updates


def editing_session(seed: int, steps: int = 200) -> list[bytes]:
    """The updates of three writers typing, erasing and inserting, who see each other late."""
    rnd = random.Random(seed)
    writers: list[Doc[Any]] = [Doc() for _ in range(3)]
    unseen: list[tuple[Doc[Any], bytes]] = []
    updates = []
    for _ in range(steps):
        writer = rnd.choice(writers)
        text = writer.get(rnd.choice(("key_points", "questions")), type=Text)
        before = writer.get_state()
        length = len(str(text))
        roll = rnd.random()
        if length > 3 and roll < 0.3:
            at = rnd.randrange(length - 2)
            del text[at:at + rnd.randint(1, 2)]
        elif roll < 0.6:
            text.insert(length, rnd.choice("abc") * rnd.randint(1, 3))  # typing on
        else:
            text.insert(rnd.randint(0, length), rnd.choice("xyz"))  # somewhere else
        update = writer.get_update(before)
        updates.append(update)
        unseen.append((writer, update))
        if rnd.random() < 0.2:  # the others catch up now and then
            for author, seen in unseen:
                for other in writers:
                    if other is not author:
                        other.apply_update(seen)
            unseen.clear()
    return updates


def state(doc: Doc[Any]) -> dict[int, int]:
    return yjs_updates.state_of(doc.get_state())


@pytest.mark.parametrize("garbage", [b"", b"\x00", b"garbage!", b"\xff" * 40,
                                     b"\x00\x00\x00", b"\x01\x01\x05\x00\x1f"])
def test_is_what_is_not_a_whole_update_refused(garbage: bytes) -> None:
    with pytest.raises(ValueError):
        yjs_updates.read(garbage)


def test_are_the_fields_an_update_writes_named() -> None:
    writer: Doc[Any] = Doc()
    writer.get("key_points", type=Text).insert(0, "Fewer meetings")
    writer.get("questions", type=Text).insert(0, "Who decides?")

    assert yjs_updates.read(writer.get_update()).roots == {"key_points", "questions"}


def test_does_reading_tell_which_updates_build_on_insertions_a_document_lacks() -> None:
    updates = editing_session(seed=1)
    shuffled = random.Random(2).sample(updates, len(updates))
    server: Doc[Any] = Doc()
    verdicts = []
    while shuffled:
        update = shuffled.pop(0)
        reading = yjs_updates.read(update)
        scratch: Doc[Any] = Doc()
        scratch.apply_update(server.get_update())
        pycrdt_misses = not (document_store.try_apply(scratch, update)
                             and document_store.covers(scratch, update))
        verdicts.append(reading.missing(state(server)))
        assert verdicts[-1] == pycrdt_misses
        if verdicts[-1]:
            shuffled.append(update)  # comes again once what it needs has come
        else:
            server.apply_update(update)
    assert True in verdicts and False in verdicts


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_does_an_updates_growth_bound_what_it_adds_to_a_document(seed: int) -> None:
    server: Doc[Any] = Doc()
    for update in editing_session(seed):
        before = document_store.weigh(server)
        blocks, encoded = yjs_updates.read(update).growth(state(server))
        server.apply_update(update)
        after = document_store.weigh(server)

        assert after.blocks - before.blocks <= blocks
        assert after.encoded - before.encoded <= encoded


def test_does_typing_on_in_one_place_add_no_block() -> None:
    writer: Doc[Any] = Doc()
    server: Doc[Any] = Doc()
    text = writer.get("notes", type=Text)
    for n in range(100):
        before = writer.get_state()
        text.insert(n, "a")
        server.apply_update(writer.get_update(before))

    assert document_store.weigh(server).blocks == 1


def test_are_blocks_counted_alike_writer_by_writer_and_by_walking_the_encoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server: Doc[Any] = Doc()
    for update in editing_session(seed=6):
        server.apply_update(update)
    by_writer = document_store.weigh(server)
    monkeypatch.setattr(document_store, "COUNT_CLIENT_BY_CLIENT", 0)

    assert document_store.weigh(server) == by_writer
    assert by_writer.blocks == yjs_updates.count_blocks(server.get_update()) > 3


def test_does_a_state_vector_read_and_written_again_stay_the_same() -> None:
    server: Doc[Any] = Doc()
    for update in editing_session(seed=7, steps=30):
        server.apply_update(update)

    assert yjs_updates.encode_state(state(server)) == server.get_state()
