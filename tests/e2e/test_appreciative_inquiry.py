"""Can a facilitator run an Appreciative Inquiry live, from Define to Destiny, with two phones?

The workshop is in French (the screen reads French); Camille, a customer, has a French phone,
Sam, an employee, an English one; the facilitator's console is English.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveWorkshop, assert_fits_the_phone, audit_only
from tests.e2e.people import (
    add_vote,
    close_document,
    console_row,
    open_document,
    text_of,
    writing,
)

pytestmark = [pytest.mark.e2e, pytest.mark.live]

TOPIC = "Quand nos clients et nous avons-nous le mieux travaillé ensemble ?"
STORY_OF_SAM = "Sam a reconstruit le parcours d’accueil avec trois clients en une semaine."
STRENGTHS_OF_SAM = "Écoute des clients, patience, esprit d'équipe"
STORY_OF_CAMILLE = "Camille tested our new app in her shop and called us every evening."
STRENGTHS_OF_CAMILLE = "Patience with customers\nCreativity"
DREAM_FR = "Chaque client co-conçoit nos services"
DREAM_EN = "Customers and staff share one open roadmap"
PROPOSITION_FR = "Nos clients conçoivent avec nous chaque nouveau service."
PROPOSITION_EN = " Every month, they vote on what comes next."
MINE = "Inviter trois clients à notre comité"
TEAM = "Publish the roadmap every month"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_can_a_facilitator_run_appreciative_inquiry_from_define_to_destiny(
    live_workshop: Callable[..., LiveWorkshop],
    screenshot: Callable[[Page, str], None],
    language: str,
) -> None:
    if language != "fr":  # the screenshots show the first language; both are audited
        screenshot = audit_only
    ai = live_workshop("appreciative_inquiry", language=language, question="Notre meilleure année")
    laptop, screen = ai.console, ai.screen
    camille, sam = ai.phones
    ai.expect_phase("Define")

    # Define: the facilitator rewrites the affirmative topic; the screen and phones follow.
    topic = laptop.get_by_role("textbox", name="Affirmative topic")
    expect(topic).to_have_value("Notre meilleure année")
    topic.fill(TOPIC)
    laptop.get_by_role("button", name="Save the question").click()
    expect(screen.locator(".question-label")).to_have_text(ai.on_screen("Our affirmative topic"))
    expect(screen.locator("[data-affirmative-topic]")).to_have_text(TOPIC)
    for phone in ai.phones:
        expect(phone.page.locator("[data-question]")).to_have_text(TOPIC)
    screenshot(screen, "appreciative-inquiry-topic-screen.png")

    # Discovery: pairs form as the phase opens, mixing the employee with the customer; each
    # phone names the partner and their group.
    ai.next_phase("Discovery")
    expect(camille.page.locator("[data-seat-title]")).to_have_text(
        camille.t("You interview {name}", name=f"Sam ({camille.t('Employee')})"))
    expect(sam.page.locator("[data-seat-title]")).to_have_text("You interview Camille (Customer)")
    expect(sam.page.locator("[data-seat-sub]")).to_have_text(
        "Camille interviews you: swap roles halfway.")
    expect(camille.page.locator("[data-seat-question]")).to_have_text(TOPIC)
    expect(screen.locator("[data-pairs-count]")).to_have_text("1")
    expect(screen.locator("[data-pairs-label]")).to_have_text(
        ai.on_screen_n("pair formed", "pairs formed", 1))
    expect(screen.locator("[data-pairs-mixed]")).to_have_text("1")
    pair = screen.locator("[data-pairs] .pair")
    expect(pair).to_have_attribute("data-mixed", "true")
    expect(pair.locator(".person-name")).to_have_count(2)
    for name in ("Camille", "Sam"):
        expect(pair.locator(".person-name", has_text=name)).to_be_visible()
    expect(laptop.locator("[data-seating-summary]")).to_contain_text("Everyone is seated.")
    assert_fits_the_phone(camille.page)
    screenshot(camille.page, "appreciative-inquiry-pairs-phone.png")
    screenshot(screen, "appreciative-inquiry-pairs-screen.png")

    # Sam opens what Camille writes about him; he sees her writing, and her words, live.
    open_document(sam, sam.t("Read what {name} writes about you", name="Camille"),
                  sam.t("{name}'s story", name="Sam"), status="Read only")
    open_document(camille, camille.t("Write {name}'s story", name="Sam"),
                  camille.t("{name}'s story", name="Sam"))
    text_of(camille, "Story").click()
    expect(writing(sam, "Story")).to_have_text("Camille writing…")
    text_of(camille, "Story").fill(STORY_OF_SAM)
    text_of(camille, "Strengths").fill(STRENGTHS_OF_SAM)
    expect(text_of(sam, "Story")).to_have_value(STORY_OF_SAM)
    expect(text_of(sam, "Strengths")).to_have_value(STRENGTHS_OF_SAM)
    expect(camille.page.locator(".cowrite-status")).to_have_text(camille.t("Saved"))
    assert_fits_the_phone(camille.page)
    screenshot(camille.page, "appreciative-inquiry-story-phone.png")
    close_document(camille)

    # Sam writes Camille's story in turn.
    close_document(sam)
    open_document(sam, "Write Camille's story", "Camille's story")
    text_of(sam, "Story").fill(STORY_OF_CAMILLE)
    text_of(sam, "Strengths").fill(STRENGTHS_OF_CAMILLE)
    expect(sam.page.locator(".cowrite-status")).to_have_text("Saved")
    close_document(sam)

    # Positive core: themes grouped from the strengths, "Patience" first: both stories.
    ai.next_phase("Positive core")
    themes = screen.locator("[data-themes] .theme")
    expect(themes.first.locator(".theme-title")).to_have_text("Patience")
    expect(themes.first.locator(".theme-stories")).to_have_text(
        ai.on_screen_n("from {n} story", "from {n} stories", 2))
    for single in ("Écoute des clients", "Creativity"):
        theme = themes.filter(has=screen.locator(".theme-title", has_text=single))
        expect(theme.locator(".theme-stories")).to_have_text(
            ai.on_screen_n("from {n} story", "from {n} stories", 1))
    expect(camille.page.locator("#themes-title")).to_have_text(camille.t("Our positive core"))
    expect(sam.page.locator("[data-themes] .theme-title").first).to_have_text("Patience")
    screenshot(screen, "appreciative-inquiry-themes-screen.png")

    # The facilitator renames a theme on the console: the screen and the phones follow.
    console_row(laptop, "Patience").get_by_role("button", name="Edit “Patience”").click()
    editor = laptop.locator(".topic-editor")
    editor.get_by_role("textbox", name="Title").fill("Patience et écoute")
    editor.get_by_role("button", name="Save").click()
    expect(themes.first.locator(".theme-title")).to_have_text("Patience et écoute")
    for phone in ai.phones:
        expect(phone.page.locator("[data-themes] .theme-title").first).to_have_text(
            "Patience et écoute")
    screenshot(laptop, "appreciative-inquiry-themes-console.png")

    # Dream: each phone shares a vision statement, then places its dots.
    ai.next_phase("Dream")
    for phone, dream in ((camille, DREAM_FR), (sam, DREAM_EN)):
        phone.page.get_by_label(phone.t("Your vision statement"), exact=True).fill(dream)
        phone.page.get_by_role("button", name=phone.t("Share my dream"), exact=True).click()
        expect(phone.page.locator("[data-my-topics]")).to_contain_text(dream)
    expect(screen.locator(".note-title")).to_have_text([DREAM_FR, DREAM_EN])
    for phone, dream in ((sam, DREAM_FR), (sam, DREAM_FR), (sam, DREAM_EN), (camille, DREAM_FR)):
        add_vote(phone, dream)
    expect(sam.page.locator("[data-votes-left]")).to_have_text("2 votes left")
    expect(console_row(laptop, DREAM_FR).locator(".topic-count")).to_have_text("3")
    expect(console_row(laptop, DREAM_EN).locator(".topic-count")).to_have_text("1")
    assert_fits_the_phone(sam.page)
    screenshot(sam.page, "appreciative-inquiry-dream-phone.png")

    # Design: a proposition waits for the top dream; two people co-write it, each seeing the
    # other's name while they type.
    ai.next_phase("Design")
    expect(laptop.locator("[data-dream-list] .dream-title").first).to_have_text(DREAM_FR)
    for phone in ai.phones:
        item = phone.page.locator("[data-doc-list] .doc-item").first
        expect(item.locator(".doc-item-title")).to_have_text(DREAM_FR)
        item.get_by_role("button", name=phone.t("Write the proposition")).click()
        expect(phone.page.locator("[data-doc-title]")).to_have_text(
            phone.t("Proposition: {title}", title=DREAM_FR))
    text_of(camille, "Proposition").click()
    expect(writing(sam, "Proposition")).to_have_text("Camille writing…")
    text_of(camille, "Proposition").fill(PROPOSITION_FR)
    expect(text_of(sam, "Proposition")).to_have_value(PROPOSITION_FR)
    text_of(sam, "Proposition").click()
    text_of(sam, "Proposition").press("Control+End")
    text_of(sam, "Proposition").press_sequentially(PROPOSITION_EN)
    expect(writing(camille, "Proposition")).to_have_text(
        camille.t("{names} writing…", names="Sam"))
    expect(text_of(camille, "Proposition")).to_have_value(PROPOSITION_FR + PROPOSITION_EN)
    expect(screen.locator("[data-documents] .doc").first).to_contain_text(
        PROPOSITION_FR + PROPOSITION_EN)
    assert_fits_the_phone(camille.page)
    screenshot(camille.page, "appreciative-inquiry-design-phone.png")
    screenshot(screen, "appreciative-inquiry-propositions-screen.png")
    for phone in ai.phones:
        close_document(phone)

    # Agreement: dots on the propositions, whose co-written text the phones show.
    ai.next_phase("Agreement")
    proposition = sam.page.locator(".vote-item").filter(has_text=DREAM_FR)
    expect(proposition.locator(".vote-details")).to_have_text(PROPOSITION_FR + PROPOSITION_EN)
    for phone in ai.phones:
        add_vote(phone, DREAM_FR)
    expect(console_row(laptop, DREAM_FR).locator(".topic-count")).to_have_text("2")

    # Destiny: a personal and a team commitment, on the screen and on every phone, beside
    # the propositions ranked.
    ai.next_phase("Destiny")
    camille.page.get_by_label(camille.t("What will you do?")).fill(MINE)
    camille.page.get_by_role("button", name=camille.t("Commit"), exact=True).click()
    expect(camille.message).to_have_text(camille.t("Your commitment is in the action plan."))
    sam.page.get_by_label("What will you do?").fill(TEAM)
    sam.page.get_by_label("A team action, not only mine").check()
    sam.page.get_by_role("button", name="Commit", exact=True).click()
    actions = screen.locator("[data-actions] .action")
    expect(actions.locator(".action-title")).to_have_text([TEAM, MINE])
    expect(actions.filter(has_text=TEAM).locator(".action-team")).to_have_text(
        ai.on_screen("Team action"))
    expect(actions.filter(has_text=MINE).locator(".action-team")).to_be_hidden()
    expect(actions.filter(has_text=MINE).locator(".action-owner")).to_have_text(
        ai.on_screen("Owner: {name}", name="Camille"))
    expect(screen.locator("[data-priority-list] .priority-title")).to_have_text([DREAM_FR])
    for phone in ai.phones:
        plan = phone.page.locator("[data-plan-list] .plan-item")
        expect(plan.locator(".plan-title")).to_have_text([MINE, TEAM])
        expect(plan.filter(has_text=TEAM).locator(".badge")).to_have_text(phone.t("Team action"))
    expect(laptop.locator("[data-commitment-count]")).to_have_text("2")
    assert_fits_the_phone(camille.page)
    screenshot(camille.page, "appreciative-inquiry-destiny-phone.png")
    screenshot(screen, "appreciative-inquiry-destiny-screen.png")
