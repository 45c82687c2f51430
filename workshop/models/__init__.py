"""The data model: importing this package registers every table on ``Base.metadata``."""

from .agenda import Room, ScheduledSession, TimeSlot
from .base import Base, utcnow
from .branding import WorkshopLogo
from .commitment import Commitment, CommitmentNote, CommitmentReminder, CommitmentStatus
from .contribution import Contribution, ContributionKind, ContributionStatus
from .curation import Curation, CurationAction, CurationKind
from .doc import DocumentUpdate, SharedDocument
from .embedding import ContributionEmbedding
from .event import Event
from .facilitator import ApiToken, Facilitator, SignIn
from .participant import Participant
from .presence import CheckIn, Interest, Seat
from .question import Question, QuestionUpvote
from .team import Invitation, TeamMember, TeamRole
from .template import WorkshopTemplate
from .vote import Vote
from .workshop import Method, Workshop, WorkshopState

# Ids are never handed out twice (SQLite reuses the highest id after a delete without it): a
# socket or a link that outlives its workshop, participant or token can never reach another's.
for _table in Base.metadata.tables.values():
    _table.dialect_kwargs["sqlite_autoincrement"] = True

__all__ = [
    "ApiToken",
    "CheckIn",
    "Base",
    "Commitment",
    "CommitmentNote",
    "CommitmentReminder",
    "CommitmentStatus",
    "Contribution",
    "ContributionEmbedding",
    "ContributionKind",
    "ContributionStatus",
    "Curation",
    "CurationAction",
    "CurationKind",
    "DocumentUpdate",
    "Event",
    "Facilitator",
    "Interest",
    "Invitation",
    "Method",
    "Participant",
    "Question",
    "QuestionUpvote",
    "Room",
    "ScheduledSession",
    "Seat",
    "SharedDocument",
    "SignIn",
    "TeamMember",
    "TeamRole",
    "TimeSlot",
    "Vote",
    "Workshop",
    "WorkshopLogo",
    "WorkshopTemplate",
    "WorkshopState",
    "utcnow",
]
