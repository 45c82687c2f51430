"""Excel, CSV zip, Word and PDF exports, each read back with its own library."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import in_check
from tests.exports.reading import pdf_pages
from tests.exports.synthetic import FORMULA, SECRET_NAME, TOP_TITLE, make_synthesis
from workshop.exports import service
from workshop.exports.model import Brief, Synthesis
from workshop.exports.rendering.fonts import PLACEHOLDER
from workshop.exports.rendering.safe import inert_formula, xml_text
from workshop.exports.rendering.texts import texts
from workshop.exports.writers import csvzip, excel, pdf, word
from workshop.models import Method

WRITERS = {"xlsx": excel, "csv": csvzip, "docx": word, "pdf": pdf}
TYPOGRAPHY = ("é", "œ", "«", "»", "’")


def xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
                     for cell in row if cell.value is not None)


def csv_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


READERS: dict[str, Callable[[bytes], str]] = {
    "xlsx": xlsx_text, "csv": csv_text, "docx": docx_text, "pdf": pdf_text}


def text_of(fmt: str, synthesis: Synthesis) -> str:
    return READERS[fmt](WRITERS[fmt].write(synthesis))


def embedded_images(fmt: str, data: bytes) -> int:
    if fmt == "pdf":
        return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(name.endswith(".png") for name in archive.namelist())


@pytest.fixture(scope="module")
def written(small: Synthesis) -> dict[str, bytes]:
    return {fmt: writer.write(small) for fmt, writer in WRITERS.items()}


@pytest.fixture(scope="module")
def read(written: dict[str, bytes]) -> dict[str, str]:
    """What each format's own library reads in its file of the small synthesis (read once)."""
    return {fmt: READERS[fmt](data) for fmt, data in written.items()}


# --- every format -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", WRITERS)
def test_do_accents_ligatures_and_french_quotes_survive(fmt, read):
    text = read[fmt]

    for character in TYPOGRAPHY:
        assert character in text
    assert "Journée « clients » de l’œuvre" in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_do_emoji_survive(fmt, read):
    text = read[fmt]

    assert TOP_TITLE in text
    assert "🚀" in text  # in a session report
    assert PLACEHOLDER not in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_is_the_top_prioritys_title_present(fmt, read):
    assert "Cœur de l’été : « écouter » nos clients" in read[fmt]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_are_the_charts_embedded(fmt, written):
    assert embedded_images(fmt, written[fmt]) == 4


@pytest.mark.parametrize("fmt", WRITERS)
def test_does_an_author_who_did_not_consent_appear_as_their_pseudonym(fmt, read, small):
    text = read[fmt]

    assert small.item(2) is not None and small.item(2).author == "P-002"
    assert "P-002" in text
    assert SECRET_NAME not in text


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("fmt", WRITERS)
def test_do_control_characters_in_participant_text_not_break_the_file(fmt, small):
    synthesis = replace(small, items=[replace(i) for i in small.items])
    synthesis.items[0].title = "Bell\x07 null\x00 escape\x1b « ok »"

    text = text_of(fmt, synthesis)

    assert "« ok »" in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_can_a_workshop_nobody_joined_be_exported(fmt, small):
    synthesis = replace(small, people=[], items=[], ballots={}, documents=[], commitments=[],
                        words=[], brief=Brief(), participation={})

    text = text_of(fmt, synthesis)

    assert "Journée « clients » de l’œuvre" in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_do_the_writers_constants_match_the_export_service(fmt):
    assert service.FORMATS[fmt].extension == WRITERS[fmt].EXTENSION
    assert service.FORMATS[fmt].media_type == WRITERS[fmt].MEDIA_TYPE


@pytest.mark.parametrize("fmt", in_check(WRITERS, "xlsx"))  # all: test_consent_everywhere
def test_does_a_french_demo_workshop_export_name_only_those_who_consented(fmt, built_demo):
    demo = built_demo(Method.OPEN_SPACE, participants=16)
    synthesis, refused = demo.synthesis, demo.unquoted
    top = next(synthesis.item(i) for ids in synthesis.ballots.values() for i in ids[:1])

    text = text_of(fmt, synthesis)

    assert refused
    assert not [name for name in refused if name in text]
    assert top is not None and top.title[:30] in " ".join(text.split())


@pytest.mark.parametrize("method", in_check([Method.APPRECIATIVE_INQUIRY, Method.WORLD_CAFE,
                                             Method.BARCAMP], Method.BARCAMP))
def test_can_every_method_be_written_in_every_office_format(method, built_demo):
    synthesis = built_demo(method, participants=10, language="en").synthesis

    for fmt, writer in WRITERS.items():
        assert READERS[fmt](writer.write(synthesis)), fmt


# --- spreadsheets -----------------------------------------------------------------------------

def test_is_a_formula_kept_as_inert_text_in_excel(written):
    book = load_workbook(io.BytesIO(written["xlsx"]))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]

    formulas = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert formulas
    assert all(c.data_type == "s" and c.value == "'" + FORMULA for c in formulas)
    assert not [c for c in cells if c.data_type == "f"]


def test_is_a_formula_kept_as_inert_text_in_the_csv_files(written):
    fields = [field for line in csv.reader(io.StringIO(csv_text(written["csv"])), delimiter=";")
              for field in line]

    assert "'" + FORMULA in fields
    assert not [f for f in fields if f.startswith(("=", "+", "@"))]


@pytest.mark.parametrize("text", ["=1+2", "+33 6 12", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_does_every_formula_start_get_an_apostrophe(text):
    assert inert_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Bonjour", "l’été", "", 12, 0.5, None])
def test_is_ordinary_content_left_as_it_is(value):
    assert inert_formula(value) == value


def test_are_xml_forbidden_characters_dropped_and_the_rest_kept():
    assert xml_text("a\x00b\x07c\td\ne 🎉") == "abc\td\ne 🎉"


def test_has_the_workbook_one_sheet_per_table_then_the_charts(written):
    book = load_workbook(io.BytesIO(written["xlsx"]))

    assert book.sheetnames[:3] == ["Summary", "Participation", "Participants"]
    for name in ("Contributions", "Votes", "Sessions", "Documents", "Commitments",
                 "Stakeholder map", "Key messages", "Listening list", "Risk signals",
                 "Editorial calendar"):
        assert name in book.sheetnames
    assert book.sheetnames[-1] == "Charts"


def test_are_headers_frozen_and_columns_sized(written):
    sheet = load_workbook(io.BytesIO(written["xlsx"]))["Contributions"]

    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width > 20  # titles


def test_does_the_participants_sheet_show_a_name_only_with_consent(written, small):
    sheet = load_workbook(io.BytesIO(written["xlsx"]))["Participants"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))

    assert [r[0] for r in rows] == [p.pseudonym for p in small.people]
    assert [r[1] for r in rows] == [p.name for p in small.people]
    assert {r[2] for r in rows} == {"Collaborateur", "Client", "Partenaire"}


@pytest.mark.parametrize("title", [
    "Participants : les/tous [actifs] ? et leurs très longs noms", "Votes*", "'Brief'"])
def test_are_translated_sheet_names_made_valid(title, small):
    synthesis = replace(small, labels={**texts(small), "people": title, "votes": title})

    names = load_workbook(io.BytesIO(excel.write(synthesis))).sheetnames

    assert len(names) == len({n.casefold() for n in names})
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
    # A long title is cut at a word's end, never inside a word.
    whole = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split()).strip("' ")
    for name in names:
        base = re.sub(r" \(\d+\)$", "", name)  # a second sheet of the same name is numbered
        if whole.startswith(base) and base != whole:
            assert whole[len(base)] == " ", name


def test_does_an_export_file_name_keep_accented_letters_readable(make_facilitator,
                                                                make_workshop):
    workshop = make_workshop(make_facilitator(), title="Journée clients : été 2027")

    name = service.filename(workshop, service.FORMATS["xlsx"])

    assert name.startswith(f"{workshop.join_code}-journee-clients-ete-2027")


def test_does_the_csv_zip_hold_one_utf8_file_with_bom_per_table(written):
    with zipfile.ZipFile(io.BytesIO(written["csv"])) as archive:
        names = archive.namelist()
        raw = archive.read("participants.csv")

    assert {"summary.csv", "participants.csv", "votes.csv", "calendar.csv"} <= set(names)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Amélie 0 « A »" in raw.decode("utf-8-sig")


@pytest.mark.parametrize(("language", "separator", "share"), [("fr", ";", "0,8"),
                                                               ("en", ",", "0.8")])
def test_do_csv_files_use_the_workshop_languages_separators(language, separator, share):
    with zipfile.ZipFile(io.BytesIO(csvzip.write(make_synthesis(language=language)))) as zipped:
        rows = list(csv.reader(io.StringIO(zipped.read("stakeholder_map.csv").decode(
            "utf-8-sig")), delimiter=separator))

    assert rows[1][1] == share


def test_are_csv_times_iso_8601_in_the_workshops_time_zone(small):
    small.workshop["timezone"] = "America/Montreal"
    with zipfile.ZipFile(io.BytesIO(csvzip.write(small))) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("calendar.csv").decode("utf-8-sig")),
                               delimiter=";"))

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00", rows[1][0])
    assert datetime.fromisoformat(rows[1][0]) == small.brief.calendar[0].at


# --- Word and PDF -----------------------------------------------------------------------------

def test_does_the_word_document_declare_its_language_and_follow_the_synthesis(written):
    document = docx.Document(io.BytesIO(written["docx"]))
    styles = document.styles.element.xml
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    assert 'w:val="fr-FR"' in styles
    assert headings == ["Summary", "Priorities", "Where groups agree and where they diverge",
                        "Outcomes", "Social-media strategy brief"]
    assert document.paragraphs[0].text == "Journée « clients » de l’œuvre"


def test_does_the_word_document_show_documents_fields_and_the_brief(written):
    text = docx_text(written["docx"])

    assert "Résumé 0 : l’équipe « client » œuvre 🚀" in text
    for heading in ("Stakeholder map", "Key messages", "Q&A to prepare", "Listening list",
                    "Foundations and shifts", "Risk signals", "Editorial calendar"):
        assert heading in text
    assert "Cœur de Loire" in text and "Post 0 : « merci » à nos clients ’ 🎉" in text


def test_are_pdf_pages_numbered(written):
    pages = pdf_pages(written["pdf"])

    assert len(pages) > 3
    assert f"2 / {len(pages)}" in pages[1]


def test_does_a_long_pdf_table_continue_on_the_next_page_with_its_headings():
    synthesis = make_synthesis(people=200, items=120, votes=2000)

    pages = pdf_pages(pdf.write(synthesis))

    with_heading = [n for n, text in enumerate(pages) if "Rank Title Author" in text]
    assert len(with_heading) >= 2
    assert "The first 50 of" in "\n".join(pages)


def test_does_the_pdf_embed_a_unicode_font_and_an_emoji_font(written):
    reader = PdfReader(io.BytesIO(written["pdf"]))
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}

    assert any("DejaVuSans" in name for name in fonts)
    assert any("NotoEmoji" in name for name in fonts)  # the emoji are drawn, not boxes


def test_does_the_pdf_say_its_language_and_title(written):
    reader = PdfReader(io.BytesIO(written["pdf"]))

    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.metadata.title == "Journée « clients » de l’œuvre"

