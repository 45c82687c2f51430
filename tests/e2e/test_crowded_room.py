"""A room of 150: simulated people (``workshop demo --stop-in``) plus five real phones.

The demo stops in each method's last phase, so that everything the room writes exists; the
facilitator then shows every phase from the first, and the projector stays legible at
1920×1080 and 1280×720 (no text sticks out of its box), in French and in English.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    LiveWorkshop,
    Phone,
    assert_fits_the_phone,
    assert_no_text_overflows,
    join,
)
from workshop.methods import METHODS
from workshop.models import Method

pytestmark = [pytest.mark.e2e, pytest.mark.live]

SIZES = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
# The phase of each method pictured in docs/screenshots (make screenshots), in English.
PICTURED = {"open_space": "sessions", "barcamp": "grid", "appreciative_inquiry": "dream",
            "world_cafe": "harvest"}
REAL_PHONES = (("fr-FR", "Zoé", "customer"), ("en-US", "Priya", "employee"),
               ("fr-FR", "Mathis", "partner"), ("en-US", "Owen", "customer"),
               ("fr-FR", "Inès", "employee"))


def phases(method: str) -> list[tuple[str, str]]:
    return [(phase.id, str(phase.title)) for phase in METHODS[Method(method)].phases]


def crowd(crowded_workshop: Callable[..., LiveWorkshop], phone: Callable[[str], Page],
          method: str, language: str) -> LiveWorkshop:
    """145 simulated people through every phase but the last, and five phones joining."""
    last = phases(method)[-1][0]
    ws = crowded_workshop(method, stop_in=last, participants=145, language=language)
    for locale, name, group in REAL_PHONES:
        page = phone(locale)
        join(page, ws.server, ws.code, name, group)
        ws.phones.append(Phone(page, name, locale[:2]))
    return ws


def assert_the_screen_is_legible(ws: LiveWorkshop, picture: Callable[[str], None] | None = None
                                 ) -> None:
    """No overflow at either size; ``picture(size name)`` saves what each shows."""
    for size in SIZES:
        ws.screen.set_viewport_size(size)
        ws.screen.evaluate("() => window.dispatchEvent(new Event('resize'))")
        assert_no_text_overflows(ws.screen)
        if picture:
            picture(f"{size['width']}x{size['height']}")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("method", [m.value for m in Method])
def test_does_every_screen_stay_legible_with_150_people(
    crowded_workshop: Callable[..., LiveWorkshop], phone: Callable[[str], Page],
    screenshot: Callable[[Page, str], None], method: str, language: str,
) -> None:
    ws = crowd(crowded_workshop, phone, method, language)
    expect(ws.screen.locator("[data-total]")).to_have_text(
        ws.on_screen_n("{n} participant", "{n} participants", 150))

    steps = phases(method)
    for position, (_id, title) in enumerate(steps, start=1):
        # Some titles are made of parts ("Round 1"): the step number tells the screen's phase.
        ws.console.get_by_role("button", name=f"{position} {title}", exact=True).click()
        expect(ws.console.locator(".step.current")).to_contain_text(title)
        expect(ws.screen.locator("[data-step]")).to_have_text(ws.on_screen(
            "Step {index} of {count}", index=str(position), count=str(len(steps))))
        pictured = language == "en" and PICTURED[method] == _id
        assert_the_screen_is_legible(ws, (lambda size, name=_id: screenshot(
            ws.screen, f"crowd-{method}-{name}-{size}.png")) if pictured else None)
        for each in ws.phones:
            assert_fits_the_phone(each.page)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_do_the_projector_and_the_phones_show_the_slot_running_now(
    crowded_workshop: Callable[..., LiveWorkshop], phone: Callable[[str], Page],
    screenshot: Callable[[Page, str], None], language: str,
) -> None:
    """Sessions in a room of 150: now first and marked on the screen, first on the phones."""
    ws = crowd(crowded_workshop, phone, "open_space", language)
    ws.go_to(4, "Sessions")  # the demo's last slot is running: it went through all of them
    screen = ws.screen

    now = screen.locator('.agenda-row[data-when="now"]')
    expect(now.locator(".agenda-now")).to_have_text(ws.on_screen("Now"))
    label = now.locator(".agenda-slot-label").inner_text()
    expect(screen.locator('.agenda-row[data-when="past"]').first).to_be_hidden()
    over = now.locator('[data-cell][data-full="over"]')
    expect(over.first).to_be_visible()  # the demo's favourite sessions overflow their rooms
    count, seats = over.first.locator(".cell-n").inner_text(), over.first.locator(
        ".cell-of").inner_text()
    assert int(count) > int(seats.lstrip("/"))
    assert_the_screen_is_legible(ws)

    zoe = ws.phones[0]
    expect(zoe.page.locator("[data-checkin-now]")).to_have_text(
        zoe.t("Now · {slot}", slot=label))
    first = zoe.page.locator("[data-checkin-list] .session-place")
    expect(first.first).to_be_visible()
    for place in first.all_inner_texts():
        assert place.startswith(label)
    folded = zoe.page.locator("[data-checkin-later]")
    expect(folded).not_to_have_attribute("open", "")
    expect(folded.locator(".session")).not_to_have_count(0)
    zoe.page.set_viewport_size({"width": 320, "height": 720})  # the narrowest phones
    assert_fits_the_phone(zoe.page)
    screenshot(zoe.page, f"crowd-phone-checkin-320-{language}.png")

    # The facilitator says the first slot runs now, then moves on to the next one.
    labels = screen.locator(".agenda-row[data-slot] .agenda-slot-label").all_inner_texts()
    ws.console.get_by_label("Time slot running now").select_option(index=0)
    for label in labels[:2]:
        expect(now.locator(".agenda-slot-label")).to_have_text(label)
        expect(zoe.page.locator("[data-checkin-now]")).to_have_text(
            zoe.t("Now · {slot}", slot=label))
        ws.console.get_by_role("button", name="Next slot").click()


NOT_WHOLE = """() => {
  const cut = (el) => el.scrollWidth > el.clientWidth + 1;
  return {
    page: document.documentElement.scrollWidth > window.innerWidth,
    steps: [...document.querySelectorAll(".step-title")].filter(cut).map((el) => el.textContent),
    grid: [...document.querySelectorAll(".agenda-scroll")].some(cut),
  };
}"""


@pytest.mark.parametrize("size", [{"width": 1280, "height": 720}, {"width": 1366, "height": 768}],
                         ids=["1280x720", "1366x768"])
def test_is_the_console_whole_on_a_laptop_with_eight_rooms(
    crowded_workshop: Callable[..., LiveWorkshop], screenshot: Callable[[Page, str], None],
    size: dict[str, int],
) -> None:
    """Phase names whole, the agenda of eight rooms without sideways scrolling, no page scroll."""
    ws = crowded_workshop("open_space", stop_in="agenda", participants=150, language="fr")
    console = ws.console
    console.set_viewport_size(size)
    expect(console.locator(".agenda-grid th[data-room]")).to_have_count(8)

    assert console.evaluate(NOT_WHOLE) == {"page": False, "steps": [], "grid": False}
    ws.go_to(4, "Sessions")
    assert console.evaluate(NOT_WHOLE) == {"page": False, "steps": [], "grid": False}
    screenshot(console, f"crowd-console-sessions-{size['width']}x{size['height']}.png")
