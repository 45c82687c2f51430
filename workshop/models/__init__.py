"""The data model: importing this package registers every table on ``Base.metadata``."""

from .base import Base, utcnow
from .doc import DocumentUpdate, SharedDocument
from .facilitator import ApiToken, Facilitator
from .log import Event
from .participant import Participant
from .presence import CheckIn, Interest, Seat
from .schedule import Room, ScheduledSession, TimeSlot
from .topic import Commitment, Contribution, ContributionKind, ContributionStatus
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
