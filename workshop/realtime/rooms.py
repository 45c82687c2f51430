"""Room names, in one place: w:<id>, w:<id>:screen, w:<id>:facilitators, w:<id>:p:<id>..."""

from __future__ import annotations


def everyone(workshop_id: int) -> str:
    return f"w:{workshop_id}"


def screens(workshop_id: int) -> str:
    return f"w:{workshop_id}:screen"


def facilitators(workshop_id: int) -> str:
    return f"w:{workshop_id}:facilitators"


def participant(workshop_id: int, participant_id: int) -> str:
    return f"w:{workshop_id}:p:{participant_id}"


def phones(workshop_id: int) -> str:
    return f"w:{workshop_id}:phones"


# Phones also sit in one of a few groups that hear the coalesced tallies in turn, one group
# per tick: each tick sends to a sixteenth of the phones instead of all of them at once (at
# 5,000 phones, about 300 messages a tick, where four groups made 1,250).
PHONE_GROUPS = 16


def phone_group(workshop_id: int, participant_id: int) -> str:
    return f"w:{workshop_id}:phones:{participant_id % PHONE_GROUPS}"


def phone_groups(workshop_id: int) -> list[str]:
    return [f"w:{workshop_id}:phones:{group}" for group in range(PHONE_GROUPS)]


def sign_in(sign_in_id: int) -> str:
    """Every socket opened by one signed-in browser (closed when it signs out)."""
    return f"s:{sign_in_id}"


def account(facilitator_id: int) -> str:
    """Every socket of one facilitator account (closed when it is disabled)."""
    return f"a:{facilitator_id}"


def team_member(workshop_id: int, facilitator_id: int) -> str:
    """One facilitator's consoles of one workshop (closed when they leave its team)."""
    return f"w:{workshop_id}:f:{facilitator_id}"


def api_token(token_id: int) -> str:
    """Every socket opened with one API token (closed when it is revoked)."""
    return f"t:{token_id}"


def document(workshop_id: int, key: str) -> str:
    """Everyone who opened one co-written document (key such as "report:12")."""
    return f"w:{workshop_id}:d:{key}"
