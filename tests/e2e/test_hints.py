"""Does a phone typing a French paraphrase of an English dream see it, and vote for it instead?"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveWorkshop, Phone, assert_fits_the_phone
from tests.e2e.people import console_row

pytestmark = [pytest.mark.e2e, pytest.mark.live]

DREAM_EN = "Every customer gets a human answer on social media within the hour"
OTHER_EN = "A vegetarian option at the canteen every day"
DREAM_FR = ("Chaque client reçoit une vraie réponse humaine sur les réseaux sociaux en moins "
            "d’une heure")


def share(phone: Phone, dream: str) -> None:
    phone.page.get_by_label(phone.t("Your vision statement"), exact=True).fill(dream)
    phone.page.get_by_role("button", name=phone.t("Share my dream"), exact=True).click()
    expect(phone.page.locator("[data-my-topics]")).to_contain_text(dream)


def test_does_a_french_phone_see_the_english_dream_it_paraphrases_and_vote_for_it_instead(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    ai = live_workshop("appreciative_inquiry", language="en")
    camille, sam = ai.phones
    ai.go_to(4, "Dream")
    share(sam, DREAM_EN)
    share(sam, OTHER_EN)

    camille.page.get_by_label(camille.t("Your vision statement"), exact=True).fill(DREAM_FR)

    hint = camille.page.locator("[data-hint]")
    expect(hint).to_be_visible()
    expect(hint.locator(".hint-heading")).to_have_text(camille.t("Similar topics already exist"))
    expect(hint.locator(".hint-title")).to_have_text([DREAM_EN])
    assert_fits_the_phone(camille.page)
    hint.get_by_role("button", name=camille.t("Vote for it instead")).click()

    expect(camille.message).to_have_text(camille.t("Your vote went to “{title}”.",
                                                   title=DREAM_EN))
    expect(hint).to_be_hidden()
    draft = camille.page.get_by_label(camille.t("Your vision statement"), exact=True)
    expect(draft).to_have_value("")
    expect(console_row(ai.console, DREAM_EN).locator(".topic-count")).to_have_text("1")
    expect(camille.page.locator("[data-my-topics] li")).to_have_count(0)  # proposed nothing


def test_may_a_phone_propose_anyway_while_the_hint_shows(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    ai = live_workshop("appreciative_inquiry", language="en")
    camille, sam = ai.phones
    ai.go_to(4, "Dream")
    share(sam, DREAM_EN)

    camille.page.get_by_label(camille.t("Your vision statement"), exact=True).fill(DREAM_FR)
    expect(camille.page.locator("[data-hint]")).to_be_visible()
    camille.page.get_by_role("button", name=camille.t("Share my dream"), exact=True).click()

    expect(camille.page.locator("[data-my-topics]")).to_contain_text(DREAM_FR)
    expect(camille.page.locator("[data-hint]")).to_be_hidden()
