"""Can a facilitator run a whole Open Space with a console, a projector screen and two phones?

The workshop is in French (the screen reads French); Camille's phone is French, Sam's English,
the facilitator's console English. Each phase is checked where people would look.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    FACILITATOR_NAME,
    CoWrittenField,
    LiveWorkshop,
    Phone,
    assert_fits_the_phone,
    audit_only,
    console_card,
    cowritten_field,
    drag_session,
    expect_console_panels,
    screen_cell,
)
from tests.e2e.people import add_vote, close_document, console_row, send

pytestmark = [pytest.mark.e2e, pytest.mark.live]

QUESTION = "Comment travailler avec nos clients plutôt que pour eux ?"
WELCOME = "Améliorer l’accueil des clients"  # convened by Camille, who places it herself
ONBOARDING = "Better onboarding"  # convened by Sam, placed from his phone
# Convened by Sam, dragged onto the agenda and locked by Ana; typed with markup that every
# page must show as typed, never interpret.
PRICING = "<b>Fair</b> pricing"
PRINCIPLES = (
    "Whoever comes are the right people.",
    "Whatever happens is the only thing that could have.",
    "Whenever it starts is the right time.",
    "When it's over, it's over.",
)


def propose(phone: Phone, title: str) -> None:
    send(phone, "Title of your session", title, "Propose")
    expect(phone.page.locator("[data-my-topics]")).to_contain_text(title)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_can_a_facilitator_run_a_whole_open_space_with_a_screen_and_two_phones(
    live_workshop: Callable[..., LiveWorkshop],
    screenshot: Callable[[Page, str], None],
    language: str,
) -> None:
    if language != "fr":  # the screenshots show the first language; both are audited
        screenshot = audit_only
    ws = live_workshop("open_space", language=language, question=QUESTION)
    console, screen = ws.console, ws.screen
    camille, sam = ws.phones
    room = [ws.on_screen("Room %(letter)s").replace("%(letter)s", x) for x in "ABC"]
    slot = [ws.on_screen("Slot %(n)d").replace("%(n)d", str(n)) for n in (1, 2, 3)]

    # Opening: the calling question, the four principles and the law of two feet; who joined.
    ws.expect_phase("Opening")
    expect_console_panels(console, "question")
    expect(screen.locator("[data-total]")).to_have_text(
        ws.on_screen_n("{n} participant", "{n} participants", 2))
    expect(screen.locator("[data-groups]")).to_contain_text(ws.on_screen("Customer"))
    expect(screen.locator("[data-groups]")).to_contain_text(ws.on_screen("Employee"))
    qr = screen.locator("[data-join-side] img")
    screen.wait_for_function("img => img.complete && img.naturalWidth > 0",
                             arg=qr.element_handle())
    expect(console.locator("[data-people-groups]")).to_contain_text("Camille")
    expect(console.locator("[data-people-groups]")).to_contain_text("Sam")
    expect(screen.locator("[data-question-text]")).to_have_text(QUESTION)
    expect(screen.locator("[data-principles] li")).to_have_text(
        [ws.on_screen(p) for p in PRINCIPLES])
    law = screen.locator("[data-law]")
    expect(law).to_contain_text(ws.on_screen("The law of two feet"))
    expect(law).to_contain_text(ws.on_screen(
        "If at any time you find yourself in a situation where you are neither learning nor "
        "contributing, use your two feet. Go someplace else."))
    for phone in ws.phones:
        expect(phone.page.locator("[data-phase-instructions]")).to_contain_text(
            phone.t("Whoever comes are the right people. Whatever happens is the only thing that "
                    "could have. Whenever it starts is the right time. When it's over, it's over. "
                    "And the law of two feet: go where you learn or contribute."))
    screenshot(screen, "open-space-opening-screen.png")

    # Marketplace: each convener proposes sessions; the wall fills on the screen.
    ws.next_phase("Marketplace")
    expect_console_panels(console, "topics")
    propose(camille, WELCOME)
    expect(camille.message).to_have_text(camille.t("Thank you! Your session is on the wall."))
    propose(sam, ONBOARDING)
    propose(sam, PRICING)
    expect(screen.locator(".note-title")).to_have_text([WELCOME, ONBOARDING, PRICING])
    expect(screen.locator(".note-author").first).to_have_text(
        ws.on_screen("by {name}", name="Camille"))
    expect(console.locator("[data-topic-list] .topic-title")).to_have_text(
        [WELCOME, ONBOARDING, PRICING])
    for page in (console, screen, camille.page, sam.page):
        expect(page.locator("main b")).to_have_count(0)  # the markup stayed text
    camille.page.locator("[data-wall-preview] summary").click()
    expect(camille.page.locator("[data-wall-list]")).to_contain_text(PRICING)
    assert_fits_the_phone(camille.page)
    screenshot(screen, "open-space-marketplace-screen.png")
    screenshot(camille.page, "phone-open-space-propose-fr.png")

    # Agenda: a grid of three rooms and three slots, filling live.
    ws.next_phase("Agenda")
    expect_console_panels(console, "agenda")
    expect(screen.get_by_role("columnheader").filter(has_text=room[0])).to_be_visible()
    expect(screen.locator(".agenda-loose")).to_contain_text(ws.on_screen_n(
        "{n} session is not on the grid yet", "{n} sessions are not on the grid yet", 3))

    # Both conveners pick from their phones at the same time: Sam chooses slot 2 while
    # Camille puts her session in slot 1; Sam's choice stays as it was, and the cell
    # Camille took is no longer offered.
    onboarding = sam.page.locator("[data-pick-list] .session").filter(has_text=ONBOARDING)
    cells = onboarding.get_by_label(sam.t("Room and time slot for “{title}”", title=ONBOARDING))
    cells.select_option(label=sam.t("{slot} · {room}", slot=slot[1], room=room[0]))
    pick = camille.page.locator("[data-pick-list] .session").filter(has_text=WELCOME)
    pick.get_by_label(camille.t("Room and time slot for “{title}”", title=WELCOME)).select_option(
        label=camille.t("{slot} · {room}", slot=slot[0], room=room[0]))
    pick.get_by_role("button", name=camille.t("Put it here")).click()
    expect(pick.locator(".session-place")).to_have_text(
        camille.t("{slot} · {room}", slot=slot[0], room=room[0]))
    expect(screen_cell(screen, slot[0], 0)).to_contain_text(WELCOME)
    expect(screen_cell(screen, slot[0], 0)).to_contain_text(
        ws.on_screen("Convener: {name}", name="Camille"))
    expect(cells.locator("option")).to_have_count(8)
    expect(cells.locator("option")).not_to_contain_text(
        [sam.t("{slot} · {room}", slot=slot[0], room=room[0])])
    onboarding.get_by_role("button", name=sam.t("Put it here")).click()
    expect(screen_cell(screen, slot[1], 0)).to_contain_text(ONBOARDING)

    # The race a full room runs into: Sam has a cell chosen for another session when Camille
    # moves hers into it. Sam's choice does not jump to another cell: it shows as just taken,
    # the button waits, and nothing is placed until Sam chooses again.
    pricing = sam.page.locator("[data-pick-list] .session").filter(has_text=PRICING)
    pricing_cells = pricing.get_by_label(sam.t("Room and time slot for “{title}”", title=PRICING))
    wanted = sam.t("{slot} · {room}", slot=slot[2], room=room[0])
    pricing_cells.select_option(label=wanted)
    camille_cells = pick.get_by_label(camille.t("Room and time slot for “{title}”", title=WELCOME))
    camille_cells.select_option(label=camille.t("{slot} · {room}", slot=slot[2], room=room[0]))
    pick.get_by_role("button", name=camille.t("Move it there")).click()
    expect(screen_cell(screen, slot[2], 0)).to_contain_text(WELCOME)
    expect(pricing_cells.locator("option:checked")).to_have_text(
        sam.t("{place} — just taken", place=wanted))
    expect(pricing.get_by_role("button", name=sam.t("Put it here"))).to_be_disabled()
    expect(pricing.locator("[data-cell-taken]")).to_have_text(sam.t(
        "Another session has just taken this room and time slot: choose another one. "
        "Nothing was moved."))
    expect(pricing.locator(".session-place")).to_have_text(sam.t("Not on the agenda yet"))
    pricing_cells.select_option(label=sam.t("{slot} · {room}", slot=slot[2], room=room[1]))
    expect(pricing.get_by_role("button", name=sam.t("Put it here"))).to_be_enabled()
    expect(pricing.locator("[data-cell-taken]")).to_be_hidden()
    # Camille takes her session back to the first slot, where the rest of the day finds it.
    camille_cells.select_option(label=camille.t("{slot} · {room}", slot=slot[0], room=room[0]))
    pick.get_by_role("button", name=camille.t("Move it there")).click()
    expect(screen_cell(screen, slot[0], 0)).to_contain_text(WELCOME)

    # Ana drags Sam's other session onto Room B, slot 1, then locks it there.
    free_cell = console.locator("td[data-cell]").filter(
        has=console.get_by_role("button", name=f"{room[1]}, {slot[0]}: free"))
    drag_session(console, PRICING, free_cell)
    expect(screen_cell(screen, slot[0], 1)).to_contain_text(PRICING)
    expect(console.locator("[data-unplaced-count]")).to_have_text("0")
    console.get_by_role("button", name=f"Lock “{PRICING}” in its cell").click()
    expect(console.get_by_role("button", name=f"Unlock “{PRICING}”")).to_be_visible()
    pricing = sam.page.locator("[data-pick-list] .session").filter(has_text=PRICING)
    expect(pricing).to_contain_text(sam.t("{slot} · {room}", slot=slot[0], room=room[1]))
    expect(pricing).to_contain_text(sam.t("Locked in place by the facilitator"))
    expect(pricing.get_by_role("button")).to_have_count(0)  # nothing Sam can move

    # Everyone marks the sessions they want; the screen and the console count them.
    for phone in ws.phones:
        phone.page.get_by_role(
            "button", name=phone.t("I want to go: “{title}”", title=ONBOARDING)).click()
    camille.page.get_by_role(
        "button", name=camille.t("I want to go: “{title}”", title=PRICING)).click()
    expect(camille.page.locator("[data-mark-count]")).to_have_text(
        camille.tn("You marked {n} session.", "You marked {n} sessions.", 2))
    expect(screen_cell(screen, slot[1], 0).locator(".cell-count")).to_have_text(
        ws.on_screen_n("{n} interested", "{n} interested", 2))
    expect(screen_cell(screen, slot[0], 1).locator(".cell-count")).to_have_text(
        ws.on_screen_n("{n} interested", "{n} interested", 1))
    expect(console_card(console, ONBOARDING).locator(".badge.interest")).to_have_text(
        "2 interested")
    assert_fits_the_phone(sam.page)
    console.locator('[data-panel="agenda"]').scroll_into_view_if_needed()
    screenshot(console, "open-space-agenda-console.png")
    screenshot(screen, "open-space-agenda-screen.png")
    screenshot(sam.page, "phone-open-space-agenda-en.png")

    # Sessions: both check in to Camille's session; Sam then uses his two feet.
    ws.next_phase("Sessions")
    expect_console_panels(console, "agenda", "documents")
    for phone in ws.phones:
        phone.page.get_by_role("button", name=phone.t("I'm here: “{title}”", title=WELCOME)).click()
    here = screen_cell(screen, slot[0], 0).locator(".cell-count")
    expect(here).to_have_text(ws.on_screen_n("{n} person here", "{n} people here", 2))
    expect(screen.locator("[data-checked-in]")).to_have_text(
        ws.on_screen_n("{n} person checked in", "{n} people checked in", 2))
    mine = camille.page.locator("[data-checkin-list] .session").filter(has_text=WELCOME)
    expect(mine).to_contain_text(camille.t("You are here"))
    expect(mine.locator(".headcount")).to_have_text(
        camille.tn("{n} person here", "{n} people here", 2))

    # The onboarding session is in a later slot: folded under the slot running now.
    expect(sam.page.locator("[data-checkin-now]")).to_have_text(
        sam.t("Now · {slot}", slot=slot[0]))  # slots are named in the workshop's language
    sam.page.locator("[data-checkin-later] summary").click()
    sam.page.get_by_role("button", name=sam.t("I'm here: “{title}”", title=ONBOARDING)).click()
    expect(here).to_have_text(ws.on_screen_n("{n} person here", "{n} people here", 1))
    expect(screen_cell(screen, slot[1], 0).locator(".cell-count")).to_have_text(
        ws.on_screen_n("{n} person here", "{n} people here", 1))
    expect(screen_cell(screen, slot[0], 1).locator(".cell-count")).to_have_text(
        ws.on_screen_n("{n} person here", "{n} people here", 0))
    expect(screen.locator("[data-checked-in]")).to_have_text(
        ws.on_screen_n("{n} person checked in", "{n} people checked in", 2))
    expect(mine.locator(".headcount")).to_have_text(
        camille.tn("{n} person here", "{n} people here", 1))
    expect(console_card(console, ONBOARDING).locator(".badge.present")).to_have_text(
        "1 here now")
    assert_fits_the_phone(camille.page)
    screenshot(screen, "open-space-sessions-screen.png")
    screenshot(camille.page, "phone-open-space-checkin-fr.png")

    # Notes taken during the session, from the console: the Reports phase lists them at once.
    during = "Noté pendant la session"
    console.get_by_role("button", name=f"Open “{WELCOME}” to co-write").click()
    notes = cowritten_field(console.locator("[data-doc-dialog] [data-doc-body]"), "Key points")
    notes.text.fill(during)
    console.get_by_role("button", name="Close").click()

    # Reports: both phones and the console co-write the report of Camille's session.
    ws.next_phase("Reports")
    expect_console_panels(console, "documents")
    for phone in ws.phones:
        listed = phone.page.locator("[data-doc-list] .doc-item").filter(has_text=WELCOME)
        expect(listed.locator(".doc-preview")).to_have_text(during)
    editors: dict[str, Locator] = {}
    for phone in ws.phones:
        item = phone.page.locator("[data-doc-list] .doc-item").filter(has_text=WELCOME)
        item.get_by_role("button", name=phone.t("Write the report")).click()
        expect(phone.page.locator("[data-doc-title]")).to_have_text(
            phone.t("Report: {title}", title=WELCOME))
        editors[phone.name] = phone.page.locator("[data-doc-container]")
        expect(editors[phone.name].get_by_role("status")).to_have_text(phone.t("Saved"))

    def field(who: str, msgid: str) -> CoWrittenField:
        phone = {camille.name: camille, sam.name: sam}.get(who)
        return cowritten_field(editors[who], phone.t(msgid) if phone else msgid)

    key_points = "Un accueil en deux minutes, sans formulaire"
    field("Camille", "Key points").text.fill(key_points)  # replaces what was noted during
    expect(field("Sam", "Key points").text).to_have_value(key_points)
    expect(field("Sam", "Key points").writing).to_have_text(
        sam.t("{names} writing…", names="Camille"))

    # Ana opens it from the console while Camille is writing: she sees the text and who.
    console.get_by_role("button", name=f"Open “{WELCOME}” to co-write").click()
    editors[FACILITATOR_NAME] = console.locator("[data-doc-dialog] [data-doc-body]")
    expect(field("Ana", "Key points").text).to_have_value(key_points)
    expect(field("Ana", "Key points").writing).to_have_text("Camille writing…")

    recommendation = "Pilot it with ten customers"
    field("Sam", "Recommendations").text.fill(recommendation)
    expect(field("Camille", "Recommendations").text).to_have_value(recommendation)
    expect(field("Ana", "Recommendations").text).to_have_value(recommendation)
    expect(field("Camille", "Recommendations").writing).to_have_text(
        camille.t("{names} writing…", names="Sam"))

    question = "Who welcomes people on Saturdays?"
    field("Ana", "Open questions").text.fill(question)
    expect(field("Camille", "Open questions").text).to_have_value(question)
    expect(field("Sam", "Open questions").text).to_have_value(question)
    expect(field("Sam", "Open questions").writing).to_have_text(
        f"{FACILITATOR_NAME} writing…")

    # The proceedings on the screen show the report as it is written, in the room's language.
    report = screen.locator("[data-documents] .doc").filter(has_text=WELCOME)
    expect(report.locator(".doc-field-label")).to_have_text(
        [ws.on_screen(x) for x in ("Key points", "Recommendations", "Open questions")])
    expect(report).to_contain_text(key_points)
    expect(report).to_contain_text(recommendation)
    expect(report).to_contain_text(question)
    assert_fits_the_phone(sam.page)
    screenshot(console, "open-space-report-console.png")
    screenshot(sam.page, "phone-open-space-report-en.png")
    screenshot(screen, "open-space-reports-screen.png")
    console.get_by_role("button", name="Close").click()
    # Back on the list, a phone's preview follows what the others write, without a reload.
    close_document(sam)
    sam_item = sam.page.locator("[data-doc-list] .doc-item").filter(has_text=WELCOME)
    expect(sam_item.locator(".doc-preview")).to_contain_text(key_points)
    field("Camille", "Open questions").text.fill(question + " And Sundays?")
    expect(sam_item.locator(".doc-preview")).to_contain_text("And Sundays?")

    # Convergence: dots on the sessions whose outcomes should become priorities.
    ws.next_phase("Convergence")
    expect_console_panels(console, "topics")
    console.keyboard.press("t")  # the timer shortcut: every view counts down the same end
    expect(console.locator("[data-timer-state]")).to_have_text("Running")
    expect(screen.locator("[data-timer]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(sam.page.locator("[data-timer]")).to_be_visible()
    add_vote(camille, WELCOME)
    add_vote(camille, WELCOME)
    # Two taps in a row: the phone says that − takes a dot back.
    welcome_card = camille.page.locator(".vote-item").filter(has_text=WELCOME)
    expect(welcome_card.locator(".vote-hint")).to_have_text(camille.tn(
        "{n} dot on this one: tap − to take it back.",
        "{n} dots on this one: tap − to take one back.", 2))
    add_vote(camille, ONBOARDING)
    expect(camille.page.locator(".vote-item").filter(has_text=ONBOARDING)
           .locator(".vote-hint")).to_be_hidden()  # one tap: nothing to say
    # Results are hidden while people vote; the console and the room see how far it has come.
    expect(console.locator("[data-vote-progress]")).to_have_text("1 of 2 has voted · 3 dots placed")
    expect(screen.locator("[data-vote-progress]")).to_have_text(
        ws.on_screen_n("{n} of {people} has voted", "{n} of {people} have voted", 1)
        .replace("{people}", "2") + " · "
        + ws.on_screen_n("{n} dot placed", "{n} dots placed", 3))
    expect(camille.page.locator("[data-votes-left]")).to_have_text(
        camille.tn("{n} vote left", "{n} votes left", 2))
    sam_left = sam.page.locator("[data-votes-left]")
    for left in (4, 3, 2):
        add_vote(sam, WELCOME)
        expect(sam_left).to_have_text(f"{left} votes left")
    plus = sam.page.get_by_role("button", name=f"Add a vote to “{WELCOME}”")
    expect(plus).to_be_disabled()  # at most 3 dots on one session
    add_vote(sam, ONBOARDING)
    add_vote(sam, ONBOARDING)
    expect(sam_left).to_have_text("No votes left")
    expect(sam.page.get_by_role("button", name=f"Add a vote to “{ONBOARDING}”")).to_be_disabled()
    welcome_card = sam.page.locator(".vote-item").filter(has_text=WELCOME)
    expect(welcome_card.locator(".my-count")).to_have_text("3")
    welcome_card.get_by_text(sam.t("Read the text written together")).click()
    expect(welcome_card.locator(".vote-doc")).to_contain_text(key_points)
    expect(screen.locator("[data-votes-hidden] [data-when=voting]").first).to_have_text(
        ws.on_screen("Voting is under way"))
    expect(screen.locator(".note-title")).to_have_text([WELCOME, ONBOARDING, PRICING])
    expect(console_row(console, WELCOME).locator(".topic-count")).to_have_text("5")
    expect(console_row(console, ONBOARDING).locator(".topic-count")).to_have_text("3")
    assert_fits_the_phone(sam.page)
    screenshot(screen, "open-space-convergence-screen.png")
    screenshot(console, "console.png")
    screenshot(sam.page, "phone-vote-en.png")

    # Action planning (the N shortcut): the priorities show; Sam commits; everyone sees it.
    console.locator("body").press("n")
    ws.expect_phase("Action planning")
    expect_console_panels(console, "commitments")
    priorities = screen.locator("[data-priority-list] .priority")
    expect(priorities.locator(".priority-title")).to_have_text([WELCOME, ONBOARDING])
    expect(priorities.locator(".priority-votes")).to_have_text([
        ws.on_screen_n("{n} vote", "{n} votes", 5), ws.on_screen_n("{n} vote", "{n} votes", 3)])
    commitment = "Pilot the two-minute welcome"
    sam.page.get_by_label(sam.t("What will you do?")).fill(commitment)
    sam.page.get_by_label(sam.t("Who owns it?")).fill("Sam & Camille")
    sam.page.get_by_label(sam.t("By when? (optional)")).fill("2027-01-31")
    sam.page.get_by_label(sam.t("For which priority? (optional)")).select_option(label=WELCOME)
    sam.page.get_by_role("button", name=sam.t("Commit"), exact=True).click()
    expect(sam.message).to_have_text(sam.t("Your commitment is in the action plan."))

    action = screen.locator("[data-actions] .action").filter(has_text=commitment)
    expect(action.locator(".action-owner")).to_have_text(
        ws.on_screen("Owner: {name}", name="Sam & Camille"))
    expect(action.locator(".action-due")).to_have_text(
        ws.on_screen("by {date}", date="31 janv. 2027" if language == "fr" else "Jan 31, 2027"))
    expect(action.locator(".action-for")).to_have_text(ws.on_screen("For: {title}", title=WELCOME))
    expect(priorities.first.locator(".priority-actions")).to_have_text(
        ws.on_screen_n("{n} action", "{n} actions", 1))
    plan = camille.page.locator("[data-plan-list] .plan-item").filter(has_text=commitment)
    expect(plan.locator(".plan-meta")).to_contain_text(
        "Sam & Camille · " + camille.t("by {date}", date="31 janv. 2027"))
    expect(plan.locator(".plan-topic")).to_have_text(camille.t("For: {title}", title=WELCOME))
    expect(plan.get_by_role("button")).to_have_count(0)  # only Sam may withdraw it
    expect(console.locator("[data-commitment-list]")).to_contain_text(commitment)
    assert_fits_the_phone(camille.page)
    screenshot(screen, "open-space-action-plan-screen.png")
    screenshot(screen, "screen-results.png")
    screenshot(sam.page, "phone-open-space-commit-en.png")

    # Closing: one word each; the same word said twice grows in the screen's cloud.
    ws.next_phase("Closing")
    expect_console_panels(console, "words", "topics")
    for phone, word in ((camille, "Confiance"), (sam, "confiance"), (sam, "Energy")):
        phone.page.get_by_label(phone.t("One word, or a few"), exact=True).fill(word)
        phone.page.get_by_role("button", name=phone.t("Send my word"), exact=True).click()
        expect(phone.page.locator("[data-my-topics]")).to_contain_text(word)
    cloud = screen.locator("[data-cloud] .word")
    expect(cloud).to_have_count(2)
    trust = cloud.filter(has_text="onfiance")
    expect(trust).to_have_attribute("aria-label", ws.on_screen_n(
        "{word}: said once", "{word}: said {n} times", 2).replace("{word}", "Confiance"))
    expect(cloud.filter(has_text="Energy")).to_have_attribute("aria-label", ws.on_screen_n(
        "{word}: said once", "{word}: said {n} times", 1).replace("{word}", "Energy"))
    expect(screen.locator("[data-cloud-count]")).to_have_text(
        ws.on_screen_n("{n} word", "{n} words", 3))
    sizes = [cloud.nth(i).evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
             for i in range(2)]
    assert sizes[0] > sizes[1], f"the word said twice is not bigger: {sizes}"
    expect(console.locator("[data-word-cloud] [data-word]")).to_have_count(2)
    screenshot(screen, "open-space-closing-screen.png")

    # The end: the last phase's button ends the workshop, after a confirmation.
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="End the workshop").click()
    expect(console.locator("[data-ended]")).to_be_visible()
    expect(console.get_by_role("button", name="End the workshop")).to_be_disabled()
    for phone in (camille, sam):  # the same link now shows the results (test_results_page.py)
        expect(phone.page).to_have_url(f"{ws.server.url}/w/{ws.code}/results", timeout=90_000)
        expect(phone.page.get_by_role("button", name=phone.t("Send my word"))).to_have_count(0)
    console.get_by_role("button", name="Reopen the workshop").click()
    expect(console.locator("[data-ended]")).to_be_hidden()
    camille.page.goto(f"{ws.server.url}/j/{ws.code}")  # the link leads back to the workshop
    expect(camille.page.get_by_role("button", name=camille.t("Send my word"),
                                    exact=True)).to_be_visible()
