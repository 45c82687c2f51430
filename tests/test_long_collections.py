"""`workshop serve`'s garbage collections: the long ones logged, the room's objects frozen."""

from __future__ import annotations

import gc
import logging
import time
import weakref
from collections.abc import Iterator

import pytest

from workshop.serving import LongLived, report_long_collections


@pytest.fixture
def callbacks() -> Iterator[None]:
    """The collector as it was after each test: its callbacks, and frozen only if it was
    before (the suite freezes what it keeps, tests/conftest.py)."""
    before, frozen = list(gc.callbacks), gc.get_freeze_count() > 0
    yield
    gc.callbacks[:] = before
    gc.unfreeze()
    if frozen:
        gc.freeze()


def collect() -> None:
    """One full collection, run to its end with every callback.

    ``gc.collect()`` returns at once, running nothing, while another thread's collection is
    still finishing (its finalizers may release the GIL): in a long test process full of
    background threads, it is asked again until a collection is seen to run.
    """
    ran: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            ran.append(1)

    gc.callbacks.append(seen)  # after the callbacks under test: they ran when it runs
    try:
        for _ in range(200):
            gc.collect()
            if ran:
                return
            time.sleep(0.01)  # polling: the other thread's collection to end
        raise AssertionError("no full collection ran")
    finally:
        gc.callbacks.remove(seen)


@pytest.mark.usefixtures("callbacks")
@pytest.mark.parametrize(("threshold", "logged"), [(0.0, True), (60.0, False)])
def test_is_a_full_collection_logged_with_its_generation_only_past_the_threshold(
    caplog: pytest.LogCaptureFixture, threshold: float, logged: bool,
) -> None:
    report_long_collections(threshold=threshold)
    with caplog.at_level(logging.WARNING, logger="workshop.serving"):
        collect()

    said = [r.getMessage() for r in caplog.records if "garbage collection" in r.getMessage()]
    assert any(line.startswith("a garbage collection (generation 2,") and line.endswith(" ms")
               for line in said) is logged, said


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.mark.usefixtures("callbacks")
def test_does_what_survives_a_full_collection_stay_out_of_the_next_ones_sight() -> None:
    LongLived(thaw_every=3600).install()
    kept = Node()

    collect()

    assert not any(o is kept for o in gc.get_objects())  # the next full ones do not walk it


@pytest.mark.usefixtures("callbacks")
def test_is_garbage_that_was_frozen_freed_once_the_thaw_is_due() -> None:
    now = [0.0]
    LongLived(thaw_every=600, clock=lambda: now[0]).install()
    gone = Node()
    collect()  # survives, frozen
    alive = weakref.ref(gone)
    del gone

    collect()
    held = alive() is not None  # frozen cyclic garbage: not freed yet
    now[0] = 600.0
    collect()  # the thaw is due: this one unfreezes everything
    collect()  # and this one walks it all

    assert held
    assert alive() is None
