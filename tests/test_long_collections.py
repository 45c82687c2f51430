"""`workshop serve`'s garbage collections: the long ones logged, the room's objects frozen."""

from __future__ import annotations

import gc
import logging
import weakref
from collections.abc import Iterator

import pytest

from workshop.serving import LongLived, report_long_collections


@pytest.fixture
def callbacks() -> Iterator[None]:
    """The collector as it was after each test: its callbacks, nothing left frozen."""
    before = list(gc.callbacks)
    yield
    gc.callbacks[:] = before
    gc.unfreeze()


@pytest.mark.usefixtures("callbacks")
@pytest.mark.parametrize(("threshold", "logged"), [(0.0, True), (60.0, False)])
def test_is_a_full_collection_logged_with_its_generation_only_past_the_threshold(
    caplog: pytest.LogCaptureFixture, threshold: float, logged: bool,
) -> None:
    report_long_collections(threshold=threshold)
    with caplog.at_level(logging.WARNING, logger="workshop.serving"):
        gc.collect()

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

    gc.collect()

    assert not any(o is kept for o in gc.get_objects())  # the next full ones do not walk it


@pytest.mark.usefixtures("callbacks")
def test_is_garbage_that_was_frozen_freed_once_the_thaw_is_due() -> None:
    now = [0.0]
    LongLived(thaw_every=600, clock=lambda: now[0]).install()
    gone = Node()
    gc.collect()  # survives, frozen
    alive = weakref.ref(gone)
    del gone

    gc.collect()
    held = alive() is not None  # frozen cyclic garbage: not freed yet
    now[0] = 600.0
    gc.collect()  # the thaw is due: this one unfreezes everything
    gc.collect()  # and this one walks it all

    assert held
    assert alive() is None
