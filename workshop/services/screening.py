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
_filter: Any = None


def _profanity() -> Any:
    """The word lists, loaded once per process (about 0.2 s) and only when first needed."""
    global _filter
    with _lock:
        if _filter is None:
            from glin_profanity import Filter

            _filter = Filter({"languages": ["english", "french"]})
        return _filter


def flagged_words(*texts: str) -> list[str]:
    """The listed words in ``texts``, as the lists spell them; plurals and feminines too."""
    joined = "\n".join(t for t in texts if t)
    if not joined.strip():
        return []
    words = _WORD.findall(joined)
    # "connards" is not in the list, "connard" is: check the lemmas as well as the text.
    lemmas = " ".join(simplemma.lemmatize(w.lower(), lang=("fr", "en")) for w in words)
    found: set[str] = set()
    for candidate in (joined, lemmas):
        result = _profanity().check_profanity(candidate)
        found.update(str(w).lower() for w in result.get("profane_words") or ())
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
