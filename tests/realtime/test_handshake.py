"""Does an engine.io session that never connects to Socket.IO get closed?"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import LiveServer
from tests.realtime.test_connection import TIMEOUT, World

pytestmark = pytest.mark.live


@pytest.fixture
def quick_server(tmp_path: Path, migrated_template: Path) -> Iterator[LiveServer]:
    """A live server whose handshake and header delays are short, for the test's sake."""
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copy(migrated_template, folder / "atelier.db")
    server = LiveServer(folder, {"WORKSHOP_HANDSHAKE_TIMEOUT": "2",
                                 "WORKSHOP_HEADER_TIMEOUT": "1"}).start()
    yield server
    server.stop()


def open_session(server: LiveServer) -> str:
    """The engine.io polling handshake, and nothing more: no Socket.IO CONNECT packet."""
    opened = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling", timeout=TIMEOUT)
    assert opened.status_code == 200 and opened.text.startswith("0{"), opened.text
    sid: str = json.loads(opened.text[1:])["sid"]
    return sid


def accepted(server: LiveServer, sid: str) -> bool:
    """Whether the server still takes packets for ``sid`` (a pong changes nothing else)."""
    answer = requests.post(f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}",
                           data="3", timeout=TIMEOUT)
    return answer.status_code == 200


def test_are_sessions_that_never_connect_closed(quick_server: LiveServer) -> None:
    first = open_session(quick_server)
    second = open_session(quick_server)  # the first one's close must not hold the second's up
    open_at_first = accepted(quick_server, first) and accepted(quick_server, second)
    deadline = time.monotonic() + TIMEOUT
    while (accepted(quick_server, first) or accepted(quick_server, second)) \
            and time.monotonic() < deadline:
        time.sleep(0.1)  # polling for the server to close the sessions
    answer = requests.get(f"{quick_server.url}/socket.io/?EIO=4&transport=polling&sid={first}",
                          timeout=TIMEOUT)

    assert open_at_first
    assert not accepted(quick_server, first) and not accepted(quick_server, second)
    assert answer.status_code == 400  # a client polling again learns its session is gone


def test_do_connected_clients_outlive_the_handshake_and_header_delays(
    quick_server: LiveServer,
) -> None:
    """WebSocket and long-polling clients that did connect stay, past both delays."""
    world = World(quick_server)
    workshop = world.workshop(world.facilitator("handshake@example.org"))
    _joined, websocket = world.phone(workshop, "Zoé")
    polling = socketio.Client(reconnection=False)
    polling.connect(quick_server.url, auth={"token": world.join(workshop, "Noa")["token"]},
                    transports=["polling"], wait_timeout=TIMEOUT)
    idle = open_session(quick_server)
    deadline = time.monotonic() + TIMEOUT
    while accepted(quick_server, idle) and time.monotonic() < deadline:
        time.sleep(0.1)  # until the server has closed the session that never connected

    by_websocket = websocket.call("sync", timeout=TIMEOUT)
    by_polling = polling.call("sync", timeout=TIMEOUT)
    websocket.disconnect()
    polling.disconnect()

    assert not accepted(quick_server, idle)
    assert by_websocket["ok"] is True and by_polling["ok"] is True
    assert by_polling["state"]["me"]["name"] == "Noa"
