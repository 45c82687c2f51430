"""Live help while people write: similar contributions, merge suggestions, the wall's themes.

A participant typing a proposal is shown what the wall already holds that says the same thing,
in French or in English, so they can support it instead (never instead of proposing: the hint
only informs). The facilitator is shown pairs that look like duplicates, and the wall grouped
by theme. Everything here reads: a hint embeds one short text (2-3 ms) and compares it with the
wall's vectors kept in memory (services/similarity.py), cheap enough for the event loop; the
wall's themes are not, and are worked out aside (``wall_themes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid
from ..methods import Action
from ..models import ContributionKind, Participant, Workshop
from ..roles import Role
from ..sense import Item, Theme, embed, themes
from ..sense.duplicates import THRESHOLD
from ..sense.encoder import blas_threads_held
from . import events, phases, text
from .changes import Change
from .similarity import Wall, wall
from .topics import DETAILS_MAX, TITLE_MAX, topic_in

HINT_MAX = TITLE_MAX + DETAILS_MAX + 1  # a title, a line break and details
# Fewer words say too little to be compared: "Le télétravail" matches half the wall.
MIN_WORDS = 3
TOP = 3
# Merge suggestions need more than a hint: every pair of the wall is a chance of a false one
# (n² pairs against n texts). On bench/sense, French-English paraphrases score 0.79 (median)
# and retyped copies 0.85 at least 0.71; 0.7 keeps most of them and few unrelated pairs.
MERGE_THRESHOLD = 0.7
SUGGESTIONS_MAX = 20
DISMISSED_MAX = 2000  # pairs remembered per workshop, the oldest forgotten first


@dataclass(frozen=True)
class Request:
    """What a semantic read works on: a workshop's wall of one kind (and a text to compare)."""

    workshop_id: int
    kind: ContributionKind
    text: str = ""


def _kind(value: Any, default: str) -> ContributionKind:
    try:
        return ContributionKind(default if value is None else value)
    except ValueError:
        raise Invalid(fields={"kind": [_l("Unknown kind of contribution.")]}) from None


def wall_kind(workshop: Workshop) -> str:
    """The kind of contribution the current phase is about (the positive core's themes)."""
    phase = phases.current_phase(workshop)
    return "theme" if phase.screen == "themes" else phase.contribution


def hint_request(workshop: Workshop, participant: Participant | None,
                 payload: dict[str, Any]) -> Request | None:
    """Check a ``topic.similar`` payload; None when the text is too short to compare.

    A participant asks about the kind they may propose now (never while proposing is closed);
    the facilitator, who may propose any kind at any time, may name one.
    """
    phase = phases.current_phase(workshop)
    if participant is not None:
        phases.require_allowed(workshop, Action.PROPOSE)
        if payload.get("kind") not in (None, phase.contribution):
            raise Forbidden()
    kind = _kind(payload.get("kind"), phase.contribution)
    value = payload.get("text")
    if not isinstance(value, str):
        raise Invalid(fields={"text": [_l("Must be text.")]})
    cleaned = text.clean_text(value)
    if not cleaned:
        raise Invalid(fields={"text": [_l("Write something first.")]})
    if len(cleaned) > HINT_MAX:
        raise Invalid(fields={"text": [_l("At most %(n)d characters.", n=HINT_MAX)]})
    if len(cleaned.split()) < MIN_WORDS:
        return None
    return Request(workshop.id, kind, cleaned)


def wall_request(workshop: Workshop, role: Role, payload: dict[str, Any]) -> Request:
    """Check a ``merge.suggestions`` or ``topic.themes`` payload: the wall of which kind."""
    default = wall_kind(workshop)
    if role is Role.SCREEN:  # the screen shows the phase's wall, nothing else
        return Request(workshop.id, _kind(None, default))
    return Request(workshop.id, _kind(payload.get("kind"), default))


def dismissed(workshop: Workshop) -> list[list[int]]:
    """Pairs the facilitator said are not duplicates, as ``[smaller id, larger id]``."""
    return [list(pair) for pair in workshop.options.get("merge_dismissed", ())]


# --- the semantic reads ----------------------------------------------------------------------


def similar(session: so.Session, request: Request) -> list[dict[str, Any]]:
    """Up to TOP visible contributions of the kind saying what the text says, closest first."""
    found = wall(session, request.workshop_id, request.kind)
    if not found.ids:
        return []
    with blas_threads_held():
        scores = found.matrix @ embed([request.text])[0]
    ranked = np.argsort(-scores, kind="stable")[:TOP]
    return [{"id": found.ids[i], "title": found.titles[i], "score": round(float(scores[i]), 2)}
            for i in ranked if scores[i] >= THRESHOLD]


def merge_pairs(session: so.Session, request: Request) -> list[dict[str, Any]]:
    """Pairs of the wall that look like duplicates, closest first: the newer into the older."""
    found = wall(session, request.workshop_id, request.kind)
    if "pairs" not in found.derived:
        found.derived["pairs"] = _pairs(found)
    return list(found.derived["pairs"])


def _pairs(found: Wall) -> list[dict[str, Any]]:
    if len(found.ids) < 2:
        return []
    with blas_threads_held():
        scores = found.matrix @ found.matrix.T
    rows, columns = np.nonzero(np.triu(scores >= MERGE_THRESHOLD, k=1))
    order = sorted(zip(rows, columns, strict=True), key=lambda rc: (-scores[rc], rc))
    # Ids are in order: the column is the newer contribution, merged into the older one.
    return [{"topic_id": found.ids[c], "into": found.ids[r], "score": round(float(scores[r, c]), 2)}
            for r, c in order]


def _here(work: Callable[[], Any]) -> Any:
    return work()


def wall_themes(session: so.Session, request: Request,
                aside: Callable[[Callable[[], Any]], Any] = _here) -> list[dict[str, Any]]:
    """The wall's visible contributions of the kind grouped under theme labels, largest first.

    Participants' names never make a label (``sense.themes`` keeps them out). The grouping
    (about 0.4 s for a few hundred contributions) is handed to ``aside``, which the live server
    runs off its event loop; the database is read here, before and never during it.
    """
    workshop_id, kind = request.workshop_id, request.kind.value
    found = wall(session, workshop_id, request.kind)
    names = tuple(sorted(session.scalars(
        sa.select(Participant.display_name).where(Participant.workshop_id == workshop_id))))
    kept = found.derived.get("themes")
    if kept is not None and kept[0] == names:
        return list(kept[1])
    by_id = dict(session.execute(
        sa.select(Participant.id, Participant.display_name)
        .where(Participant.workshop_id == workshop_id)).all())
    items = [Item(i, t, kind=kind, author=by_id.get(a) if a else None)
             for i, t, a in zip(found.ids, found.texts, found.authors, strict=True)]
    matrix = found.matrix
    grouped: list[Theme] = aside(lambda: themes(items, matrix, avoid=names)) if items else []
    result = [{"label": theme.label, "ids": list(theme.ids),
               "representative_ids": list(theme.representative_ids)} for theme in grouped]
    found.derived["themes"] = (names, result)
    return list(result)


def suggestions(pairs: list[dict[str, Any]], workshop: Workshop) -> list[dict[str, Any]]:
    """The pairs not dismissed by the facilitator, at most SUGGESTIONS_MAX."""
    refused = {tuple(pair) for pair in dismissed(workshop)}
    kept = [p for p in pairs if tuple(sorted((p["topic_id"], p["into"]))) not in refused]
    return kept[:SUGGESTIONS_MAX]


# --- a change: dismissing a suggestion ------------------------------------------------------


def dismiss(session: so.Session, workshop: Workshop, topic_id: Any, other_id: Any, actor: str,
            client_id: str | None) -> Change:
    """Remember that two contributions are not duplicates: never suggested again as a pair."""
    phases.require_open(workshop)
    first = topic_in(session, workshop, topic_id)
    second = topic_in(session, workshop, other_id, "other_id")
    if first.id == second.id:
        raise Invalid(fields={"other_id": [_l("Choose another topic.")]})
    pair = sorted((first.id, second.id))
    pairs = [p for p in dismissed(workshop) if p != pair] + [pair]
    workshop.options = {**workshop.options, "merge_dismissed": pairs[-DISMISSED_MAX:]}
    result = {"dismissed": pair}
    event = events.record(session, workshop.id, "merge.dismissed", actor, {"pair": pair},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result)
