"""The gunicorn command of docs/deploy.md serves the app, WebSocket included."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import LiveServer
from tests.realtime.test_connection import TIMEOUT, World

pytestmark = pytest.mark.live


class Gunicorn(LiveServer):
    def command(self) -> list[str]:
        return [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:workshop.gunicorn",
                "--bind", f"127.0.0.1:{self.port}", "workshop:create_app()"]


@pytest.fixture
def gunicorn(tmp_path: Path, migrated_template: Path) -> Iterator[Gunicorn]:
    shutil.copy(migrated_template, tmp_path / "atelier.db")
    server = Gunicorn(tmp_path)
    server.start()
    yield server
    server.stop()


def test_does_the_documented_gunicorn_command_serve_phones_over_websocket(
    gunicorn: Gunicorn,
) -> None:
    world = World(gunicorn)
    owner = world.facilitator("gunicorn@example.org")
    workshop = world.workshop(owner)

    _joined, phone = world.phone(workshop)
    state = phone.call("sync", timeout=TIMEOUT)
    phone.disconnect()

    assert phone.transport() == "websocket"
    assert state["ok"] is True
    assert state["state"]["me"]["name"] == "Zoé"
    assert "Using worker: workshop.gunicorn.Worker" in gunicorn.log.read_text()
