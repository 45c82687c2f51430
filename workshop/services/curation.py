"""The editorial workbench: a facilitator accepts, edits or drops elements of the brief.

Each curation is a row found again after every build by the element's stable key (see
``exports.builders.themes.element_key``), so it survives regeneration; ``restore`` deletes it,
and the element is the automatic one again. The calendar's settings (first day, weekends and public
holidays skipped) and the two groups compared for agreement and divergence are workshop
options. Every change is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import Curation, CurationAction, CurationKind, Workshop
from . import events, networks, phases, text, workshops
from .changes import Change

TEXT_MAX = 3000  # a LinkedIn post, the longest a curated text needs to be
LABEL_MAX = 80  # a theme's label: a few words, one line (a column of the stakeholder map)
CALENDAR = "calendar"  # the workshop option holding the calendar's settings
COMPARED = "compare_groups"  # the workshop option holding the two groups compared


@dataclass(frozen=True)
class CalendarSettings:
    """When the editorial calendar starts and which days it leaves out."""

    start: date | None = None  # None: the day after the workshop (or today, if later)
    skip_weekends: bool = True
    skip_holidays: bool = False  # the public holidays of the workshop's holiday country

    def as_option(self) -> dict[str, Any]:
        return {"start": self.start.isoformat() if self.start else None,
                "skip_weekends": self.skip_weekends, "skip_holidays": self.skip_holidays}


def calendar_settings(workshop: Workshop) -> CalendarSettings:
    """The calendar's settings as stored, defaults for what was never set."""
    stored = (workshop.options or {}).get(CALENDAR) or {}
    start = stored.get("start")
    return CalendarSettings(start=date.fromisoformat(start) if start else None,
                            skip_weekends=bool(stored.get("skip_weekends", True)),
                            skip_holidays=bool(stored.get("skip_holidays", False)))


def curations_of(session: so.Session, workshop_id: int) -> dict[str, Curation]:
    """The workshop's curations by element key."""
    rows = session.scalars(sa.select(Curation).where(Curation.workshop_id == workshop_id))
    return {row.key: row for row in rows}


def _choice(value: Any, allowed: type[CurationKind] | type[CurationAction], field: str) -> Any:
    try:
        return allowed(value)
    except ValueError:
        raise Invalid(fields={field: [_l("Unknown: %(keys)s. Choose among: %(allowed)s.",
                                         keys=str(value),
                                         allowed=", ".join(m.value for m in allowed))]}) from None


def _key(value: Any) -> str:
    if not isinstance(value, str) or not 3 <= len(value) <= 80 or ":" not in value:
        raise Invalid(fields={"key": [_l("This element of the brief does not exist.")]})
    return value


def _post_limit(key: str) -> networks.Network | None:
    """The network a post's key names ("post:linkedin:…"), if it is a post's."""
    parts = key.split(":")
    return networks.NETWORKS.get(parts[1]) if len(parts) == 3 and parts[0] == "post" else None


def curate(session: so.Session, workshop: Workshop, key: Any, kind: Any, action: Any,
           wording: Any, automatic: Any, actor: str) -> Change:
    """Accept, edit or drop one element; an edit keeps the text within its network's limit."""
    phases.require_not_archived(workshop)
    key = _key(key)
    chosen_kind = _choice(kind, CurationKind, "kind")
    chosen = _choice(action, CurationAction, "action")
    wording = wording if isinstance(wording, str) else ""
    label = chosen_kind is CurationKind.THEME
    wording = text.clean_line(wording) if label else text.clean_text(wording)
    automatic = automatic if isinstance(automatic, str) else ""
    if chosen is CurationAction.EDITED:
        network = _post_limit(key)
        limit = network.limit if network else LABEL_MAX if label else TEXT_MAX
        if not wording:
            raise Invalid(fields={"text": [_l("Write the text, or drop the element.")]})
        if (networks.length(wording, network) if network else len(wording)) > limit:
            raise Invalid(fields={"text": [_l("At most %(n)d characters.", n=limit)]})
    row = curations_of(session, workshop.id).get(key)
    if row is None:
        row = Curation(workshop_id=workshop.id, key=key)
        session.add(row)
    row.kind, row.action = chosen_kind, chosen
    row.text = wording if chosen is CurationAction.EDITED else automatic[:TEXT_MAX]
    row.automatic = automatic[:TEXT_MAX]
    session.flush()
    result = {"key": key, "action": chosen.value}
    event = events.record(session, workshop.id, "brief.curated", actor,
                          {"key": key, "kind": chosen_kind.value, "action": chosen.value,
                           "text": row.text}, result=result)
    return Change(workshop.id, event.seq, result=result)


def restore(session: so.Session, workshop: Workshop, key: Any, actor: str) -> Change:
    """Back to automatic: the element is the builder's again (nothing to undo is fine)."""
    phases.require_not_archived(workshop)
    key = _key(key)
    session.execute(sa.delete(Curation).where(Curation.workshop_id == workshop.id,
                                              Curation.key == key))
    result = {"key": key, "action": "automatic"}
    event = events.record(session, workshop.id, "brief.restored", actor, {"key": key},
                          result=result)
    return Change(workshop.id, event.seq, result=result)


def set_calendar(session: so.Session, workshop: Workshop, settings: CalendarSettings,
                 actor: str, *, timezone: str | None = None,
                 holiday_country: str | None = None) -> Change:
    """Store when the calendar starts, which days it skips, and the workshop's zone and country.

    Open after the workshop has ended (the brief is curated then), unlike its other settings.
    """
    phases.require_not_archived(workshop)
    fields: dict[str, list[Any]] = {}
    timezone = (timezone or "").strip() or workshop.timezone
    if timezone and timezone not in workshops.zones():
        fields["timezone"] = [_l("Choose a time zone of the list, such as Europe/Paris.")]
    country = (holiday_country or "").strip().upper() or None
    if holiday_country is None:
        country = workshop.holiday_country
    if country and country not in workshops.holiday_countries():
        fields["holiday_country"] = [_l("Choose a country of the list.")]
    if settings.skip_holidays and not country:
        fields["skip_holidays"] = [_l("Choose the workshop's country in its settings first.")]
    if fields:
        raise Invalid(fields=fields)
    workshop.timezone, workshop.holiday_country = timezone, country
    workshop.options = {**(workshop.options or {}), CALENDAR: settings.as_option()}
    session.flush()
    payload = {**settings.as_option(), "timezone": timezone, "holiday_country": country}
    event = events.record(session, workshop.id, "calendar.set", actor, payload)
    return Change(workshop.id, event.seq, result=payload)


def set_compared_groups(session: so.Session, workshop: Workshop, first: Any, second: Any,
                        actor: str) -> Change:
    """Choose the two groups whose agreement and divergence the brief shows (two of its own).

    Open after the workshop has ended, like the calendar: the brief is read then.
    """
    phases.require_not_archived(workshop)
    known = [g["key"] for g in workshop.stakeholder_groups]
    fields: dict[str, list[Any]] = {}
    for name, value in (("first", first), ("second", second)):
        if value not in known:
            fields[name] = [_l("Choose one of the workshop's groups.")]
    if not fields and first == second:
        fields["second"] = [_l("Choose two different groups to compare.")]
    if fields:
        raise Invalid(fields=fields)
    workshop.options = {**(workshop.options or {}), COMPARED: [first, second]}
    session.flush()
    payload = {"groups": [first, second]}
    event = events.record(session, workshop.id, "comparison.set", actor, payload)
    return Change(workshop.id, event.seq, result=payload)
