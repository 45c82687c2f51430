"""Room names, in one place (DESIGN.md: w:<id>, w:<id>:screen, w:<id>:facilitators, ...)."""

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


def document(workshop_id: int, key: str) -> str:
    """Everyone who opened one co-written document (key such as "report:12")."""
    return f"w:{workshop_id}:d:{key}"
