"""Can a facilitator run a World Café live, three rounds to commitments, with four phones?

The workshop is in English (the screen reads English); two employees and two customers join,
two of them with French phones; the facilitator's console is English.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    LiveWorkshop,
    Phone,
    assert_fits_the_phone,
    audit_only,
    expect_console_panels,
)
from tests.e2e.people import (
    add_vote,
    close_document,
    console_row,
    open_document,
    text_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.live]

PHONES = (("fr-FR", "Camille", "customer"), ("en-US", "Sam", "employee"),
          ("fr-FR", "Léa", "employee"), ("en-US", "Jordan", "customer"))
GROUP = {name: group for _locale, name, group in PHONES}
QUESTIONS = {
    "1": "What makes a visit to our shop feel easy?",
    "2": "Where do customers and staff lose time together?",
    "3": "What could we try next month?",
}
HOST_SAYS = ("You host this table: stay here, welcome the newcomers and tell them what was "
             "said.")
Seating = dict[str, tuple[int, bool]]  # name → (table, host)


def seating_on_screen(screen: Page) -> Seating:
    """Who sits where this round, read from the projector."""
    seats: Seating = {}
    for card in screen.locator("[data-tables] .table-card").all():
        table = int(card.get_attribute("data-table") or 0)
        for person in card.locator(".person").all():
            name = person.locator(".person-name").inner_text()
            seats[name] = (table, person.get_attribute("data-host") == "true")
    return seats


def expect_round(cafe: LiveWorkshop, round_: int) -> Seating:
    """The screen shows the round, its question and everyone at two tables, one host each
    (how many tables mix groups, counted); each phone says which table to go to, who hosts
    it and how many sit there. Returns the seating."""
    screen = cafe.screen
    expect(screen.locator("[data-round]")).to_have_text(
        cafe.on_screen("Round %(n)d").replace("%(n)d", str(round_)))
    expect(screen.locator("[data-round-question]")).to_have_text(QUESTIONS[str(round_)])
    expect(screen.locator("[data-tables] .person")).to_have_count(len(PHONES))
    seats = seating_on_screen(screen)
    assert sorted(seats) == sorted(GROUP), seats
    hosts = {table: name for name, (table, host) in seats.items() if host}
    assert sorted(hosts) == [1, 2], f"one host per table: {seats}"
    at = {table: [name for name, (t, _host) in seats.items() if t == table] for table in (1, 2)}
    mixed = sum(len({GROUP[name] for name in names}) > 1 for names in at.values())
    summary = [cafe.on_screen_n("{n} table", "{n} tables", 2),
               cafe.on_screen_n("{n} person", "{n} people", 4),
               cafe.on_screen_n("{n} mixes stakeholder groups", "{n} mix stakeholder groups",
                                mixed)]
    expect(screen.locator("[data-tables-summary]")).to_have_text(" · ".join(
        text.replace("{n}", str(n)) for text, n in zip(summary, (2, 4, mixed), strict=True)))
    for phone in cafe.phones:
        table, host = seats[phone.name]
        page = phone.page
        expect(page.locator("[data-seat-kicker]")).to_have_text(phone.t("Round {n}", n=str(round_)))
        expect(page.locator("[data-seat-title]")).to_have_text(
            phone.t("Go to table {n}", n=str(table)))
        expect(page.locator("[data-seat-sub]")).to_have_text(
            phone.t(HOST_SAYS) if host else phone.t("Hosted by {name}", name=hosts[table]))
        expect(page.locator("[data-seat-question]")).to_have_text(QUESTIONS[str(round_)])
        expect(page.locator("[data-seat-people] li")).to_have_count(len(at[table]) - 1)
    return seats


def next_round(cafe: LiveWorkshop, round_: int) -> None:
    """Next phase: round ``round_`` ("Round %(n)d", which LiveWorkshop.next_phase can't look up)."""
    cafe.console.get_by_role("button", name="Next phase").click()
    title = f"Round {round_}"
    expect(cafe.console.locator(".step.current")).to_contain_text(title)
    expect(cafe.screen.locator("[data-phase-title]")).to_have_text(
        cafe.on_screen("Round %(n)d").replace("%(n)d", str(round_)))
    for phone in cafe.phones:
        expect(phone.phase_title).to_have_text(
            phone.t("Round %(n)d").replace("%(n)d", str(round_)))


def open_table_notes(phone: Phone, table: int) -> None:
    open_document(phone, phone.t("Open the table's notes"),
                  phone.t("Table {n}: notes", n=str(table)))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_can_a_facilitator_run_a_world_cafe_with_three_rounds_and_four_phones(
    live_workshop: Callable[..., LiveWorkshop],
    screenshot: Callable[[Page, str], None],
    language: str,
) -> None:
    if language != "en":  # the screenshots show the first language; both are audited
        screenshot = audit_only
    cafe = live_workshop("world_cafe", language=language, title="Shop café",
                         question="How do we serve our customers better?", phones=PHONES)
    laptop, screen = cafe.console, cafe.screen
    by_name = {phone.name: phone for phone in cafe.phones}
    cafe.expect_phase("Welcome")
    expect_console_panels(laptop, "cafe")

    # Welcome: two tables and a question per round, set on the console.
    tables = laptop.locator("[data-panel=cafe]")
    tables.get_by_label("Number of tables").fill("2")
    for n, question in QUESTIONS.items():
        tables.get_by_label(f"Question of round {n}").fill(question)
    tables.get_by_role("button", name="Save tables and questions").click()
    expect(laptop.locator("[data-message]")).to_have_text("Saved.")

    # Round 1: everyone has a table and a host, and each table mixes employees and customers.
    next_round(cafe, 1)
    expect_console_panels(laptop, "seating", "cafe")
    first = expect_round(cafe, 1)
    for table in (1, 2):
        assert {GROUP[name] for name, (t, _host) in first.items() if t == table} == {
            "employee", "customer"}, first
    expect(laptop.locator("[data-seating-summary]")).to_have_text(
        "2 tables, 2 mixing stakeholder groups · Everyone is seated.")
    assert_fits_the_phone(by_name["Camille"].page)
    screenshot(screen, "world-cafe-tables-screen.png")
    screenshot(by_name["Camille"].page, "world-cafe-round-phone.png")

    # Each host starts the table's notes.
    hosts = {table: by_name[name] for name, (table, host) in first.items() if host}
    notes = {1: "Table 1 heard: signs in the shop are confusing.",
             2: "Table 2 heard: la caisse rapide plaît à tout le monde."}
    for table, host in hosts.items():
        open_table_notes(host, table)
        text_of(host, "Notes").fill(notes[table])
        expect(host.page.locator(".cowrite-status")).to_have_text(host.t("Saved"))
    screenshot(hosts[1].page, "world-cafe-notes-phone.png")
    for host in hosts.values():
        close_document(host)

    # Round 2: the hosts stay, the visitors move and read what round 1 wrote at their table.
    next_round(cafe, 2)
    second = expect_round(cafe, 2)
    for table, host in hosts.items():
        assert second[host.name] == (table, True), f"{host.name} left table {table}: {second}"
    visitors = [by_name[name] for name, (_table, host) in first.items() if not host]
    for visitor in visitors:
        table = second[visitor.name][0]
        assert table != first[visitor.name][0], f"{visitor.name} did not move: {second}"
        open_table_notes(visitor, table)
        expect(text_of(visitor, "Notes")).to_have_value(notes[table])

    # A visitor adds to the notes; the host reads them too.
    visitor = visitors[0]
    table = second[visitor.name][0]
    addition = "\nVisitors add: a map at the door."
    text_of(visitor, "Notes").press("Control+End")
    text_of(visitor, "Notes").press_sequentially(addition)
    notes[table] += addition
    expect(visitor.page.locator(".cowrite-status")).to_have_text(visitor.t("Saved"))
    screenshot(visitor.page, "world-cafe-visitor-notes-phone.png")
    for other in visitors:
        close_document(other)
    open_table_notes(hosts[table], table)
    expect(text_of(hosts[table], "Notes")).to_have_value(notes[table])
    close_document(hosts[table])

    # Round 3: the hosts still stay; the screen asks the third question.
    next_round(cafe, 3)
    third = expect_round(cafe, 3)
    for table, host in hosts.items():
        assert third[host.name] == (table, True), f"{host.name} left table {table}: {third}"

    # Harvest: everyone's insight on the wall.
    cafe.next_phase("Harvest")
    expect_console_panels(laptop, "topics")
    insights = {
        "Camille": "Un plan du magasin à l’entrée",
        "Sam": "Customers want to be asked, not surveyed",
        "Léa": "La caisse rapide pour tous",
        "Jordan": "Staff know the shop's pain points best",
    }
    for phone in cafe.phones:
        phone.page.get_by_label(phone.t("What you take from the conversations"),
                                exact=True).fill(insights[phone.name])
        phone.page.get_by_role("button", name=phone.t("Share my insight"), exact=True).click()
        expect(phone.page.locator("[data-my-topics]")).to_contain_text(insights[phone.name])
    expect(screen.locator(".note-title")).to_have_text(list(insights.values()))
    screenshot(screen, "world-cafe-harvest-screen.png")

    # Priorities: dots on the insights; the console counts them, the screen keeps them hidden.
    cafe.next_phase("Priorities")
    expect_console_panels(laptop, "topics")
    map_at_door, staff_know = insights["Camille"], insights["Jordan"]
    for phone in cafe.phones:
        add_vote(phone, map_at_door)
    add_vote(by_name["Sam"], staff_know)
    expect(console_row(laptop, map_at_door).locator(".topic-count")).to_have_text("4")
    expect(console_row(laptop, staff_know).locator(".topic-count")).to_have_text("1")
    expect(screen.locator("[data-votes-hidden]")).to_be_visible()

    # Commitments: with an owner, a date and the insight it serves, on the screen and every
    # phone, beside the insights ranked.
    cafe.next_phase("Commitments")
    expect_console_panels(laptop, "commitments")
    camille, sam = by_name["Camille"], by_name["Sam"]
    camille.page.get_by_label(camille.t("What will you do?")).fill("Dessiner le plan du magasin")
    camille.page.get_by_label(camille.t("Who owns it?")).fill("Camille et Léa")
    camille.page.get_by_label(camille.t("By when? (optional)")).fill("2031-03-15")
    camille.page.get_by_label(camille.t("For which priority? (optional)")).select_option(
        label=map_at_door)
    camille.page.get_by_role("button", name=camille.t("Commit"), exact=True).click()
    sam.page.get_by_label("What will you do?").fill("Ask five customers each week")
    sam.page.get_by_role("button", name="Commit", exact=True).click()
    actions = screen.locator("[data-actions] .action")
    expect(actions.locator(".action-title")).to_have_text(
        ["Ask five customers each week", "Dessiner le plan du magasin"])
    plan = actions.filter(has_text="Dessiner")
    expect(plan.locator(".action-owner")).to_have_text(
        cafe.on_screen("Owner: {name}", name="Camille et Léa"))
    expect(plan.locator(".action-due")).to_have_text(cafe.on_screen(
        "by {date}", date="15 mars 2031" if cafe.language == "fr" else "Mar 15, 2031"))
    expect(plan.locator(".action-for")).to_have_text(
        cafe.on_screen("For: {title}", title=map_at_door))
    expect(actions.filter(has_text="Ask five").locator(".action-owner")).to_have_text(
        cafe.on_screen("Owner: {name}", name="Sam"))
    priorities = screen.locator("[data-priority-list] .priority")
    expect(priorities.locator(".priority-title")).to_have_text([map_at_door, staff_know])
    expect(priorities.locator(".priority-votes")).to_have_text(["4 votes", "1 vote"])
    for phone in cafe.phones:
        expect(phone.page.locator("[data-plan-list] .plan-title")).to_have_text(
            ["Dessiner le plan du magasin", "Ask five customers each week"])
    expect(laptop.locator("[data-commitment-count]")).to_have_text("2")
    assert_fits_the_phone(camille.page)
    screenshot(screen, "world-cafe-commitments-screen.png")
    screenshot(camille.page, "world-cafe-commitments-phone.png")
