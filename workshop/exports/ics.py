"""iCalendar files of the follow-up: a commitment's due date, or a workshop's action plan."""

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


def calendar(name: str, entries: Iterable[Due]) -> bytes:
    """An RFC 5545 calendar of all-day events, each with a reminder the day before at 9:00."""
    stamp = datetime.now(UTC).replace(microsecond=0)  # when this copy was made (RFC 5545)
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("summary", entry.title)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        event.add("dtstamp", stamp)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.title)
        alarm.add("trigger", timedelta(hours=-15))  # the day before, 9:00 for an all-day event
        event.add_component(alarm)
        cal.add_component(event)
    written: bytes = cal.to_ical()
    return written
