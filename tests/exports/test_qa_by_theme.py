"""The brief's Q&A grouped by the harvest's themes: who joins which theme, in what order, and
how the Markdown, HTML and Word reports and the CSV show the groups."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from typing import Any

import docx
import lxml.html
import pytest

from tests.exports.synthetic import make_synthesis
from workshop.exports.builders import qa_themes, signals
from workshop.exports.model import Synthesis, Theme
from workshop.exports.writers import csvzip, html, markdown, word

DELIVERY = Theme(key="theme:delivery", label="Delivery · delays", terms=["delivery"],
                 sources=[], contribution_ids=[], representatives=[
                     {"text": "Parcels arrive a week late and nobody tells customers."},
                     {"text": "Les colis arrivent avec une semaine de retard."},
                     {"text": "Delivery tracking should show where the parcel is."}])
STAFF = Theme(key="theme:staff", label="Shop staff", terms=["staff"], sources=[],
              contribution_ids=[], representatives=[
                  {"text": "Our shop staff could post on Instagram about their work."},
                  {"text": "Les vendeurs en boutique parlent de leur métier en ligne."}])


def entry(text: str, group: str | None, upvotes: int = 0, kind: str = "asked") -> dict[str, Any]:
    return {"text": text, "group": group, "upvotes": upvotes, "kind": kind, "groups": [group]}


RANK = {"customer": 0, "partner": 1, "employee": 2}


def test_does_each_question_join_the_theme_it_is_about_or_the_others() -> None:
    entries = [entry("When will my parcel finally arrive?", "customer"),
               entry("Can shop staff post photos of the new collection?", "employee"),
               entry("Quand mon colis sera-t-il livré ?", "partner"),
               entry("Is the coffee machine fixed yet?", "customer")]

    grouped = qa_themes.grouped(signals.Meanings(), [DELIVERY, STAFF],
                                ["Shop staff", "Delivery · delays"], entries, RANK)

    assert [(q["theme"], q["text"]) for q in grouped] == [
        ("Shop staff", "Can shop staff post photos of the new collection?"),
        ("Delivery · delays", "When will my parcel finally arrive?"),
        ("Delivery · delays", "Quand mon colis sera-t-il livré ?"),
        (None, "Is the coffee machine fixed yet?")]


def test_are_customers_first_then_the_most_upvoted_inside_a_theme() -> None:
    entries = [entry("Why are parcels always late?", "employee", upvotes=9),
               entry("Can I track my delivery?", "customer", upvotes=1),
               entry("Why does my parcel take a week?", "customer", upvotes=4),
               entry("Les colis en retard seront-ils remboursés ?", "customer", kind="question")]

    grouped = qa_themes.grouped(signals.Meanings(), [DELIVERY], ["Delivery · delays"], entries,
                                RANK)

    assert {q["theme"] for q in grouped} == {"Delivery · delays"}
    assert [q["text"] for q in grouped] == ["Why does my parcel take a week?",
                                            "Can I track my delivery?",
                                            "Les colis en retard seront-ils remboursés ?",
                                            "Why are parcels always late?"]


def test_without_themes_are_all_questions_others_in_the_usual_order() -> None:
    entries = [entry("Who pays?", "employee", upvotes=3), entry("When?", "customer")]

    grouped = qa_themes.grouped(signals.Meanings(), [], [], entries, RANK)

    assert [(q["theme"], q["text"]) for q in grouped] == [(None, "When?"), (None, "Who pays?")]


THEMED = [
    {**entry("Can shop staff post photos?", "employee"), "theme": "Shop staff"},
    {**entry("When will my parcel arrive?", "customer"), "theme": "Delivery · delays"},
    {**entry("Is the coffee machine fixed?", "customer"), "theme": None},
]


# One object for the module: every writer's test embeds the same charts (drawn once, as
# charts are kept per plotted data); the tests only read it.
@pytest.fixture(scope="module")
def themed() -> Synthesis:
    base = make_synthesis(language="en")
    return replace(base, brief=replace(base.brief, questions=THEMED))


def qa_section(lines: list[str], start: str, end: str) -> list[str]:
    """The lines between the Q&A heading and the next section's, in reading order."""
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    last = next(n for n, line in enumerate(lines) if n > first and line.startswith(end))
    return lines[first + 1:last]


def in_order(lines: list[str], wanted: list[str]) -> bool:
    """Whether each wanted text appears on a line after the previous one's."""
    at = 0
    for text in wanted:
        found = next((n for n in range(at, len(lines)) if text in lines[n]), None)
        if found is None:
            return False
        at = found + 1
    return True


READING = ["Shop staff", "Can shop staff post photos?", "Delivery · delays",
           "When will my parcel arrive?", "Other questions", "Is the coffee machine fixed?"]


def test_does_the_markdown_report_give_each_theme_its_heading_and_questions(
    themed: Synthesis,
) -> None:
    lines = markdown.write(themed).decode().splitlines()

    section = qa_section(lines, "### Q&A to prepare", "### ")
    headings = [line for line in section if line.startswith("####")]
    assert headings == ["#### Shop staff", "#### Delivery · delays", "#### Other questions"]
    assert in_order(section, READING)


def test_does_the_html_report_give_each_theme_its_heading_and_questions(
    themed: Synthesis,
) -> None:
    page = lxml.html.document_fromstring(html.write(themed))

    groups = ["Shop staff", "Delivery · delays", "Other questions"]
    headings = [h.text_content() for h in page.iter("h4")]
    assert [h for h in headings if h in groups] == groups
    lines = [e.text_content() for e in page.iter("h3", "h4", "td")]
    assert in_order(lines, READING)


def test_does_the_word_report_give_each_theme_its_heading_and_questions(
    themed: Synthesis,
) -> None:
    document = docx.Document(io.BytesIO(word.write(themed)))
    lines = ["".join(block.itertext()) for block in document.element.body.iterchildren()]
    subheadings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]

    assert [h for h in subheadings if h in READING] == [
        "Shop staff", "Delivery · delays", "Other questions"]
    assert in_order(lines, READING)


def test_does_the_csv_q_and_a_name_each_questions_theme(themed: Synthesis) -> None:
    with zipfile.ZipFile(io.BytesIO(csvzip.write(themed))) as archive:
        rows = list(csv.DictReader(io.StringIO(
            archive.read("questions.csv").decode("utf-8-sig"))))

    assert [(row["Theme"], row["Text"]) for row in rows] == [
        ("Shop staff", "Can shop staff post photos?"),
        ("Delivery · delays", "When will my parcel arrive?"),
        ("Other questions", "Is the coffee machine fixed?")]
