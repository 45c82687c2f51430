"""Workshop templates: duplicate a workshop, save one as a template, start from a template.

A template's content is a workshop's set-up and nothing else: title, questions, stakeholder
groups, limits, rooms, time slots, tables and the switches set before it starts. Never its
participants, their contributions, votes, seats or its event log: a copy starts empty.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NotFound
from ..models import Facilitator, Method, Workshop, WorkshopTemplate
from ..template_library import ShippedTemplate, find
from . import agenda, branding, events, seating, text, workshops
from .changes import Change
from .groups import BUILTIN_GROUPS, parse_groups

# The options a workshop's set-up holds; the others are its live state (timer, open actions,
# the slot running now, merges dismissed...) and are never copied.
SET_UP_OPTIONS = ("questions", "tables", "random_order", "by_theme", branding.ACCENT)
# The settings a template holds, with the type each must have (None allowed where it may be).
SETTINGS: dict[str, tuple[type, ...]] = {
    "title": (str,), "calling_question": (str,), "stakeholder_groups": (list,),
    "vote_budget": (int,), "max_votes_per_topic": (int,), "anonymous": (bool,),
    "timezone": (str, type(None)), "holiday_country": (str, type(None)),
}
NAME_MAX = 120


def content_of(session: so.Session, workshop: Workshop) -> dict[str, Any]:
    """The workshop's set-up as a template holds it."""
    return {
        "title": workshop.title,
        "calling_question": workshop.calling_question,
        "stakeholder_groups": [dict(g) for g in workshop.stakeholder_groups],
        "vote_budget": workshop.vote_budget,
        "max_votes_per_topic": workshop.max_votes_per_topic,
        "anonymous": workshop.anonymous,
        "timezone": workshop.timezone,
        "holiday_country": workshop.holiday_country,
        "options": {k: workshop.options[k] for k in SET_UP_OPTIONS if k in workshop.options},
        "rooms": [{"name": r.name, "capacity": r.capacity}
                  for r in agenda.rooms_of(session, workshop)],
        "slots": [{"label": s.label} for s in agenda.slots_of(session, workshop)],
    }


def _settings(content: dict[str, Any], method: Method, language: str
              ) -> workshops.WorkshopSettings:
    values = {k: content[k] for k in SETTINGS if k in content}
    wrong = [k for k, v in values.items() if not isinstance(v, SETTINGS[k])
             or (isinstance(v, bool) and bool not in SETTINGS[k])]
    groups = values.get("stakeholder_groups", [])
    if wrong or not all(isinstance(g, dict) for g in groups):
        raise Invalid(fields={"template": [_l("This template cannot be read.")]})
    # Through the form's own parser: the same limits, and custom labels keep their keys.
    values["stakeholder_groups"] = parse_groups("\n".join(
        str(g.get("key", "")) if g.get("key") in BUILTIN_GROUPS else str(g.get("label", ""))
        for g in groups))
    return workshops.WorkshopSettings(method=method, language=language, **values)


def _set_up(session: so.Session, workshop: Workshop, content: dict[str, Any], actor: str
            ) -> None:
    """Apply a template's options, rooms and slots through the services that check them."""
    options = content.get("options") or {}
    if not isinstance(options, dict) or set(options) - set(SET_UP_OPTIONS):
        raise Invalid(fields={"options": [_l("Unknown setting.")]})
    if "questions" in options:
        seating.set_questions(workshop, options["questions"])
    if "tables" in options:
        seating.set_tables(workshop, options["tables"])
    for name in ("random_order", "by_theme"):
        if name in options:
            if not isinstance(options[name], bool):
                raise Invalid(fields={name: [_l("Must be true or false.")]})
            workshop.options = {**workshop.options, name: options[name]}
    if options.get(branding.ACCENT):
        accent = branding.normalize_colour(options[branding.ACCENT])
        workshop.options = {**workshop.options, branding.ACCENT: accent}
    rooms, slots = content.get("rooms") or [], content.get("slots") or []
    if rooms and slots:
        agenda.set_grid(session, workshop, rooms, slots, actor, None)


def _create(session: so.Session, facilitator: Facilitator, method: Method, language: str,
            content: dict[str, Any], source: str) -> tuple[Workshop, Change]:
    """A new draft workshop set up from ``content``; its log says where it came from."""
    settings = _settings(content, method, language)
    change = workshops.create_workshop(session, facilitator, settings)
    workshop = session.get(Workshop, change.workshop_id)
    assert workshop is not None
    actor = events.facilitator_actor(facilitator.id)
    _set_up(session, workshop, content, actor)
    event = events.record(session, workshop.id, "workshop.set_up_from", actor,
                          {"source": source})
    change.seq = event.seq
    return workshop, change


def duplicate_workshop(session: so.Session, workshop: Workshop, actor: Facilitator) -> Change:
    """A new draft with the set-up, logo and accent of ``workshop``, and nobody in it."""
    content = content_of(session, workshop)
    with force_locale(workshop.language):
        with_title = {**content, "title": _copy_title(workshop.title)}
    copy, change = _create(session, actor, workshop.method, workshop.language, with_title,
                           f"workshop:{workshop.id}")
    branding.copy_logo(session, workshop, copy)
    return change


def _copy_title(title: str) -> str:
    suffix = str(_l("(copy)"))
    return f"{title[:workshops.TITLE_MAX - len(suffix) - 1]} {suffix}"


def save_as_template(session: so.Session, workshop: Workshop, name: str, actor: Facilitator
                     ) -> Change:
    """Keep the workshop's set-up as one of the facilitator's templates."""
    name = text.clean_line(name) if isinstance(name, str) else ""
    if not name:
        raise Invalid(fields={"name": [_l("Give the template a name.")]})
    if len(name) > NAME_MAX:
        raise Invalid(fields={"name": [_l("At most %(n)d characters.", n=NAME_MAX)]})
    template = WorkshopTemplate(facilitator_id=actor.id, name=name, method=workshop.method,
                                language=workshop.language,
                                content=content_of(session, workshop))
    session.add(template)
    session.flush()
    event = events.record(session, workshop.id, "workshop.saved_as_template",
                          events.facilitator_actor(actor.id),
                          {"template": template.id, "name": name})
    return Change(workshop.id, event.seq, result={"template": template.id})


def templates_of(session: so.Session, facilitator: Facilitator) -> list[WorkshopTemplate]:
    return list(session.scalars(
        sa.select(WorkshopTemplate).where(WorkshopTemplate.facilitator_id == facilitator.id)
        .order_by(WorkshopTemplate.created_at.desc(), WorkshopTemplate.id.desc())))


def owned_template(session: so.Session, facilitator: Facilitator, template_id: int
                   ) -> WorkshopTemplate:
    """The facilitator's template, or NotFound (another's is not even confirmed)."""
    template = session.get(WorkshopTemplate, template_id)
    if template is None or template.facilitator_id != facilitator.id:
        raise NotFound(_l("No such template."))
    return template


def create_from_template(session: so.Session, facilitator: Facilitator,
                         template: WorkshopTemplate) -> Change:
    """A new draft workshop from one of the facilitator's own templates."""
    if template.facilitator_id != facilitator.id:
        raise NotFound(_l("No such template."))
    _, change = _create(session, facilitator, template.method, template.language,
                        template.content, f"template:{template.id}")
    return change


def shipped_template(key: str, language: str) -> ShippedTemplate:
    template = find(key, language)
    if template is None:
        raise NotFound(_l("No such template."))
    return template


def create_from_shipped(session: so.Session, facilitator: Facilitator,
                        template: ShippedTemplate) -> Change:
    """A new draft workshop from a template shipped with Atelier, in its language."""
    _, change = _create(session, facilitator, template.method, template.language,
                        template.content, f"shipped:{template.key}/{template.language}")
    return change


def delete_template(session: so.Session, template: WorkshopTemplate) -> Change:
    """Forget a saved template; workshops made from it keep their set-up."""
    session.delete(template)
    session.flush()
    return Change(None, result={"deleted": template.id})
