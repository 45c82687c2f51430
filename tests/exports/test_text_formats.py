"""Markdown and HTML reports, read back as a reader's software reads them."""

from __future__ import annotations

import base64
import re
from dataclasses import replace

import lxml.html
import pytest
from babel.numbers import format_percent

from tests.conftest import in_check
from tests.exports.synthetic import FORMULA, SECRET_NAME, TOP_TITLE, make_synthesis
from workshop.exports import service
from workshop.exports.model import Brief, Synthesis
from workshop.exports.writers import html, markdown
from workshop.models import Method

WRITERS = {"md": markdown, "html": html}
TYPOGRAPHY = ("é", "œ", "«", "»", "’", "🎉", "🚀")
HOSTILE = (
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
    "<http://evil.example>",
    "`code` **gras** _it_ | pipe",
    "# pas un titre",
    "1. pas une liste",
    "&lt;img&gt; &#60;b&#62;",
)


def page_text(fmt: str, data: bytes) -> str:
    """What a reader sees: the HTML's text content, or the Markdown file as it is."""
    if fmt == "html":
        return lxml.html.document_fromstring(data).text_content()
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def written(small: Synthesis) -> dict[str, bytes]:
    return {fmt: writer.write(small) for fmt, writer in WRITERS.items()}


def hostile_synthesis(small: Synthesis) -> Synthesis:
    """The small synthesis where participants typed markup into titles, details and documents."""
    synthesis = replace(small, items=[replace(i) for i in small.items],
                        documents=[replace(d, fields=dict(d.fields)) for d in small.documents])
    for item, text in zip(synthesis.items, HOSTILE, strict=False):
        item.title = text
        item.details = text
    synthesis.documents[0].fields["summary"] = "\n".join(HOSTILE)
    return synthesis


# --- both formats ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", WRITERS)
def test_do_accents_ligatures_french_quotes_and_emoji_survive(fmt, written):
    text = page_text(fmt, written[fmt])

    for character in TYPOGRAPHY:
        assert character in text
    assert "Journée « clients » de l’œuvre" in text
    assert TOP_TITLE in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_does_an_author_who_did_not_consent_appear_as_their_pseudonym(fmt, written, small):
    text = page_text(fmt, written[fmt])

    assert small.item(2) is not None and small.item(2).author == "P-002"
    assert "P-002" in text and "Amélie 0 « A »" in text
    assert SECRET_NAME not in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_do_the_writers_constants_match_the_export_service(fmt):
    assert service.FORMATS[fmt].extension == WRITERS[fmt].EXTENSION
    assert service.FORMATS[fmt].media_type == WRITERS[fmt].MEDIA_TYPE


@pytest.mark.parametrize("fmt", WRITERS)
def test_can_a_workshop_nobody_joined_be_written(fmt, small):
    synthesis = replace(small, people=[], items=[], ballots={}, documents=[], commitments=[],
                        words=[], brief=Brief(), participation={})

    assert "Journée « clients » de l’œuvre" in page_text(fmt, WRITERS[fmt].write(synthesis))


@pytest.mark.parametrize("fmt", WRITERS)
def test_do_control_characters_in_participant_text_not_reach_the_file(fmt, small):
    synthesis = replace(small, items=[replace(i) for i in small.items])
    synthesis.items[0].title = "Bell\x07 null\x00 escape\x1b « ok »"

    data = WRITERS[fmt].write(synthesis)

    assert "Bell null escape « ok »" in page_text(fmt, data)
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)


@pytest.mark.parametrize("fmt", WRITERS)
def test_does_the_report_show_every_part_of_the_synthesis(fmt, written, small):
    text = " ".join(page_text(fmt, written[fmt]).split())
    percent = format_percent(0.8, locale="fr")

    for expected in (
        "Comment parler avec nos clients, pas seulement à eux ?",  # the question
        "Forum ouvert", "180",  # method and duration
        "Collaborateur 16 · Client 16 · Partenaire 19",  # the top item's dots by group
        "Résumé 0 : l’équipe « client » œuvre 🚀",  # a session report's field
        "La fierté du travail bien fait ’",  # positive core
        "Des clients qui en parlent « spontanément »",  # dreams
        "Chaque salarié répond en son nom 🙂",  # propositions
        "Action 1 : répondre « vite »", "2 avril 2025",  # action plan, due date
        "Nous écoutons « vraiment » nos clients",  # key message
        "Pourquoi l’emballage change-t-il ?",  # Q&A
        "Cœur de Loire", "Retards de livraison 😡",  # listening list, risk signals
        "Relationship building", "From selling to connecting",  # foundations and shifts
        "Post 1 : « merci » à nos clients ’ 🎉",  # editorial calendar
        " ".join(percent.split()),  # stakeholder map intensity
    ):
        assert expected in text, expected


def closing_words(fmt: str, data: bytes) -> list[list[str]]:
    """The rows of the table under the "Closing words" heading."""
    if fmt == "html":
        tree = lxml.html.document_fromstring(data)
        heading = tree.xpath("//*[self::h2 or self::h3][text()='Closing words']")[0]
        table = tree.xpath(f"//table[@aria-labelledby='{heading.get('id')}']")[0]
        return [[cell.text_content() for cell in row] for row in table.xpath(".//tr")]
    lines = data.decode().split("### Closing words\n\n", 1)[1].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in lines.splitlines() if not line.startswith("| ---")]


@pytest.mark.parametrize("fmt", WRITERS)
def test_are_closing_words_listed_most_said_first(fmt, small):
    synthesis = replace(small, words=[{"word": "cœur", "count": 3}, {"word": "élan", "count": 5},
                                      {"word": "joie", "count": 4}])

    rows = closing_words(fmt, WRITERS[fmt].write(synthesis))

    assert rows == [["Rank", "Word", "Count"], ["1", "élan", "5"], ["2", "joie", "4"],
                    ["3", "cœur", "3"]]


@pytest.mark.parametrize("method", in_check([Method.APPRECIATIVE_INQUIRY, Method.WORLD_CAFE,
                                             Method.BARCAMP, Method.OPEN_SPACE],
                                            Method.BARCAMP))
def test_can_every_method_be_written_in_both_text_formats(method, built_demo):
    synthesis = built_demo(method, participants=10, language="en").synthesis
    top = next(synthesis.item(i) for ids in synthesis.ballots.values() for i in ids[:1]) \
        if synthesis.ballots else None

    for fmt, writer in WRITERS.items():
        text = " ".join(page_text(fmt, writer.write(synthesis)).split())
        assert synthesis.workshop["title"] in text.replace("\\", ""), fmt
        if top is not None:
            assert markdown.inert(top.title[:25]) in text or top.title[:25] in text, fmt


@pytest.mark.parametrize("fmt", WRITERS)
def test_does_a_french_workshops_report_speak_french(fmt, built_demo):
    text = page_text(fmt, WRITERS[fmt].write(built_demo().synthesis))

    assert "Priorités" in text and "Plan d’action" in text and "Liste de veille" in text
    assert "Action plan" not in text


# --- Markdown ----------------------------------------------------------------------------------

def commonmark_unescape(text: str) -> str:
    """What a CommonMark renderer shows for escaped text (backslash escapes, three entities)."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# What would start a block other than a paragraph (CommonMark and Python-Markdown).
BLOCK_START = re.compile(r"#|>|[-+*](\s|$)|[-=_*~]+\s*$|~~~|```|\d+[.)](\s|$)|\s{4}")


@pytest.mark.parametrize("text", HOSTILE + (
    "- tiret", "+ plus", "* étoile", "> citation", "===", "---", "~~~ clôture", "```py",
    "    code indenté", "2) deux", "#hashtag", "=HYPERLINK(1)\n-\n+ deux\n3. trois"))
def test_does_escaped_participant_text_render_as_the_same_text(text):
    escaped = markdown.inert(text)

    assert commonmark_unescape(escaped) == "\n".join(line.lstrip() for line in text.split("\n"))
    assert "<" not in escaped and ">" not in escaped  # no tag, no autolink, no quote
    assert not re.search(r"(?<!\\)[\[\]`*_|]", escaped)  # no link, code, emphasis or cell
    assert not [line for line in escaped.split("\n") if BLOCK_START.match(line)]


# What GitHub's Markdown (GFM) turns into links without any markup around it.
BARE_LINKS = "Voir https://evil.example/login, HTTP://EVIL.example, www.evil.example, " \
             "ftp://files.example, mailto:boss@evil.example ou écrire à boss@evil.example"
AUTOLINK = re.compile(r"(?<!\\):(?=//)|(?i:\bwww\.)|(?i:\b(?:mailto|xmpp):)|\w@\w")


def test_does_a_bare_address_stay_text_in_the_markdown_file(small):
    escaped = markdown.inert(BARE_LINKS)
    synthesis = replace(small, items=[replace(i) for i in small.items])
    synthesis.items[0].title = synthesis.items[0].details = BARE_LINKS
    text = markdown.write(synthesis).decode("utf-8")

    assert commonmark_unescape(escaped) == BARE_LINKS
    assert AUTOLINK.findall(escaped) == []
    assert r"https\://evil.example/login" in escaped and r"www\.evil.example" in escaped
    assert AUTOLINK.findall(text) == []


def test_is_participant_markup_inert_in_the_markdown_file(small):
    text = markdown.write(hostile_synthesis(small)).decode("utf-8")

    assert "<script" not in text and "<img" not in text and "<http" not in text
    assert "[clic](" not in text and "![pixel](" not in text
    assert r"\[clic\](javascript:alert(1))" in text
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in text


def test_does_every_markdown_table_row_have_as_many_cells_as_its_header(small):
    text = markdown.write(hostile_synthesis(small)).decode("utf-8")
    groups: list[list[int]] = [[]]  # cells per row, one list per table
    for line in text.splitlines():
        if line.startswith("|"):
            groups[-1].append(len(re.split(r"(?<!\\)\|", line)) - 2)
        elif groups[-1]:
            groups.append([])
    tables = [rows for rows in groups if rows]

    assert len(tables) >= 10
    assert all(len(set(rows)) == 1 for rows in tables)


def test_are_markdown_headings_those_of_the_report(written):
    headings = [line for line in written["md"].decode().splitlines() if line.startswith("#")]

    assert headings[0] == "# Journée « clients » de l’œuvre"
    assert "## Priorities" in headings and "### Action plan" in headings
    assert "#### Cœur de l’été : « écouter » nos clients 🎉" in headings




def test_is_the_report_self_contained(written):
    tree = lxml.html.document_fromstring(written["html"])
    style = " ".join(s.text_content() for s in tree.xpath("//style"))

    assert tree.xpath("//script | //link | //iframe | //object | //embed | //base") == []
    for element in tree.iter():
        for name in ("src", "href", "srcset", "action", "poster"):
            value = element.get(name)
            assert value is None or value.startswith(("data:", "#")), (element.tag, value)
    assert "url(" not in style and "@import" not in style
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv]")[0].get("content")


def test_are_the_charts_embedded_as_png_images_with_text_alternatives(written):
    images = lxml.html.document_fromstring(written["html"]).xpath("//figure/img")

    assert len(images) == 4
    for image in images:
        png = base64.b64decode(image.get("src").removeprefix("data:image/png;base64,"))
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert image.get("alt")


def test_does_the_report_print_on_a4_with_page_breaks(written):
    style = lxml.html.document_fromstring(written["html"]).xpath("//style")[0].text_content()

    assert re.search(r"@page\s*{[^}]*size:\s*A4", style)
    assert "@media print" in style and "break-before: page" in style
    assert "break-inside: avoid" in style and "table-header-group" in style


@pytest.mark.parametrize("language", ["fr", "en"])
def test_does_the_report_say_its_language_and_title(language):
    synthesis = make_synthesis(language=language)
    tree = lxml.html.document_fromstring(html.write(synthesis))

    assert tree.get("lang") == language
    assert tree.findtext(".//title") == "Journée « clients » de l’œuvre"


def test_are_headings_nested_and_tables_named_by_them(written):
    tree = lxml.html.document_fromstring(written["html"])
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    ids = {h.get("id") for h in tree.iter("h2", "h3", "h4") if h.get("id")}

    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    for table in tree.xpath("//table"):
        assert table.get("aria-labelledby") in ids
        assert table.xpath("./thead/tr/th[@scope='col']")
    for link in tree.xpath("//nav//a"):
        assert link.get("href")[1:] in ids


def test_does_a_document_keep_its_line_breaks(small):
    synthesis = replace(small, documents=[replace(d, fields=dict(d.fields))
                                          for d in small.documents])
    synthesis.documents[0].fields["summary"] = "première ligne\nseconde ligne"
    tree = lxml.html.document_fromstring(html.write(synthesis))
    values = [dd.text_content() for dd in tree.xpath("//dd")]

    assert "première ligne\nseconde ligne" in values
    style = tree.xpath("//style")[0].text_content()
    assert re.search(r"dd\s*{[^}]*white-space:\s*pre-line", style)


def test_does_a_formula_stay_plain_text_in_the_report(written):
    cells = [td.text_content() for td in
             lxml.html.document_fromstring(written["html"]).xpath("//td")]

    assert FORMULA in cells
