"""What a hostile page or client meets at the transport: origins, sizes, logs without secrets."""

from __future__ import annotations

import pytest
import requests
import socketio
import websocket

from tests.conftest import LiveServer
from tests.realtime.test_connection import TIMEOUT, World

pytestmark = pytest.mark.live


def test_is_a_socket_from_another_sites_page_refused(live_server: LiveServer) -> None:
    """A page on another site cannot open a connection (it would carry the phone's cookies)."""
    ws_url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"

    # gevent-websocket completes the handshake before the app sees the request: the refusal
    # is a closed socket instead of the engine.io "open" packet.
    foreign = websocket.create_connection(ws_url, origin="https://evil.example", timeout=TIMEOUT)
    try:
        first = foreign.recv()
    except websocket.WebSocketConnectionClosedException:
        first = ""
    foreign.close()
    own = websocket.create_connection(ws_url, origin=live_server.url, timeout=TIMEOUT)
    opened = own.recv()
    own.close()
    polling = requests.get(f"{live_server.url}/socket.io/?EIO=4&transport=polling",
                           headers={"Origin": "https://evil.example"}, timeout=TIMEOUT)

    assert not str(first).startswith("0")  # no session opened for the foreign page
    assert opened.startswith("0{")  # the same check lets the site's own pages in
    assert polling.status_code == 400
    assert "Access-Control-Allow-Origin" not in polling.headers


def test_is_an_oversized_socket_message_dropped_and_the_server_unharmed(
    live_server: LiveServer,
) -> None:
    world = World(live_server)
    owner = world.facilitator("size@example.org")
    workshop = world.workshop(owner)
    token = world.join(workshop, "Zoé")["token"]
    flooder = socketio.Client(reconnection=False)
    gone: list[bool] = []
    flooder.on("disconnect", lambda *_: gone.append(True))
    flooder.connect(live_server.url, auth={"token": token}, transports=["websocket"],
                    wait_timeout=TIMEOUT)

    flooder.emit("topic.propose", {"client_id": "huge", "title": "x" * (512 * 1024)})
    deadline_calls = 0
    while not gone and deadline_calls < 100:
        flooder.sleep(0.05)  # polling for the server to close the connection
        deadline_calls += 1
    _joined, other = world.phone(workshop, "Noa")
    state = other.call("sync", timeout=TIMEOUT)
    other.disconnect()

    assert gone == [True]  # 512 kB is over the 256 kB a message may carry
    assert state["ok"] is True
    assert state["state"]["topics"] == []  # nothing of it was stored


def test_are_secrets_and_tokens_kept_out_of_the_server_log(live_server: LiveServer) -> None:
    world = World(live_server)
    owner = world.facilitator("secrets@example.org")
    workshop = world.workshop(owner)
    joined, phone = world.phone(workshop)
    phone.call("sync", timeout=TIMEOUT)
    phone.call("vote.cast", {"client_id": "x", "topic_id": "not an id"}, timeout=TIMEOUT)
    phone.disconnect()
    requests.post(f"{live_server.url}/login", data={"email": owner.email, "password": "guess"},
                  timeout=TIMEOUT)

    log = live_server.log.read_text(errors="replace")
    secret = (live_server.folder / "secret_key").read_text().strip()
    for value in (secret, joined["token"], owner.token, "guess", workshop.code):
        assert value not in log


def test_does_deeply_nested_json_on_a_socket_leave_the_server_answering(
    live_server: LiveServer,
) -> None:
    world = World(live_server)
    owner = world.facilitator("deep@example.org")
    workshop = world.workshop(owner)
    token = world.join(workshop, "Zoé")["token"]
    nested = "[" * 50_000 + "]" * 50_000  # within a message's size, beyond the parser's depth
    ws_url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    raw = websocket.create_connection(ws_url, origin=live_server.url, timeout=TIMEOUT)
    raw.recv()  # engine.io's open packet
    raw.send('40{"token": "' + token + '"}')  # Socket.IO connect
    raw.recv()

    raw.send('421["topic.propose",' + nested + "]")
    try:
        answer = raw.recv()
    except websocket.WebSocketConnectionClosedException:
        answer = ""
    raw.close()
    _joined, other = world.phone(workshop, "Noa")
    state = other.call("sync", timeout=TIMEOUT)
    other.disconnect()

    assert '"ok"' not in answer or '"ok": false' in answer.replace('"ok":false', '"ok": false')
    assert state["ok"] is True and state["state"]["topics"] == []
    assert "Traceback" not in live_server.log.read_text(errors="replace")
