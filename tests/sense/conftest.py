"""The benchmark's contributions, embedded once for every test of the engine."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from tests.conftest import ROOT
from workshop.sense import Item, embed

DATASET = ROOT / "bench" / "sense" / "contributions.json"


@pytest.fixture(scope="session")
def benchmark() -> dict[str, Any]:
    return json.loads(DATASET.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def benchmark_items(benchmark: dict[str, Any]) -> list[Item]:
    return [Item(r["id"], r["text"], kind=r["kind"], group=r["group"])
            for r in benchmark["contributions"]]


@pytest.fixture(scope="session")
def benchmark_vectors(benchmark_items: list[Item]) -> np.ndarray:
    return embed([item.text for item in benchmark_items])
