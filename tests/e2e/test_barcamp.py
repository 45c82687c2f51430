"""Can a facilitator run a whole Barcamp with a console, a projector screen and two phones?

The workshop is in English (the screen reads English); Camille's phone is French, Sam's
English, the facilitator's console English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    LiveWorkshop,
    Phone,
    assert_fits_the_phone,
    audit_only,
    console_card,
    cowritten_field,
    drag_session,
    in_language,
    screen_cell,
)

pytestmark = [pytest.mark.e2e, pytest.mark.live]

# In pitch order. A paper wall fills slot 1 with the first three: Camille, who wants TESTING
# and RUST, and Sam, who wants those and OPEN_DATA, would have to choose (3 conflicts).
TESTING = "Testing with Playwright"
RUST = "Rust for Pythonistas"
OPEN_DATA = "Données ouvertes : par où commencer ?"
AUDITS = "Accessibility audits"


def rooms(language: str) -> tuple[str, ...]:
    """The default rooms' names, made in the workshop's language."""
    return tuple(in_language(language, "Room %(letter)s").replace("%(letter)s", letter)
                 for letter in "ABC")


def slots(language: str) -> tuple[str, ...]:
    return tuple(in_language(language, "Slot %(n)d").replace("%(n)d", str(n))
                 for n in (1, 2, 3))


def pitch(phone: Phone, title: str) -> None:
    phone.page.get_by_label(phone.t("Title of your session"), exact=True).fill(title)
    phone.page.get_by_role("button", name=phone.t("Propose"), exact=True).click()
    expect(phone.page.locator("[data-my-topics]")).to_contain_text(title)


def mark(phone: Phone, title: str) -> None:
    phone.page.get_by_role(
        "button", name=phone.t("I want to go: “{title}”", title=title)).click()


def where_on_screen(screen: Page, title: str, language: str) -> tuple[str, str]:
    """(slot, room) of the screen's grid cell showing ``title``."""
    for slot in slots(language):
        for index, room in enumerate(rooms(language)):
            if title in screen_cell(screen, slot, index).inner_text():
                return slot, room
    raise AssertionError(f"{title!r} is not on the screen's grid")


def AVOIDED_3(camp: LiveWorkshop) -> str:  # noqa: N802 - reads as the sentence it is
    return camp.on_screen_n("{n} conflict avoided compared with a naive placement",
                            "{n} conflicts avoided compared with a naive placement",
                            3).replace("{n}", "3")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_can_a_facilitator_run_a_whole_barcamp_with_a_screen_and_two_phones(
    live_workshop: Callable[..., LiveWorkshop],
    screenshot: Callable[[Page, str], None],
    language: str,
) -> None:
    if language != "en":  # the screenshots show the first language; both are audited
        screenshot = audit_only
    camp = live_workshop("barcamp", language=language, title="Atelier Camp",
                         question="What do you want to learn from each other?")
    console, screen = camp.console, camp.screen
    camille, sam = camp.phones

    # Introduction: the screen says how to join; the phones say there are no spectators.
    camp.expect_phase("Introduction")
    expect(screen.locator(".join-big-code")).to_have_text(camp.code)
    expect(screen.locator("[data-total]")).to_have_text(
        camp.on_screen_n("{n} participant", "{n} participants", 2).replace("{n}", "2"))
    for phone in camp.phones:
        expect(phone.page.locator("[data-phase-instructions]")).to_have_text(phone.t(
            "No spectators, only participants: everyone is welcome to pitch a session, "
            "share what they know and take notes for all."))
    screenshot(screen, "barcamp-introduction-screen.png")

    # Pitch: four sessions on the wall.
    camp.next_phase("Pitch")
    pitch(sam, TESTING)
    pitch(sam, RUST)
    pitch(camille, OPEN_DATA)
    pitch(camille, AUDITS)
    expect(screen.locator(".note-title")).to_have_text([TESTING, RUST, OPEN_DATA, AUDITS])
    expect(camille.message).to_have_text(camille.t("Thank you! Your session is on the wall."))
    screenshot(screen, "barcamp-pitch-screen.png")

    # Interest: everyone marks what they would attend; the screen ranks the sessions live.
    camp.next_phase("Interest")
    for title in (TESTING, RUST):
        mark(camille, title)
    for title in (TESTING, RUST, OPEN_DATA):
        mark(sam, title)
    expect(camille.page.locator("[data-mark-count]")).to_have_text(
        camille.tn("You marked {n} session.", "You marked {n} sessions.", 2))
    marked = camille.page.locator("[data-mark-list] .session").filter(has_text=TESTING)
    expect(marked.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    bars = screen.locator("[data-interest] .bar-row")
    expect(bars.locator(".bar-title")).to_have_text([TESTING, RUST, OPEN_DATA, AUDITS])
    expect(bars.locator(".bar-count")).to_have_text(["2", "2", "1", "0"])
    expect(bars.first.locator(".bar-votes")).to_have_text(
        camp.on_screen_n("{n} interested", "{n} interested", 2).replace("{n}", "2"))
    assert_fits_the_phone(camille.page)
    screenshot(screen, "barcamp-interest-screen.png")
    screenshot(camille.page, "phone-barcamp-interest-fr.png")

    # Grid: built as the phase opens, with what it spared people on the screen.
    camp.go_to(4, "Grid")  # clicking the step, as the console allows
    expect(screen.locator("[data-avoided-line]")).to_have_text(AVOIDED_3(camp))
    expect(screen.locator("[data-grid-remaining]")).to_have_text(
        camp.on_screen("Everyone can attend every session they marked."))
    expect(console.locator("[data-grid-figures]")).to_have_text(
        "Conflicts: 0 (naive placement: 3) — 3 avoided")
    for title in (TESTING, RUST, OPEN_DATA, AUDITS):
        expect(screen.locator("[data-agenda]")).to_contain_text(title)
    slots = {where_on_screen(screen, title, language)[0] for title in (TESTING, RUST, OPEN_DATA)}
    assert len(slots) == 3, "the sessions Sam wants all run at the same time as another"
    agenda = camille.page.locator("[data-agenda-list] .session")
    expect(agenda).to_have_count(4)
    testing_slot, testing_room = where_on_screen(screen, TESTING, language)
    expect(agenda.filter(has_text=TESTING)).to_contain_text(
        camille.t("{slot} · {room}", slot=testing_slot, room=testing_room))
    expect(agenda.filter(has_text=TESTING)).to_contain_text(camille.t("You want to go"))

    # Ana moves the audits session to a free cell and locks it there; Rebuild keeps it.
    free = console.locator("td[data-cell].free").last
    label = free.get_by_role("button").get_attribute("aria-label") or ""
    room, slot = re.fullmatch(r"(.+), (.+): free", label).groups()  # type: ignore[union-attr]
    assert where_on_screen(screen, AUDITS, language) != (slot, room)
    drag_session(console, AUDITS, free)
    expect(screen_cell(screen, slot, rooms(language).index(room))).to_contain_text(AUDITS)
    console.get_by_role("button", name=f"Lock “{AUDITS}” in its cell").click()
    expect(console_card(console, AUDITS).locator(".badge.locked")).to_have_text("Locked")
    console.get_by_role("button", name="Build the grid").click()
    expect(console.locator("[data-message]")).to_have_text("Grid built.")
    expect(screen_cell(screen, slot, rooms(language).index(room))).to_contain_text(AUDITS)
    expect(agenda.filter(has_text=AUDITS)).to_contain_text(
        camille.t("{slot} · {room}", slot=slot, room=room))
    expect(screen.locator("[data-avoided-line]")).to_have_text(AVOIDED_3(camp))
    assert_fits_the_phone(camille.page)
    screenshot(screen, "barcamp-grid-screen.png")
    console.locator('[data-panel="agenda"]').scroll_into_view_if_needed()
    screenshot(console, "barcamp-grid-console.png")
    screenshot(camille.page, "phone-barcamp-grid-fr.png")

    # Sessions: both check in to the testing session and take its notes together.
    camp.next_phase("Sessions")
    for phone in camp.phones:
        phone.page.get_by_role("button", name=phone.t("I'm here: “{title}”", title=TESTING)).click()
    testing_cell = screen_cell(screen, testing_slot, rooms(language).index(testing_room))
    expect(testing_cell.locator(".cell-count")).to_have_text(
        camp.on_screen_n("{n} person here", "{n} people here", 2).replace("{n}", "2"))
    editors = {}
    for phone in camp.phones:
        here = phone.page.locator("[data-checkin-list] .session").filter(has_text=TESTING)
        expect(here.locator(".headcount")).to_have_text(
            phone.tn("{n} person here", "{n} people here", 2))
        here.get_by_role("button", name=phone.t("Take notes")).click()
        expect(phone.page.locator("[data-doc-title]")).to_have_text(
            phone.t("Notes: {title}", title=TESTING))
        editor = phone.page.locator("[data-doc-container]")
        expect(editor.get_by_role("status")).to_have_text(phone.t("Saved"))
        editors[phone.name] = cowritten_field(editor, phone.t("Notes"))

    editors["Sam"].text.fill("Use get_by_role first.")
    expect(editors["Camille"].text).to_have_value("Use get_by_role first.")
    expect(editors["Camille"].writing).to_have_text(camille.t("{names} writing…", names="Sam"))
    editors["Camille"].text.press("Control+End")
    editors["Camille"].text.press_sequentially("\nexpect() attend tout seul.")
    notes = "Use get_by_role first.\nexpect() attend tout seul."
    expect(editors["Sam"].text).to_have_value(notes)
    expect(editors["Camille"].text).to_have_value(notes)
    expect(editors["Sam"].writing).to_have_text("Camille writing…")
    preview = console.locator("[data-doc-groups] .cdoc-item").filter(has_text=TESTING)
    expect(preview.locator(".cdoc-preview")).to_have_text(
        "Use get_by_role first. expect() attend tout seul.")
    assert_fits_the_phone(camille.page)
    screenshot(screen, "barcamp-sessions-screen.png")
    screenshot(camille.page, "phone-barcamp-notes-fr.png")

    # Wrap-up: feedback on the wall, and a commitment everyone can read.
    camp.next_phase("Wrap-up")
    for phone in camp.phones:
        expect(phone.page.locator('[data-view="doc"]')).to_be_hidden()  # writing is over
    sam.page.get_by_label(sam.t("What you take away, what you would change"), exact=True).fill(
        "More time for questions")
    sam.page.get_by_role("button", name=sam.t("Send my feedback"), exact=True).click()
    expect(sam.message).to_have_text(sam.t("Thank you for your feedback!"))
    expect(screen.locator(".note-title")).to_have_text(["More time for questions"])
    expect(screen.locator(".note-author")).to_have_text([camp.on_screen("by {name}", name="Sam")])
    expect(screen.locator(".note-title")).not_to_contain_text([TESTING])

    camille.page.get_by_label(camille.t("What will you do?")).fill(
        "Publier les notes sur le wiki")
    camille.page.get_by_label(camille.t("By when? (optional)")).fill("2027-02-15")
    camille.page.get_by_label(camille.t("For which session? (optional)")).select_option(
        label=TESTING)
    camille.page.get_by_role("button", name=camille.t("Commit"), exact=True).click()
    expect(camille.message).to_have_text(camille.t("Your commitment is in the action plan."))
    plan = sam.page.locator("[data-plan-list] .plan-item").filter(
        has_text="Publier les notes sur le wiki")
    expect(plan.locator(".plan-meta")).to_have_text("Camille · by Feb 15, 2027")
    expect(plan.locator(".plan-topic")).to_have_text(f"For: {TESTING}")
    expect(console.locator("[data-commitment-list] .commitment")).to_contain_text(
        ["Publier les notes sur le wiki"])
    assert_fits_the_phone(sam.page)
    screenshot(screen, "barcamp-wrapup-screen.png")
    screenshot(sam.page, "phone-barcamp-wrapup-en.png")
