"""Quick reactions (applause, +1, "louder please"): shown on the screen, never stored or counted.

A reaction is not a vote and not a contribution: it leaves no row and no event, and the
broadcaster sends the screen how many of each came in its last fraction of a second.
"""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import Workshop
from . import phases


class Reaction(enum.StrEnum):
    APPLAUSE = "applause"
    PLUS_ONE = "plus_one"
    LOUDER = "louder"


def react(workshop: Workshop, kind: Any) -> Reaction:
    """The reaction a phone sent, if the workshop is running; nothing is written."""
    phases.require_open(workshop)
    try:
        return Reaction(kind)
    except ValueError:
        raise Invalid(fields={"kind": [_l("One of: applause, plus_one, louder.")]}) from None
