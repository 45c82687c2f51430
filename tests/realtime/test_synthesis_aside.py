"""A big synthesis page built on the live server does not freeze the live workshops."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from tests.conftest import CSRF_RE, LiveServer
from tests.realtime.conftest import wait_until
from tests.realtime.test_export_aside import exports_of

pytestmark = pytest.mark.live


def signed_in(server: LiveServer, email: str, password: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{server.url}/login", timeout=30).text
    match = CSRF_RE.search(form)
    assert match
    answer = browser.post(f"{server.url}/login", timeout=30, allow_redirects=False, data={
        "email": email, "password": password, "csrf_token": match.group(1)})
    assert answer.status_code == 302
    return browser


def test_does_the_server_keep_answering_while_it_builds_a_synthesis_page(
    live_server: LiveServer,
) -> None:
    made = json.loads(live_server.cli("demo", "--method", "open_space", "--participants",
                                      "150", "--json"))
    token = json.loads(live_server.cli("facilitator", "token", made["facilitator"], "--json"))
    headers = {"Authorization": f"Bearer {token['token']}"}
    browser = signed_in(live_server, made["facilitator"], made["password"])
    url = f"{live_server.url}/workshops/{made['id']}/synthesis"
    server = live_server.process.pid  # type: ignore[union-attr]
    pages: list[requests.Response] = []

    worker = threading.Thread(target=lambda: pages.append(browser.get(url, timeout=120)))
    worker.start()
    build = min(wait_until(lambda: exports_of(server), "the synthesis to be built", timeout=60))
    # For each small request: had the build neither ended nor the page been sent?
    before_the_page = []
    while build in exports_of(server) and len(before_the_page) < 5:
        me = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=30)
        assert me.status_code == 200
        before_the_page.append(build in exports_of(server) and not pages)
    worker.join(timeout=120)

    assert pages[0].status_code == 200
    assert "data-item=" in pages[0].text  # the priorities are there
    assert sum(before_the_page) >= 3
