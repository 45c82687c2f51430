"""A big synthesis page built on the live server does not freeze the live workshops."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.conftest import CSRF_RE, LiveServer
from tests.realtime.test_export_aside import answered_meanwhile, big_demo

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
    made, headers = big_demo(live_server)
    browser = signed_in(live_server, made["facilitator"], made["password"])
    url = f"{live_server.url}/workshops/{made['id']}/synthesis"
    pages: list[requests.Response] = []

    worker = threading.Thread(target=lambda: pages.append(browser.get(url, timeout=120)))
    worker.start()
    before_the_page = answered_meanwhile(live_server, headers, lambda: bool(pages),
                                         "the synthesis to be built")
    worker.join(timeout=120)

    assert pages[0].status_code == 200
    assert "data-item=" in pages[0].text  # the priorities are there
    assert sum(before_the_page) >= 3
