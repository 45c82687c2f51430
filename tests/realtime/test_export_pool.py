"""Exports wait in a bounded pool: beyond it the server answers "busy, retry later"."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import LiveServer
from tests.realtime.conftest import wait_until
from tests.realtime.test_export_aside import exports_of

pytestmark = pytest.mark.live


@pytest.fixture
def one_export_at_a_time(tmp_path: Path, migrated_template: Path) -> Iterator[LiveServer]:
    """A live server that runs one export process and keeps one more request waiting."""
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copy(migrated_template, folder / "atelier.db")
    server = LiveServer(folder, env={"WORKSHOP_EXPORT_PROCESSES": "1",
                                     "WORKSHOP_EXPORT_QUEUE": "1"}).start()
    yield server
    server.stop()


def test_does_an_export_beyond_the_pool_get_a_busy_answer(
    one_export_at_a_time: LiveServer,
) -> None:
    live = one_export_at_a_time
    made = json.loads(live.cli("demo", "--method", "open_space", "--participants", "150",
                               "--json"))
    token = json.loads(live.cli("facilitator", "token", made["facilitator"], "--json"))
    headers = {"Authorization": f"Bearer {token['token']}"}
    url = f"{live.url}/api/v1/workshops/{made['id']}/export?format=pdf"
    server = live.process.pid  # type: ignore[union-attr]
    answers: list[requests.Response] = []

    def download() -> None:
        answers.append(requests.get(url, headers=headers, timeout=120))

    first = threading.Thread(target=download)
    first.start()
    wait_until(lambda: exports_of(server), "the first export to start", timeout=60)
    # Two more while it runs: one waits its turn, the other is turned away.
    others = [threading.Thread(target=download) for _ in range(2)]
    for other in others:
        other.start()
    most_at_once, refused_while_first_ran = 1, None
    while any(t.is_alive() for t in (first, *others)):
        most_at_once = max(most_at_once, len(exports_of(server)))
        if refused_while_first_ran is None and any(a.status_code == 503 for a in answers):
            refused_while_first_ran = not any(a.status_code == 200 for a in answers)
        time.sleep(0.02)  # a poll interval, not a wait for something to happen

    assert sorted(a.status_code for a in answers) == [200, 200, 503]
    assert refused_while_first_ran
    assert most_at_once == 1
    busy = next(a for a in answers if a.status_code == 503)
    assert int(busy.headers["Retry-After"]) >= 1
    assert busy.json()["error"]["code"] == "busy"
    assert busy.json()["error"]["retry_after"] == int(busy.headers["Retry-After"])
    assert all(a.content.startswith(b"%PDF") for a in answers if a.status_code == 200)
