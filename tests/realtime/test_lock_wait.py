"""Another process holding SQLite's write lock does not freeze the live server."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from tests.conftest import PASSWORD, LiveServer
from tests.locking import WriteLockHolder

pytestmark = pytest.mark.live

# More writers waiting than the engine's pool has connections (5 + 10 overflow): waiting
# writers must not take every connection from the readers.
WRITERS = 20


def test_does_the_server_keep_answering_while_another_process_holds_the_write_lock(
    live_server: LiveServer,
) -> None:
    email = "lock@example.org"
    live_server.cli("facilitator", "create", email, "--password-stdin", stdin=PASSWORD)
    token = json.loads(live_server.cli("facilitator", "token", email, "--json"))["token"]
    headers = {"Authorization": f"Bearer {token}"}
    created: list[int] = []

    def create(number: int) -> None:
        answer = requests.post(f"{live_server.url}/api/v1/workshops", headers=headers,
                               json={"title": f"Written later {number}", "method": "open_space"},
                               timeout=60)
        created.append(answer.status_code)

    # A purge, an import or a backup in another process: 5 s with the write lock.
    holder = WriteLockHolder(live_server.folder / "atelier.db", seconds=5)
    writers = [threading.Thread(target=create, args=(n,)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    # For each read: was the lock still held, and were the writes still waiting, when it came?
    while_locked = []
    while holder.holding() and len(while_locked) < 5:
        me = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=60)
        assert me.status_code == 200
        while_locked.append(holder.holding() and len(created) < WRITERS)
    for writer in writers:
        writer.join(timeout=60)
    holder.release()

    assert sum(while_locked) >= 3
    assert created == [201] * WRITERS  # every write waited for the lock, none failed
