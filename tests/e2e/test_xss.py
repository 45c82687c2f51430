"""An XSS corpus, as names, topics, commitments and co-written text, stays inert everywhere.

Every string tries to run ``window.__xss = n`` (or to break out of an attribute). In Chromium,
each view must show the string as text and never run it; each export must carry it as text
(and the HTML report, opened in Chromium, must not run it either).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.conftest import PASSWORD, LiveServer
from tests.realtime.test_cowriting import Scene, writing_phase
from workshop.models import Method

pytestmark = pytest.mark.e2e

CORPUS = (
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=2>",
    "\"><svg onload=window.__xss=3>",
    "<a href=\"javascript:window.__xss=4\">x</a>",
    "'-alert(5)-'",
    "<iframe srcdoc=\"<script>parent.__xss=6</script>\">",
)
NAMES = [f"Zoé {text}" for text in CORPUS[:3]]


def never_ran(page: Page) -> None:
    assert page.evaluate("() => window.__xss") is None


def shows(page: Page, texts: tuple[str, ...] | list[str]) -> None:
    for text in texts:
        expect(page.get_by_text(text, exact=False).filter(visible=True).first).to_be_visible()


@pytest.fixture
def hostile(live_server: LiveServer) -> Scene:
    """An Open Space whose participants wrote the corpus everywhere they can write."""
    scene = Scene(live_server, Method.OPEN_SPACE)
    for name in NAMES:
        # Named in the reports: without consent, the words of a name are redacted from every
        # text, and these names are made of the corpus.
        scene.join(name, consent=True)
    scene.act("phase.goto", phase="marketplace")
    topics = []
    for n, text in enumerate(CORPUS):
        phone = scene._socket({"token": scene.people[NAMES[n % len(NAMES)]]["token"]})
        answer = phone.call("topic.propose", {"client_id": f"t{n}", "title": text,
                                              "details": text}, timeout=30)
        assert answer["ok"], answer
        topics.append(answer["topic"]["id"])
        phone.disconnect()
    scene.act("phase.goto", phase=writing_phase(Method.OPEN_SPACE, "report"))
    editor = scene.phone(NAMES[0], f"report:{topics[0]}")
    editor.open()
    for text in CORPUS:
        assert editor.type("key_points", None, text + "\n")["ok"]
    editor.close()
    scene.act("phase.goto", phase="action_planning")
    for n, text in enumerate(CORPUS[:3]):
        scene.act("commitment.add", title=text, owner=text, topic_id=topics[n])
    return scene


def test_is_the_corpus_shown_as_text_and_never_run_in_the_browser(
    hostile: Scene, live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    laptop = new_page()
    laptop.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    laptop.goto(live_server.url + "/login")
    laptop.get_by_label("Email").fill(hostile.owner.email)
    laptop.get_by_label("Password").fill(PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()

    laptop.goto(f"{live_server.url}/workshops/{hostile.workshop.id}")  # participants by name
    shows(laptop, NAMES)
    never_ran(laptop)
    laptop.goto(f"{live_server.url}/workshops/{hostile.workshop.id}/console")  # action plan
    expect(laptop.locator("[data-connection]")).to_have_attribute("data-state", "online")
    shows(laptop, CORPUS[:3])
    never_ran(laptop)
    with laptop.expect_popup() as opened:
        laptop.get_by_role("link", name="Open the projector screen").click()
    screen = opened.value
    expect(screen.locator("[data-connection]")).to_have_attribute("data-state", "online")
    shows(screen, CORPUS[:3])
    never_ran(screen)

    hostile.act("phase.goto", phase="marketplace")  # every topic on the wall, with its author
    shows(screen, CORPUS)
    shows(laptop, CORPUS)
    never_ran(screen)
    never_ran(laptop)

    phone = new_page(viewport={"width": 360, "height": 800})
    phone.goto(f"{live_server.url}/j/{hostile.workshop.code}")
    phone.locator("input[name=name]").fill(CORPUS[1])
    phone.locator("input[name=group][value=customer]").check()
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("[data-connection]")).to_have_attribute("data-state", "online")
    shows(phone, [f"Welcome, {CORPUS[1]}!"])
    shows(laptop, [CORPUS[1]])  # the new participant's name reaches the console as text
    hostile.act("phase.goto", phase="convergence")  # every topic on the phone's ballot
    shows(phone, CORPUS)
    never_ran(phone)
    never_ran(laptop)

    hostile.act("workshop.end")
    laptop.goto(f"{live_server.url}/workshops/{hostile.workshop.id}/synthesis")
    # The phone joined under CORPUS[1] without consenting to be quoted: the synthesis
    # redacts that name wherever it appears, so that string is not shown there.
    shows(laptop, [text for text in CORPUS if text != CORPUS[1]])
    never_ran(laptop)
    # The phone, at the end, on its results page: the same texts, as text.
    expect(phone).to_have_url(f"{live_server.url}/w/{hostile.workshop.code}/results",
                              timeout=90_000)
    shows(phone, [text for text in CORPUS if text != CORPUS[1]])
    never_ran(phone)


def test_is_the_corpus_carried_as_text_in_every_export(
    hostile: Scene, live_server: LiveServer, new_page: Callable[..., Page], tmp_path: Path
) -> None:
    hostile.act("workshop.end")
    live_server.cli("export", hostile.workshop.code, "--format", "all", "--out", str(tmp_path))
    files = {path.suffix: path for path in tmp_path.rglob("*") if path.is_file()}

    html = files[".html"].read_text(encoding="utf-8")
    for text in CORPUS:
        assert text not in html  # every < and " escaped
    report = new_page()
    report.goto(files[".html"].as_uri())
    shows(report, CORPUS)
    never_ran(report)

    markdown = files[".md"].read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown

    sheets = openpyxl.load_workbook(files[".xlsx"])
    cells = {str(cell.value) for sheet in sheets for row in sheet.iter_rows() for cell in row}
    assert set(CORPUS) <= cells
    words = "\n".join(p.text for p in Document(str(files[".docx"])).paragraphs)
    assert all(text in words for text in CORPUS[:3])
    pdf = "".join(page.extract_text() for page in PdfReader(files[".pdf"]).pages)
    assert all(text in pdf.replace("\n", " ") for text in CORPUS[:2])
    archive = json.loads(files[".json"].read_text(encoding="utf-8"))
    assert CORPUS[0] in json.dumps(archive, ensure_ascii=False)
    tables = next(path for path in tmp_path.rglob("*-tables.zip"))  # other zips: cards...
    with zipfile.ZipFile(tables) as csvs:
        assert any(CORPUS[0] in csvs.read(name).decode("utf-8") for name in csvs.namelist())
