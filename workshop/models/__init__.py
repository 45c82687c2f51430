"""The data model: importing this package registers every table on ``Base.metadata``."""

from .base import Base, utcnow
from .doc import DocumentUpdate, SharedDocument
from .facilitator import ApiToken, Facilitator
from .log import Event
from .participant import Participant
from .schedule import Room, ScheduledSession, TimeSlot
from .topic import Commitment, Contribution, ContributionKind, ContributionStatus
from .vote import Vote
from .workshop import Method, Workshop, WorkshopState

__all__ = [
    "ApiToken",
    "Base",
    "Commitment",
    "Contribution",
    "ContributionKind",
    "ContributionStatus",
    "DocumentUpdate",
    "Event",
    "Facilitator",
    "Method",
    "Participant",
    "Room",
    "ScheduledSession",
    "SharedDocument",
    "TimeSlot",
    "Vote",
    "Workshop",
    "WorkshopState",
    "utcnow",
]
