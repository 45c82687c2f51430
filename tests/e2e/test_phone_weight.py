"""Phone weight (issue 6): what a phone downloads before and after opening a co-written document.

Sizes only: the timings on a slow network are measured by bench/phone.py, not asserted here.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable

from playwright.sync_api import Frame, Page, Response, expect

from tests.e2e.conftest import LiveWorkshop
from tests.e2e.people import close_document, open_document

BUDGET_GZIP = 25_000  # bytes of JavaScript, gzipped, before co-writing is opened
EDITOR = "/static/dist/chunks/cowrite-"  # the co-writing editor with Yjs (static/src/cowrite.js)


def scripts_received(page: Page) -> list[Response]:
    """Every JavaScript response of the page's next document, cached or not.

    Counting starts when the next navigation commits: a chunk the current document was still
    fetching while idle belongs to it, and its body is gone once navigated away.
    """
    received: list[Response] = []
    counting: list[bool] = []

    def navigated(frame: Frame) -> None:
        if frame == page.main_frame:
            counting.append(True)

    page.on("framenavigated", navigated)
    page.on("response", lambda response: received.append(response)
            if counting and response.request.resource_type == "script" else None)
    return received


def gzipped(responses: list[Response]) -> dict[str, int]:
    return {r.url.rsplit("/", 1)[-1]: len(gzip.compress(r.body(), 9)) for r in responses}


def test_does_a_phone_download_under_25_kb_of_script_until_it_opens_a_document(
    live_workshop: Callable[..., LiveWorkshop],
) -> None:
    cafe = live_workshop("world_cafe", language="en", title="Shop café",
                         phones=[("en-US", "Camille", "customer")])
    camille = cafe.phones[0]
    # Reopened, the page gets every script it runs again (from the cache or not): all counted.
    received = scripts_received(camille.page)
    camille.page.reload()
    expect(camille.page.locator("[data-connection]")).to_have_attribute("data-state", "online")
    cafe.expect_phase("Welcome")
    # The stylesheet comes inline (no request before the first paint), allowed by its hash.
    expect(camille.page.locator("main")).to_have_css("max-width", "520px")

    # Round 1 seats everyone at a table, whose notes are co-written; the table's module comes.
    cafe.next_phase("Round 1")
    expect(camille.page.get_by_role("button", name="Open the table's notes")).to_be_visible()
    before = gzipped(received)
    assert "phone-" in " ".join(before), before
    assert not any(EDITOR in r.url for r in received), "the editor came before it was needed"
    assert sum(before.values()) < BUDGET_GZIP, f"{sum(before.values())} bytes gzipped: {before}"

    # Opening the notes brings the editor, then and only then.
    count = len(received)
    open_document(camille, "Open the table's notes", "Table 1: notes")
    added = [r.url for r in received[count:]]
    assert any(EDITOR in url for url in added), added
    close_document(camille)
