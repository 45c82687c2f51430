"""Can a facilitator run Open Space live, from Opening to Results, with a screen and two phones?"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, LiveServer
from tests.e2e.test_first_workshop import _french_catalog, assert_fits_the_phone, french

pytestmark = [pytest.mark.e2e, pytest.mark.live]

SCREEN = {"width": 1920, "height": 1080}
FR_TOPIC = "Améliorer l’accueil des clients"
FR_DETAILS = "Un parcours d’arrivée plus simple, «\u00a0sans friction\u00a0»."
EN_TOPIC = "<b>x</b> Better onboarding"  # must show as typed, never as markup


def french_plural(singular: str, plural: str, n: int) -> str:
    """The French the pages show for a {n} plural message (some read as in English)."""
    assert _french_catalog()._catalog.get((singular, 0)), f"not in the French catalog: {singular!r}"
    return _french_catalog().ngettext(singular, plural, n).replace("{n}", str(n))


def create_workshop(server: LiveServer) -> tuple[str, int]:
    """A facilitator and a French Open Space workshop, made with the real CLI."""
    server.cli("facilitator", "create", "ana@example.org", "--name", "Ana",
               "--password-stdin", stdin=PASSWORD + "\n")
    created = json.loads(server.cli(
        "create", "--title", "Journée clients", "--method", "open_space",
        "--facilitator", "ana@example.org", "--language", "fr",
        "--question", "Comment travailler avec nos clients plutôt que pour eux ?", "--json",
    ))
    return created["code"], created["id"]


def sign_in_and_open_the_console(laptop: Page, server: LiveServer, workshop_id: int) -> None:
    laptop.goto(server.url + "/login")
    laptop.get_by_label("Email").fill("ana@example.org")
    laptop.get_by_label("Password").fill(PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()
    laptop.goto(f"{server.url}/workshops/{workshop_id}")
    laptop.get_by_role("link", name="Run the workshop").click()
    expect(laptop).to_have_url(f"{server.url}/workshops/{workshop_id}/console")
    expect(laptop.locator("[data-connection]")).to_have_attribute("data-state", "online")
    expect(laptop.locator(".step.current")).to_contain_text("Opening")


def join(page: Page, server: LiveServer, code: str, name: str, group: str) -> None:
    page.emulate_media(reduced_motion="reduce")  # screenshots show bars at rest
    page.goto(f"{server.url}/j/{code}")
    page.locator("input[name=name]").fill(name)
    page.locator(f"input[name=group][value={group}]").check()
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/w/{code}")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "online")


def propose(page: Page, title_label: str, button: str, title: str, details: str = "") -> None:
    page.get_by_label(title_label, exact=True).fill(title)
    if details:
        page.locator("#topic-details").fill(details)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("[data-my-topics]")).to_contain_text(title)


def vote_card(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator(".vote-item").filter(has_text=title)


def test_can_a_facilitator_run_open_space_from_opening_to_results_with_two_phones(
    live_server: LiveServer,
    laptop: Page,
    phone: Callable[[str], Page],
    screenshot: Callable[[Page, str], None],
) -> None:
    code, workshop_id = create_workshop(live_server)
    laptop.emulate_media(reduced_motion="reduce")  # screenshots show bars at rest
    sign_in_and_open_the_console(laptop, live_server, workshop_id)
    expect(laptop.locator("[data-join-code]")).to_have_text(code)

    # The projector screen opens from the console, in the workshop's language (French).
    with laptop.expect_popup() as opened:
        laptop.get_by_role("link", name="Open the projector screen").click()
    screen = opened.value
    screen.set_viewport_size(SCREEN)
    screen.emulate_media(reduced_motion="reduce")
    expect(screen.locator("html")).to_have_attribute("lang", "fr")
    expect(screen.locator("[data-connection]")).to_have_attribute("data-state", "online")
    expect(screen.locator(".join-big-code")).to_have_text(code)
    qr = screen.locator(".join-qr img")
    screen.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())

    # Two phones join: one French customer, one English employee.
    fr = phone("fr-FR")
    join(fr, live_server, code, "Camille", "customer")
    en = phone("en-US")
    join(en, live_server, code, "Sam", "employee")
    expect(fr.locator("#phase-title")).to_have_text(french("Opening"))
    expect(en.locator("#phase-title")).to_have_text("Opening")
    expect(screen.locator("[data-total]")).to_have_text(
        french_plural("{n} participant", "{n} participants", 2))
    expect(screen.locator("[data-groups]")).to_contain_text(french("Customer"))
    people = laptop.locator("[data-people-groups]")
    expect(people).to_contain_text("Camille")
    expect(people).to_contain_text("Sam")
    expect(laptop.locator("[data-people-total]")).to_have_text("2 participants")
    screenshot(screen, "screen-joining.png")

    # Marketplace: both phones propose, one of them with markup that must stay text.
    laptop.get_by_role("button", name="Next phase").click()
    expect(laptop.locator(".step.current")).to_contain_text("Marketplace")
    expect(fr.locator("#phase-title")).to_have_text(french("Marketplace"))
    propose(fr, french("Title"), french("Propose"), FR_TOPIC, FR_DETAILS)
    thanks = french("Thank you! Your topic is on the wall.")
    expect(fr.locator("[data-message]")).to_have_text(thanks)
    propose(en, "Title", "Propose", EN_TOPIC)
    assert_fits_the_phone(fr)
    assert_fits_the_phone(en)

    topics = laptop.locator("[data-topic-list]")
    expect(topics.locator(".topic-title")).to_have_text([FR_TOPIC, EN_TOPIC])
    expect(screen.locator(".note-title")).to_have_text([FR_TOPIC, EN_TOPIC])
    for page in (laptop, screen, fr, en):
        expect(page.locator("main b")).to_have_count(0)  # the markup was not interpreted
    fr.locator("[data-message]").evaluate("el => el.scrollIntoView()")  # the form and my topics
    screenshot(fr, "phone-propose-fr.png")
    fr.locator("[data-wall-preview] summary").click()
    expect(fr.locator("[data-wall-list]")).to_contain_text(EN_TOPIC)

    # Voting: the English phone spends its 5 dots; the per-topic cap of 3 stops the + button.
    laptop.get_by_role("button", name="3. Voting").click()
    expect(laptop.locator(".step.current")).to_contain_text("Voting")
    laptop.keyboard.press("t")  # the timer shortcut: every screen counts down the same end
    expect(laptop.locator("[data-timer-state]")).to_have_text("Running")
    expect(screen.locator("[data-timer]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(en.locator("[data-timer]")).to_be_visible()
    votes_left = en.locator("[data-votes-left]")
    expect(votes_left).to_have_text("5 votes left")
    onboarding = vote_card(en, "Better onboarding")
    plus = onboarding.get_by_role("button", name=re.compile("^Add a vote"))
    for left in (4, 3, 2):
        plus.click()
        expect(votes_left).to_have_text(f"{left} votes left")
    expect(plus).to_be_disabled()
    expect(onboarding.locator(".my-count")).to_have_text("3")
    welcome = vote_card(en, "accueil")
    welcome.get_by_role("button", name=re.compile("^Add a vote")).click()
    expect(votes_left).to_have_text("1 vote left")
    welcome.get_by_role("button", name=re.compile("^Add a vote")).click()
    expect(votes_left).to_have_text("No votes left")
    expect(welcome.get_by_role("button", name=re.compile("^Add a vote"))).to_be_disabled()
    assert_fits_the_phone(en)
    screenshot(en, "phone-vote-en.png")

    # The French phone votes once for each, then takes one back and gives it again.
    fr_left = fr.locator("[data-votes-left]")
    expect(fr_left).to_have_text(french_plural("{n} vote left", "{n} votes left", 5))
    # The accessible names start with these words, then the topic's title in quotes.
    add = re.escape(french("Add a vote to “{title}”").split("«")[0].strip())
    remove = re.escape(french("Take a vote back from “{title}”").split("«")[0].strip())
    fr_welcome = vote_card(fr, "accueil")
    vote_card(fr, "Better onboarding").get_by_role("button", name=re.compile("^" + add)).click()
    fr_welcome.get_by_role("button", name=re.compile("^" + add)).click()
    expect(fr_left).to_have_text(french_plural("{n} vote left", "{n} votes left", 3))
    fr_welcome.get_by_role("button", name=re.compile("^" + remove)).click()
    expect(fr_left).to_have_text(french_plural("{n} vote left", "{n} votes left", 4))
    fr_welcome.get_by_role("button", name=re.compile("^" + add)).click()
    expect(fr_left).to_have_text(french_plural("{n} vote left", "{n} votes left", 3))

    # The facilitator always sees the counts; the screen does not while results are hidden.
    def count_on_console(title: str):  # type: ignore[no-untyped-def]
        row = laptop.locator("[data-topic-list] .topic-row").filter(
            has=laptop.locator(".topic-title", has_text=title))
        return row.locator(".topic-count")

    expect(count_on_console("Better onboarding")).to_have_text("4")
    expect(count_on_console("accueil")).to_have_text("3")
    expect(screen.locator("[data-votes-hidden]")).to_be_visible()
    screenshot(laptop, "console.png")

    # Results, with the keyboard shortcut: bars sorted by votes on the screen and the phones.
    laptop.locator("body").press("n")
    expect(laptop.locator(".step.current")).to_contain_text("Results")
    bars = screen.locator("[data-bars] .bar-row")
    expect(bars.locator(".bar-title")).to_have_text([EN_TOPIC, FR_TOPIC])
    expect(bars.locator(".bar-count")).to_have_text(["4", "3"])
    expect(screen.locator("[data-votes-hidden]")).to_be_hidden()
    screenshot(screen, "screen-results.png")

    results = fr.locator("[data-results] .result")
    expect(results.locator(".result-title")).to_have_text([EN_TOPIC, FR_TOPIC])
    expect(results.locator(".result-count")).to_have_text([
        french_plural("{n} vote", "{n} votes", 4), french_plural("{n} vote", "{n} votes", 3)])
    expect(en.locator("[data-results] .result-count")).to_have_text(["4 votes", "3 votes"])
    assert_fits_the_phone(fr)
    screenshot(fr, "phone-results-fr.png")
