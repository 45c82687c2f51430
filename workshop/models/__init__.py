"""The data model: importing this package registers every table on ``Base.metadata``."""

from .agenda import Room, ScheduledSession, TimeSlot
from .base import Base, utcnow
from .commitment import Commitment
from .contribution import Contribution, ContributionKind, ContributionStatus
from .doc import DocumentUpdate, SharedDocument
from .event import Event
from .facilitator import ApiToken, Facilitator
from .participant import Participant
from .presence import CheckIn, Interest, Seat
from .vote import Vote
from .workshop import Method, Workshop, WorkshopState

__all__ = [
    "ApiToken",
    "CheckIn",
    "Base",
    "Commitment",
    "Contribution",
    "ContributionKind",
    "ContributionStatus",
    "DocumentUpdate",
    "Event",
    "Facilitator",
    "Interest",
    "Method",
    "Participant",
    "Room",
    "ScheduledSession",
    "Seat",
    "SharedDocument",
    "TimeSlot",
    "Vote",
    "Workshop",
    "WorkshopState",
    "utcnow",
]
