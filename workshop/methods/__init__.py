"""The four methods, declared as data. Phases arrive with the live engine."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..models import Method


@dataclass(frozen=True)
class MethodInfo:
    key: Method
    name: LazyString
    summary: LazyString


METHODS: dict[Method, MethodInfo] = {
    info.key: info
    for info in (
        MethodInfo(
            Method.OPEN_SPACE,
            _l("Open Space"),
            _l(
                "One calling question; anyone proposes and convenes a session; "
                "an agenda of rooms and time slots forms; reports feed the action plan."
            ),
        ),
        MethodInfo(
            Method.BARCAMP,
            _l("Barcamp"),
            _l(
                "An unconference: everyone pitches sessions, the room shows interest, "
                "and the grid is built on the spot."
            ),
        ),
        MethodInfo(
            Method.APPRECIATIVE_INQUIRY,
            _l("Appreciative Inquiry"),
            _l(
                "The 4-D cycle: Discovery interviews in pairs, Dream, Design of "
                "provocative propositions, Destiny commitments."
            ),
        ),
        MethodInfo(
            Method.WORLD_CAFE,
            _l("World Café"),
            _l(
                "Small tables, rounds of conversation on powerful questions, a host per "
                "table, and a plenary harvest."
            ),
        ),
    )
}
