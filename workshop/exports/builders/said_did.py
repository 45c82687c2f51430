""""You said, we did": a draft post per network for each commitment marked done.

A draft links what was said in the room (the contribution the commitment came from, else the
commitment itself) to what was done (its note since it was marked done, else its title). The
texts are the synthesis's, so consent is already applied: a name shows only with its owner's
consent, and a text that names someone by pseudonym is report text that no post says (as in
``editorial``). Drafts are worded per network like the calendar's posts, within its limits and in
the workshop's language, and planned on the network's first free posting day from tomorrow.
They stay drafts until the facilitator keeps or edits them (``workbench``): only then are they
published, for a done commitment is a public claim someone must stand behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..model import Post, Synthesis
from . import editorial
from .themes import element_key

KIND = "said_did"  # the drafts' tag and phrasing kind


def _clean(text: str | None) -> str:
    """``text`` if a public post may say it: not empty, naming nobody by pseudonym."""
    text = (text or "").strip()
    return "" if editorial.PSEUDONYM.search(text) else text


def _quoted(text: str, language: str, name: str | None, limit: int) -> str:
    """What was said, within ``limit``, between the language's quotation marks, then who
    said it when they agreed to be named."""
    words = editorial.fit(editorial.sentence(text), limit)
    quote = f"«\u00a0{words}\u00a0»" if language == "fr" else f"“{words}”"
    return f"{quote} — {name}" if name else quote


def ideas(synthesis: Synthesis, limit: int) -> list[editorial.Idea]:
    """One idea per done commitment that can be told in public, in the order they were made."""
    named = {p.name for p in synthesis.people if p.name}
    language = synthesis.workshop.get("language") or "en"
    found = []
    for commitment in synthesis.commitments:
        if commitment.status != "done":
            continue
        item = synthesis.item(commitment.item_id)
        said = _clean(item.title if item else None)
        author = item.author if item and said and item.author in named else None
        said = said or _clean(commitment.title)
        done = _clean(commitment.done_note) or _clean(commitment.title)
        if not said or not done:
            continue
        if done == said:  # nothing was written about it: it is done, as the room asked
            with force_locale(language):
                done = str(_l("done, as promised"))
        found.append(editorial.Idea(KIND, _quoted(said, language, author, limit),
                                    item.id if item else None, tags=[KIND],
                                    key=f"k:{commitment.id}", done=done))
    return found


def _days(taken: set[date], start: date, skip_weekends: bool, holidays: set[date]
          ) -> Iterable[date]:
    return (day for day in editorial.posting_days(start, skip_weekends=skip_weekends,
                                                  holidays=holidays) if day not in taken)


def drafts(synthesis: Synthesis, *, zone: ZoneInfo, start: date, themes: list[str],
           skip_weekends: bool = True, holidays: set[date] | None = None,
           calendar: list[Post] | None = None) -> list[Post]:
    """Each network's drafts, each on a posting day from ``start`` that ``calendar`` leaves
    that network free."""
    info = synthesis.workshop
    language, title = info.get("language") or "en", str(info.get("title") or "")
    found: list[Post] = []
    with force_locale(language):
        for channel in editorial.CHANNELS:
            told = ideas(synthesis, channel.limit // 2)
            taken = {p.at.astimezone(zone).date() for p in calendar or []
                     if p.channel == channel.key}
            days = _days(taken, start, skip_weekends, holidays or set())
            for rank, (idea, day) in enumerate(zip(told, days, strict=False)):
                found.append(Post(
                    at=datetime.combine(day, time(*channel.at), zone).astimezone(UTC),
                    channel=channel.key, tags=list(idea.tags), item_id=idea.item_id,
                    text=editorial.word(idea, channel, rank, title, themes, language),
                    key=f"post:{channel.key}:{element_key(KIND, [idea.key]).split(':')[1]}"))
    return found

