"""A participant downloads their data, then erases themselves, from the phone."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveWorkshop, audit, french_text

pytestmark = pytest.mark.e2e


def test_does_a_phone_download_its_data_then_erase_itself(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    workshop = live_workshop("open_space", language="en",
                             phones=[("fr-FR", "Camille", "customer"), ("en-US", "Sam",
                                                                         "employee")])
    camille: Page = workshop.phones[0].page
    camille.get_by_text(french_text("Your data")).click()
    audit(camille, "phone, your data open")

    with camille.expect_download() as downloading:
        camille.get_by_role("button", name=french_text("Download my data")).click()
    data = json.loads(downloading.value.path().read_text(encoding="utf-8"))
    expect(camille.locator("[data-privacy-message]")).to_have_text(
        french_text("Your data was downloaded."))

    erase = camille.get_by_role("button", name=french_text("Erase me from this workshop"))
    with camille.expect_event("dialog") as second_thoughts:
        erase.click()
    second_thoughts.value.dismiss()  # nothing happens
    expect(workshop.console.locator("[data-people-total]")).to_have_text("2 participants")
    with camille.expect_event("dialog") as confirming:
        erase.click()
    message = confirming.value.message
    confirming.value.accept()

    expect(camille).to_have_url(f"{workshop.server.url}/j/{workshop.code}")
    assert data["profile"]["name"] == "Camille" and data["profile"]["group"] == "customer"
    assert message == french_text("Erase everything about you in this workshop? Your name, "
                                   "votes and marks will be deleted. This cannot be undone.")
    expect(workshop.console.locator("[data-people-total]")).to_have_text("1 participant")
    expect(workshop.console.get_by_text("Camille")).to_have_count(0)
    camille.goto(f"{workshop.server.url}/w/{workshop.code}")  # the old link: join again
    expect(camille).to_have_url(f"{workshop.server.url}/j/{workshop.code}")
