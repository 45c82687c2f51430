"""A big export downloaded from the live server does not freeze the live workshops."""

from __future__ import annotations

import json
import threading
import time

import requests

from tests.conftest import LiveServer


def test_does_the_server_keep_answering_while_it_exports(live_server: LiveServer) -> None:
    made = json.loads(live_server.cli("demo", "--method", "open_space", "--participants",
                                      "150", "--json"))
    token = json.loads(live_server.cli("facilitator", "token", made["facilitator"], "--json"))
    headers = {"Authorization": f"Bearer {token['token']}"}
    url = f"{live_server.url}/api/v1/workshops/{made['id']}/export?format=pdf"
    finished: dict[str, float | bytes] = {}

    def download() -> None:
        answer = requests.get(url, headers=headers, timeout=120)
        answer.raise_for_status()
        finished["at"] = time.monotonic()
        finished["body"] = answer.content

    worker = threading.Thread(target=download)
    worker.start()
    answered_meanwhile = 0
    while worker.is_alive():  # small requests keep being answered while the PDF is made
        started = time.monotonic()
        me = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=30)
        assert me.status_code == 200
        if worker.is_alive() and time.monotonic() - started < 0.5:
            answered_meanwhile += 1
    worker.join()

    assert bytes(finished["body"]).startswith(b"%PDF")  # type: ignore[arg-type]
    assert answered_meanwhile >= 3
