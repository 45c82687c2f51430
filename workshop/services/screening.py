"""What waits for the facilitator before the room sees it: insults, or everything in review mode.

Words come from glin-profanity's maintained French and English lists. A flagged contribution is
held for review, never dropped: a list cannot tell "con" the insult from a quoted complaint.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import simplemma

from ..models import Participant, Workshop

HELD_FOR_LANGUAGE = "language"  # a word of the lists: held whatever the workshop's mode
HELD_FOR_REVIEW = "review"  # the workshop reviews every contribution first
_WORD = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)
_lock = threading.Lock()
_filters: dict[str, Any] = {}
LISTS = {"fr": "french", "en": "english"}  # simplemma's language → glin-profanity's list


def _profanity(language: str) -> Any:
    """One language's list, loaded once per process (a fraction of a second) when first needed."""
    with _lock:
        if language not in _filters:
            from glin_profanity import Filter

            _filters[language] = Filter({"languages": [LISTS[language]]})
        return _filters[language]


def flagged_words(*texts: str) -> list[str]:
    """The listed words in ``texts``, as the lists spell them; plurals and feminines too.

    A word of one language's list that is an ordinary word of the other language is left
    alone: "retards" is "delays" in French, whatever the English list says of "retard".
    """
    joined = "\n".join(t for t in texts if t)
    if not joined.strip():
        return []
    words = _WORD.findall(joined)
    found: set[str] = set()
    for language, other in (("en", "fr"), ("fr", "en")):
        # "connards" is not in the list, "connard" is: check the lemmas as well as the text.
        lemmas = " ".join(simplemma.lemmatize(w.lower(), lang=language) for w in words)
        for candidate in (joined, lemmas):
            result = _profanity(language).check_profanity(candidate)
            for word in result.get("profane_words") or ():
                word = str(word).lower()
                ordinary = (simplemma.is_known(word, lang=other)
                            and not _profanity(other).is_profane(word))
                if not ordinary:
                    found.add(word)
    return sorted(found)


def hold_reason(workshop: Workshop, author: Participant | None, *texts: str) -> str | None:
    """Why a participant's contribution waits for the facilitator, or None to show it now."""
    if author is None:  # the facilitator's own posts are never held
        return None
    if flagged_words(*texts):
        return HELD_FOR_LANGUAGE
    if workshop.options.get("review_first"):
        return HELD_FOR_REVIEW
    return None
