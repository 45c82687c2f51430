"""After the end, the phones show the results page, each in its language, and keep it later.

An English Open Space: Zéphyrine (joined by the API, not quoted) convenes a session and commits;
Camille's phone is French and commits from it; Sam's phone is English and commits nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import assert_fits_the_phone, audit, in_language, join, plural_in
from tests.realtime.test_cowriting import Scene
from workshop.models import Method

pytestmark = [pytest.mark.e2e, pytest.mark.live]

HIDDEN = "Zéphyrine Quarrington"
SESSION = "Better onboarding"
PILOT = "Pilot the two-minute welcome"
GUIDE = "Écrire le guide d’accueil"
FIRST_BUILD_MS = 90_000  # the first synthesis loads the meaning model in a report worker
NARROWEST = 320


def test_do_phones_show_the_results_in_their_language_after_the_end(
    live_server: LiveServer, phone: Callable[[str], Page],
    screenshot: Callable[[Page, str], None],
) -> None:
    scene = Scene(live_server, Method.OPEN_SPACE)
    code = scene.workshop.code
    hidden = scene._socket({"token": scene.join(HIDDEN)["token"]})
    camille, sam = phone("fr-FR"), phone("en-US")
    join(camille, live_server, code, "Camille", "customer")
    join(sam, live_server, code, "Sam", "employee")

    scene.act("phase.goto", phase="marketplace")
    topic = hidden.call("topic.propose", {"client_id": "t1", "title": SESSION, "details": ""},
                        timeout=30)
    scene.act("phase.goto", phase="convergence")
    assert hidden.call("vote.cast", {"client_id": "v1", "topic_id": topic["topic"]["id"]},
                       timeout=30)["ok"]
    scene.act("phase.goto", phase="action_planning")
    assert hidden.call("commitment.add", {"client_id": "c1", "title": PILOT}, timeout=30)["ok"]
    camille.get_by_label(in_language("fr", "What will you do?")).fill(GUIDE)
    camille.get_by_role("button", name=in_language("fr", "Commit"), exact=True).click()
    expect(camille.locator("[data-message]")).to_have_text(
        in_language("fr", "Your commitment is in the action plan."))

    scene.act("workshop.end")

    results = f"{live_server.url}/w/{code}/results"
    for page, language in ((camille, "fr"), (sam, "en")):
        expect(page).to_have_url(results, timeout=FIRST_BUILD_MS)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text("Customer day")
        priority = page.locator("#priorities-heading + ol li")
        expect(priority).to_have_count(1)
        expect(priority).to_contain_text(SESSION)
        expect(priority.locator(".badge")).to_have_text(
            plural_in(language, "%(num)d vote", "%(num)d votes", 1).replace("%(num)d", "1"))
        plan = page.locator("#plan-heading ~ ul li")
        expect(plan.filter(has_text=PILOT)).to_have_count(1)
        expect(plan.filter(has_text=GUIDE)).to_have_count(1)
        assert "Zéphyrine" not in page.content() and "Quarrington" not in page.content()
        assert_fits_the_phone(page)
        audit(page, f"results page ({language})")

    mine = camille.locator(".results-mine")
    expect(mine.get_by_role("heading")).to_have_text(in_language("fr", "Your commitments"))
    expect(mine.locator("li")).to_have_count(1)
    expect(mine.locator("li")).to_contain_text(GUIDE)
    expect(mine.locator("li")).to_contain_text(in_language("fr", "Owner: you"))
    expect(sam.locator(".results-mine")).to_contain_text(
        "You made no commitment in this workshop.")

    # Days later, the same join link opens the same page; it stays readable at 320 px.
    camille.set_viewport_size({"width": NARROWEST, "height": 800})
    camille.goto(f"{live_server.url}/j/{code}")
    expect(camille).to_have_url(results)
    expect(camille.locator(".results-mine li")).to_contain_text(GUIDE)
    width = camille.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"the results page is {width}px wide on a {NARROWEST}px phone"
    screenshot(camille, "phone-results-fr.png")
    scene.close()
