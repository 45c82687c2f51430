"""The editorial calendar: post ideas for the four weeks after the workshop, per channel.

Channels are data: each has a length limit and the local weekday times it posts at (minutes
multiples of 5, weekdays only). Ideas come from the brief (a thank-you, the key messages, the
commitments, the customers' questions); each channel words them its own way and cuts them to
its limit, so no two posts of a channel say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..model import Commitment, Post

WEEKS = 4
ELLIPSIS = "…"
# Length limits in characters, from each network's help pages (X counts some characters twice).
LIMITS: dict[str, int] = {
    "x": 280, "linkedin": 3000, "instagram": 2200, "facebook": 63206,
    "mastodon": 500, "bluesky": 300, "threads": 500,
}


@dataclass(frozen=True)
class Channel:
    key: str
    slots: tuple[tuple[int, int, int], ...]  # (weekday 0=Monday, hour, minute), local time
    hashtags: int = 0  # how many theme hashtags the channel's posts carry
    weighted: bool = False  # X counts characters outside Latin-1-like ranges twice

    @property
    def limit(self) -> int:
        return LIMITS[self.key]


CHANNELS: tuple[Channel, ...] = (
    Channel("linkedin", ((1, 8, 30), (3, 12, 15))),
    Channel("x", ((0, 9, 0), (2, 17, 30)), hashtags=2, weighted=True),
    Channel("instagram", ((2, 12, 0), (4, 18, 30)), hashtags=4),
    Channel("facebook", ((1, 13, 0), (4, 10, 0))),
)

# How each channel words an idea: long and conversational on LinkedIn and Facebook.
TEMPLATES: dict[str, dict[str, Any]] = {
    "thanks": {
        "x": _l("Thank you to the %(n)d customers and colleagues who answered one question "
                "with us: “%(text)s”"),
        "default": _l("Thank you to the %(n)d customers and colleagues who spent time with us "
                      "on one question: “%(text)s”\n\nWe listened. Here is what comes next, "
                      "week after week."),
    },
    "message": {
        "x": _l("“%(text)s” Heard at our customer workshop."),
        "linkedin": _l("What our customers and our teams said, together: %(text)s\n\n"
                       "%(support)s\n\nWhat would you add?"),
        "instagram": _l("%(text)s\n\nSaid together by customers and employees."),
        "default": _l("%(text)s\n\n%(support)s\n\nTell us what you think in the comments."),
    },
    "commitment": {
        "x": _l("We committed: %(text)s%(due)s. We will keep you posted."),
        "default": _l("A commitment from our workshop: %(text)s%(due)s.\n\nThe people who "
                      "own it will tell you how it goes, here."),
    },
    "question": {
        "x": _l("A question we heard: “%(text)s” What would your answer be?"),
        "default": _l("A question a participant asked: “%(text)s”\n\nWe are preparing our "
                      "answer with the teams concerned. What would yours be?"),
    },
}


@dataclass
class Idea:
    kind: str  # a key of TEMPLATES
    text: str
    item_id: int | None = None
    support: str = ""
    due: date | None = None
    tags: list[str] = field(default_factory=list)


def weighted_length(text: str) -> int:
    """Length as X counts it: most Latin, Greek and Cyrillic characters 1, the rest 2."""
    def weight(char: str) -> int:
        code = ord(char)
        light = (code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223
                 or 8242 <= code <= 8247)
        return 1 if light else 2

    return sum(weight(c) for c in text)


def fit(text: str, limit: int, weighted: bool = False) -> str:
    """``text`` cut at a word boundary (with an ellipsis) so that it fits ``limit``."""
    measure: Callable[[str], int] = weighted_length if weighted else len
    text = text.strip()
    if measure(text) <= limit:
        return text
    cut = text
    while cut and measure(cut + ELLIPSIS) > limit:
        shorter = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut[:-1]
        cut = shorter if shorter != cut else cut[:-1]
    return cut.rstrip(" ,;:—-") + ELLIPSIS


def first_day(ended_at: datetime | None, now: datetime, zone: ZoneInfo) -> date:
    """The day after the workshop ends, or after today if that is later: posts are ahead."""
    latest = max(ended_at or now, now)
    return latest.astimezone(zone).date() + timedelta(days=1)


def _hashtags(themes: list[str], count: int) -> str:
    tags = []
    for theme in themes[:count]:
        words = "".join(w[:1].upper() + w[1:] for w in theme.split() if w.isalnum())
        if words:
            tags.append("#" + words)
    return " ".join(tags)


def _word(idea: Idea, channel: Channel, language: str, people: int, themes: list[str]) -> str:
    templates = TEMPLATES[idea.kind]
    template = templates.get(channel.key, templates["default"])
    due = ""
    if idea.due is not None:
        due = str(_l(" by %(date)s", date=format_date(idea.due, "long", locale=language)))
    text = str(template % {"text": idea.text, "support": idea.support, "due": due,
                          "n": people}).replace("\n\n\n\n", "\n\n").strip()
    tags = _hashtags(themes, channel.hashtags)
    room = channel.limit - (len(tags) + 2 if tags else 0)
    body = fit(text, room, channel.weighted)
    return f"{body}\n\n{tags}" if tags else body


def plan(ideas: list[Idea], *, language: str, zone: ZoneInfo, start: date, people: int,
         themes: list[str]) -> list[Post]:
    """Each channel's slots over ``WEEKS`` weeks from ``start``, filled with the ideas in order."""
    posts: list[Post] = []
    with force_locale(language):
        for channel in CHANNELS:
            slots = [datetime.combine(start + timedelta(days=d), time(hour, minute), zone)
                     for d in range(WEEKS * 7)
                     for weekday, hour, minute in channel.slots
                     if (start + timedelta(days=d)).weekday() == weekday]
            said: set[str] = set()
            queue = iter(ideas)
            for at in sorted(slots):
                text = None
                for idea in queue:
                    text = _word(idea, channel, language, people, themes)
                    if text not in said:
                        break
                    text = None
                if text is None:
                    break
                said.add(text)
                posts.append(Post(at=at.astimezone(UTC), channel=channel.key, text=text,
                                  tags=[idea.kind, *idea.tags], item_id=idea.item_id))
    posts.sort(key=lambda p: (p.at, p.channel))
    return posts


def commitment_ideas(commitments: list[Commitment], tags: dict[int, list[str]]) -> list[Idea]:
    """Team commitments first (they are the company's word), then personal ones."""
    ordered = sorted(commitments, key=lambda c: (c.personal, c.due_on or date.max, c.id))
    return [Idea("commitment", c.title, c.item_id, due=c.due_on,
                 tags=tags.get(c.item_id or 0, [])) for c in ordered]
