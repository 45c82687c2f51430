"""A socket event that cannot be stored is refused with the reason, not a generic error."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests.realtime.conftest import Room
from tests.web.test_health import READ_ONLY, read_only_url, use_database


def test_is_a_socket_event_on_a_read_only_database_refused_with_the_reason(
    app: Flask, room: Room, instance: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    console = room.console()
    use_database(app, monkeypatch, read_only_url(instance))

    answer = console.call("timer.start", {"client_id": "ro-1", "seconds": 60})

    assert answer == {"ok": False, "error": {"code": "database_read_only", "message": READ_ONLY}}
