"""Does a phone typing a French paraphrase of an English dream see it, and vote for it instead?"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveWorkshop, Phone, assert_fits_the_phone
from tests.e2e.people import console_row, send

pytestmark = [pytest.mark.e2e, pytest.mark.live]

DREAM_EN = "Every customer gets a human answer on social media within the hour"
OTHER_EN = "A vegetarian option at the canteen every day"
DREAM_FR = ("Chaque client reçoit une vraie réponse humaine sur les réseaux sociaux en moins "
            "d’une heure")


def share(phone: Phone, dream: str) -> None:
    send(phone, "Your vision statement", dream, "Share my dream")
    expect(phone.page.locator("[data-my-topics]")).to_contain_text(dream)


@pytest.fixture
def dreaming(live_workshop: Callable[..., LiveWorkshop]) -> LiveWorkshop:
    """An English Appreciative Inquiry at its Dream phase, where Sam shared ``DREAM_EN``."""
    ai = live_workshop("appreciative_inquiry", language="en")
    ai.go_to(4, "Dream")
    share(ai.phones[1], DREAM_EN)
    return ai


def test_does_a_french_phone_see_the_english_dream_it_paraphrases_and_vote_for_it_instead(
    dreaming: LiveWorkshop,
) -> None:
    ai = dreaming
    camille, sam = ai.phones
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


def test_may_a_phone_propose_anyway_while_the_hint_shows(dreaming: LiveWorkshop) -> None:
    camille, _sam = dreaming.phones

    camille.page.get_by_label(camille.t("Your vision statement"), exact=True).fill(DREAM_FR)
    expect(camille.page.locator("[data-hint]")).to_be_visible()
    camille.page.get_by_role("button", name=camille.t("Share my dream"), exact=True).click()

    expect(camille.page.locator("[data-my-topics]")).to_contain_text(DREAM_FR)
    expect(camille.page.locator("[data-hint]")).to_be_hidden()


SOCIAL = ["Answer customers on social media within the same day",
          "Répondre aux clients sur les réseaux sociaux dans la journée",
          "Reply to every comment on our Instagram posts",
          "Faster replies to customer messages on Facebook",
          "Nos réponses sur Twitter sont trop lentes",
          "Un community manager qui répond aux avis Google le jour même"]
FOOD = ["A vegetarian option at the canteen every day",
        "Des plats végétariens à la cantine tous les midis",
        "Healthier meals in the staff canteen",
        "Un menu sans viande au restaurant d’entreprise",
        "Des produits locaux et bio à la cantine",
        "Better coffee and fresh fruit in the break room"]


def test_does_the_facilitator_merge_a_suggested_duplicate_and_show_the_wall_by_theme(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    """Twelve sessions on two subjects (fewer are too few to tell subjects apart)."""
    ws = live_workshop("open_space", language="fr")
    console, screen = ws.console, ws.screen
    ws.go_to(2, "Marketplace")
    add = console.locator("[data-add-topic]")
    for title in SOCIAL + FOOD:
        add.locator("input[name=title]").fill(title)
        add.get_by_role("button", name="Add").click()
        expect(console.locator("[data-topic-list] .topic-title", has_text=title)).to_have_count(1)

    pair = console.locator("[data-merge-list] .merge-pair").filter(has_text=SOCIAL[1]).filter(
        has_text=SOCIAL[0])
    expect(pair).to_have_count(1)
    pair.get_by_role("button", name=f"Merge “{SOCIAL[1]}” into “{SOCIAL[0]}”").click()
    expect(console.locator("[data-hidden-list]")).to_contain_text(SOCIAL[1])
    pairs = console.locator("[data-merge-list] .merge-pair")
    expect(pairs.filter(has_text=SOCIAL[1])).to_have_count(0)

    console.locator("[data-theme-box] summary").click()
    expect(console.locator("[data-theme-list] .theme-group").first).to_be_visible()
    console.get_by_label("Group the wall by theme on the screen").check()

    columns = screen.locator("[data-wall-themes] .theme-column")
    expect(columns.first).to_be_visible()
    expect(screen.locator("[data-wall]")).to_be_hidden()
    facebook = columns.filter(has_text=SOCIAL[3])
    canteen = columns.filter(has_text=FOOD[2])
    expect(facebook).to_have_count(1)
    expect(canteen).to_have_count(1)
    expect(facebook.locator(".theme-note", has_text=FOOD[2])).to_have_count(0)
    expect(screen.locator("[data-wall-themes] .theme-note", has_text=SOCIAL[1])).to_have_count(0)


def test_may_a_phone_drop_its_draft_for_a_similar_session_while_only_proposing_is_open(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    ws = live_workshop("open_space", language="en")
    camille, sam = ws.phones
    ws.go_to(2, "Marketplace")
    send(sam, "Title of your session", SOCIAL[0], "Propose")
    expect(sam.page.locator("[data-my-topics]")).to_contain_text(SOCIAL[0])

    camille.page.get_by_label(camille.t("Title of your session"), exact=True).fill(SOCIAL[1])
    hint = camille.page.locator("[data-hint]")
    expect(hint.locator(".hint-title")).to_have_text([SOCIAL[0]])
    hint.get_by_role("button", name=camille.t("Support it instead")).click()

    expect(camille.message).to_have_text(camille.t(
        "Your draft is cleared: support “{title}” when voting opens.", title=SOCIAL[0]))
    expect(camille.page.get_by_label(camille.t("Title of your session"), exact=True)
           ).to_have_value("")
    expect(ws.console.locator("[data-topic-list] .topic-row")).to_have_count(1)
