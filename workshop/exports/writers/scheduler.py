"""Editorial-calendar files for social-media schedulers, each format described as data.

The formats were taken from each tool's public help pages (see ``source``); to check them
against the tool itself, download the tool's own sample file and compare columns, header and
date pattern, then import a file made here into a test account (docs/exports.md says how).

Hootsuite and Buffer files are one per network (``hootsuite-linkedin``): Hootsuite sends every
row of a file to the one profile chosen at upload, and its duplicate filter would drop a post
that two networks share. Their texts are written exactly as they will be published: the
anti-formula apostrophe is only added in the generic calendar, the one file a spreadsheet
opens. Times: the brief plans posts in UTC; a file is written in the workshop's time zone (or
``tz``), because the tools read the times as the account's local time.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from ...services.networks import NETWORKS
from ..model import Post, Synthesis, timezone_of
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
    spreadsheet: bool = False  # opened in a spreadsheet: formula-like cells kept inert
    source: str = ""


FORMATS: dict[str, SchedulerFormat] = {
    "calendar": SchedulerFormat(
        key="calendar", name="Generic editorial calendar (CSV, ISO 8601)",
        header=("datetime", "channel", "text", "link", "tags"),
        columns=("at", "channel", "text", "link", "tags"), date_pattern="iso",
        spreadsheet=True, source="RFC 4180 CSV with ISO 8601 times (any spreadsheet or scheduler)",
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


def neutralise(text: str, fmt: SchedulerFormat) -> str:
    """In a spreadsheet's file, a cell it would run as a formula is kept as text (OWASP)."""
    return str(inert_formula(text)) if fmt.spreadsheet else text


def tool_and_network(key: str) -> tuple[SchedulerFormat, str | None]:
    """``"hootsuite-linkedin"`` → (Hootsuite's format, "linkedin"); ``"calendar"`` → (…, None)."""
    tool, _dash, network = key.partition("-")
    if tool not in FORMATS or (network and network not in NETWORKS):
        raise KeyError(key)
    return FORMATS[tool], network or None


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
        text = post.text  # paragraph breaks kept: a quoted CSV cell holds them
        if fmt.unique_messages:
            same = " ".join(text.split()).casefold()
            if same in seen:
                continue
            seen.add(same)
        at = max(post.at, earliest)
        if fmt.minute_step:
            at = _round_up(at, fmt.minute_step)
            if fmt.min_lead and at < earliest:  # pragma: no cover - rounding only moves later
                at = _round_up(earliest, fmt.minute_step)
        kept.append(Post(at=at, channel=post.channel, text=text, link=post.link,
                         tags=list(post.tags), item_id=post.item_id, key=post.key))
        if fmt.max_rows and len(kept) >= fmt.max_rows:
            break
    return kept


def _cell(post: Post, column: str, fmt: SchedulerFormat, tz: tzinfo) -> str:
    if column == "at":
        local = post.at.astimezone(tz)
        return local.isoformat(timespec="minutes") if fmt.date_pattern == "iso" \
            else local.strftime(fmt.date_pattern)
    if column == "text":
        return neutralise(post.text, fmt)
    if column == "link":
        return post.link or ""
    if column == "channel":
        return post.channel
    if column == "tags":
        return neutralise(",".join(post.tags), fmt)
    return ""  # image: Atelier suggests no image


def _zone(synthesis: Synthesis, tz: tzinfo | None) -> tzinfo:
    if tz is not None:
        return tz
    name = synthesis.workshop.get("timezone")
    return timezone_of(synthesis.workshop.get("language") or "", {"timezone": name}) \
        if name else UTC


def rows(synthesis: Synthesis, key: str, *, now: datetime | None = None,
         tz: tzinfo | None = None) -> list[list[str]]:
    """The file's rows: the calendar's posts (of one network, for a tool's file)."""
    fmt, network = tool_and_network(key)
    now = now or datetime.now(UTC)
    zone = _zone(synthesis, tz)
    posts = [p for p in synthesis.brief.calendar if network is None or p.channel == network]
    return [[_cell(post, column, fmt, zone) for column in fmt.columns]
            for post in schedule(posts, fmt, now)]


def write(synthesis: Synthesis, key: str = "calendar", *, now: datetime | None = None,
          tz: tzinfo | None = None) -> bytes:
    """The scheduler file ``key`` (calendar, hootsuite-<network>, buffer-<network>) as CSV;
    a tool alone (``hootsuite``, ``buffer``, the formats before one file per network) is a
    zip of that tool's file for each network that has posts."""
    fmt, network = tool_and_network(key)
    if network is None and key != "calendar":
        return _bundle(synthesis, key, now=now, tz=tz)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if fmt.header:
        writer.writerow(fmt.header)
    writer.writerows(rows(synthesis, key, now=now, tz=tz))
    return out.getvalue().encode("utf-8")


def _bundle(synthesis: Synthesis, tool: str, *, now: datetime | None,
            tz: tzinfo | None) -> bytes:
    """One ``<tool>-<network>.csv`` per network with posts, in a zip."""
    channels = {post.channel for post in synthesis.brief.calendar}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for network in NETWORKS:
            if network in channels:
                archive.writestr(f"{tool}-{network}.csv",
                                 write(synthesis, f"{tool}-{network}", now=now, tz=tz))
    return buffer.getvalue()
