"""The facilitator's live switches: limits, results, order, open/close actions, joining."""

from __future__ import annotations

from typing import Any

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..methods import Action
from ..models import Workshop
from . import agenda, events, phases, questions, seating, text, voting
from .changes import Change

SWITCHES = ("results_visible", "random_order", "proposals_open", "voting_open", "joining_open",
            "by_theme", "questions_named", "review_first")
LIMITS = ("vote_budget", "max_votes_per_topic")
TEXTS = ("question", "questions", "tables")  # the calling question, café questions and tables
AGENDA = ("slot_now",)  # the time slot running now
QUESTION_MAX = 500
_ACTION_OF = {"proposals_open": Action.PROPOSE, "voting_open": Action.VOTE}
# The switches kept as they are in the workshop's options (the others close an action or
# lock joining).
OPTIONS = tuple(n for n in SWITCHES if n not in _ACTION_OF and n != "joining_open")


def update(
    session: so.Session, workshop: Workshop, values: dict[str, Any], actor: str,
    client_id: str | None,
) -> Change:
    """Apply any of SWITCHES (booleans), LIMITS (1-100), TEXTS and AGENDA; refuse others."""
    phases.require_open(workshop)
    known = {*SWITCHES, *LIMITS, *TEXTS, *AGENDA, "client_id"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise Invalid(fields={name: [_l("Unknown setting.")] for name in unknown})
    for name in SWITCHES:
        if name in values and not isinstance(values[name], bool):
            raise Invalid(fields={name: [_l("Must be true or false.")]})
    change = Change(workshop.id, phase=True)
    voting.set_limits(session, workshop, values.get("vote_budget"),
                      values.get("max_votes_per_topic"), change)
    options = dict(workshop.options)
    closed = set(options.get("closed", ()))
    for name, action in _ACTION_OF.items():
        if name in values:
            (closed.discard if values[name] else closed.add)(action)
    options["closed"] = sorted(closed)
    for name in OPTIONS:
        if name in values:
            options[name] = values[name]
    if "results_visible" in values:
        change.tally = True
    if "questions_named" in values:  # the room now sees (or stops seeing) who asked
        change.questions = questions.all_ids(session, workshop)
    workshop.options = options
    if "joining_open" in values:
        workshop.joining_locked = not values["joining_open"]
    if "question" in values:
        question = values["question"]
        if not isinstance(question, str) or len(question) > QUESTION_MAX:
            raise Invalid(fields={"question": [_l("At most %(n)d characters.", n=QUESTION_MAX)]})
        workshop.calling_question = text.clean_line(question)
    if "questions" in values:
        seating.set_questions(workshop, values["questions"])
    if "tables" in values:
        seating.set_tables(workshop, values["tables"])
    if "slot_now" in values:
        agenda.set_slot_now(session, workshop, values["slot_now"], change)
    applied = {k: v for k, v in values.items() if k != "client_id"}
    returned = {pid: notice["count"] for pid, notice in change.notices.items()}
    change.result = {"settings": applied}
    event = events.record(session, workshop.id, "settings.changed", actor,
                          {**applied, "returned": returned}, client_id=client_id,
                          result=change.result)
    change.seq = event.seq
    return change
