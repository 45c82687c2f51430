"""The editorial workbench on the synthesis page: curating the brief, the calendar, the zone."""

from __future__ import annotations

import csv
import html
import io

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, workshop_fingerprint
from workshop.exports import service
from workshop.extensions import db
from workshop.models import Curation, Workshop


def page_of(client, workshop: Workshop):  # type: ignore[no-untyped-def]
    return client.get(f"/workshops/{workshop.id}/synthesis", headers={"Accept-Language": "en"})


def curate(client, workshop: Workshop, data: dict[str, str], csrf: bool = True):  # type: ignore[no-untyped-def]
    token = {"csrf_token": csrf_from(page_of(client, workshop).text)} if csrf else {}
    return client.post(f"/workshops/{workshop.id}/synthesis/curate", data={**token, **data},
                       headers={"Accept-Language": "en"})


def built(workshop: Workshop):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return service.build(db.session, db.session.get(Workshop, workshop.id))


def download(client, workshop: Workshop, fmt: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/workshops/{workshop.id}/export/{fmt}")
    assert response.status_code == 200
    return response.data.decode("utf-8")


def curations() -> list[tuple[str, str, str]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(
        sa.select(Curation.key, Curation.action, Curation.text).order_by(Curation.key))]


def test_does_an_edited_message_replace_the_automatic_one_in_the_page_and_exports(
        client, demo_workshop):
    message = built(demo_workshop).brief.key_messages[0]

    response = curate(client, demo_workshop, {
        "key": message["key"], "kind": "message", "action": "edited",
        "text": "Talk with customers, not at them", "automatic": message["text"]})

    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Talk with customers, not at them" in page and "Your text is saved" in page
    report = download(client, demo_workshop, "md")
    assert "Talk with customers, not at them" in report
    posts = [p for p in built(demo_workshop).brief.calendar if "Talk with customers" in p.text]
    assert {p.channel for p in posts} == {"linkedin", "x", "facebook", "instagram", "mastodon"}


def test_does_a_dropped_post_leave_its_networks_file_and_come_back_on_request(
        client, demo_workshop):
    linkedin = [p for p in built(demo_workshop).brief.calendar if p.channel == "linkedin"]
    gone = linkedin[1]

    curate(client, demo_workshop, {"key": gone.key, "kind": "post", "action": "dropped",
                                   "automatic": gone.text})

    rows = list(csv.reader(io.StringIO(download(client, demo_workshop, "hootsuite-linkedin"))))
    assert [row[1] for row in rows] == [p.text for p in linkedin if p.key != gone.key]
    assert gone.text in page_of(client, demo_workshop).text  # listed among the dropped
    curate(client, demo_workshop, {"key": gone.key, "kind": "post", "action": "automatic"})
    rows = list(csv.reader(io.StringIO(download(client, demo_workshop, "hootsuite-linkedin"))))
    assert [row[1] for row in rows] == [p.text for p in linkedin]


def test_is_a_curation_without_csrf_refused(client, demo_workshop):
    message = built(demo_workshop).brief.key_messages[0]

    response = curate(client, demo_workshop, {"key": message["key"], "kind": "message",
                                              "action": "dropped"}, csrf=False)

    assert response.status_code == 400
    assert curations() == []


def test_is_an_empty_edit_refused_with_nothing_changed(client, demo_workshop):
    message = built(demo_workshop).brief.key_messages[0]
    before = workshop_fingerprint(demo_workshop.id)

    response = curate(client, demo_workshop, {"key": message["key"], "kind": "message",
                                              "action": "edited", "text": "  "})

    assert "Write the text, or drop the element." in client.get(
        response.headers["Location"]).text
    assert workshop_fingerprint(demo_workshop.id) == before
    assert curations() == []


def test_does_the_calendar_start_on_the_chosen_day(client, demo_workshop):
    page = page_of(client, demo_workshop)

    response = client.post(f"/workshops/{demo_workshop.id}/synthesis/calendar", data={
        "csrf_token": csrf_from(page.text), "start": "2031-03-03", "skip_weekends": "y"})

    assert response.status_code == 302
    rows = list(csv.reader(io.StringIO(download(client, demo_workshop, "calendar"))))
    assert rows[1][0].startswith("2031-03-03T")


def test_is_a_calendar_without_a_date_refused_with_nothing_changed(client, demo_workshop):
    page = page_of(client, demo_workshop)
    before = workshop_fingerprint(demo_workshop.id)

    client.post(f"/workshops/{demo_workshop.id}/synthesis/calendar", data={
        "csrf_token": csrf_from(page.text), "start": "next tuesday"})

    assert workshop_fingerprint(demo_workshop.id) == before


def test_are_downloads_named_for_what_they_are_for(client, demo_workshop):
    page = page_of(client, demo_workshop).text

    for name in ("PDF report", "Excel workbook", "Full archive (JSON)", "Calendar (CSV)",
                 "One file per profile"):
        assert name in page
    assert ">md<" not in page and ">hootsuite<" not in page


def test_is_the_time_zone_set_after_the_workshop_and_used_by_the_scheduler_files(
        client, demo_workshop):
    page = page_of(client, demo_workshop)

    response = client.post(f"/workshops/{demo_workshop.id}/synthesis/calendar", data={
        "csrf_token": csrf_from(page.text), "start": "2031-07-01", "skip_weekends": "y",
        "skip_holidays": "y", "holiday_country": "CA", "timezone": "America/Montreal"})

    assert response.status_code == 302
    assert built(demo_workshop).workshop["timezone"] == "America/Montreal"
    rows = list(csv.reader(io.StringIO(download(client, demo_workshop, "calendar"))))
    assert rows[1][0].startswith("2031-07-02T") and rows[1][0].endswith("-04:00")  # 1st: Canada Day


def test_is_an_unknown_time_zone_refused_with_nothing_changed(client, demo_workshop):
    page = page_of(client, demo_workshop)
    before = workshop_fingerprint(demo_workshop.id)

    response = client.post(f"/workshops/{demo_workshop.id}/synthesis/calendar", data={
        "csrf_token": csrf_from(page.text), "timezone": "Mars/Olympus"})

    assert "Choose a time zone of the list" in client.get(response.headers["Location"]).text
    assert workshop_fingerprint(demo_workshop.id) == before
    db.session.expire_all()
    assert db.session.get(Workshop, demo_workshop.id).timezone is None


def test_does_a_new_workshop_offer_the_servers_zone_and_keep_the_chosen_one(client, logged_in,
                                                                          monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Brussels")
    form = client.get("/workshops/new").text
    assert 'value="Europe/Brussels"' in form

    response = client.post("/workshops/new", data={
        "csrf_token": csrf_from(form), "title": "Journée", "language": "fr",
        "method": "open_space", "groups": "Clients", "vote_budget": "5",
        "max_votes_per_topic": "3", "timezone": "Europe/Paris", "holiday_country": "FR"})

    assert response.status_code == 302
    db.session.rollback()
    made = db.session.scalars(sa.select(Workshop).where(Workshop.title == "Journée")).one()
    assert (made.timezone, made.holiday_country) == ("Europe/Paris", "FR")


def test_is_a_text_too_long_for_any_post_refused_with_the_reason(client, demo_workshop):
    message = built(demo_workshop).brief.key_messages[0]

    response = curate(client, demo_workshop, {"key": message["key"], "kind": "message",
                                              "action": "edited", "text": "mot " * 800})

    assert "3000" in client.get(response.headers["Location"]).text
    assert curations() == []


def choose_groups(client, workshop: Workshop, first: str, second: str,  # type: ignore[no-untyped-def]
                  language: str = "en"):
    token = csrf_from(page_of(client, workshop).text)
    response = client.post(f"/workshops/{workshop.id}/synthesis/compare", data={
        "csrf_token": token, "first": first, "second": second},
        headers={"Accept-Language": language})
    assert response.status_code == 302
    return html.unescape(client.get(response.headers["Location"],
                                    headers={"Accept-Language": language}).text)


def test_does_the_page_offer_the_groups_compared_by_default(client, demo_workshop):
    page = page_of(client, demo_workshop).text

    form = page[page.index("data-compare-form"):page.index("</form>", page.index(
        "data-compare-form"))]
    assert '<option selected value="employee">' in form
    assert '<option selected value="customer">' in form
    assert 'value="partner"' in form


def test_do_agree_and_diverge_compare_the_groups_the_facilitator_chose(client, demo_workshop):
    before = built(demo_workshop).brief.agreement

    page = choose_groups(client, demo_workshop, "partner", "customer")

    assert before["groups"] == ["employee", "customer"]
    compared = built(demo_workshop).brief.agreement
    assert compared["groups"] == ["partner", "customer"]
    rows = compared["agree"] + compared["diverge"]
    assert rows and all(set(row["votes"]) == {"partner", "customer"} for row in rows)
    assert "Agreement and divergence now compare these two groups." in page
    table = page[page.index('id="agreement-heading"'):page.index('id="brief-heading"')]
    assert 'data-group="partner"' in table and 'data-group="employee"' not in table
    rows_shown = table.count("<tr>") - table.count("<thead><tr>")
    assert rows_shown == len(rows)


@pytest.mark.parametrize(("first", "second", "language", "message"), [
    ("customer", "customer", "en", "Choose two different groups to compare."),
    ("customer", "customer", "fr", "Choisissez deux groupes différents à comparer."),
    ("customer", "g-board", "en", "Choose one of the workshop's groups."),
])
def test_is_a_bad_pair_of_groups_refused_in_the_readers_language_with_nothing_changed(
        client, demo_workshop, first, second, language, message):
    before = workshop_fingerprint(demo_workshop.id)

    page = choose_groups(client, demo_workshop, first, second, language)

    assert message in page
    assert workshop_fingerprint(demo_workshop.id) == before


def test_is_a_choice_of_groups_without_csrf_refused(client, demo_workshop):
    before = workshop_fingerprint(demo_workshop.id)

    client.post(f"/workshops/{demo_workshop.id}/synthesis/compare",
                data={"first": "partner", "second": "customer"})

    assert workshop_fingerprint(demo_workshop.id) == before


def test_does_an_edited_theme_label_reach_the_map_the_report_and_survive_a_rebuild(
        client, demo_workshop):
    first = built(demo_workshop).themes[0]

    response = curate(client, demo_workshop, {
        "key": first.key, "kind": "theme", "action": "edited", "text": "Parler  avec nos clients",
        "automatic": first.label})

    assert response.status_code == 302
    again = built(demo_workshop)
    assert again.themes[0].label == "Parler avec nos clients"
    assert again.themes[0].automatic == first.label
    assert "Parler avec nos clients" in again.brief.themes  # a column of the stakeholder map
    assert first.label not in again.brief.themes
    assert "Parler avec nos clients" in download(client, demo_workshop, "md")
    assert built(demo_workshop).themes[0].label == "Parler avec nos clients"  # built once more
    assert "Parler avec nos clients" in page_of(client, demo_workshop).text


def test_does_a_dropped_theme_leave_the_exports_and_come_back_on_request(client, demo_workshop):
    themes = built(demo_workshop).themes
    gone = themes[-1]

    curate(client, demo_workshop, {"key": gone.key, "kind": "theme", "action": "dropped",
                                   "automatic": gone.label})

    dropped = built(demo_workshop)
    assert [t.key for t in dropped.themes] == [t.key for t in themes if t.key != gone.key]
    assert gone.label not in dropped.brief.themes
    curate(client, demo_workshop, {"key": gone.key, "kind": "theme", "action": "automatic"})
    assert [t.label for t in built(demo_workshop).themes] == [t.label for t in themes]


def test_is_a_theme_label_longer_than_a_line_refused(client, demo_workshop):
    first = built(demo_workshop).themes[0]

    response = curate(client, demo_workshop, {"key": first.key, "kind": "theme",
                                              "action": "edited", "text": "mot " * 30})

    assert "At most 80 characters." in client.get(response.headers["Location"]).text
    assert curations() == []
