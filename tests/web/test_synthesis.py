"""The synthesis page, its downloads, tag corrections, the export API and `workshop export`."""

from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from tests.conftest import csrf_from, workshop_fingerprint
from workshop.cli import cli
from workshop.exports import service
from workshop.exports.builders import synthesis as synthesis_module
from workshop.extensions import db
from workshop.models import Contribution, Workshop
from workshop.services import facilitators


def top_priority(workshop: Workshop) -> Contribution:
    built = synthesis_module.build(db.session, workshop)
    ballot = next(iter(built.ballots.values()))
    item = db.session.get(Contribution, ballot[0])
    assert item is not None
    return item


def test_does_the_synthesis_page_show_the_priorities_brief_and_downloads(client, demo_workshop):
    page = client.get(f"/workshops/{demo_workshop.id}/synthesis")

    assert page.status_code == 200
    assert top_priority(demo_workshop).title in page.text
    for fmt in service.FORMATS:
        assert f'data-format="{fmt}"' in page.text
    assert "Final" in page.text or "définitive" in page.text


def test_does_the_synthesis_page_mark_the_report_in_the_workshops_language(
    client, demo_workshop
):  # type: ignore[no-untyped-def]
    """A French report on an English page: screen readers must switch voices (WCAG 3.1.2)."""
    page = client.get(f"/workshops/{demo_workshop.id}/synthesis",
                      headers={"Accept-Language": "en"}).text

    assert '<html lang="en">' in page
    assert "The files are written in the workshop's language" in page
    assert '<section class="card" aria-labelledby="summary-heading" lang="fr">' in page
    assert '<section class="card" aria-labelledby="brief-heading" lang="fr"' in page
    assert '<span lang="en">Open an outcome' in page


def test_is_the_synthesis_page_only_for_its_owner(client, app, demo_workshop, make_facilitator):
    other = make_facilitator()
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    client.post("/login", data={"email": other.email, "password": "correct horse battery",
                                "csrf_token": csrf_from(client.get("/login").text)})

    assert client.get(f"/workshops/{demo_workshop.id}/synthesis").status_code == 404
    assert client.get(f"/workshops/{demo_workshop.id}/export/xlsx").status_code == 404


def test_does_the_excel_download_open_with_the_top_priority(client, demo_workshop):
    response = client.get(f"/workshops/{demo_workshop.id}/export/xlsx")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert f"{demo_workshop.join_code}-" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert top_priority(demo_workshop).title in cells


def test_is_an_unknown_format_a_clear_404(client, demo_workshop):
    response = client.get(f"/workshops/{demo_workshop.id}/export/odt")

    assert response.status_code == 404


def test_does_a_tag_correction_change_the_export_and_come_back_on_the_page(client, demo_workshop):
    item = top_priority(demo_workshop)
    page = client.get(f"/workshops/{demo_workshop.id}/synthesis")

    response = client.post(
        f"/workshops/{demo_workshop.id}/synthesis/tags/{item.id}",
        data={"csrf_token": csrf_from(page.text), "foundations": ["trust", "alliances"],
              "shifts": ["small_acts"]})

    assert response.status_code == 302
    built = synthesis_module.build(db.session, demo_workshop)
    corrected = built.item(item.id)
    assert corrected is not None
    assert (corrected.foundations, corrected.shifts, corrected.tags_corrected) == (
        ["trust", "alliances"], ["small_acts"], True)
    again = client.get(response.headers["Location"])
    assert 'value="alliances" checked' in again.text


def test_is_an_unknown_tag_refused_with_nothing_changed(client, demo_workshop):
    item = top_priority(demo_workshop)
    page = client.get(f"/workshops/{demo_workshop.id}/synthesis")
    before = workshop_fingerprint(demo_workshop.id)

    response = client.post(
        f"/workshops/{demo_workshop.id}/synthesis/tags/{item.id}",
        data={"csrf_token": csrf_from(page.text), "foundations": ["world_peace"]})

    assert response.status_code == 302
    assert "world_peace" in client.get(response.headers["Location"]).text  # the refusal says why
    assert workshop_fingerprint(demo_workshop.id) == before
    db.session.expire_all()
    assert "tags:corrected" not in (db.session.get(Contribution, item.id).tags or [])


def test_is_a_tag_correction_without_csrf_refused(client, demo_workshop):
    item = top_priority(demo_workshop)

    client.post(f"/workshops/{demo_workshop.id}/synthesis/tags/{item.id}",
                data={"foundations": ["trust"]})

    db.session.expire_all()
    assert "tags:corrected" not in (db.session.get(Contribution, item.id).tags or [])


# --- the API ---------------------------------------------------------------------------------

def api_token(app, email: str) -> str:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        owner = facilitators.find_by_email(session, email)
        _row, raw = facilitators.issue_api_token(session, owner, "exports")
    return raw


def test_does_the_api_export_a_format_for_the_owner_only(client, app, demo_workshop, logged_in,
                                                          make_facilitator):
    token = api_token(app, logged_in.email)
    url = f"/api/v1/workshops/{demo_workshop.id}/export?format=calendar"

    answer = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert answer.data.decode("utf-8").splitlines()[0] == "datetime,channel,text,link,tags"

    assert client.get(url).status_code == 401
    stranger = make_facilitator()
    other = client.get(url, headers={"Authorization": f"Bearer {api_token(app, stranger.email)}"})
    assert other.status_code == 404


@pytest.mark.parametrize("query", ["", "?format=odt", "?format=xlsx,pdf", "?format=all"])
def test_is_a_bad_api_format_a_clear_400(client, app, demo_workshop, logged_in, query):
    token = api_token(app, logged_in.email)

    answer = client.get(f"/api/v1/workshops/{demo_workshop.id}/export{query}",
                        headers={"Authorization": f"Bearer {token}"})

    assert answer.status_code == 400
    assert answer.get_json()["error"]["fields"]["format"]


# --- the command -----------------------------------------------------------------------------

def test_does_workshop_export_write_the_files_it_lists(app, demo_workshop, tmp_path):
    result = CliRunner().invoke(cli, ["export", demo_workshop.join_code, "--format",
                                      "xlsx,csv,hootsuite-linkedin", "--out", str(tmp_path),
                                      "--json"])

    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["files"]
    assert sorted(p.rsplit(".", 1)[1] for p in listed) == ["csv", "xlsx", "zip"]
    with zipfile.ZipFile(next(p for p in listed if p.endswith(".zip"))) as archive:
        assert archive.namelist()
    assert not list(tmp_path.glob("*.part"))


def test_does_workshop_export_show_each_step_on_stderr(app, demo_workshop, tmp_path):
    result = CliRunner().invoke(cli, ["export", demo_workshop.join_code, "--format",
                                      "pdf,md", "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert result.stderr.split() == ["export", "synthesis", "pdf", "md", "done"]
    assert sorted(result.stdout.split()) == sorted(str(p) for p in (tmp_path / "out").iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["export", "ZZZZZZ"], "code"),
    (["export", "{code}", "--format", "odt"], "odt"),
])
def test_does_workshop_export_fail_clearly(app, demo_workshop, tmp_path, args, message):
    args = [a.replace("{code}", demo_workshop.join_code) for a in args]

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])

    assert result.exit_code == 1
    assert message in result.output.lower() or message in (result.stderr or "").lower()
    assert not out.exists()


def test_are_non_consenting_names_absent_from_the_downloads(client, demo_workshop):
    hidden = [name for (name,) in db.session.execute(sa.text(
        "SELECT display_name FROM participant WHERE workshop_id = :w AND NOT consent_quote"),
        {"w": demo_workshop.id})]
    assert hidden

    for fmt in ("calendar", "csv"):
        data = client.get(f"/workshops/{demo_workshop.id}/export/{fmt}").data
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
        else:
            text = data.decode("utf-8")
        for name in hidden:
            assert name not in text


def test_does_the_synthesis_page_count_dots_in_the_workshops_language(client, demo_workshop):
    page = client.get(f"/workshops/{demo_workshop.id}/synthesis").text

    counts = re.findall(r"(\d+) (dots?|gommettes?)\b", page)
    assert counts, "no dot counted on the page"
    for n, word in counts:
        one = int(n) <= 1 if word.startswith("gommette") else int(n) == 1  # French: 0 and 1
        assert word in (("dot", "gommette") if one else ("dots", "gommettes")), (n, word)
