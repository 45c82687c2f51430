"""Editorial-calendar files for social-media schedulers, each format described as data.

The formats were taken from each tool's public help pages (see ``source``); to check them
against the tool itself, download the tool's own sample file and compare columns, header and
date pattern, then import a file made here into a test account (docs/exports.md says how).

Times: the brief plans posts in UTC; a file is written in the time zone the scheduler account
uses (``tz``, UTC by default), because the tools read the times as the account's local time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from ..model import Post, Synthesis
from ..rendering.safe import inert_formula

MEDIA_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"


@dataclass(frozen=True)
class SchedulerFormat:
    key: str
    name: str
    header: tuple[str, ...] | None  # None: the file has no header row
    columns: tuple[str, ...]  # what each column holds: at, text, link, channel, tags, image
    date_pattern: str  # strftime pattern of the "at" column ("iso": ISO 8601 with offset)
    max_rows: int | None = None
    minute_step: int | None = None  # times rounded up to a multiple of this many minutes
    min_lead: timedelta | None = None  # every time at least this far in the future
    unique_messages: bool = False  # the tool refuses two posts with the same text
    source: str = ""


FORMATS: dict[str, SchedulerFormat] = {
    "calendar": SchedulerFormat(
        key="calendar", name="Generic editorial calendar (CSV, ISO 8601)",
        header=("datetime", "channel", "text", "link", "tags"),
        columns=("at", "channel", "text", "link", "tags"), date_pattern="iso",
        source="RFC 4180 CSV with ISO 8601 times (any spreadsheet or scheduler)",
    ),
    "hootsuite": SchedulerFormat(
        key="hootsuite", name="Hootsuite bulk composer",
        header=None, columns=("at", "text", "link"), date_pattern="%d/%m/%Y %H:%M",
        max_rows=350, minute_step=5, min_lead=timedelta(minutes=10), unique_messages=True,
        source="https://help.hootsuite.com/hc/en-us/articles/204598140 (Bulk schedule posts)",
    ),
    "buffer": SchedulerFormat(
        key="buffer", name="Buffer bulk upload",
        header=("Text", "Image URL", "Tags", "Posting Time"),
        columns=("text", "image", "tags", "at"), date_pattern="%Y-%m-%d %H:%M",
        source="https://support.buffer.com (Bulk uploading posts with a CSV file)",
    ),
}


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula is kept as text (OWASP CSV injection)."""
    return str(inert_formula(text))


def _round_up(moment: datetime, step: int) -> datetime:
    extra = (-moment.minute) % step
    moment = moment.replace(second=0, microsecond=0)
    return moment + timedelta(minutes=extra) if extra else moment


def schedule(posts: list[Post], fmt: SchedulerFormat, now: datetime) -> list[Post]:
    """The posts this format accepts, in time order, with times it accepts.

    Too-early posts are moved to the first accepted time; rounding keeps the order; a repeated
    text is dropped where the tool refuses duplicates; the file stops at the tool's row limit.
    """
    earliest = now + fmt.min_lead if fmt.min_lead else now
    kept: list[Post] = []
    seen: set[str] = set()
    for post in sorted(posts, key=lambda p: p.at):
        text = " ".join(post.text.split()) if fmt.unique_messages else post.text
        if fmt.unique_messages:
            if text.casefold() in seen:
                continue
            seen.add(text.casefold())
        at = max(post.at, earliest)
        if fmt.minute_step:
            at = _round_up(at, fmt.minute_step)
            if fmt.min_lead and at < earliest:  # pragma: no cover - rounding only moves later
                at = _round_up(earliest, fmt.minute_step)
        kept.append(Post(at=at, channel=post.channel, text=text, link=post.link,
                         tags=list(post.tags), item_id=post.item_id))
        if fmt.max_rows and len(kept) >= fmt.max_rows:
            break
    return kept


def _cell(post: Post, column: str, fmt: SchedulerFormat, tz: tzinfo) -> str:
    if column == "at":
        local = post.at.astimezone(tz)
        return local.isoformat(timespec="minutes") if fmt.date_pattern == "iso" \
            else local.strftime(fmt.date_pattern)
    if column == "text":
        return neutralise(post.text)
    if column == "link":
        return post.link or ""
    if column == "channel":
        return post.channel
    if column == "tags":
        return neutralise(",".join(post.tags))
    return ""  # image: Atelier suggests no image


def rows(synthesis: Synthesis, key: str, *, now: datetime | None = None,
         tz: tzinfo = UTC) -> list[list[str]]:
    fmt = FORMATS[key]
    now = now or datetime.now(UTC)
    return [[_cell(post, column, fmt, tz) for column in fmt.columns]
            for post in schedule(list(synthesis.brief.calendar), fmt, now)]


def write(synthesis: Synthesis, key: str = "calendar", *, now: datetime | None = None,
          tz: tzinfo = UTC) -> bytes:
    """The scheduler file ``key`` (calendar, hootsuite, buffer) as UTF-8 CSV bytes."""
    fmt = FORMATS[key]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if fmt.header:
        writer.writerow(fmt.header)
    writer.writerows(rows(synthesis, key, now=now, tz=tz))
    return out.getvalue().encode("utf-8")
