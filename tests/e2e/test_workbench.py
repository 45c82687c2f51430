"""The editorial workbench in Chromium: a facilitator curates the brief, then publishes it.

They edit a key message and drop a LinkedIn post on the synthesis page, download the Hootsuite
file for LinkedIn, and the file holds exactly the LinkedIn posts the page now shows. Once a
commitment is marked done, its "You said, we did" draft, kept, joins the LinkedIn file.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import audit
from tests.e2e.test_pages import signed_in_demo

pytestmark = [pytest.mark.e2e, pytest.mark.live]

EDITED = "Talk with our customers, not at them"
DONE = "Two people now answer customers every weekend."


def linkedin_posts(page: Page) -> list[str]:
    texts = page.locator("[data-network=linkedin] [data-kind=post] [data-text]")
    return [text or "" for text in texts.all_text_contents()]


def test_does_the_hootsuite_linkedin_file_hold_exactly_the_curated_posts(
    live_server: LiveServer, laptop: Page,
) -> None:
    demo = signed_in_demo(laptop, live_server, participants=14, language="fr", seed=3)
    laptop.goto(f"{live_server.url}/workshops/{demo['id']}/synthesis")
    audit(laptop, "synthesis with its workbench")

    # Edit the first key message: its editing is folded until asked for.
    message = laptop.locator("[data-key-messages] [data-kind=message]").first
    expect(message.locator("textarea")).to_be_hidden()
    message.get_by_text("Edit", exact=True).click()
    message.locator("textarea").fill(EDITED)
    with laptop.expect_navigation():
        message.get_by_role("button", name="Save my text").click()
    expect(laptop.locator("[data-key-messages] [data-text]").first).to_have_text(EDITED)

    # Editing an X post counts as X does: an emoji counts twice.
    laptop.locator("[data-network=x] > summary").click()
    x_post = laptop.locator("[data-network=x] [data-kind=post]").first
    x_post.get_by_text("Edit", exact=True).click()
    x_post.locator("textarea").fill("🙂🙂 ok")
    expect(x_post.locator("output")).to_have_text("7 / 280")  # 2 + 2 + " ok"

    # Drop the second LinkedIn post.
    before = linkedin_posts(laptop)
    assert any(EDITED in text for text in before)
    dropped = before[1]
    post = laptop.locator("[data-network=linkedin] [data-kind=post]").nth(1)
    with laptop.expect_navigation():
        post.get_by_role("button", name="Drop").click()
    after = linkedin_posts(laptop)
    assert after == [text for text in before if text != dropped]
    expect(laptop.locator("[data-dropped]")).to_contain_text(dropped.split("\n")[0])

    # The Hootsuite file for LinkedIn: no header, exactly those posts, in order.
    with laptop.expect_download() as download:
        laptop.locator("[data-downloads] a[data-format=hootsuite-linkedin]").click()
    assert download.value.suggested_filename.endswith("-hootsuite-linkedin.csv")
    with open(download.value.path(), encoding="utf-8", newline="") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert [row[1] for row in rows] == after
    assert dropped not in [row[1] for row in rows]


def test_does_a_kept_you_said_we_did_draft_reach_the_linkedin_file(
    live_server: LiveServer, laptop: Page,
) -> None:
    demo = signed_in_demo(laptop, live_server, participants=12, language="en", seed=4)
    synthesis = f"{live_server.url}/workshops/{demo['id']}/synthesis"
    laptop.goto(synthesis)
    expect(laptop.locator("[data-said-did-empty]")).to_be_visible()

    # A month later, the facilitator marks the first commitment done from the workshop page.
    laptop.goto(f"{live_server.url}/workshops/{demo['id']}")
    first = laptop.locator("[data-commitment]").first
    first.get_by_label("Status").select_option("done")
    first.locator("textarea").fill(DONE)
    with laptop.expect_navigation():
        first.get_by_role("button", name="Save the update").click()

    laptop.goto(synthesis)
    drafts = laptop.locator("[data-said-did] [data-kind=post]")
    expect(drafts).to_have_count(5)  # one per network
    audit(laptop, "synthesis with a you-said-we-did draft")
    linkedin = drafts.filter(has_text="LinkedIn ·").first
    text = linkedin.locator("[data-text]").text_content() or ""
    assert text.startswith("You said, we did.") and DONE in text
    with laptop.expect_navigation():
        linkedin.get_by_role("button", name="Keep").click()
    expect(laptop.locator("[data-said-did] [data-kind=post]").filter(
        has_text="LinkedIn ·").locator(".badge")).to_have_text("kept")

    with laptop.expect_download() as download:
        laptop.locator("[data-downloads] a[data-format=hootsuite-linkedin]").click()
    with open(download.value.path(), encoding="utf-8", newline="") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert text in [row[1] for row in rows]
