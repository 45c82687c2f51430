"""Can an owner invite a co-facilitator by link, who creates an account and runs the console?"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import (
    LAPTOP,
    audit,
    create_facilitator,
    create_workshop,
    sign_in_and_open_the_console,
)
from tests.e2e.people import create_account

pytestmark = [pytest.mark.e2e, pytest.mark.live]

NEW_PASSWORD = "a team of two is better"


def test_does_an_invited_co_facilitator_join_by_link_and_run_the_console(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    server = live_server
    create_facilitator(server)
    _code, workshop_id = create_workshop(server, "open_space", title="Customer day",
                                         language="en")
    owner = new_page(**LAPTOP)
    sign_in_and_open_the_console(owner, server, workshop_id)

    owner.goto(f"{server.url}/workshops/{workshop_id}")
    owner.get_by_role("link", name="Team", exact=True).click()
    expect(owner.get_by_role("heading", name="Who runs this workshop")).to_be_visible()
    owner.get_by_role("button", name="Create an invitation link").click()
    link = owner.locator("[data-invitation-link]").inner_text().strip()
    assert link.startswith(f"{server.url}/team/join/")
    audit(owner, "team page")

    newcomer = new_page(**LAPTOP)
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Join the team of “Customer day”")).to_be_visible()
    audit(newcomer, "invitation page")
    create_account(newcomer, "Zoé", "zoe@example.org", NEW_PASSWORD,
                   "Create my account and join")

    expect(newcomer).to_have_url(f"{server.url}/workshops/{workshop_id}")
    expect(newcomer.get_by_text("You are now a co-facilitator of this workshop.")).to_be_visible()
    expect(newcomer.get_by_role("link", name="Delete…")).to_have_count(0)
    newcomer.goto(server.url + "/")
    expect(newcomer.get_by_role("link", name=re.compile("Customer day"))).to_contain_text(
        "Co-facilitator")
    newcomer.goto(f"{server.url}/workshops/{workshop_id}")
    newcomer.get_by_role("link", name="Run the workshop").click()
    expect(newcomer).to_have_url(f"{server.url}/workshops/{workshop_id}/console")
    expect(newcomer.locator("[data-connection]")).to_have_attribute("data-state", "online")

    # The link was for one person: the next visitor is told so.
    late = new_page(**LAPTOP)
    late.goto(link)
    expect(late.get_by_text("This invitation link has already been used.")).to_be_visible()

    # The owner sees who joined, and takes them off the team: their console is closed.
    owner.goto(f"{server.url}/workshops/{workshop_id}")
    expect(owner.locator("[data-activity]")).to_contain_text(
        re.compile(r"Zoé\s+joined the team with an invitation link"))
    owner.goto(f"{server.url}/workshops/{workshop_id}/team")
    owner.get_by_role("button", name="Remove Zoé").click()
    expect(newcomer.locator("[data-connection]")).to_have_attribute("data-state", "refused")

    # The first account administers the others; the accounts page passes axe too.
    owner.get_by_role("link", name="Accounts").click()
    expect(owner.locator("[data-accounts]")).to_contain_text("zoe@example.org")
    audit(owner, "accounts page")
