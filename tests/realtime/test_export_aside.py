"""A big export downloaded from the live server does not freeze the live workshops."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import LiveServer
from tests.realtime.conftest import wait_until

pytestmark = pytest.mark.live


def exports_of(server: int) -> set[int]:
    """The report processes (``workshop export-worker``) ``server`` runs (Linux /proc)."""
    parents, exports = {}, set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rpartition(")")[2].split()[:2]
            command = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # it ended while we looked
        pid = int(stat.parent.name)
        parents[pid] = int(parent)
        if state != "Z" and b"export-worker" in command:  # a zombie has ended
            exports.add(pid)

    def started_by_server(pid: int) -> bool:
        while pid > 1 and pid != server:
            pid = parents.get(pid, 0)
        return pid == server

    return {pid for pid in exports if started_by_server(pid)}


def big_demo(live_server: LiveServer) -> tuple[dict[str, Any], dict[str, str]]:
    """A 150-participant Open Space made on ``live_server``, and its facilitator's API headers."""
    made = json.loads(live_server.cli("demo", "--method", "open_space", "--participants",
                                      "150", "--json"))
    token = json.loads(live_server.cli("facilitator", "token", made["facilitator"], "--json"))
    return made, {"Authorization": f"Bearer {token['token']}"}


def answered_meanwhile(live_server: LiveServer, headers: dict[str, str],
                       finished: Callable[[], bool], what: str) -> list[bool]:
    """For up to five small requests made once ``what`` started aside: had it neither ended nor
    been ``finished`` when each reply came?"""
    server = live_server.process.pid  # type: ignore[union-attr]
    aside = min(wait_until(lambda: exports_of(server), what, timeout=60))
    replies = []
    while aside in exports_of(server) and len(replies) < 5:
        me = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=30)
        assert me.status_code == 200
        replies.append(aside in exports_of(server) and not finished())
    return replies


def test_does_the_server_keep_answering_while_it_exports(live_server: LiveServer) -> None:
    made, headers = big_demo(live_server)
    url = f"{live_server.url}/api/v1/workshops/{made['id']}/export?format=pdf"
    finished: dict[str, bytes] = {}

    def download() -> None:
        answer = requests.get(url, headers=headers, timeout=120)
        answer.raise_for_status()
        finished["body"] = answer.content

    worker = threading.Thread(target=download)
    worker.start()
    before_the_export_ended = answered_meanwhile(live_server, headers, lambda: bool(finished),
                                                 "the PDF export to start")
    worker.join(timeout=120)

    assert finished["body"].startswith(b"%PDF")
    assert sum(before_the_export_ended) >= 3
