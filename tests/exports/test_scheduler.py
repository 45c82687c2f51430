"""Scheduler files: each tool's columns, date pattern and limits, read back as CSV."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workshop.exports.model import FORMAT_VERSION, Brief, Post, Synthesis
from workshop.exports.writers import scheduler

NOW = datetime(2027, 3, 1, 9, 2, tzinfo=UTC)


def synthesis_with(posts: list[Post]) -> Synthesis:
    return Synthesis(
        format_version=FORMAT_VERSION, generated_at=NOW, final=True, workshop={}, groups=[],
        participation={}, people=[], items=[], ballots={}, documents=[], commitments=[],
        words=[], brief=Brief(calendar=posts),
    )


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def post(minutes: int, text: str, channel: str = "linkedin", **extra) -> Post:  # type: ignore[no-untyped-def]
    return Post(at=NOW + timedelta(minutes=minutes), channel=channel, text=text, **extra)


def test_does_the_generic_calendar_keep_iso_times_channels_and_every_character():
    posts = [post(60 * 24, "Nos clients « adorent » l’œuvre 🍪", tags=["écoute", "confiance"],
                  link="https://example.org/a"),
             post(60 * 48, "Second post", channel="x")]

    table = read(scheduler.write(synthesis_with(posts), "calendar", now=NOW))

    assert table[0] == ["datetime", "channel", "text", "link", "tags"]
    assert table[1] == ["2027-03-02T09:02+00:00", "linkedin", "Nos clients « adorent » l’œuvre 🍪",
                        "https://example.org/a", "écoute,confiance"]
    assert table[2][:3] == ["2027-03-03T09:02+00:00", "x", "Second post"]


def test_does_the_generic_calendar_write_times_in_the_accounts_time_zone():
    table = read(scheduler.write(synthesis_with([post(60, "Hello")]), "calendar", now=NOW,
                                 tz=ZoneInfo("Europe/Paris")))

    assert table[1][0] == "2027-03-01T11:02+01:00"


def test_does_hootsuite_get_no_header_24_hour_day_first_times_on_five_minutes():
    posts = [post(13 * 60 + 1, "Afternoon post", link="https://example.org"),
             post(3 * 60, "Morning post")]

    table = read(scheduler.write(synthesis_with(posts), "hootsuite-linkedin", now=NOW))

    assert table == [["01/03/2027 12:05", "Morning post", ""],
                     ["01/03/2027 22:05", "Afternoon post", "https://example.org"]]


def test_are_hootsuite_times_at_least_ten_minutes_ahead():
    posts = [post(-120, "Planned in the past"), post(3, "Too soon")]

    table = read(scheduler.write(synthesis_with(posts), "hootsuite-linkedin", now=NOW))

    times = [datetime.strptime(row[0], "%d/%m/%Y %H:%M").replace(tzinfo=UTC) for row in table]
    assert all(t >= NOW + timedelta(minutes=10) for t in times)
    assert all(t.minute % 5 == 0 for t in times)
    assert [row[1] for row in table] == ["Planned in the past", "Too soon"]


def test_does_hootsuite_drop_repeated_messages_and_stop_at_350_rows():
    posts = [post(60 + n, f"Post number {n}") for n in range(400)]
    posts.append(post(30, "post  number 3"))  # the same text as another, once spaced and cased

    table = read(scheduler.write(synthesis_with(posts), "hootsuite-linkedin", now=NOW))

    assert len(table) == 350
    assert len({row[1].casefold() for row in table}) == 350
    assert table[0][1] == "post  number 3"


def test_does_buffer_get_its_header_and_minute_precision_times():
    table = read(scheduler.write(synthesis_with([post(90, "Buffer post", tags=["a", "b"])]),
                                 "buffer-linkedin", now=NOW))

    assert table == [["Text", "Image URL", "Tags", "Posting Time"],
                     ["Buffer post", "", "a,b", "2027-03-01 10:32"]]


def test_is_a_formula_kept_as_text_in_the_calendar_a_spreadsheet_opens():
    table = read(scheduler.write(synthesis_with([post(60, '=HYPERLINK("http://evil","x")')]),
                                 "calendar", now=NOW))

    texts = [cell for row in table for cell in row if "HYPERLINK" in cell]
    assert texts == ['\'=HYPERLINK("http://evil","x")']


@pytest.mark.parametrize("key", ["hootsuite-linkedin", "buffer-linkedin"])
def test_is_a_post_starting_with_a_mention_published_without_an_apostrophe(key):
    """Schedulers publish the cell as it is: the spreadsheet guard would show in the post."""
    table = read(scheduler.write(synthesis_with([post(60, "@Biscuiterie répond à tous")]),
                                 key, now=NOW))

    assert [cell for row in table for cell in row if "répond" in cell] == [
        "@Biscuiterie répond à tous"]


@pytest.mark.parametrize("tool", ["hootsuite", "buffer"])
def test_does_each_network_get_its_own_file_with_only_its_posts(tool):
    posts = [post(60, "Same words", channel="linkedin"), post(60, "Same words", channel="x"),
             post(120, "Only on X", channel="x")]

    linkedin = read(scheduler.write(synthesis_with(posts), f"{tool}-linkedin", now=NOW))
    x = read(scheduler.write(synthesis_with(posts), f"{tool}-x", now=NOW))

    def texts(table: list[list[str]]) -> list[str]:
        return [cell for row in table for cell in row if cell.startswith(("Same", "Only"))]

    assert texts(linkedin) == ["Same words"]
    assert texts(x) == ["Same words", "Only on X"]


def test_does_a_hootsuite_post_keep_its_paragraph_breaks():
    table = read(scheduler.write(synthesis_with([post(60, "First paragraph.\n\nSecond one.")]),
                                 "hootsuite-linkedin", now=NOW))

    assert table[0][1] == "First paragraph.\n\nSecond one."


def test_are_times_written_in_the_workshops_time_zone():
    synthesis = synthesis_with([post(60, "Hello")])
    synthesis.workshop["timezone"] = "America/Montreal"

    table = read(scheduler.write(synthesis, "hootsuite-linkedin", now=NOW))

    assert table[0][0] == "01/03/2027 05:05"  # 10:02 UTC, rounded up to 5 minutes


def test_is_an_unknown_network_refused():
    with pytest.raises(KeyError):
        scheduler.write(synthesis_with([]), "hootsuite-myspace", now=NOW)


# What each tool expects (docs/exports.md, from the tools' help pages), written out here so that
# a change to the formats' data fails this test.
EMPTY_FILES = {
    "calendar": [["datetime", "channel", "text", "link", "tags"]],
    "hootsuite": [],  # Hootsuite's bulk composer takes no header row
    "buffer": [["Text", "Image URL", "Tags", "Posting Time"]],
}


def test_is_every_scheduler_format_expected_here():
    assert sorted(scheduler.FORMATS) == sorted(EMPTY_FILES)


@pytest.mark.parametrize("key", sorted(EMPTY_FILES))
def test_does_an_empty_calendar_give_just_the_tools_header(key):
    file = key if key == "calendar" else f"{key}-linkedin"
    table = read(scheduler.write(synthesis_with([]), file, now=NOW))

    assert table == EMPTY_FILES[key]


@pytest.mark.parametrize("tool", ["hootsuite", "buffer"])
def test_does_the_tools_name_alone_give_a_zip_of_one_file_per_network_with_posts(tool):
    """``hootsuite`` and ``buffer``, the formats' names before one file per network, still work."""
    posts = [post(60, "On LinkedIn", channel="linkedin"), post(120, "On X", channel="x")]
    synthesis = synthesis_with(posts)

    with zipfile.ZipFile(io.BytesIO(scheduler.write(synthesis, tool, now=NOW))) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()}

    assert sorted(files) == [f"{tool}-linkedin.csv", f"{tool}-x.csv"]
    for name, data in files.items():
        assert data == scheduler.write(synthesis, name.removesuffix(".csv"), now=NOW)
