"""Templates and branding in Chromium: a workshop started from a shipped template, given a
logo and a colour, shows them on the projector and the phones (CSP allowing), axe-clean."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import (
    LAPTOP,
    PHONE,
    SCREEN_SIZE,
    audit,
    create_facilitator,
    in_language,
    join,
)
from tests.e2e.test_pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.live]


def logo_png() -> bytes:
    """A two-colour logo, wider than tall, as organisations' logos usually are."""
    image = Image.new("RGB", (320, 120), "#ffffff")
    image.paste(Image.new("RGB", (120, 120), "#1a5fb4"), (0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def loaded(page: Page, selector: str) -> bool:
    """Whether the image was fetched and decoded (a refused or broken one has no width)."""
    return bool(page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0"))


def custom_property(page: Page, name: str) -> str:
    return str(page.evaluate(
        f"getComputedStyle(document.documentElement).getPropertyValue('{name}').trim()"))


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_does_the_projector_show_the_logo_of_a_workshop_made_from_a_template(
    live_server: LiveServer, new_page: Callable[..., Page], locale: str,
) -> None:
    server, language = live_server, locale[:2]
    create_facilitator(server)
    laptop = new_page(**{**LAPTOP, "locale": locale})
    sign_in(laptop, server)

    laptop.goto(server.url + "/templates")
    audit(laptop, f"templates ({language})")
    with laptop.expect_navigation():
        laptop.locator(f"[data-template=customer_day-{language}] button[type=submit]").click()
    expect(laptop.locator("input[name=title]")).to_have_value(
        "Customer day" if language == "en" else "Journée clients")
    workshop_id = int(laptop.url.split("/workshops/")[1].split("/")[0])

    # A colour too light for white text: saved, with a warning that gives the ratio.
    laptop.goto(f"{server.url}/workshops/{workshop_id}/branding")
    audit(laptop, f"logo and colour ({language})")
    laptop.locator("input[name=logo]").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}])
    laptop.locator("input[name=accent]").fill("#ffcc00")
    with laptop.expect_navigation():
        laptop.locator("main form button[type=submit]").click()
    warning = laptop.locator("[data-contrast=fail]")
    expect(warning).to_contain_text(in_language(language, "Contrast too low:"))
    expect(warning).to_contain_text("1.5:1" if language == "en" else "1,5:1")
    expect(laptop.locator("[data-current-logo]")).to_be_visible()
    audit(laptop, f"logo and colour, contrast warning ({language})")

    laptop.locator("input[name=accent]").fill("#1a5fb4")
    with laptop.expect_navigation():
        laptop.locator("main form button[type=submit]").click()
    expect(laptop.locator("[data-contrast=pass]")).to_be_visible()

    # Kept as a template of one's own, listed beside the ready-made ones.
    laptop.goto(f"{server.url}/workshops/{workshop_id}/save-as-template")
    audit(laptop, f"save as a template ({language})")
    laptop.locator("input[name=name]").fill("Our customer day")
    with laptop.expect_navigation():
        laptop.locator("main form button[type=submit]").click()
    expect(laptop.locator("[data-saved-templates]")).to_contain_text("Our customer day")
    audit(laptop, f"templates, one saved ({language})")

    laptop.goto(f"{server.url}/workshops/{workshop_id}/console")
    address = laptop.locator("a[href*='/screen/']").first.get_attribute("href") or ""
    screen = new_page(viewport=SCREEN_SIZE, reduced_motion="reduce", locale=locale)
    screen.goto(address if address.startswith("http") else server.url + address)
    expect(screen.locator("[data-connection]")).to_have_attribute("data-state", "online")
    logo = screen.locator("[data-organiser-logo]")
    expect(logo).to_be_visible()
    assert loaded(screen, "[data-organiser-logo]"), "the projector's logo did not load"
    assert custom_property(screen, "--organiser") == "#1a5fb4"
    audit(screen, f"projector with the organiser's logo ({language})")

    code = laptop.locator("[data-join-code]").inner_text().strip()
    phone = new_page(**PHONE, locale=locale)
    join(phone, server, code, "Camille", "customer")
    expect(phone.locator("[data-organiser-logo]")).to_be_visible()
    assert loaded(phone, "[data-organiser-logo]"), "the phone's logo did not load"
    assert custom_property(phone, "--brand") == "#1a5fb4"
    audit(phone, f"phone with the organiser's logo and colour ({language})")

