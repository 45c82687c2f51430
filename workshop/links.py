"""Addresses shared by pages and sockets: the join link phones open and a phone's cookie name."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import current_app, request, url_for

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


def public_url(path: str) -> str:
    """An absolute address for ``path`` (from ``url_for``): WORKSHOP_PUBLIC_URL when set."""
    base = current_app.config.get("PUBLIC_URL")
    return f"{base}{path}" if base else request.host_url.rstrip("/") + path


def qr_join_url(workshop: Workshop) -> str:
    """The join link a QR code holds: ``public_join_url`` with ``/J/`` in capitals throughout.

    Capitals, digits and ``:/.`` are QR's alphanumeric mode, 5.5 bits a character against 8:
    the same link fits a smaller symbol (25 modules a side instead of 29 for a usual address),
    so each module is bigger on the projector and read from further away. Scheme and host are
    case-insensitive; a path prefix of the public address, if any, keeps its case.
    """
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("participant.join_from_qr", code=workshop.join_code)
    url = urlsplit(f"{base}{path}" if base else url_for(
        "participant.join_from_qr", code=workshop.join_code, _external=True))
    return urlunsplit((url.scheme.upper(), url.netloc.upper(), url.path, url.query, ""))
