"""Can a newcomer set up Atelier, create a workshop and have phones join it in two languages?"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, LiveServer
from tests.e2e.conftest import assert_fits_the_phone, french_text, in_language
from tests.e2e.people import create_account

pytestmark = [pytest.mark.e2e, pytest.mark.live]


def set_up_first_facilitator(
    laptop: Page, server: LiveServer, screenshot: Callable[[Page, str], None]
) -> None:
    laptop.goto(server.url + "/")
    expect(laptop).to_have_url(server.url + "/setup")
    expect(laptop.get_by_role("heading", name="Welcome to Atelier")).to_be_visible()
    screenshot(laptop, "setup.png")
    create_account(laptop, "Ana Facilitator", "ana@example.org", PASSWORD, "Create my account")
    expect(laptop).to_have_url(server.url + "/workshops/new")


def create_workshop(laptop: Page, server: LiveServer) -> tuple[str, str]:
    """Fill the new-workshop form; returns the join code and the join link the page shows."""
    laptop.get_by_label("Title", exact=True).fill("Customer day")
    question = laptop.get_by_role("textbox", name="Calling question")
    question.fill("How can we talk with our customers?")
    laptop.get_by_role("radio", name=re.compile(r"^World Café")).check()
    laptop.get_by_role("button", name="Create the workshop").click()

    expect(laptop).to_have_url(re.compile(re.escape(server.url) + r"/workshops/\d+$"))
    expect(laptop.get_by_role("heading", name="Customer day")).to_be_visible()
    expect(laptop.get_by_text("World Café")).to_be_visible()
    code_shown = laptop.locator("[data-join-code]")
    expect(code_shown).to_have_text(re.compile(r"^\s*[A-Z0-9]{6}\s*$"))
    code = code_shown.inner_text().strip()

    qr = laptop.get_by_role("img", name=re.compile("QR code"))
    laptop.wait_for_function("img => img.complete", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0, "the QR code image did not load"

    link = laptop.locator("[data-join-url]")
    join_url = link.get_attribute("href") or ""
    assert join_url == f"{server.url}/j/{code}"
    expect(link).to_have_text(join_url)
    return code, join_url


def test_can_a_newcomer_run_a_first_workshop_that_two_phones_join(
    live_server: LiveServer,
    laptop: Page,
    phone: Callable[[str], Page],
    screenshot: Callable[[Page, str], None],
) -> None:
    set_up_first_facilitator(laptop, live_server, screenshot)
    code, join_url = create_workshop(laptop, live_server)
    phone_page = f"{live_server.url}/w/{code}"

    # A French phone scans the QR code.
    fr = phone("fr-FR")
    fr.goto(join_url)
    expect(fr.locator("html")).to_have_attribute("lang", "fr")
    expect(fr.get_by_role("heading", name="Customer day")).to_be_visible()
    fr.get_by_label("Votre nom").fill("Camille")
    fr.get_by_role("radio", name=french_text("Customer"), exact=True).check()
    fr.get_by_role("checkbox").check()
    assert_fits_the_phone(fr)
    screenshot(fr, "phone-join-fr.png")
    fr.get_by_role("button", name="Rejoindre").click()

    expect(fr).to_have_url(phone_page)
    expect(fr.get_by_text("Camille")).to_be_visible()
    connection = fr.locator("[data-connection]")
    expect(connection).to_have_attribute("data-state", "online")
    expect(connection).to_have_text(french_text("Connected"))
    assert_fits_the_phone(fr)

    # An English phone joins through the same link.
    en = phone("en-US")
    en.goto(join_url)
    expect(en.locator("html")).to_have_attribute("lang", "en")
    en.get_by_label("Your name").fill("Sam")
    en.get_by_role("radio", name="Employee", exact=True).check()
    en.get_by_role("checkbox").check()
    en.get_by_role("button", name="Join", exact=True).click()

    expect(en).to_have_url(phone_page)
    expect(en.get_by_text("Sam")).to_be_visible()
    expect(en.locator("[data-connection]")).to_have_attribute("data-state", "online")
    expect(en.locator("[data-connection]")).to_have_text("Connected")
    assert_fits_the_phone(en)
    screenshot(en, "phone-waiting-en.png")

    # Reloading, or scanning the QR code again, keeps the French phone the same participant.
    fr.reload()
    expect(fr).to_have_url(phone_page)
    expect(fr.get_by_text("Camille")).to_be_visible()
    expect(fr.get_by_label("Votre nom")).to_have_count(0)
    expect(connection).to_have_attribute("data-state", "online")
    fr.goto(join_url)
    expect(fr).to_have_url(phone_page)
    expect(fr.get_by_text("Camille")).to_be_visible()

    # The facilitator sees both, each group named in the facilitator's language.
    laptop.reload()
    people = laptop.locator("section").filter(
        has=laptop.get_by_role("heading", name="2 participants")
    )
    expect(people).to_be_visible()
    expect(people).to_contain_text("Camille (Customer)")
    expect(people).to_contain_text("Sam (Employee)")
    screenshot(laptop, "workshop-page.png")


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
def test_does_a_wrong_code_say_so_in_the_phones_language(
    live_server: LiveServer, phone: Callable[[str], Page], locale: str
) -> None:
    language = locale[:2]
    page = phone(locale)
    page.goto(live_server.url + "/join")
    expect(page.locator("html")).to_have_attribute("lang", language)

    code_input = page.get_by_label(in_language(language, "Workshop code"))
    code_input.fill("zzz999")
    expect(code_input).to_have_value("ZZZ999")  # shown as the screen shows codes
    page.get_by_role("button", name=in_language(language, "Continue")).click()

    error = in_language(
        language, "No workshop has this code. Check the code on the screen and try again."
    )
    expect(page.get_by_text(error)).to_be_visible()
    expect(code_input).to_have_attribute("aria-invalid", "true")
    expect(code_input).to_be_focused()
    assert_fits_the_phone(page)


def test_does_the_language_switch_change_the_page_and_stay_chosen(
    live_server: LiveServer, phone: Callable[[str], Page]
) -> None:
    page = phone("en-US")
    page.goto(live_server.url + "/join")
    expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()

    page.locator(".lang-switch").get_by_role("link", name=re.compile(r"^FR\b")).click()

    expect(page).to_have_url(live_server.url + "/join")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name=french_text("Join a workshop"))).to_be_visible()
    page.goto(live_server.url + "/join")  # the choice outlives the page
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator(".lang-switch").get_by_role("link", name=re.compile(r"^EN\b")).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()
