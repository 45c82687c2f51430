"""The facilitator's curation laid over a fresh synthesis, so every export uses the curated brief.

Each curatable element gets its stable key (``themes.element_key``) if its builder gave it none;
an element the facilitator dropped is left out, an edited one takes their text, an accepted one
is marked. The calendar is then written from the curated messages, in the workshop's time zone
and with its settings, and the posts' own curations are laid over it. The "You said, we did"
drafts of done commitments (``said_did``) are curated as posts are, but join the calendar only
once the facilitator kept or edited them.

Themes are curated before the brief is derived (``lay_themes``, called by ``synthesis.build``),
so the stakeholder map, hashtags, keywords and agreement rows all read the curated labels.

A key names what an element stands on, ids included: a theme's members change as contributions
arrive, and every id is new in a workshop restored from an archive. An edit whose key no element
has any more finds the element of its kind (for a post, of its network) that still has the
automatic text the edit was made from, once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy.orm as so

from ...models import Workshop
from ...services import curation
from ..model import Post, Synthesis, Theme, timezone_of
from . import editorial, said_did
from .themes import element_key

# Kind of element → the brief's list, the field that holds its text, what its key stands on.
Sources = Callable[[dict[str, Any]], tuple[Any, ...]]
LISTS: dict[str, tuple[str, str, Sources]] = {
    "message": ("key_messages", "text", lambda e: (e.get("item_id"),)),
    "question": ("questions", "text", lambda e: (e.get("item_id"), e.get("kind"))),
    "listening": ("listening", "term", lambda e: (e.get("kind"), str(e.get("term")).casefold())),
    "risk": ("risks", "text", lambda e: (e.get("item_id"),)),
}


@dataclass(frozen=True)
class Edit:
    action: str  # accepted, edited, dropped
    text: str
    kind: str = ""  # what the element is (models.CurationKind)
    automatic: str = ""  # the element's automatic text when it was curated


@dataclass
class Desk:
    """What the workbench lays over a synthesis: plain data, read once from the database."""

    edits: dict[str, Edit] = field(default_factory=dict)
    timezone: str | None = None
    holiday_country: str | None = None
    calendar: curation.CalendarSettings = field(default_factory=curation.CalendarSettings)


def desk_of(session: so.Session, workshop: Workshop, redact: Callable[[str], str]) -> Desk:
    """The workshop's curation; texts through ``redact`` (the roster's), for the facilitator
    may have typed the name of someone who did not agree to be quoted."""
    rows = curation.curations_of(session, workshop.id)
    return Desk(edits={k: Edit(r.action.value, redact(r.text), r.kind.value, redact(r.automatic))
                       for k, r in rows.items()},
                timezone=workshop.timezone, holiday_country=workshop.holiday_country,
                calendar=curation.calendar_settings(workshop))


def key_elements(synthesis: Synthesis) -> None:
    """Give each element its key: kind and sources, numbered when several share them."""
    for kind, (name, _text, sources) in LISTS.items():
        seen: Counter[tuple[Any, ...]] = Counter()
        for element in getattr(synthesis.brief, name):
            made_of = sources(element)
            seen[made_of] += 1
            element.setdefault("key", element_key(kind, [*made_of, f"#{seen[made_of]}"]))


def _orphans(edits: dict[str, Edit], kind: str, keys: set[str]) -> dict[tuple[str, str], Edit]:
    """Edits of ``kind`` no element has the key of, by (family, automatic text): a post's
    family is its network ("post:linkedin:…"), other kinds have one."""
    return {(key.split(":")[1] if kind == "post" else "", edit.automatic.casefold()): edit
            for key, edit in edits.items()
            if edit.kind == kind and edit.automatic and key not in keys}


def _lay(elements: list[dict[str, Any]], kind: str, text: str, edits: dict[str, Edit]
         ) -> list[dict[str, Any]]:
    orphans = _orphans(edits, kind, {e["key"] for e in elements})
    kept = []
    for element in elements:
        edit = edits.get(element["key"]) or orphans.pop(
            ("", str(element.get(text, "")).casefold()), None)
        element["curated"] = ""
        if edit is not None and edit.action == "dropped":
            continue
        if edit is not None and text in element:
            element["automatic"] = element[text]
            element["curated"] = edit.action
            if edit.action == "edited":
                element[text] = edit.text
        kept.append(element)
    return kept


def lay_themes(found: list[Theme], edits: dict[str, Edit]) -> list[Theme]:
    """The themes as curated: dropped ones left out, edited ones relabelled, accepted marked."""
    orphans = _orphans(edits, "theme", {t.key for t in found})
    kept = []
    for theme in found:
        edit = edits.get(theme.key) or orphans.pop(("", theme.label.casefold()), None)
        if edit is not None and edit.action == "dropped":
            continue
        if edit is not None:
            theme.curated, theme.automatic = edit.action, theme.label
            if edit.action == "edited":
                theme.label = edit.text
        kept.append(theme)
    return kept


def _lay_posts(posts: list[Post], edits: dict[str, Edit]) -> list[Post]:
    orphans = _orphans(edits, "post", {p.key for p in posts})
    kept = []
    for post in posts:
        edit = edits.get(post.key) or orphans.pop((post.channel, post.text.casefold()), None)
        if edit is not None and edit.action == "dropped":
            continue
        if edit is not None:
            post.curated = edit.action
            if edit.action == "edited":
                post.text = edit.text
        kept.append(post)
    return kept


def calendar_start(synthesis: Synthesis, desk: Desk, now: datetime) -> date:
    zone = timezone_of("", {"timezone": synthesis.workshop.get("timezone")})
    return desk.calendar.start or editorial.first_day(synthesis.workshop.get("ended_at"), now,
                                                      zone)


def curate(synthesis: Synthesis, desk: Desk, *, now: datetime) -> None:
    """Lay ``desk`` over ``synthesis`` (in place): the brief every export then writes."""
    info = synthesis.workshop
    language = info.get("language") or "en"
    if desk.timezone:
        info["timezone"] = timezone_of(language, {"timezone": desk.timezone}).key
    info["holiday_country"] = desk.holiday_country
    key_elements(synthesis)
    brief = synthesis.brief
    for kind, (name, text, _sources) in LISTS.items():
        setattr(brief, name, _lay(getattr(brief, name), kind, text, desk.edits))
    zone = timezone_of(language, {"timezone": info.get("timezone")})
    start = calendar_start(synthesis, desk, now)
    skipped = (editorial.public_holidays(desk.holiday_country, start)
               if desk.calendar.skip_holidays else set())
    ideas = editorial.ideas_from(brief.key_messages, str(info.get("title") or ""),
                                 str(info.get("question") or ""))
    themes = [t if isinstance(t, str) else str(t.get("label", "")) for t in brief.themes]
    posts = editorial.plan(ideas, language=language, zone=zone, start=start, themes=themes,
                           title=str(info.get("title") or ""),
                           skip_weekends=desk.calendar.skip_weekends, holidays=skipped)
    # The drafts take free days from tomorrow on (or the calendar's first day, if later);
    # kept or edited, they join the calendar: every export and scheduler file then has them.
    drafts = said_did.drafts(synthesis, zone=zone,
                             start=max(start, editorial.first_day(None, now, zone)),
                             themes=themes, skip_weekends=desk.calendar.skip_weekends,
                             holidays=skipped, calendar=posts)
    laid = _lay_posts([*posts, *drafts], desk.edits)
    brief.said_did = [p for p in laid if said_did.KIND in p.tags]
    brief.calendar = sorted((p for p in laid if said_did.KIND not in p.tags or p.curated),
                            key=lambda p: (p.at, p.channel))
    info["calendar"] = {**desk.calendar.as_option(), "first_day": start.isoformat()}
