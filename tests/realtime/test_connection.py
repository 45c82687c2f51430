"""Who may open a live connection to a workshop, and who does the server take them for?"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import socketio

from tests.conftest import PASSWORD, LiveServer

pytestmark = pytest.mark.live

TIMEOUT = 10  # seconds; generous for a loaded CI machine, never waited out when all is well


@dataclass
class Workshop:
    id: int
    code: str


@dataclass
class Facilitator:
    email: str
    token: str
    token_id: int


class World:
    """Accounts and workshops made through the real CLI and API of a live server."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def facilitator(self, email: str) -> Facilitator:
        self.server.cli("facilitator", "create", email, "--password-stdin", stdin=PASSWORD + "\n")
        issued = json.loads(self.server.cli("facilitator", "token", email, "--json"))
        return Facilitator(email, issued["token"], issued["id"])

    def workshop(self, owner: Facilitator, title: str = "Customer day") -> Workshop:
        created = json.loads(self.server.cli(
            "create", "--title", title, "--method", "open_space",
            "--facilitator", owner.email, "--json",
        ))
        return Workshop(created["id"], created["code"])

    def join(self, workshop: Workshop, name: str = "Zoé") -> dict[str, Any]:
        """Join as a phone would through the API; returns the participant and its token."""
        response = requests.post(
            f"{self.server.url}/api/v1/join",
            json={"code": workshop.code, "name": name, "group": "customer"},
            timeout=TIMEOUT,
        )
        assert response.status_code == 201, response.text
        return response.json()

    def phone(self, workshop: Workshop, name: str = "Zoé"
              ) -> tuple[dict[str, Any], socketio.Client]:
        """Join, then connect over WebSocket as that phone; returns the join and the client."""
        joined = self.join(workshop, name)
        client = socketio.Client(reconnection=False)
        client.connect(self.server.url, auth={"token": joined["token"]},
                       transports=["websocket"], wait_timeout=TIMEOUT)
        return joined, client


@pytest.fixture
def world(live_server: LiveServer) -> World:
    return World(live_server)


@pytest.fixture
def connect(live_server: LiveServer) -> Iterator[Callable[..., socketio.Client]]:
    """Open an authorized connection (or fail the test); every client is closed afterwards."""
    clients: list[socketio.Client] = []

    def open_connection(auth: object, transport: str = "websocket") -> socketio.Client:
        client = socketio.Client(reconnection=False)
        clients.append(client)
        reasons: list[Any] = []
        client.on("connect_error", lambda data=None: reasons.append(data))
        try:
            client.connect(
                live_server.url, auth=auth, transports=[transport], wait_timeout=TIMEOUT
            )
        except socketio.exceptions.ConnectionError as error:
            pytest.fail(f"the server refused the connection: {error} {reasons}")
        return client

    yield open_connection
    for client in clients:
        if client.connected:
            client.disconnect()


@pytest.fixture
def refusal(live_server: LiveServer) -> Iterator[Callable[[object], str]]:
    """Try to connect, expecting a refusal; returns the reason code the server gave."""
    clients: list[socketio.Client] = []

    def refused(auth: object) -> str:
        client = socketio.Client(reconnection=False)
        clients.append(client)
        reasons: list[Any] = []
        client.on("connect_error", lambda data=None: reasons.append(data))
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(
                live_server.url, auth=auth, transports=["websocket"], wait_timeout=TIMEOUT
            )
        assert reasons, "the server closed the connection without saying why"
        return reasons[-1]["message"]

    yield refused
    for client in clients:  # only a wrongly accepted client is still connected
        if client.connected:
            client.disconnect()


def whoami(client: socketio.Client) -> dict[str, Any]:
    return client.call("whoami", timeout=TIMEOUT)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_can_a_participant_connect_with_the_token_they_got_when_joining(
    world: World, connect: Callable[..., socketio.Client], transport: str
) -> None:
    owner = world.facilitator("ana@example.org")
    workshop = world.workshop(owner)
    joined = world.join(workshop)

    client = connect({"token": joined["token"]}, transport=transport)

    assert client.transport() == transport
    assert whoami(client) == {
        "ok": True,
        "role": "participant",
        "workshop": workshop.id,
        "participant": joined["participant"]["id"],
    }


@pytest.mark.parametrize(
    "token",
    ["garbage", "atp_" + "x" * 43, "atf_" + "x" * 43],
    ids=["no-prefix", "unknown-participant-token", "unknown-facilitator-token"],
)
def test_is_a_made_up_token_refused(
    world: World, refusal: Callable[[object], str], token: str
) -> None:
    workshop = world.workshop(world.facilitator("ana@example.org"))

    assert refusal({"token": token, "workshop": workshop.id}) == "unauthorized"


@pytest.mark.parametrize(
    "auth", [None, {}, "atp_not-a-dict"], ids=["no-auth", "empty-auth", "auth-not-an-object"]
)
def test_is_a_connection_without_credentials_refused(
    live_server: LiveServer, refusal: Callable[[object], str], auth: object
) -> None:
    assert refusal(auth) == "unauthorized"


def test_is_knowing_a_workshop_id_without_a_cookie_not_enough(
    world: World, refusal: Callable[[object], str]
) -> None:
    workshop = world.workshop(world.facilitator("ana@example.org"))

    assert refusal({"workshop": workshop.id}) == "unauthorized"


def test_can_a_participant_token_open_another_workshop(
    world: World, refusal: Callable[[object], str]
) -> None:
    owner = world.facilitator("ana@example.org")
    joined_here = world.join(world.workshop(owner, "Morning"))
    elsewhere = world.workshop(owner, "Afternoon")

    reason = refusal({"token": joined_here["token"], "workshop": elsewhere.id})

    assert reason == "unauthorized"


def test_can_a_facilitator_connect_to_their_own_workshop_with_an_api_token(
    world: World, connect: Callable[..., socketio.Client]
) -> None:
    owner = world.facilitator("ana@example.org")
    workshop = world.workshop(owner)

    client = connect({"token": owner.token, "workshop": workshop.id})

    assert whoami(client) == {
        "ok": True, "role": "facilitator", "workshop": workshop.id, "participant": None,
    }


def test_can_a_facilitator_token_open_another_facilitators_workshop(
    world: World, refusal: Callable[[object], str]
) -> None:
    ana = world.facilitator("ana@example.org")
    world.workshop(ana)
    bruno = world.facilitator("bruno@example.org")
    brunos = world.workshop(bruno, "Bruno's retreat")

    assert refusal({"token": ana.token, "workshop": brunos.id}) == "forbidden"


def test_does_a_facilitator_token_need_a_workshop_id(
    world: World, refusal: Callable[[object], str]
) -> None:
    owner = world.facilitator("ana@example.org")
    world.workshop(owner)

    assert refusal({"token": owner.token}) == "unauthorized"


def test_is_a_revoked_facilitator_token_refused(
    world: World,
    connect: Callable[..., socketio.Client],
    refusal: Callable[[object], str],
) -> None:
    owner = world.facilitator("ana@example.org")
    workshop = world.workshop(owner)
    auth = {"token": owner.token, "workshop": workshop.id}
    connect(auth).disconnect()  # the token worked until now

    world.server.cli("facilitator", "revoke", owner.email, str(owner.token_id))

    assert refusal(auth) == "unauthorized"
