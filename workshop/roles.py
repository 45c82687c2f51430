"""Who is on the other end of a connection: a participant's phone, a facilitator, a screen."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    PARTICIPANT = "participant"  # a phone that joined with a name
    FACILITATOR = "facilitator"  # its owner or a co-facilitator, from the console or the API
    SCREEN = "screen"  # the projector: read-only, shows what the room may see
