"""Addresses shared by pages and sockets: the join link phones open and a phone's cookie name."""

from __future__ import annotations

from flask import current_app, url_for

from .models import Workshop


def participant_cookie(workshop: Workshop) -> str:
    """The HttpOnly cookie that holds a phone's participant token for one workshop."""
    return f"atelier_p{workshop.id}"


def public_join_url(workshop: Workshop) -> str:
    """The link phones open: WORKSHOP_PUBLIC_URL when set, else the address in use now."""
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("participant.join_workshop", code=workshop.join_code)
    return f"{base}{path}" if base else url_for(
        "participant.join_workshop", code=workshop.join_code, _external=True
    )
