"""iCalendar files of the follow-up: a commitment's due date, or a workshop's action plan and
its review meeting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODUCT = "-//Atelier//Follow-up//EN"


@dataclass(frozen=True)
class Due:
    """One all-day entry: what is due, on which day, and where to update it."""

    uid: str  # stable, so that importing the file again updates the entry
    title: str
    on: date
    description: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Meeting:
    """One timed entry: the review meeting, at an instant, for an hour, maybe somewhere."""

    uid: str
    title: str
    at: datetime  # timezone-aware: written in UTC, each calendar shows it in its own zone
    location: str = ""
    description: str = ""
    url: str | None = None


MEETING_LENGTH = timedelta(hours=1)


def _event(entry: Due | Meeting, stamp: datetime) -> Event:
    """A meeting at its time, alarm half an hour before; a due date all day, alarm the day
    before at 9:00."""
    event = Event()
    event.add("uid", entry.uid)
    event.add("summary", entry.title)
    if isinstance(entry, Meeting):
        event.add("dtstart", entry.at.astimezone(UTC))
        event.add("dtend", entry.at.astimezone(UTC) + MEETING_LENGTH)
        if entry.location:
            event.add("location", entry.location)
        warning = timedelta(minutes=-30)
    else:
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        warning = timedelta(hours=-15)  # the day before, 9:00 for an all-day event
    event.add("dtstamp", stamp)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", entry.title)
    alarm.add("trigger", warning)
    event.add_component(alarm)
    return event


def calendar(name: str, entries: Iterable[Due | Meeting]) -> bytes:
    """An RFC 5545 calendar: all-day events for due dates, each with a reminder the day before
    at 9:00, and timed events for meetings."""
    stamp = datetime.now(UTC).replace(microsecond=0)  # when this copy was made (RFC 5545)
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for entry in entries:
        cal.add_component(_event(entry, stamp))
    written: bytes = cal.to_ical()
    return written
