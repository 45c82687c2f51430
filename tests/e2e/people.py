"""What people do and see in several methods: dots on a phone, a row of the console's list, a
line sent from a phone, a commitment made before the end, a facilitator's new account."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import Phone, cowritten_field, in_language, join
from tests.realtime.test_cowriting import Scene
from workshop.models import Method

FIRST_BUILD_MS = 90_000  # the first synthesis loads the meaning model in a report worker


def exactly(text: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(text) + "$")


def add_vote(phone: Phone, title: str) -> None:
    """Place one dot on the contribution titled ``title``."""
    card = phone.page.locator(".vote-item").filter(
        has=phone.page.locator(".vote-title", has_text=exactly(title)))
    card.get_by_role("button", name=phone.t("Add a vote to “{title}”", title=title),
                     exact=True).click()


def console_row(laptop: Page, title: str) -> Locator:
    """The console's row of a contribution, by its exact title."""
    return laptop.locator("[data-topic-list] .topic-row").filter(
        has=laptop.locator(".topic-title", has_text=exactly(title)))


def open_document(phone: Phone, button: str, title: str, status: str = "Saved") -> None:
    """Open a co-written document from the button named ``button``; it shows ``title`` and
    ``status`` ("Saved" where the phone may write, "Read only" where it may only read)."""
    phone.page.get_by_role("button", name=button, exact=True).click()
    expect(phone.page.locator("[data-doc-title]")).to_have_text(title)
    expect(phone.page.locator(".cowrite-status")).to_have_text(phone.t(status))


def close_document(phone: Phone) -> None:
    phone.page.get_by_role("button", name=phone.t("Back"), exact=True).click()
    expect(phone.page.locator('[data-view="doc"]')).to_be_hidden()


def text_of(phone: Phone, label: str) -> Locator:
    """The text box of the open document's field labelled ``label`` (in the phone's language)."""
    return cowritten_field(phone.page.locator("[data-doc-container]"), phone.t(label)).text


def writing(phone: Phone, label: str) -> Locator:
    """The line under the field labelled ``label`` saying who else is writing there."""
    return cowritten_field(phone.page.locator("[data-doc-container]"), phone.t(label)).writing


def send(phone: Phone, label: str, text: str, button: str) -> None:
    """Type ``text`` in the box labelled ``label`` and press ``button`` (in the phone's words)."""
    phone.page.get_by_label(phone.t(label), exact=True).fill(text)
    phone.page.get_by_role("button", name=phone.t(button), exact=True).click()


def commit_then_end(server: LiveServer, page: Page, title: str, due: str) -> str:
    """A French phone joins an Open Space, commits to ``title`` by ``due`` (ISO), and the
    workshop ends: the phone shows the results page, whose workshop code is returned."""
    scene = Scene(server, Method.OPEN_SPACE)
    code = scene.workshop.code
    join(page, server, code, "Camille", "customer")
    scene.act("phase.goto", phase="action_planning")
    page.get_by_label(in_language("fr", "What will you do?")).fill(title)
    page.get_by_label(in_language("fr", "By when? (optional)")).fill(due)
    page.get_by_role("button", name=in_language("fr", "Commit"), exact=True).click()
    expect(page.locator("[data-message]")).to_have_text(
        in_language("fr", "Your commitment is in the action plan."))
    scene.act("workshop.end")
    expect(page).to_have_url(f"{server.url}/w/{code}/results", timeout=FIRST_BUILD_MS)
    return code


def create_account(page: Page, name: str, email: str, password: str, button: str) -> None:
    """Fill a new facilitator account's form (set-up page, team invitation), press ``button``."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_role("button", name=button).click()
