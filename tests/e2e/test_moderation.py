"""Moderation before the screen, in Chromium: a held proposal waits, the facilitator decides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveWorkshop, Phone, audit
from tests.e2e.people import send

pytestmark = [pytest.mark.e2e, pytest.mark.live]

CLEAN = "Des remboursements en 24 heures"
RUDE = "Le support client, bande de connards"


@pytest.fixture
def marketplace(live_workshop: Callable[..., LiveWorkshop]) -> LiveWorkshop:
    """A French Open Space at its Marketplace, two phones joined."""
    ws = live_workshop("open_space", language="fr")
    ws.go_to(2, "Marketplace")
    return ws


def review_first(ws: LiveWorkshop) -> None:
    ws.console.get_by_label("Review contributions before the room sees them").check()


def propose(phone: Phone, title: str) -> None:
    send(phone, "Title of your session", title, "Propose")


def ask(phone: Phone, text: str) -> None:
    send(phone, "Your question", text, "Ask")


def test_does_a_held_proposal_wait_on_the_phone_until_the_facilitator_approves_it(
    marketplace: LiveWorkshop,
) -> None:
    camille, sam = marketplace.phones
    console, screen = marketplace.console, marketplace.screen
    review_first(marketplace)

    propose(camille, CLEAN)

    expect(camille.message).to_have_text(
        camille.t("Sent. It will appear once the facilitator has looked at it."))
    waiting = camille.page.locator("[data-my-waiting]")
    expect(waiting).to_contain_text(CLEAN)
    expect(waiting).to_contain_text(camille.t("Waiting for the facilitator"))
    queue = console.locator("[data-review-list] .review-row")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("Waiting because every contribution is reviewed first")
    audit(console, "console with a review queue")
    expect(screen.locator("[data-wall]")).not_to_contain_text(CLEAN)
    expect(sam.page.locator("[data-wall-list]")).not_to_contain_text(CLEAN)

    approve = console.get_by_role("button", name=f"Approve “{CLEAN}”")
    approve.focus()
    console.keyboard.press("Enter")  # the queue works from the keyboard

    expect(queue).to_have_count(0)
    expect(screen.locator("[data-wall]")).to_contain_text(CLEAN)
    expect(camille.page.locator("[data-notice-text]")).to_have_text(camille.t(
        "The facilitator approved “%(title)s”: everyone can see it now.") % {"title": CLEAN})
    expect(camille.page.locator("[data-my-topics]")).to_contain_text(CLEAN)
    expect(waiting).to_be_hidden()


def test_is_an_insult_held_without_review_mode_and_kept_off_the_wall_when_rejected(
    marketplace: LiveWorkshop,
) -> None:
    camille, _sam = marketplace.phones
    console, screen = marketplace.console, marketplace.screen

    propose(camille, RUDE)

    row = console.locator("[data-review-list] .review-row")
    expect(row).to_contain_text("Words on the insult lists: connard")
    console.get_by_role("button", name=f"Reject “{RUDE}”").click()

    expect(row).to_have_count(0)
    expect(console.locator("[data-hidden-list]")).to_contain_text(RUDE)
    expect(camille.page.locator("[data-notice-text]")).to_have_text(camille.t(
        "The facilitator did not put “%(title)s” on the wall.") % {"title": RUDE})
    expect(screen.locator("[data-wall]")).not_to_contain_text(RUDE)


QUESTION = "Qui finance le pilote ?"


def test_does_a_held_question_wait_on_the_phone_until_approved_edited_from_the_keyboard(
    marketplace: LiveWorkshop,
) -> None:
    camille, sam = marketplace.phones
    console, screen = marketplace.console, marketplace.screen
    review_first(marketplace)
    for phone in (camille, sam):
        phone.page.locator("[data-questions] summary").click()

    ask(camille, "qui finance")

    expect(camille.page.locator("[data-question-message]")).to_have_text(camille.t(
        "Sent. The room will see your question once the facilitator has looked at it."))
    waiting = camille.page.locator("[data-question-waiting]")
    expect(waiting).to_contain_text(camille.t("Waiting for the facilitator"))
    expect(camille.page.locator("[data-questions-empty]")).to_be_hidden()  # not "ask the first"
    row = console.locator("[data-qa-review-list] .review-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Waiting because every question is reviewed first")
    audit(console, "console with questions waiting for review")
    expect(sam.page.locator("[data-question-list]")).not_to_contain_text("qui finance")

    # By keyboard: into the text field, rewrite it, Enter saves and approves.
    field = row.get_by_label("Text of the question")
    field.focus()
    field.fill(QUESTION)
    console.keyboard.press("Enter")

    expect(row).to_have_count(0)
    expect(console.locator("[data-qa-list] .qa-said")).to_have_text([QUESTION])
    expect(sam.page.locator("[data-question-list] .question-said")).to_have_text([QUESTION])
    expect(camille.page.locator("[data-notice-text]")).to_have_text(camille.t(
        "The facilitator approved your question “%(title)s”: the room can see it and upvote "
        "it now.") % {"title": QUESTION})
    expect(waiting).to_be_hidden()
    sam.page.get_by_role("button", name=sam.t("Upvote “{text}”", text=QUESTION)).click()
    expect(screen.locator("body")).not_to_contain_text("qui finance")


def test_is_a_rude_question_held_without_review_mode_and_archived_when_rejected(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    ws = live_workshop("open_space", language="fr")
    camille, sam = ws.phones
    console = ws.console
    rude = "Pourquoi ce support de connards ?"
    camille.page.locator("[data-questions] summary").click()
    ask(camille, rude)

    row = console.locator("[data-qa-review-list] .review-row")
    expect(row).to_contain_text("Words on the insult lists: connard")
    reject = console.get_by_role("button", name=f"Reject “{rude}”")
    reject.focus()
    console.keyboard.press("Enter")

    expect(row).to_have_count(0)
    expect(console.locator("[data-qa-archived-list]")).to_contain_text(rude)
    expect(camille.page.locator("[data-notice-text]")).to_have_text(camille.t(
        "The facilitator did not put your question “%(title)s” to the room.") % {"title": rude})
    sam.page.locator("[data-questions] summary").click()
    expect(sam.page.locator("[data-questions-empty]")).to_be_visible()
