"""What `workshop serve` does with connections that hold it up, and with files it must not serve."""

from __future__ import annotations

import resource
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, LiveServer
from tests.scale.test_gunicorn import Gunicorn

pytestmark = pytest.mark.live

TIMEOUT = 10  # seconds; generous for a loaded machine, never waited out when all is well
# Short limits for the test: the defaults (10 s, 30 s) would only make it slower.
QUICK = {"WORKSHOP_HEADER_TIMEOUT": "1", "WORKSHOP_KEEPALIVE_TIMEOUT": "1"}
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: atelier\r\n\r\n"

Start = Callable[..., LiveServer]


@pytest.fixture
def start(tmp_path: Path, migrated_template: Path) -> Iterator[Start]:
    """Start a live server (``workshop serve``, or another kind) with extra environment."""
    servers: list[LiveServer] = []

    def started(env: dict[str, str], kind: type[LiveServer] = LiveServer) -> LiveServer:
        folder = tmp_path / f"live{len(servers)}"
        folder.mkdir()
        shutil.copy(migrated_template, folder / "atelier.db")
        server = kind(folder, env)
        servers.append(server)
        return server.start()

    yield started
    for server in servers:
        server.stop()


def connect(server: LiveServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; fails if it keeps the connection open."""
    received = b""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except ConnectionResetError:
            return received
        except TimeoutError:
            break
        if not chunk:
            return received
        received += chunk
    pytest.fail(f"the server kept the connection open; it sent {received!r}")


def read_response(sock: socket.socket) -> bytes:
    """One response with a Content-Length body, leaving the connection open."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, f"closed after {head!r}"
        head += chunk
    head, _, body = head.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += sock.recv(4096)
    return head


# --- requests that never finish, connections that idle ------------------------------------

@pytest.mark.parametrize("sent", [
    b"GET /healthz HT",  # half a request line
    b"GET /healthz HTTP/1.1\r\nHost: atelier\r\nX-Slow: ",  # headers that never end
    b"",  # nothing at all
])
def test_is_a_request_that_never_finishes_its_headers_closed(start: Start, sent: bytes) -> None:
    server = start(QUICK)
    with connect(server) as slow:
        slow.sendall(sent)
        answer = read_until_closed(slow)

    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")
    assert requests.get(f"{server.url}/healthz", timeout=TIMEOUT).status_code == 200


def test_is_a_request_trickled_a_byte_at_a_time_closed_all_the_same(start: Start) -> None:
    """Each byte comes well within the header timeout; the whole request does not."""
    server = start(QUICK)
    request = b"GET /healthz HTTP/1.1\r\nHost: atelier\r\n" + b"X-Slow: a\r\n" * 500
    answer = None
    deadline = time.monotonic() + TIMEOUT
    with connect(server) as slow:
        slow.settimeout(0.2)  # paces the sender: a byte every 0.2 s while no answer comes
        for byte in request:
            if time.monotonic() > deadline:
                break
            try:
                slow.sendall(bytes([byte]))
                answer = slow.recv(4096)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                answer = b""
            break

    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")  # cut before the request ended


def test_is_an_idle_keep_alive_connection_closed(start: Start) -> None:
    server = start(QUICK)
    with connect(server) as idle:
        idle.sendall(REQUEST)
        head = read_response(idle)
        rest = read_until_closed(idle)

    assert head.startswith(b"HTTP/1.1 200")
    assert rest == b""  # closed, with no answer to a request that never came


def test_does_a_keep_alive_connection_serve_several_requests(start: Start) -> None:
    server = start({})
    with connect(server) as kept:
        answers = []
        for _ in range(3):
            kept.sendall(REQUEST)
            answers.append(read_response(kept))

    assert all(head.startswith(b"HTTP/1.1 200") for head in answers)


def test_does_gunicorns_worker_close_a_half_sent_request_too(start: Start) -> None:
    server = start(QUICK, Gunicorn)
    with connect(server) as slow:
        slow.sendall(b"GET /healthz HT")
        answer = read_until_closed(slow)

    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")


# --- how many connections ------------------------------------------------------------------

def held_open(server: LiveServer, count: int) -> list[socket.socket]:
    """``count`` keep-alive connections, each having been answered once."""
    held: list[socket.socket] = []
    deadline = time.monotonic() + TIMEOUT
    while len(held) < count:
        sock = connect(server)
        sock.sendall(REQUEST)
        head = read_response(sock)
        if head.startswith(b"HTTP/1.1 200"):
            held.append(sock)
            continue
        sock.close()
        # Until the server has seen the start-up check's connection close.
        assert head.startswith(b"HTTP/1.1 503") and time.monotonic() < deadline, head
    return held


def test_does_an_address_past_its_connection_cap_get_503(start: Start) -> None:
    server = start({"WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS": "2"})
    held = held_open(server, 2)
    refused = requests.get(f"{server.url}/healthz", timeout=TIMEOUT)

    held.pop().close()
    deadline = time.monotonic() + TIMEOUT
    again = requests.get(f"{server.url}/healthz", timeout=TIMEOUT)
    while again.status_code == 503 and time.monotonic() < deadline:
        again = requests.get(f"{server.url}/healthz", timeout=TIMEOUT)  # until it sees the close
    for sock in held:
        sock.close()

    assert refused.status_code == 503
    assert "try again" in refused.text and "réessayez" in refused.text
    assert refused.headers["Connection"] == "close"
    assert "Retry-After" in refused.headers
    assert again.status_code == 200  # a closed connection frees its place


def test_is_a_websocket_past_the_cap_refused_before_it_opens(start: Start) -> None:
    server = start({"WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS": "1"})
    held = held_open(server, 1)
    with connect(server) as sock:
        sock.sendall(b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: atelier\r\n"
                     b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     b"Origin: " + server.url.encode() + b"\r\n\r\n")
        answer = read_until_closed(sock)
    held[0].close()

    assert answer.startswith(b"HTTP/1.1 503")


def test_behind_a_proxy_is_only_the_total_capped(start: Start) -> None:
    """Every connection comes from the proxy's address: a per-address cap would be the total."""
    server = start({"WORKSHOP_PROXIES": "1", "WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS": "1",
                    "WORKSHOP_MAX_CONNECTIONS": "3"})
    held = held_open(server, 3)  # past the per-address cap of 1, allowed
    refused = requests.get(f"{server.url}/healthz", timeout=TIMEOUT)
    for sock in held:
        sock.close()

    assert refused.status_code == 503


class LowFileLimit(LiveServer):
    """``workshop serve`` started from a shell whose soft limit on open files is 1,024."""

    def command(self) -> list[str]:
        return ["bash", "-c", 'ulimit -Sn 1024 && exec "$@"', "bash", *super().command()]


def test_may_the_server_open_as_many_connections_as_its_cap(start: Start) -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < 6000:
        pytest.skip(f"this machine allows {hard} open files at most")
    server = start({"WORKSHOP_MAX_CONNECTIONS": "5000"}, LowFileLimit)
    assert server.process is not None
    limits = Path(f"/proc/{server.process.pid}/limits").read_text()
    soft = int(next(line for line in limits.splitlines()
                    if line.startswith("Max open files")).split()[3])

    assert soft >= 5000


# --- static files --------------------------------------------------------------------------

def test_are_only_built_assets_served_from_static(start: Start) -> None:
    server = start({})
    manifest = requests.get(f"{server.url}/static/dist/manifest.json", timeout=TIMEOUT).json()
    served = {path: requests.get(f"{server.url}/static/{path}", timeout=TIMEOUT).status_code
              for path in ("dist/" + manifest["phone.js"], "dist/" + manifest["style.css"],
                           "favicon.svg", "src/live.js", "src/style.css", "build.mjs",
                           "dist/" + manifest["phone.js"] + ".map")}

    assert served == {"dist/" + manifest["phone.js"]: 200, "dist/" + manifest["style.css"]: 200,
                      "favicon.svg": 200, "src/live.js": 404, "src/style.css": 404,
                      "build.mjs": 404, "dist/" + manifest["phone.js"] + ".map": 404}


def test_does_the_build_leave_no_source_map_in_dist() -> None:
    dist = ROOT / "static" / "dist"
    assert (dist / "manifest.json").exists()
    assert list(dist.rglob("*.map")) == []
    for script in dist.rglob("*.js"):
        assert b"sourceMappingURL" not in script.read_bytes(), script
