"""The facilitator's corrections of an item's foundations and shifts, before export.

Stored on ``Contribution.tags`` next to the entries other features keep there ("stories:3"):
``"f:<foundation>"``, ``"s:<shift>"`` and the marker ``"tags:corrected"``. With the marker the
builder uses exactly these tags (possibly none) instead of the automatic ones.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import Workshop
from . import events, phases, topics
from .changes import Change

# The vocabularies of docs/domain.md: keys are stable, labels come from ``exports.labels`` (FR/EN).
FOUNDATIONS = ("relationship", "conversation", "branding", "trust", "recommendation",
               "alliances", "viral")
SHIFTS = ("connecting", "small_acts", "being_ourselves", "everywhere")

CORRECTED = "tags:corrected"
FOUNDATION_PREFIX, SHIFT_PREFIX = "f:", "s:"
_OURS = (FOUNDATION_PREFIX, SHIFT_PREFIX, CORRECTED)


def corrected(stored: list[str] | None) -> tuple[list[str], list[str]] | None:
    """The facilitator's (foundations, shifts) in canonical order, or None if never corrected."""
    stored = stored or []
    if CORRECTED not in stored:
        return None
    return ([f for f in FOUNDATIONS if FOUNDATION_PREFIX + f in stored],
            [s for s in SHIFTS if SHIFT_PREFIX + s in stored])


def _keys(value: Any, allowed: tuple[str, ...], field: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise Invalid(fields={field: [_l("Send a list of keys.")]})
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise Invalid(fields={field: [_l("Unknown: %(keys)s. Choose among: %(allowed)s.",
                                         keys=", ".join(unknown), allowed=", ".join(allowed))]})
    return [key for key in allowed if key in value]


def set_tags(session: so.Session, workshop: Workshop, item_id: Any, foundations: Any,
             shifts: Any, actor: str, client_id: str | None) -> Change:
    """Set an item's foundations and shifts by hand (the facilitator; any time before archive).

    Both lists are checked before anything changes; other tags on the item are kept.
    """
    phases.require_not_archived(workshop)
    chosen_f = _keys(foundations, FOUNDATIONS, "foundations")
    chosen_s = _keys(shifts, SHIFTS, "shifts")
    item = topics.topic_in(session, workshop, item_id, "item_id")
    kept = [t for t in item.tags or [] if not t.startswith(_OURS)]
    item.tags = [*kept, *(FOUNDATION_PREFIX + f for f in chosen_f),
                 *(SHIFT_PREFIX + s for s in chosen_s), CORRECTED]
    session.flush()
    result = {"item_id": item.id, "foundations": chosen_f, "shifts": chosen_s, "corrected": True}
    event = events.record(session, workshop.id, "tags.set", actor,
                          {"topic": item.id, "foundations": chosen_f, "shifts": chosen_s},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result)


def clear_tags(session: so.Session, workshop: Workshop, item_id: Any, actor: str,
               client_id: str | None) -> Change:
    """Drop the corrections of an item: the exports tag it automatically again."""
    phases.require_not_archived(workshop)
    item = topics.topic_in(session, workshop, item_id, "item_id")
    item.tags = [t for t in item.tags or [] if not t.startswith(_OURS)]
    session.flush()
    result = {"item_id": item.id, "corrected": False}
    event = events.record(session, workshop.id, "tags.cleared", actor, {"topic": item.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result)
