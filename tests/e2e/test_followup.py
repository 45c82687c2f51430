"""After the end, an owner moves their commitment on from the phone they joined with, reopening
its link later, and downloads it for their calendar; the facilitator sees the update."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import assert_fits_the_phone, audit, in_language
from tests.e2e.people import FIRST_BUILD_MS, commit_then_end

pytestmark = [pytest.mark.e2e, pytest.mark.live]

GUIDE = "Écrire le guide d’accueil"
NOTE = "Guide envoyé aux 40 nouveaux arrivants"


def test_does_an_owner_update_their_commitment_later_from_the_same_phone_link(
    live_server: LiveServer, phone: Callable[[str], Page], new_page: Callable[..., Page],
) -> None:
    camille = phone("fr-FR")
    code = commit_then_end(live_server, camille, GUIDE, "2031-01-31")
    results = f"{live_server.url}/w/{code}/results"

    # Later: the phone opens the same join link again; it is recognised by its cookie.
    later = camille.context.new_page()
    later.set_viewport_size({"width": 360, "height": 800})
    later.goto(f"{live_server.url}/j/{code}")
    expect(later).to_have_url(results, timeout=FIRST_BUILD_MS)
    mine = later.locator(".results-mine")
    expect(mine).to_contain_text(GUIDE)
    expect(mine.locator("[data-status]")).to_have_text(in_language("fr", "Planned"))
    mine.get_by_label(in_language("fr", "Status")).select_option("done")
    mine.get_by_label(in_language("fr", "What happened (participants will read it)")).fill(NOTE)
    mine.get_by_role("button", name=in_language("fr", "Save the update")).click()

    expect(later.locator(".results-mine [data-status]")).to_have_text(in_language("fr", "Done"))
    expect(later.locator(".results-mine [data-latest-note]")).to_have_text(NOTE)
    expect(later.locator("#plan-heading ~ ul [data-latest-note]")).to_have_text(NOTE)
    assert_fits_the_phone(later)
    audit(later, "results page with a follow-up form (fr)")

    with later.expect_download() as download:
        later.get_by_role("link", name=in_language("fr", "Add to my calendar (.ics)")).click()
    [event] = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == GUIDE
    assert event.decoded("dtstart").isoformat() == "2031-01-31"
