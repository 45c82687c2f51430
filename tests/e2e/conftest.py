"""Playwright fixtures: Debian's Chromium (a browser is never downloaded), a laptop, phones."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import ROOT

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
TIMEOUT_MS = 15_000  # an upper bound for slow CI machines; conditions end the wait sooner

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
            "the e2e tests use Debian's Chromium and never download a browser."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI must run them, so this is a failure.")
        pytest.skip(message)
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


@pytest.fixture(scope="session")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Page, str], None]:
    """Save what the page shows now; into docs/screenshots/ with WORKSHOP_SCREENSHOTS=1.

    By default they go to a temporary folder, so that running the tests leaves the
    committed screenshots alone (make screenshots refreshes them).
    """
    folder = SCREENSHOTS if os.environ.get("WORKSHOP_SCREENSHOTS") == "1" else (
        tmp_path_factory.mktemp("screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / name))
