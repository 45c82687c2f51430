"""The editorial calendar: posts per network, written from the (curated) key messages.

Networks are data (``services.networks``): each has a length limit, a local time of day and a
cadence in posting days. A workshop with no key message gets no post at all. Each message is
worded per network with one of several phrasings (chosen by its rank and the network, so
neighbouring posts never read alike), always as what the room said together: never a quote,
a pseudonym or an internal task. Days are counted from the calendar's first day, leaving out
weekends and the holiday country's public holidays when the facilitator asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ...services.networks import NETWORKS, weighted_length
from ..model import Commitment, Post
from .themes import element_key

WEEKS = 4
ELLIPSIS = "…"
LIMITS: dict[str, int] = {key: network.limit for key, network in NETWORKS.items()}
# Participants' pseudonyms ("P-009") and formula-like starts never open or fill a public post.
PSEUDONYM = re.compile(r"\bP-\d{2,}\b")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Channel:
    key: str  # a key of services.networks.NETWORKS
    at: tuple[int, int]  # local time of day it posts at
    every: int  # posts every so many posting days
    offset: int  # … starting on this posting day, so networks do not all post at once
    hashtags: int = 0  # how many theme hashtags its posts carry
    short: bool = False  # worded in one sentence (X, Mastodon)
    variant: int = 0  # which phrasing it starts with: networks of a length never share one

    @property
    def limit(self) -> int:
        return LIMITS[self.key]

    @property
    def weighted(self) -> bool:
        return NETWORKS[self.key].weighted


CHANNELS: tuple[Channel, ...] = (
    Channel("linkedin", (8, 30), every=2, offset=0, hashtags=3),
    Channel("x", (9, 0), every=1, offset=0, hashtags=2, short=True),
    Channel("facebook", (13, 0), every=2, offset=1, variant=1),
    Channel("instagram", (12, 0), every=2, offset=1, hashtags=4, variant=2),
    Channel("mastodon", (17, 30), every=1, offset=0, hashtags=2, short=True, variant=1),
)

# Several phrasings per idea and length: a message's rank and the network pick one.
PHRASINGS: dict[tuple[str, bool], tuple[Any, ...]] = {
    ("thanks", False): (
        _l("Thank you to everyone who worked with us on one question: %(text)s\n\nWe listened. "
           "In the coming weeks we will share here what came out of it."),
        _l("Customers, partners, colleagues: thank you for your time and your candour on "
           "%(title)s.\n\nWhat you told us comes next, one post at a time."),
    ),
    ("thanks", True): (
        _l("Thank you to everyone who took part in %(title)s. What we heard is coming, here."),
        _l("%(title)s: thank you for your time and your candour. More soon."),
    ),
    ("message", False): (
        _l("What came out of our workshop: %(text)s\n\nCustomers and teams said it together. "
           "What would you add?"),
        _l("%(text)s\n\nThis is one of the messages our customers and our teams put first. "
           "Does it match what you see?"),
        _l("One thing we heard loud and clear: %(text)s\n\nWe will tell you here what we do "
           "with it."),
    ),
    ("message", True): (
        _l("Heard at our workshop: %(text)s"),
        _l("%(text)s That is what our customers and teams put first."),
        _l("One thing we heard loud and clear: %(text)s"),
    ),
    # "You said, we did" (builders/said_did): what was said in the room, then what was done.
    ("said_did", False): (
        _l("You said, we did.\n\nAt %(title)s, you told us: %(text)s\n\nWhat we did: "
           "%(done)s\n\nThank you for saying it."),
        _l("You said, we did.\n\n%(text)s That is what we heard at %(title)s.\n\nHere is "
           "what came of it: %(done)s"),
    ),
    ("said_did", True): (
        _l("You said: %(text)s We did: %(done)s"),
        _l("You told us: %(text)s Here is what we did: %(done)s"),
    ),
}


@dataclass
class Idea:
    """What a post says, before a network words it."""

    kind: str  # "thanks" or "message"
    text: str
    item_id: int | None = None
    support: str = ""
    due: date | None = None
    tags: list[str] = field(default_factory=list)
    key: str = ""  # the curated element it comes from
    done: str = ""  # what was done about it ("said_did")


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


def posting_days(start: date, *, skip_weekends: bool, holidays: set[date]) -> Iterator[date]:
    """The days posts may go out from ``start``: weekends and ``holidays`` left out if asked."""
    day = start
    while True:
        if not (skip_weekends and day.weekday() >= 5) and day not in holidays:
            yield day
        day += timedelta(days=1)


def public_holidays(country: str | None, start: date, years: int = 2) -> set[date]:
    """The public holidays of ``country`` (ISO 3166) from ``start``'s year on; none if unknown."""
    if not country:
        return set()
    import holidays  # loaded only by a calendar that skips holidays

    try:
        found = holidays.country_holidays(country, years=range(start.year, start.year + years))
    except NotImplementedError:
        return set()
    return set(found)


def sentence(text: str) -> str:
    """``text`` as a sentence of a post: no formula-like start, a final stop."""
    text = text.strip().lstrip("".join(FORMULA_START) + " ")
    return text if not text or text[-1] in ".!?…»”" else text + "."


def _hashtags(themes: list[str], count: int) -> str:
    tags: list[str] = []
    for theme in themes if count > 0 else []:
        words = [w for w in re.split(r"[\s'’-]+", theme) if w.isalnum()]
        if words and not any(w.isdigit() for w in words):
            tags.append("#" + "".join(w[:1].upper() + w[1:] for w in words))
        if len(tags) == count:
            break
    return " ".join(tags)


def _title(title: str, language: str) -> str:
    """The workshop's name in running text: in guillemets in French, unless it has its own."""
    title = title.strip()
    if language != "fr" or any(mark in title for mark in "«»\"“”"):
        return title
    return f"«\u00a0{title}\u00a0»"


def word(idea: Idea, channel: Channel, rank: int, title: str, themes: list[str],
         language: str = "en") -> str:
    """``idea`` worded for ``channel`` within its limit (call it in the workshop's locale)."""
    phrasings = PHRASINGS[(idea.kind, channel.short)]
    phrasing = phrasings[(rank + channel.variant) % len(phrasings)]
    text = str(phrasing % {"text": sentence(idea.text), "title": _title(title, language),
                           "done": sentence(idea.done)})
    text = "\n\n".join(p.strip() for p in text.split("\n\n") if p.strip())
    tags = _hashtags(themes, channel.hashtags)
    room = channel.limit - (weighted_length(tags) + 2 if tags else 0)
    body = fit(text, room, channel.weighted)
    return f"{body}\n\n{tags}" if tags else body


def ideas_from(messages: list[dict[str, Any]], title: str, question: str) -> list[Idea]:
    """A thank-you, then each message that can be said in public; none without a message.

    A message naming a participant by pseudonym is report text, not a public message: skipped.
    """
    said = [m for m in messages if sentence(str(m.get("text", ""))).strip(" .")
            and not PSEUDONYM.search(str(m.get("text", "")))]
    if not said:
        return []
    thanks = Idea("thanks", question or title, key=element_key("thanks", ["workshop"]))
    return [thanks, *(Idea("message", str(m["text"]), m.get("item_id"), key=str(m.get("key")))
                      for m in said)]


def plan(ideas: list[Idea], *, language: str, zone: ZoneInfo, start: date, people: int = 0,
         themes: list[str] | None = None, title: str = "", skip_weekends: bool = True,
         holidays: set[date] | None = None) -> list[Post]:
    """Each network's posts, one idea per posting day of its cadence, in the local zone."""
    ideas = [i for i in ideas if (i.kind, False) in PHRASINGS]
    if not any(i.kind == "message" for i in ideas):
        return []  # nothing to say: not even a thank-you
    posts: list[Post] = []
    themes = themes or []
    with force_locale(language):
        for channel in CHANNELS:
            days = posting_days(start, skip_weekends=skip_weekends, holidays=holidays or set())
            chosen = [d for n, d in zip(range(channel.offset + channel.every * len(ideas)), days,
                                        strict=False)
                      if n >= channel.offset and (n - channel.offset) % channel.every == 0]
            for rank, (idea, day) in enumerate(zip(ideas, chosen, strict=False)):
                at = datetime.combine(day, time(*channel.at), zone).astimezone(UTC)
                posts.append(Post(
                    at=at, channel=channel.key,
                    text=word(idea, channel, rank, title or idea.text, themes, language),
                    tags=[idea.kind, *idea.tags], item_id=idea.item_id,
                    key=f"post:{channel.key}:{element_key(idea.kind, [idea.key]).split(':')[1]}"))
    posts.sort(key=lambda p: (p.at, p.channel))
    return posts


def commitment_ideas(commitments: list[Commitment], tags: dict[int, list[str]]) -> list[Idea]:
    """No post announces a commitment: they are the teams' tasks, not news (kept for callers)."""
    return []
