"""`workshop serve` logs the garbage collections that hold every connection too long."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

import pytest

from workshop.serving import report_long_collections


@pytest.fixture
def callbacks() -> Iterator[None]:
    before = list(gc.callbacks)
    yield
    gc.callbacks[:] = before


@pytest.mark.usefixtures("callbacks")
def test_is_a_full_collection_past_the_threshold_logged_with_its_generation(
    caplog: pytest.LogCaptureFixture,
) -> None:
    report_long_collections(threshold=0.0)
    with caplog.at_level(logging.WARNING, logger="workshop.serving"):
        gc.collect()

    said = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("a garbage collection (generation 2,") and
               line.endswith(" ms") for line in said), said


@pytest.mark.usefixtures("callbacks")
def test_is_a_collection_under_the_threshold_left_out_of_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    report_long_collections(threshold=60.0)
    with caplog.at_level(logging.WARNING, logger="workshop.serving"):
        gc.collect()

    assert not [r for r in caplog.records if "garbage collection" in r.getMessage()]
