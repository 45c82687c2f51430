"""The pages around the live views, as people use them in Chromium.

- axe-core finds nothing serious or critical on any page, in English and in French, empty,
  filled in, and showing errors (the live views are audited by each method's test);
- the facilitator reads the synthesis, corrects a tag and downloads an export;
- the console works with the keyboard alone.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, LiveServer
from tests.e2e.conftest import (
    FACILITATOR_EMAIL,
    LAPTOP,
    PHONE,
    SCREEN_SIZE,
    LiveWorkshop,
    audit,
    create_facilitator,
    create_workshop,
)

pytestmark = [pytest.mark.e2e, pytest.mark.live]


def submit(page: Page) -> None:
    """Send the page's main form as it is (empty fields included) and wait for the answer."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def sign_in(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/login")
    page.locator("input[name=email]").fill(FACILITATOR_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page)
    expect(page.locator("input[name=password]")).to_have_count(0)


def signed_in_demo(laptop: Page, server: LiveServer, *, participants: int, language: str,
                   seed: int) -> dict[str, Any]:
    """An ended demo Open Space (``workshop demo``) run by the facilitator, signed in on
    ``laptop``; returns what the demo command printed."""
    create_facilitator(server)
    demo: dict[str, Any] = json.loads(server.cli(
        "demo", "--method", "open_space", "--participants", str(participants), "--language",
        language, "--seed", str(seed), "--facilitator", FACILITATOR_EMAIL, "--json"))
    sign_in(laptop, server)
    return demo


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_do_the_pages_outside_the_live_views_pass_axe(
    live_server: LiveServer, new_page: Callable[..., Page], locale: str,
) -> None:
    server, language = live_server, locale[:2]
    laptop = new_page(**{**LAPTOP, "locale": locale})

    laptop.goto(server.url + "/")
    expect(laptop).to_have_url(server.url + "/setup")
    expect(laptop.locator("html")).to_have_attribute("lang", language)
    audit(laptop, f"setup ({language})")
    submit(laptop)
    expect(laptop.locator("[aria-invalid=true]").first).to_be_visible()
    audit(laptop, f"setup with errors ({language})")

    create_facilitator(server)
    laptop.goto(server.url + "/login")
    audit(laptop, f"sign-in ({language})")
    laptop.locator("input[name=email]").fill(FACILITATOR_EMAIL)
    laptop.locator("input[name=password]").fill("not the password")
    submit(laptop)
    expect(laptop.locator("input[name=password]")).to_be_visible()
    audit(laptop, f"sign-in refused ({language})")
    sign_in(laptop, server)

    laptop.goto(server.url + "/")
    audit(laptop, f"dashboard, no workshop yet ({language})")
    laptop.goto(server.url + "/workshops/new")
    laptop.locator("input[name=title]").fill("")
    submit(laptop)
    expect(laptop.locator("[aria-invalid=true]").first).to_be_visible()
    audit(laptop, f"new workshop with errors ({language})")

    code, workshop_id = create_workshop(server, "world_cafe", title="Café « clients »",
                                        language=language, question="Qu’est-ce qui compte ?")
    for path, view in [("/", "dashboard"), (f"/workshops/{workshop_id}", "workshop page"),
                       (f"/workshops/{workshop_id}/edit", "workshop settings"),
                       (f"/workshops/{workshop_id}/delete", "delete confirmation"),
                       (f"/workshops/{workshop_id}/synthesis", "synthesis, nothing yet"),
                       ("/account", "account and API tokens"),
                       ("/no-such-page", "page not found")]:
        laptop.goto(server.url + path)
        audit(laptop, f"{view} ({language})")

    phone = new_page(**PHONE, locale=locale)
    phone.goto(server.url + "/join")
    audit(phone, f"join by code ({language})")
    phone.locator("input[name=code]").fill("ZZZZZZ")
    submit(phone)
    expect(phone.locator("[aria-invalid=true]").first).to_be_visible()
    audit(phone, f"join by code, unknown code ({language})")
    phone.goto(f"{server.url}/j/{code}")
    submit(phone)
    expect(phone.locator("[aria-invalid=true]").first).to_be_visible()
    audit(phone, f"join form with errors ({language})")
    phone.goto(f"{server.url}/w/{code}/results")
    expect(phone.locator("[data-results-refused]")).to_be_visible()
    audit(phone, f"results page before the end ({language})")


def test_can_the_facilitator_read_the_synthesis_correct_a_tag_and_download_it(
    live_server: LiveServer, laptop: Page, screenshot: Callable[[Page, str], None],
) -> None:
    demo = signed_in_demo(laptop, live_server, participants=14, language="fr", seed=3)
    laptop.goto(f"{live_server.url}/workshops/{demo['id']}")
    laptop.get_by_role("link", name="Synthesis and exports").click()

    expect(laptop.get_by_role("heading", name="Synthesis", exact=True)).to_be_visible()
    expect(laptop.locator("[data-synthesis-state]")).to_have_text(
        "Final: the workshop has ended.")
    first = laptop.locator("[data-priorities] > li").first
    expect(first).to_be_visible()
    expect(laptop.locator("[data-key-messages] li").first).not_to_have_class("muted")
    screenshot(laptop, "synthesis.png")

    # Correct the first outcome's tags: the choice holds after the page reloads.
    item = first.get_attribute("data-item")
    first.locator("details.fold > summary").first.click()  # the tags are folded
    box = first.locator("input[name=foundations]").first
    was = box.is_checked()
    box.set_checked(not was)
    with laptop.expect_navigation():
        first.get_by_role("button", name="Save the tags").click()
    first = laptop.locator(f"[data-item='{item}']")
    first.locator("details.fold > summary").first.click()
    expect(first.locator("input[name=foundations]").first).to_be_checked(checked=not was)
    expect(first.get_by_role("button", name="Back to automatic tags")).to_be_visible()
    with laptop.expect_navigation():
        first.get_by_role("button", name="Back to automatic tags").click()
    first = laptop.locator(f"[data-item='{item}']")
    first.locator("details.fold > summary").first.click()
    expect(first.locator("input[name=foundations]").first).to_be_checked(checked=was)
    expect(first.get_by_role("button", name="Back to automatic tags")).to_have_count(0)

    # Download the spreadsheet: a workbook with the workshop's priorities in it.
    title = first.locator("strong").inner_text()
    with laptop.expect_download() as download:
        laptop.locator("[data-downloads] a[data-format=xlsx]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        book = load_workbook(io.BytesIO(file.read()), read_only=True)
    cells = {str(cell) for sheet in book.worksheets
             for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert title in cells


def test_does_the_console_work_with_the_keyboard_alone(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    ws = live_workshop("open_space", language="en", title="Keyboard day")
    console = ws.console
    ws.expect_phase("Opening")
    console.locator("body").click(position={"x": 5, "y": 5})  # nothing focused

    console.keyboard.press("n")
    ws.expect_phase("Marketplace")
    console.keyboard.press("PageDown")
    ws.expect_phase("Agenda")
    console.keyboard.press("p")
    ws.expect_phase("Marketplace")

    toggle = console.locator("[data-timer-toggle]")
    expect(toggle).to_have_text("Start")
    clock = console.locator("[data-timer]")
    before = clock.inner_text()
    console.keyboard.press("t")
    expect(toggle).to_have_text("Pause")
    expect(clock).not_to_have_text(before)  # a second has gone
    console.keyboard.press(" ")
    expect(toggle).to_have_text("Resume")

    # Tab reaches a phase of the stepper, which Enter opens; the focus is visible on the way.
    target = console.get_by_role("button", name="4 Sessions", exact=True)
    for _ in range(80):
        console.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the stepper's fourth phase")
    ring = target.evaluate("""node => {
        const style = getComputedStyle(node);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            || style.boxShadow !== "none";
    }""")
    assert ring, "the focused step shows no focus indicator"
    console.keyboard.press("Enter")
    ws.expect_phase("Sessions")


@pytest.mark.parametrize("method", ["open_space", "barcamp", "appreciative_inquiry",
                                    "world_cafe"])
def test_do_the_french_console_and_screen_pass_axe_in_every_phase(
    live_server: LiveServer, new_page: Callable[..., Page], method: str,
) -> None:
    """Each method's phases in a French console and on its screen, before anyone joins."""
    create_facilitator(live_server)
    _code, workshop_id = create_workshop(live_server, method, title="Atelier « vide »",
                                         language="fr")
    console = new_page(**{**LAPTOP, "locale": "fr-FR"})
    sign_in(console, live_server)
    console.goto(f"{live_server.url}/workshops/{workshop_id}/console")
    expect(console.locator("html")).to_have_attribute("lang", "fr")
    screen = new_page(viewport=SCREEN_SIZE, reduced_motion="reduce")
    screen.goto(console.locator("a[href*='/screen/']").first.get_attribute("href") or "")
    steps = console.locator(".step .step-title")
    expect(steps.first).to_be_visible()
    titles = steps.all_inner_texts()
    for n, title in enumerate(titles):
        if n:
            console.keyboard.press("n")
        expect(console.locator(".step.current .step-title")).to_have_text(title)
        expect(screen.locator("[data-phase-title]")).to_have_text(title)
        audit(console, f"{method} console, {title} (fr)")
        audit(screen, f"{method} screen, {title} (fr)")
