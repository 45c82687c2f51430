"""JSON API v1, for integrations and load tests. Errors: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, Unauthorized
from ..extensions import db
from ..links import public_join_url
from ..models import Facilitator, Method, Participant, Workshop
from ..realtime import commands
from ..services import facilitators, participants, team, tokens, workshops
from ..services.groups import group_label, parse_groups
from .codes import count_join, find_workshop
from .downloads import export_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _payload() -> dict[str, Any]:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: not a payload of ours
        data = None
    if not isinstance(data, dict):
        raise Invalid(_l("Send a JSON object."))
    return data


def _string(
    data: dict[str, Any], name: str, fields: dict[str, list[str]], default: str = ""
) -> str:
    value = data.get(name, default)
    if not isinstance(value, str):
        fields[name] = [str(_l("Must be text."))]
        return default
    return value


def _facilitator() -> Facilitator:
    """The facilitator behind ``Authorization: Bearer <token>``, or 401."""
    if "api_facilitator" not in g:
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        found = (
            facilitators.facilitator_for_token(db.session, raw.strip())
            if scheme.lower() == "bearer"
            else None
        )
        if found is None:
            raise Unauthorized(_l("A valid API token is required."))
        g.api_facilitator = found
    facilitator: Facilitator = g.api_facilitator
    return facilitator


def participant_json(participant: Participant) -> dict[str, Any]:
    return {"id": participant.id, "name": participant.display_name, "group": participant.group_key}


def workshop_json(workshop: Workshop, *, full: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": workshop.id,
        "title": workshop.title,
        "method": workshop.method.value,
        "language": workshop.language,
    }
    if full:
        body.update(
            code=workshop.join_code,
            join_url=public_join_url(workshop),
            calling_question=workshop.calling_question,
            state=workshop.state.value,
            joining_open=workshop.accepts_participants,
            vote_budget=workshop.vote_budget,
            max_votes_per_topic=workshop.max_votes_per_topic,
            anonymous=workshop.anonymous,
            groups=[
                {"key": g["key"], "label": group_label(g)} for g in workshop.stakeholder_groups
            ],
            participants=workshops.participant_counts(db.session, workshop),
        )
    return body


@bp.post("/join")
def join() -> ResponseReturnValue:
    data = _payload()
    fields: dict[str, list[str]] = {}
    code = _string(data, "code", fields)
    name = _string(data, "name", fields)
    group = _string(data, "group", fields)
    consent = data.get("consent_quote", False)
    if not isinstance(consent, bool):
        fields["consent_quote"] = [str(_l("Must be true or false."))]
    client_id = data.get("client_id")
    if client_id is not None and not (
        isinstance(client_id, str) and tokens.RETRY_KEY.fullmatch(client_id)
    ):
        fields["client_id"] = [str(_l("Must be 16 to 64 letters, digits, - or _ (a UUID fits)."))]
    if "code" in fields:
        raise Invalid(fields=fields)
    workshop = find_workshop(db.session, code)
    if fields:
        raise Invalid(fields=fields)
    retry = (tokens.RetryKey(current_app.config["SECRET_KEY"], "api-join", client_id)
             if client_id else None)
    count_join(workshop)
    joining = participants.JoinRequest(
        name=name, group=group, consent_quote=consent, locale=str(get_locale() or ""))
    joined = commands.execute(
        lambda session: participants.join(session, workshop, joining, retry=retry))
    participant = db.session.get(Participant, joined.result["participant"])
    assert participant is not None  # just committed
    return jsonify(
        participant=participant_json(participant), token=joined.result["token"],
        workshop=workshop_json(workshop)
    ), 201


@bp.get("/me")
def me() -> ResponseReturnValue:
    facilitator = _facilitator()
    return jsonify(facilitator={"id": facilitator.id, "email": facilitator.email,
                                "name": facilitator.display_name})


@bp.get("/workshops")
def list_workshops() -> ResponseReturnValue:
    items = workshops.workshops_of(db.session, _facilitator())
    return jsonify(workshops=[workshop_json(w, full=True) for w in items])


@bp.post("/workshops")
def create_workshop() -> ResponseReturnValue:
    facilitator = _facilitator()
    data = _payload()
    fields: dict[str, list[str]] = {}
    title = _string(data, "title", fields)
    method = _string(data, "method", fields)
    settings = workshops.WorkshopSettings(title=title, method=Method.OPEN_SPACE)
    if method not in {m.value for m in Method}:
        fields["method"] = [str(_l("Choose one of: %(choices)s.",
                                   choices=", ".join(m.value for m in Method)))]
    else:
        settings.method = Method(method)
    settings.language = _string(data, "language", fields, "en")
    settings.calling_question = _string(data, "calling_question", fields)
    groups = data.get("groups")
    if groups is not None:
        if isinstance(groups, list) and all(isinstance(x, str) for x in groups):
            settings.stakeholder_groups = parse_groups("\n".join(groups))
        else:
            fields["groups"] = [str(_l("Must be a list of names."))]
    for name in ("vote_budget", "max_votes_per_topic"):
        if name in data:
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int):
                fields[name] = [str(_l("Must be a whole number."))]
            else:
                setattr(settings, name, value)
    if fields:
        raise Invalid(fields=fields)
    created = commands.execute(
        lambda session: workshops.create_workshop(session, facilitator, settings))
    workshop = db.session.get(Workshop, created.workshop_id)
    assert workshop is not None  # just committed
    return jsonify(workshop=workshop_json(workshop, full=True)), 201


@bp.get("/workshops/<int:workshop_id>")
def get_workshop(workshop_id: int) -> ResponseReturnValue:
    workshop = team.workshop_to_run(db.session, _facilitator(), workshop_id)
    return jsonify(workshop=workshop_json(workshop, full=True))


@bp.get("/workshops/<int:workshop_id>/export")
def export_workshop(workshop_id: int) -> ResponseReturnValue:
    """The synthesis in one format (``?format=xlsx``), as a file download; its team only."""
    from ..exports import service

    owner = _facilitator()
    workshop = team.workshop_to_run(db.session, owner, workshop_id)
    chosen = service.parse_formats(request.args.get("format", ""))
    if len(chosen) != 1:
        raise Invalid(fields={"format": [str(_l("Choose one format."))]})
    return export_response(workshop, chosen[0])



@bp.get("/workshops/<int:workshop_id>/themes")
def workshop_themes(workshop_id: int) -> ResponseReturnValue:
    """The workshop's themes by meaning, as in its JSON export (docs/api.md); its team only."""
    from ..exports import aside
    from ..exports.builders.themes import public

    workshop = team.workshop_to_run(db.session, _facilitator(), workshop_id)
    # Built by a worker process under gevent (the engine never runs on the event loop), and
    # kept until the workshop changes.
    built = aside.synthesis(db.session, workshop)
    return jsonify(themes=[public(theme) for theme in built.themes])
