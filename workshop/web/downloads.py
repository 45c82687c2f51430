"""Export files sent as downloads, from the synthesis page and the JSON API alike."""

from __future__ import annotations

from flask import Response

from ..exports import aside, service
from ..exports.service import Format
from ..extensions import db
from ..models import Workshop


def export_response(workshop: Workshop, fmt: Format) -> Response:
    """Render ``fmt`` aside from the event loop and send it as an attachment (or ``Busy``)."""
    data = aside.render(db.session, workshop, fmt)
    response = Response(data, mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{service.filename(workshop, fmt)}"')
    response.headers["Cache-Control"] = "no-store"
    return response
