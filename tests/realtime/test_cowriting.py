"""Co-writing on a real server: do simultaneous editors converge, and is nothing ever lost?"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
import socketio
from pycrdt import (
    Decoder,
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    write_message,
    write_var_uint,
)

from tests.conftest import LiveServer, french
from tests.in_order_client import InOrderClient
from tests.realtime.conftest import wait_until
from tests.realtime.test_connection import TIMEOUT, Facilitator, Workshop, World
from workshop.methods import METHODS, Action
from workshop.models import Method
from workshop.services import yjs_updates

pytestmark = pytest.mark.live

EDITORS = 5
KEYSTROKES = 18  # per editor
# Each editor types its own characters, so that every keystroke can be found in the result.
# ASCII only: pycrdt's own Text edits miscount multi-byte characters (y-crdt/pycrdt#308); the
# server never edits, it applies browsers' Yjs updates, which carry any text (see below).
ALPHABETS = [[chr(0x21 + KEYSTROKES * editor + n) for n in range(KEYSTROKES)]
             for editor in range(EDITORS)]


def writing_phase(method: Method, kind: str) -> str:
    return next(p.id for p in METHODS[method].phases
                if kind in p.documents and Action.WRITE in p.allows)


def silent_phase(method: Method) -> str:
    return next(p.id for p in METHODS[method].phases if Action.WRITE not in p.allows)


class Editor:
    """A device editing one document with its own pycrdt Doc, as a browser does with Yjs."""

    def __init__(self, server: LiveServer, auth: dict[str, Any], key: str,
                 language: str | None = None) -> None:
        self.key = key
        self.doc = Doc()
        self.lock = threading.Lock()  # the socket's thread applies what others write
        self.awareness: list[list[tuple[int, int, Any]]] = []
        self.backlog: list[bytes] = []  # updates received before those they build on
        self.client = InOrderClient(reconnection=False)
        self.client.on("doc.sync", self._received)
        headers = {"Accept-Language": language} if language else {}
        self.client.connect(server.url, auth=auth, transports=["websocket"], headers=headers,
                            wait_timeout=TIMEOUT)
        self._ids = iter(range(1, 100_000))

    def call(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self.client.call(event, payload, timeout=TIMEOUT)

    def open(self) -> dict[str, Any]:
        """doc.open, then the y-protocol handshake; returns the open acknowledgement."""
        opened = self.call("doc.open", {"key": self.key})
        if opened["ok"]:
            with self.lock:
                step1 = create_sync_message(self.doc)
            answer = self.call("doc.sync", {"key": self.key, "m": step1})
            assert answer["ok"], answer
            for message in answer["m"]:
                self._handle(message)
        return opened

    def _received(self, body: dict[str, Any]) -> None:
        if body.get("key") == self.key:
            self._handle(body["m"])

    def _handle(self, message: bytes) -> None:
        if message[0] == YMessageType.AWARENESS:
            self.awareness.append(decode_awareness(message))
            return
        if message[1] == YSyncMessageType.SYNC_STEP1:
            with self.lock:
                reply = handle_sync_message(message[1:], self.doc)  # what the server lacks
            self.call("doc.sync", {"key": self.key, "m": reply})
            return
        update = Decoder(message[2:]).read_message() or b""
        with self.lock:
            self.backlog.append(update)
            self._integrate()

    def _integrate(self) -> None:
        """Apply what was received in causal order (call with the lock held).

        The socket client runs each message in a thread of its own, so updates may come out
        of order; Yjs keeps such updates aside, but pycrdt's core can panic on them.
        """
        progress = True
        while progress:
            progress = False
            for update in list(self.backlog):
                state = yjs_updates.state_of(self.doc.get_state())
                if not yjs_updates.read(update).missing(state):
                    self.doc.apply_update(update)
                    self.backlog.remove(update)
                    progress = True

    def text(self, field: str) -> str:
        with self.lock:
            return str(self.doc.get(field, type=Text))

    def type(self, field: str, index: int | None, text: str) -> dict[str, Any]:
        """Type ``text`` at ``index`` (the end if None) and send the update."""
        with self.lock:
            before = self.doc.get_state()
            body = self.doc.get(field, type=Text)
            body.insert(len(body) if index is None else min(index, len(body)), text)
            update = self.doc.get_update(before)
        return self.call("doc.sync", {"key": self.key, "m": create_update_message(update)})

    def say(self, state: dict[str, Any] | None, clock: int = 1) -> dict[str, Any]:
        """Send this editor's awareness state ("who is editing")."""
        body = json.dumps(state).encode()
        update = (write_var_uint(1) + write_var_uint(self.doc.client_id)
                  + write_var_uint(clock) + write_message(body))
        return self.call("doc.sync", {"key": self.key, "m": create_awareness_message(update)})

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


def decode_awareness(message: bytes) -> list[tuple[int, int, Any]]:
    decoder = Decoder(Decoder(message[1:]).read_message() or b"")
    return [(decoder.read_var_uint(), decoder.read_var_uint(),
             json.loads(decoder.read_var_string()))
            for _ in range(decoder.read_var_uint())]


class Scene:
    """A workshop on the live server, its facilitator, and editors to open on it."""

    def __init__(self, server: LiveServer, method: Method = Method.OPEN_SPACE) -> None:
        self.server = server
        world = World(server)
        self.owner: Facilitator = world.facilitator("ana@example.org")
        created = json.loads(server.cli("create", "--title", "Customer day", "--method",
                                        method.value, "--facilitator", self.owner.email,
                                        "--json"))
        self.workshop = Workshop(created["id"], created["code"])
        self.method = method
        self.opened: list[Editor] = []
        self.people: dict[str, dict[str, Any]] = {}
        self.console_socket = self._socket({"token": self.owner.token,
                                            "workshop": self.workshop.id})
        self.states: list[dict[str, Any]] = []
        self.console_socket.on("state", self.states.append)

    def _socket(self, auth: dict[str, Any]) -> socketio.Client:
        client = InOrderClient(reconnection=False)
        client.connect(self.server.url, auth=auth, transports=["websocket"],
                       wait_timeout=TIMEOUT)
        return client

    def act(self, event: str, **payload: Any) -> dict[str, Any]:
        answer = self.console_socket.call(event, {"client_id": f"{event}-{len(self.states)}-"
                                                  f"{random.random()}", **payload},
                                          timeout=TIMEOUT)
        assert answer["ok"], answer
        return answer

    def join(self, name: str, *, consent: bool = False) -> dict[str, Any]:
        response = requests.post(f"{self.server.url}/api/v1/join", timeout=TIMEOUT, json={
            "code": self.workshop.code, "name": name, "group": "customer",
            "consent_quote": consent})
        assert response.status_code == 201, response.text
        self.people[name] = joined = response.json()
        return joined

    def editor(self, key: str, auth: dict[str, Any], language: str | None = None) -> Editor:
        editor = Editor(self.server, auth, key, language)
        self.opened.append(editor)
        return editor

    def phone(self, name: str, key: str, language: str | None = None) -> Editor:
        joined = self.people.get(name) or self.join(name)
        return self.editor(key, {"token": joined["token"]}, language)

    def console(self, key: str) -> Editor:
        return self.editor(key, {"token": self.owner.token, "workshop": self.workshop.id})

    def screen(self, key: str) -> Editor:
        with sqlite3.connect(self.server.folder / "atelier.db", timeout=TIMEOUT) as db:
            screen_key = db.execute("SELECT screen_key FROM workshop WHERE id = ?",
                                    (self.workshop.id,)).fetchone()[0]
        return self.editor(key, {"workshop": self.workshop.id, "screen": screen_key})

    def stored_text(self, key: str) -> str | None:
        with sqlite3.connect(self.server.folder / "atelier.db", timeout=TIMEOUT) as db:
            row = db.execute("SELECT text FROM shared_document WHERE workshop_id = ? AND key = ?",
                             (self.workshop.id, key)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        for editor in self.opened:
            editor.close()
        self.opened.clear()
        if self.console_socket.connected:
            self.console_socket.disconnect()


@pytest.fixture
def scenes(live_server: LiveServer) -> Iterator[Callable[..., Scene]]:
    made: list[Scene] = []

    def make(method: Method = Method.OPEN_SPACE) -> Scene:
        made.append(Scene(live_server, method))
        return made[-1]

    yield make
    for scene in made:
        scene.close()


@pytest.fixture
def report(scenes: Callable[..., Scene]) -> tuple[Scene, str]:
    """An Open Space whose sessions write their reports now; the key of one report."""
    scene = scenes()
    topic = scene.act("topic.propose", title="Remote work")["topic"]["id"]
    scene.act("phase.goto", phase=writing_phase(Method.OPEN_SPACE, "report"))
    return scene, f"report:{topic}"


def test_do_five_editors_typing_at_once_converge_on_every_keystroke(
    report: tuple[Scene, str], live_server: LiveServer
) -> None:
    scene, key = report
    editors = [scene.phone(f"Editor {n}", key) for n in range(EDITORS - 1)] + [scene.console(key)]
    for editor in editors:
        opened = editor.open()
        assert opened["ok"] and opened["doc"]["writable"], opened
    gate = threading.Barrier(EDITORS)

    def typist(n: int) -> list[dict[str, Any]]:
        editor, rng = editors[n], random.Random(n)
        gate.wait(timeout=TIMEOUT)  # everyone starts at the same moment
        answers = []
        for char in ALPHABETS[n]:
            position = rng.randint(0, len(editor.text("key_points")))
            answers.append(editor.type("key_points", position, char))
        return answers

    with ThreadPoolExecutor(max_workers=EDITORS) as pool:
        answers = [a for batch in pool.map(typist, range(EDITORS)) for a in batch]

    assert all(a == {"ok": True} for a in answers), [a for a in answers if not a["ok"]]
    everything = sorted(c for alphabet in ALPHABETS for c in alphabet)
    converged = wait_until(
        lambda: len({e.text("key_points") for e in editors}) == 1
        and sorted(editors[0].text("key_points")) == everything and editors[0].text("key_points"),
        "the five editors to show the same text with every keystroke", timeout=TIMEOUT)
    for alphabet in ALPHABETS:  # each editor's keystrokes are all there, in the order typed?
        typed = [c for c in converged if c in alphabet]
        assert sorted(typed) == alphabet
    latecomer = scene.phone("Latecomer", key)
    assert latecomer.open()["ok"]
    assert latecomer.text("key_points") == converged
    assert scene.stored_text(key) == converged
    wait_until(lambda: any(d["key"] == key and d["fields"]["key_points"] == converged
                           for s in scene.states for d in s.get("documents", {}).get("upsert", [])),
               "the console to be told the document's text", timeout=TIMEOUT)


def test_does_a_restarted_server_keep_the_document(report: tuple[Scene, str],
                                                   live_server: LiveServer) -> None:
    scene, key = report
    lea = scene.phone("Léa", key)
    lea.open()
    for word in ("Fewer ", "meetings, ", "more ", "focus"):
        assert lea.type("key_points", None, word)["ok"]
    assert lea.type("questions", 0, "Qui décide ? 决定")["ok"]
    scene.close()

    live_server.stop()
    live_server.start()

    again = scene.phone("Léa", key)
    assert again.open()["ok"]
    assert again.text("key_points") == "Fewer meetings, more focus"
    assert again.text("questions") == "Qui décide ? 决定"
    assert again.type("key_points", 0, "Much ")["ok"]  # and it goes on from there
    assert scene.stored_text(key) == "Much Fewer meetings, more focus\n\nQui décide ? 决定"


def test_can_the_screen_read_but_never_write(report: tuple[Scene, str]) -> None:
    scene, key = report
    lea = scene.phone("Léa", key)
    lea.open()
    lea.type("key_points", 0, "Fewer meetings")
    screen = scene.screen(key)

    opened = screen.open()
    answer = screen.type("key_points", 0, "Hacked: ")

    assert opened["ok"] and opened["doc"]["writable"] is False
    assert answer["ok"] is False and answer["error"]["code"] == "forbidden"
    assert screen.say({"user": {"name": "Screen"}, "field": "key_points"})["ok"] is False
    assert scene.stored_text(key) == "Fewer meetings"
    reader = scene.screen(key)
    reader.open()
    assert reader.text("key_points") == lea.text("key_points") == "Fewer meetings"


def test_is_writing_refused_clearly_outside_a_writing_phase(report: tuple[Scene, str]) -> None:
    scene, key = report
    lea = scene.phone("Léa", key)
    camille = scene.phone("Camille", key, language="fr")
    lea.open()
    camille.open()
    lea.type("key_points", 0, "Fewer meetings")
    scene.act("phase.goto", phase=silent_phase(Method.OPEN_SPACE))

    refused = lea.type("key_points", None, " and more")
    refused_fr = camille.type("key_points", 0, "Non: ")
    reopened = lea.call("doc.open", {"key": key})

    message = "This document cannot be written at this point of the workshop."
    assert refused["ok"] is False and refused["error"] == {"code": "not_allowed_now",
                                                           "message": message}
    assert refused_fr["error"]["message"] == french(message)
    assert reopened["doc"]["writable"] is False
    assert scene.stored_text(key) == "Fewer meetings"


def test_is_a_story_written_by_its_interviewer_read_by_its_partner_and_no_one_else(
    scenes: Callable[..., Scene],
) -> None:
    scene = scenes(Method.APPRECIATIVE_INQUIRY)
    for name in ("Léa", "Noa", "Sam", "Eva"):
        scene.join(name)
    scene.act("phase.goto", phase=writing_phase(Method.APPRECIATIVE_INQUIRY, "story"))
    pairs = seat_pairs(scene)
    lea = scene.people["Léa"]["participant"]["id"]
    stranger = next(name for name, joined in scene.people.items()
                    if pairs[joined["participant"]["id"]] != pairs[lea])
    partner = next(name for name, joined in scene.people.items()
                   if name != "Léa" and pairs[joined["participant"]["id"]] == pairs[lea])
    key = f"story:{lea}"

    mine = scene.phone("Léa", key)
    theirs = scene.phone(partner, key)
    outsider = scene.phone(stranger, key)

    assert mine.open()["ok"] and mine.type("story", 0, "A day to remember")["ok"]
    assert theirs.open()["doc"]["writable"] is False  # the partner reads their own story
    assert theirs.type("story", 0, "Changed. ")["error"]["code"] == "forbidden"
    refused = outsider.call("doc.open", {"key": key})
    forced = outsider.type("story", 0, "Not mine. ")
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    assert forced["ok"] is False and forced["error"]["code"] == "forbidden"
    assert scene.stored_text(key) == "A day to remember"


def seat_pairs(scene: Scene) -> dict[int, int]:
    """Interview pairs (participant → pair number); made here if the phase made none."""
    people = [joined["participant"]["id"] for joined in scene.people.values()]
    with sqlite3.connect(scene.server.folder / "atelier.db", timeout=TIMEOUT) as db:
        rows = db.execute("SELECT participant_id, \"table\" FROM seat WHERE workshop_id = ? "
                          "AND kind = 'pairs' AND round = 1", (scene.workshop.id,)).fetchall()
        if not rows:
            rows = [(person, 1 + n // 2) for n, person in enumerate(people)]
            db.executemany("INSERT INTO seat (workshop_id, kind, round, \"table\", "
                           "participant_id, host) VALUES (?, 'pairs', 1, ?, ?, 0)",
                           [(scene.workshop.id, table, person) for person, table in rows])
    return dict(rows)


def test_is_who_is_editing_relayed_to_the_others_under_their_real_name(
    report: tuple[Scene, str]
) -> None:
    scene, key = report
    lea, noa = scene.phone("Léa", key), scene.phone("Noa", key)
    lea.open()
    noa.open()

    said = lea.say({"user": {"name": "Someone else", "color": "#b3361f"}, "field": "questions",
                    "cursor": "<script>"})
    seen = wait_until(lambda: noa.awareness, "Noa to see who is editing", timeout=TIMEOUT)
    lea.close()
    gone = wait_until(lambda: len(noa.awareness) > 1 and noa.awareness[-1],
                      "Noa to see Léa leave", timeout=TIMEOUT)

    assert said == {"ok": True}
    assert seen[0] == [(lea.doc.client_id, 1, {"user": {"name": "Léa", "color": "#b3361f"},
                                               "field": "questions"})]
    assert gone == [(lea.doc.client_id, 2, None)]
    assert lea.awareness == []  # nobody hears their own awareness back


MALFORMED = [
    None, "report", {"key": "report:1"}, {"key": 5, "m": b"\x00\x00\x00"},
    {"key": "{key}", "m": "not bytes"}, {"key": "{key}", "m": b""},
    {"key": "{key}", "m": b"\x07\x00"}, {"key": "{key}", "m": b"\x00\x02\x05ab"},
    {"key": "{key}", "m": b"\x00\x00\x03abc"}, {"key": "{key}", "m": b"\x01\x05garbage"},
    {"key": "{key}", "m": b"\x00\x02" + b"\xff\xff\x07" + b"x" * 70_000},
]


def test_are_malformed_messages_refused_with_nothing_stored(report: tuple[Scene, str]) -> None:
    scene, key = report
    lea = scene.phone("Léa", key)
    lea.open()
    lea.type("key_points", 0, "Kept")

    for payload in MALFORMED:
        if isinstance(payload, dict) and payload.get("key") == "{key}":
            payload = {**payload, "key": key}
        answer = lea.client.call("doc.sync", payload, timeout=TIMEOUT)
        assert answer["ok"] is False and answer["error"]["code"] == "invalid", (payload, answer)
    opened = {bad: lea.call("doc.open", {"key": bad})["error"]["code"]
              for bad in ("nope", "table:1", "report:999", "story:1")}

    assert opened == {"nope": "invalid", "table:1": "invalid", "report:999": "unknown_topic",
                      "story:1": "invalid"}
    assert scene.stored_text(key) == "Kept"
