"""A French phone turns e-mail reminders on from the results page; `workshop remind` delivers
one to a real SMTP server (aiosmtpd, started here); its stop link, opened in the browser,
asks first and then stops them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer, free_port
from tests.e2e.conftest import assert_fits_the_phone, audit, in_language
from tests.e2e.people import commit_then_end
from tests.web.test_reminders import Mailbox

pytestmark = [pytest.mark.e2e, pytest.mark.live]

GUIDE = "Écrire le guide d’accueil"
ADDRESS = "camille@example.org"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture
def mailing_server(tmp_path: Path, migrated_template: Path,
                   mailbox: tuple[Mailbox, int]) -> Iterator[LiveServer]:
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copy(migrated_template, folder / "atelier.db")
    server = LiveServer(folder, env={
        "WORKSHOP_SMTP_URL": f"smtp://127.0.0.1:{mailbox[1]}?from=atelier@example.org"})
    server.env["WORKSHOP_PUBLIC_URL"] = server.url  # where the messages' links lead
    server.start()
    yield server
    server.stop()


def test_does_a_phone_turn_reminders_on_and_its_stop_link_turn_them_off(
    mailing_server: LiveServer, mailbox: tuple[Mailbox, int], phone: Callable[[str], Page],
) -> None:
    box = mailbox[0]
    camille = phone("fr-FR")
    code = commit_then_end(mailing_server, camille, GUIDE,
                           (date.today() + timedelta(days=2)).isoformat())

    mine = camille.locator(".results-mine")
    mine.get_by_text(in_language("fr", "Remind me by e-mail")).click()
    mine.get_by_label(in_language("fr", "Your e-mail address")).fill(ADDRESS)
    mine.locator("input[type=checkbox]").check()
    audit(camille, "results page with the reminder form (fr)")
    mine.get_by_role("button", name=in_language("fr", "Turn the reminders on")).click()

    expect(camille.locator(".results-mine [data-reminders-on]")).to_contain_text(ADDRESS)
    assert_fits_the_phone(camille)
    audit(camille, "results page with reminders on (fr)")

    mailing_server.cli("remind")
    mailing_server.cli("remind")  # the timer ran twice: still one message
    [message] = box.messages
    assert message["To"] == ADDRESS and GUIDE in str(message["Subject"])
    link = re.search(rf"{mailing_server.url}/stop/atr_[0-9a-f]{{64}}", message.get_content())
    assert link, message.get_content()

    camille.goto(link.group(0))
    audit(camille, "stop link's confirmation (fr)")
    camille.get_by_role("button", name=in_language("fr", "Stop the reminders")).click()
    expect(camille.locator("[data-stopped]")).to_be_visible()
    camille.goto(f"{mailing_server.url}/w/{code}/results")
    expect(camille.locator(".results-mine [data-reminders-form]")).to_have_count(1)
    expect(camille.locator(".results-mine [data-reminders-on]")).to_have_count(0)
