"""One error hierarchy, mapped once to HTTP statuses and socket error codes."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l


class AtelierError(Exception):
    """A rule was broken: the caller gets ``code`` and a message in the user's language."""

    code = "error"
    status = 400
    default_message = _l("Something went wrong.")

    def __init__(self, message: str | None = None, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self._message = message
        self.fields = fields or {}

    @property
    def message(self) -> str:
        return str(self._message or self.default_message)

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = {name: [str(m) for m in msgs] for name, msgs in self.fields.items()}
        return body


class Invalid(AtelierError):
    code = "invalid"
    status = 400
    default_message = _l("Some fields need your attention.")


class Unauthorized(AtelierError):
    code = "unauthorized"
    status = 401
    default_message = _l("Please sign in first.")


class Forbidden(AtelierError):
    code = "forbidden"
    status = 403
    default_message = _l("You are not allowed to do that.")


class NotFound(AtelierError):
    code = "not_found"
    status = 404
    default_message = _l("Not found.")


class UnknownWorkshop(NotFound):
    code = "unknown_workshop"
    default_message = _l("No workshop has this code. Check the code on the screen and try again.")


class Conflict(AtelierError):
    code = "conflict"
    status = 409
    default_message = _l("This conflicts with the current state.")


class JoiningClosed(Conflict):
    code = "joining_closed"
    default_message = _l("This workshop is not accepting new participants right now.")


class AlreadySetUp(Conflict):
    code = "already_set_up"
    default_message = _l("Atelier is already set up. Please sign in.")


class NotAllowedNow(Conflict):
    code = "not_allowed_now"
    default_message = _l("This is not possible at this point of the workshop.")


class UnknownTopic(NotFound):
    code = "unknown_topic"
    default_message = _l("This topic does not exist or was removed.")


class NoVotesLeft(Conflict):
    code = "no_votes_left"
    default_message = _l("You have no votes left. Take one back to vote elsewhere.")


class TopicCapReached(Conflict):
    code = "topic_cap_reached"
    default_message = _l("You have given this topic as many votes as one person may.")


class TooManyContributions(Conflict):
    code = "too_many_contributions"
    default_message = _l("This workshop holds as many contributions as it can.")


class NoVoteToRetract(Conflict):
    code = "no_vote_to_retract"
    default_message = _l("You have no vote on this topic to take back.")


class CellTaken(Conflict):
    code = "cell_taken"
    default_message = _l("Another session already has this room at this time. Pick a free cell.")


class DatabaseReadOnly(AtelierError):
    """The database refuses writes (a read-only file or mount, a standby): nothing is saved."""

    code = "database_read_only"
    status = 503
    default_message = _l("The database is read-only: nothing can be saved for now. "
                         "Tell whoever runs Atelier.")


class DatabaseUnavailable(AtelierError):
    code = "database_unavailable"
    status = 503
    default_message = _l("The database cannot be reached.")


class RateLimited(AtelierError):
    """Too many requests from one participant, account or address; ``retry_after`` seconds."""

    code = "rate_limited"
    status = 429
    default_message = _l("Too many requests at once. Wait a moment, then try again.")

    def __init__(self, retry_after: float) -> None:
        super().__init__()
        # Rounded up: a client waiting this long is allowed, never refused again for being early.
        self.retry_after = max(1, math.ceil(retry_after))

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "retry_after": self.retry_after}


class TooManyWrongCodes(RateLimited):
    """Too many wrong join codes from one address; a right code is never refused."""

    default_message = _l("No workshop has this code, and many wrong codes came from your network "
                         "lately. Check the code on the screen, then try again in a moment.")
class Busy(AtelierError):
    """Reports (syntheses, exports) are being prepared at the server's bound; come back later."""

    code = "busy"
    status = 503

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(_l("Atelier is preparing other reports right now. Try again in "
                            "%(seconds)d s.", seconds=self.retry_after))

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "retry_after": self.retry_after}
