"""Playwright fixtures: Debian's Chromium (a browser is never downloaded), a laptop, phones.

For a whole method, `live_workshop(method, ...)` gives a signed-in facilitator's console, the
projector screen at 1920×1080 and joined phones, each page knowing its own language.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from tests.ci import unavailable
from tests.conftest import PASSWORD, ROOT, LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"
LAPTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True,
}
SCREEN_SIZE = {"width": 1920, "height": 1080}
PHONE_WIDTH = PHONE["viewport"]["width"]
TIMEOUT_MS = 15_000  # an upper bound for slow CI machines; conditions end the wait sooner
FACILITATOR_EMAIL = "ana@example.org"
FACILITATOR_NAME = "Ana"

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
            "the e2e tests use Debian's Chromium and never download a browser."
        )
        unavailable(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (its own cookies), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def laptop(new_page: Callable[..., Page]) -> Page:
    """The facilitator's browser, in English."""
    return new_page(**LAPTOP)


@pytest.fixture
def phone(new_page: Callable[..., Page]) -> Callable[[str], Page]:
    """A participant's phone whose browser prefers ``locale`` (e.g. "fr-FR")."""
    return lambda locale: new_page(**PHONE, locale=locale)


# --- accessibility -----------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from npm (package-lock.json)
BLOCKING = ("serious", "critical")  # axe's impacts that fail a test


def audit(page: Page, view: str) -> None:
    """Run axe-core on what the page shows now: no serious or critical violation.

    axe is evaluated through the DevTools protocol, as an extension would: the page's own
    Content-Security-Policy stays in force for everything else.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("""async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} — ${n.failureSummary}`),
        }));
    }""")
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {view}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in blocking)


def audit_only(page: Page, name: str) -> None:
    """In place of ``screenshot`` for a run whose pictures are not kept: the audit only."""
    audit(page, name)


@pytest.fixture(scope="session")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Page, str], None]:
    """Check a view with axe-core, then save what it shows.

    Screenshots go into docs/screenshots/ with WORKSHOP_SCREENSHOTS=1; by default into a
    temporary folder, so that running the tests leaves the committed screenshots alone (make
    screenshots refreshes them). Every view the suite pictures is audited.
    """
    folder = SCREENSHOTS if os.environ.get("WORKSHOP_SCREENSHOTS") == "1" else (
        tmp_path_factory.mktemp("screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        audit(page, name)
        page.screenshot(path=str(folder / name))

    return take


# --- the user's language -----------------------------------------------------------------


def _french_catalog() -> Translations:
    """Loaded at each look-up: the catalog is completed while tests run."""
    return Translations.load(str(ROOT / "workshop" / "i18n"), ["fr"])


def french_text(msgid: str) -> str:
    """As tests.conftest.french, also for messages French writes alike ("{slot} · {room}")."""
    translated = _french_catalog()._catalog.get(msgid)  # a compiled catalog: translated ones only
    assert translated, f"not translated into French yet: {msgid!r}"
    return translated


def french_plural(singular: str, plural: str, n: int) -> str:
    """The French a page shows for an ngettext message, with ``{n}`` filled in."""
    catalog = _french_catalog()
    assert catalog._catalog.get((singular, 0)), f"not translated into French yet: {singular!r}"
    return catalog.ngettext(singular, plural, n).replace("{n}", str(n))


def in_language(language: str, msgid: str, **values: str) -> str:
    """``msgid`` as a page in ``language`` ("fr" or "en") shows it, ``{name}``s filled in."""
    text = french_text(msgid) if language == "fr" else msgid
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def plural_in(language: str, singular: str, plural: str, n: int) -> str:
    if language == "fr":
        return french_plural(singular, plural, n)
    return (singular if n == 1 else plural).replace("{n}", str(n))


def assert_fits_the_phone(page: Page) -> None:
    """Nothing sticks out sideways: a phone user would have to scroll horizontally."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a {PHONE_WIDTH}px phone"


OVERFLOWING = """() => [...document.querySelectorAll("main *, .screen *")].filter((el) => {
  const style = getComputedStyle(el);
  if (style.display === "none" || style.display === "inline" || style.visibility === "hidden"
      || el.closest("[hidden], .visually-hidden")) return false;  // for screen readers only
  if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) return false;  // meant to scroll
  const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  return text && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2);
}).map((el) => `${el.className || el.tagName}: ${el.textContent.trim().slice(0, 60)}`)"""


def assert_no_text_overflows(page: Page) -> None:
    """No element's text sticks out of its box (scroll sizes within the element's own)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))")
    overflowing = page.evaluate(OVERFLOWING)
    assert overflowing == [], f"text overflows its box on {page.url}: {overflowing}"


# --- setting a workshop up as people do ------------------------------------------------------


def create_facilitator(server: LiveServer) -> None:
    server.cli("facilitator", "create", FACILITATOR_EMAIL, "--name", FACILITATOR_NAME,
               "--password-stdin", stdin=PASSWORD + "\n")


def create_workshop(server: LiveServer, method: str, *, title: str, language: str,
                    question: str = "") -> tuple[str, int]:
    """A workshop made with the real CLI; returns its join code and id."""
    created = json.loads(server.cli(
        "create", "--title", title, "--method", method, "--facilitator", FACILITATOR_EMAIL,
        "--language", language, "--question", question, "--json",
    ))
    return created["code"], created["id"]


def sign_in_and_open_the_console(laptop: Page, server: LiveServer, workshop_id: int) -> None:
    laptop.goto(server.url + "/login")
    laptop.get_by_label("Email").fill(FACILITATOR_EMAIL)
    laptop.get_by_label("Password").fill(PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()
    laptop.goto(f"{server.url}/workshops/{workshop_id}")
    laptop.get_by_role("link", name="Run the workshop").click()
    expect(laptop).to_have_url(f"{server.url}/workshops/{workshop_id}/console")
    expect(laptop.locator("[data-connection]")).to_have_attribute("data-state", "online")


def open_the_screen(laptop: Page, new_page: Callable[..., Page]) -> Page:
    """The projector screen at 1920×1080, from the address the console's link opens.

    The link opens a popup; the screen then runs in a browser of its own, as on the room's
    projector computer (a popup's opener also gets its animation frames throttled to about
    one a second by headless Chromium, which would make every console click slow).
    """
    with laptop.expect_popup() as opened:
        laptop.get_by_role("link", name="Open the projector screen").click()
    popup = opened.value
    expect(popup.locator("[data-connection]")).to_have_attribute("data-state", "online")
    address = popup.url
    popup.close()
    screen = new_page(viewport=SCREEN_SIZE, reduced_motion="reduce")
    screen.goto(address)
    expect(screen.locator("[data-connection]")).to_have_attribute("data-state", "online")
    return screen


def join(page: Page, server: LiveServer, code: str, name: str, group: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{server.url}/j/{code}")
    page.locator("input[name=name]").fill(name)
    page.locator(f"input[name=group][value={group}]").check()
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/w/{code}")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "online")


@dataclass
class Phone:
    """A joined participant's phone, and the language it shows."""

    page: Page
    name: str
    language: str  # "fr" or "en"

    def t(self, msgid: str, **values: str) -> str:
        return in_language(self.language, msgid, **values)

    def tn(self, singular: str, plural: str, n: int) -> str:
        return plural_in(self.language, singular, plural, n)

    @property
    def phase_title(self) -> Locator:
        return self.page.locator("[data-phase-title]")

    @property
    def message(self) -> Locator:
        return self.page.locator("[data-message]")


@dataclass
class LiveWorkshop:
    """A workshop being run: the console (English), the screen and the phones."""

    server: LiveServer
    code: str
    id: int
    language: str  # the workshop's: the screen's
    console: Page
    screen: Page
    phones: list[Phone] = field(default_factory=list)

    def on_screen(self, msgid: str, **values: str) -> str:
        return in_language(self.language, msgid, **values)

    def on_screen_n(self, singular: str, plural: str, n: int) -> str:
        return plural_in(self.language, singular, plural, n)

    def go_to(self, position: int, title: str) -> None:
        """Click the console's step ``position`` ("3 Agenda"); every view follows."""
        self.console.get_by_role("button", name=f"{position} {title}", exact=True).click()
        self.expect_phase(title)

    def next_phase(self, title: str) -> None:
        """Press the console's Next phase; every view shows the phase titled ``title``."""
        self.console.get_by_role("button", name="Next phase").click()
        self.expect_phase(title)

    def expect_phase(self, title: str) -> None:
        expect(self.console.locator(".step.current")).to_contain_text(title)
        expect(self.screen.locator("[data-phase-title]")).to_have_text(self.on_screen(title))
        for phone in self.phones:
            expect(phone.phase_title).to_have_text(phone.t(title))


PhoneSpec = tuple[str, str, str]  # (locale, name, stakeholder group)
DEFAULT_PHONES: tuple[PhoneSpec, ...] = (("fr-FR", "Camille", "customer"),
                                         ("en-US", "Sam", "employee"))


@pytest.fixture
def live_workshop(
    live_server: LiveServer, laptop: Page, phone: Callable[[str], Page],
    new_page: Callable[..., Page],
) -> Callable[..., LiveWorkshop]:
    """Make a workshop of ``method`` and open it everywhere.

    ``live_workshop("barcamp", language="en", question="…", phones=[("fr-FR", "Camille",
    "customer"), ...])`` creates the facilitator and the workshop with the CLI, signs in on
    the laptop and opens the console, opens the projector screen from it (1920×1080) and
    joins each phone (360×800) in its locale; all of them are connected when it returns.
    """

    def make(method: str, *, language: str = "fr", title: str = "Journée clients",
             question: str = "", phones: Sequence[PhoneSpec] = DEFAULT_PHONES) -> LiveWorkshop:
        create_facilitator(live_server)
        code, workshop_id = create_workshop(live_server, method, title=title,
                                            language=language, question=question)
        laptop.emulate_media(reduced_motion="reduce")
        sign_in_and_open_the_console(laptop, live_server, workshop_id)
        screen = open_the_screen(laptop, new_page)
        expect(screen.locator("html")).to_have_attribute("lang", language)
        workshop = LiveWorkshop(live_server, code, workshop_id, language, laptop, screen)
        for locale, name, group in phones:
            page = phone(locale)
            join(page, live_server, code, name, group)
            workshop.phones.append(Phone(page, name, locale[:2]))
        expect(laptop.locator("[data-people-total]")).to_have_text(
            f"{len(phones)} participant" + ("" if len(phones) == 1 else "s"))
        return workshop

    return make


@pytest.fixture
def crowded_workshop(
    live_server: LiveServer, laptop: Page, new_page: Callable[..., Page],
) -> Callable[..., LiveWorkshop]:
    """A full room: ``crowded_workshop("open_space", participants=150, stop_in="sessions")``
    runs ``workshop demo --stop-in`` (simulated people, through the services) and opens the
    console and the projector screen on the workshop it leaves running in that phase."""

    def make(method: str, *, stop_in: str, participants: int = 150,
             language: str = "en") -> LiveWorkshop:
        create_facilitator(live_server)
        made = json.loads(live_server.cli(
            "demo", "--method", method, "--participants", str(participants),
            "--language", language, "--stop-in", stop_in, "--facilitator", FACILITATOR_EMAIL,
            "--json"))
        laptop.emulate_media(reduced_motion="reduce")
        sign_in_and_open_the_console(laptop, live_server, made["id"])
        screen = open_the_screen(laptop, new_page)
        return LiveWorkshop(live_server, made["code"], made["id"], language, laptop, screen)

    return make


# --- the agenda (Open Space, Barcamp) ---------------------------------------------------------


def screen_cell(screen: Page, slot: str, room: int) -> Locator:
    """The screen's agenda cell in the row of time slot ``slot``, column ``room`` (from 0)."""
    row = screen.get_by_role("row").filter(has=screen.get_by_role("rowheader", name=slot))
    return row.get_by_role("cell").nth(room)


def console_card(console: Page, title: str) -> Locator:
    """The console's agenda card of session ``title`` (in the grid or the list beside it)."""
    return console.locator("[data-session]").filter(
        has=console.locator(".agenda-session-title", has_text=title))


def expect_console_panels(console: Page, *panels: str) -> None:
    """The console shows the cards ``panels`` (their data-panel names, top to bottom), no other."""
    shown = console.locator("[data-panel]:visible")
    expect(shown).to_have_count(len(panels))
    for index, panel in enumerate(panels):
        expect(shown.nth(index)).to_have_attribute("data-panel", panel)


def drag_session(console: Page, title: str, cell: Locator) -> None:
    """Drag session ``title`` by its name onto the console's agenda ``cell``, as with a mouse.

    The cell is scrolled into view first, as a person would: Playwright's drag does not
    survive scrolling the page between pressing and releasing the button.
    """
    cell.scroll_into_view_if_needed()
    console_card(console, title).locator(".agenda-session-title").drag_to(cell)


# --- co-writing ----------------------------------------------------------------------------


@dataclass
class CoWrittenField:
    """One field of the co-writing editor (static/src/cowrite.js) as a reader sees it."""

    box: Locator

    @property
    def text(self) -> Locator:
        return self.box.get_by_role("textbox")

    @property
    def writing(self) -> Locator:
        """The line saying who else is writing here ("Camille writing…")."""
        return self.box.locator(".cowrite-editors")


def cowritten_field(editor: Locator, label: str) -> CoWrittenField:
    """The field labelled ``label`` of the editor open in ``editor`` (on a phone or the console)."""
    return CoWrittenField(editor.locator(".cowrite-field").filter(
        has=editor.page.get_by_label(label, exact=True)))
