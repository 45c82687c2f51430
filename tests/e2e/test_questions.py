"""Questions to the room: a phone asks, another upvotes, the console pins, the screen shows it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveWorkshop, Phone, audit
from tests.e2e.people import send

pytestmark = [pytest.mark.e2e, pytest.mark.live]

FIRST = "Qui finance le pilote ?"
SECOND = "Quand les clients verront-ils le changement ?"


def open_questions(phone: Phone) -> None:
    summary = phone.page.locator("[data-questions] summary")
    expect(summary).to_contain_text(phone.t("Questions to the room"))
    summary.click()
    expect(phone.page.get_by_label(phone.t("Your question"), exact=True)).to_be_visible()


def ask(phone: Phone, text: str) -> None:
    send(phone, "Your question", text, "Ask")
    expect(phone.page.locator("[data-question-list]")).to_contain_text(text)


def test_does_the_most_upvoted_question_lead_and_the_pinned_one_reach_the_screen(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    room = live_workshop("open_space")
    camille, sam = room.phones
    open_questions(camille)
    ask(camille, FIRST)
    ask(camille, SECOND)

    open_questions(sam)
    sam.page.get_by_role("button", name=sam.t("Upvote “{text}”", text=SECOND)).click()

    # Most upvoted first on every phone; the asker's own marked, and not upvotable by her.
    for phone in (sam, camille):
        expect(phone.page.locator("[data-question-list] .question-said")).to_have_text(
            [SECOND, FIRST])
    mine = camille.page.locator("[data-question-list] li").first
    expect(mine).to_contain_text(camille.t("Your question"))
    expect(mine.get_by_role("button")).to_have_count(0)
    upvoted = sam.page.get_by_role("button", name=sam.t("Take back your upvote of “{text}”",
                                                        text=SECOND))
    expect(upvoted).to_have_attribute("aria-pressed", "true")
    audit(sam.page, "the phone's questions")

    # The console, by keyboard: the question leads with its upvote; pin it.
    card = room.console.locator("[data-qa]")
    expect(card.locator("[data-qa-list] .qa-said")).to_have_text([SECOND, FIRST])
    expect(card.locator("[data-qa-list] li").first).to_contain_text("1 upvote")
    pin = card.get_by_role("button", name=f"Pin to the screen “{SECOND}”")
    pin.focus()
    room.console.keyboard.press("Enter")
    expect(card.get_by_role("button", name=f"Unpin “{SECOND}”")).to_be_focused()
    audit(room.console, "the console's questions")

    pinned = room.screen.locator("[data-pinned]")
    expect(pinned).to_be_visible()
    expect(pinned.locator(".pinned-text")).to_have_text(SECOND)
    expect(pinned.locator(".pinned-label")).to_have_text(room.on_screen("Question from the room"))
    expect(pinned).not_to_contain_text("Camille")  # anonymous on the screen by default
    expect(sam.page.locator("[data-question-list] li").first).to_contain_text(
        sam.t("On the screen"))


def test_does_applause_from_a_phone_show_on_the_screen_and_fade(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    room = live_workshop("open_space")
    sam = room.phones[1]

    sam.page.get_by_role("button", name=f"👏 {sam.t('Applause')}").click()

    expect(sam.message).to_have_text(sam.t("Sent to the screen."))
    bubble = room.screen.locator("[data-reactions] .reaction-bubble")
    expect(bubble).to_have_count(1)
    expect(bubble).to_contain_text(room.on_screen("Applause"))
    expect(bubble).to_have_count(0)  # gone by itself after a moment
    expect(room.console.locator("[data-qa-reactions]")).to_contain_text("Applause")
