"""Short labels for themes: the words that set a theme apart from the others (class-based TF-IDF).

A term is a content word's lemma, or two content words written together, possibly joined by
"de"/"of" ("temps de réponse", "customer service"). A term scores by the share of the theme's
contributions that use it, times how rare it is across every contribution. The label shows the
term as participants wrote it most often; a theme with no shared term takes the best term of
its most representative contribution. Stop words, pronouns, numbers and people's names are
never terms (words.py), so no label can be one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from .words import Token, fold

# Words that may join two content words inside a term.
_LINKERS = frozenset({"de", "du", "des", "d", "of", "for", "a", "au", "aux", "en"})
# A two-word term replaces its one-word part when written by at least this share of its users.
_PHRASE_SHARE = 0.5
# A second term joins the label ("Télétravail · réunions") when it scores this share of the
# first, unless it says the same in the other language ("premier", "first": cosine 0.93).
_SECOND_SHARE = 0.8
_SAME_MEANING = 0.7
TERMS = 5


def terms_of(text: str, words: Sequence[Token]) -> dict[str, str]:
    """Each term of one contribution (key: its lemmas) with its surface as written."""
    found: dict[str, str] = {}
    for i, word in enumerate(words):
        if not word.content:
            continue
        found.setdefault(word.lemma, word.surface)
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt.content and nxt.lemma != word.lemma:
            found.setdefault(f"{word.lemma} {nxt.lemma}", text[word.start:nxt.end])
        after = words[i + 2] if i + 2 < len(words) else None
        if (nxt is not None and after is not None and fold(nxt.surface) in _LINKERS
                and after.content and after.lemma != word.lemma):
            found.setdefault(f"{word.lemma} {after.lemma}", text[word.start:after.end])
    return found


def describe(
    groups: Sequence[Sequence[int]],
    found: Sequence[dict[str, str]],
    representatives: Sequence[Sequence[int]],
    similarity: Callable[[str, str], float],
) -> list[tuple[str, tuple[str, ...]]]:
    """(label, distinctive terms) for each group of contribution indexes into ``found``.

    ``similarity`` tells how close two words are in meaning, across languages (cosine).
    """
    spread = Counter(term for terms in found for term in terms)
    mean_size = sum(len(group) for group in groups) / max(len(groups), 1)
    described = []
    for group, best in zip(groups, representatives, strict=True):
        uses = Counter(term for i in group for term in found[i])

        def score(term: str, uses: Counter[str] = uses, size: int = len(group)) -> float:
            return uses[term] / size * math.log(1 + mean_size / spread[term])

        ranked = sorted((t for t in uses if uses[t] >= 2), key=lambda t: (-score(t), t))
        if not ranked and best:  # nothing shared: the key phrase of the best representative
            ranked = sorted(found[best[0]], key=lambda t: (-score(t), t))
        words = [term for term in ranked if " " not in term]
        chosen = [_surface(t, group, found) for t in _choose(ranked, words, uses, score)]
        if len(chosen) == 2 and similarity(*chosen) >= _SAME_MEANING:
            chosen.pop()
        label = " · ".join(chosen)
        terms = tuple(_surface(term, group, found) for term in words[:TERMS])
        described.append((label[:1].upper() + label[1:], terms))
    return described


def _choose(
    ranked: list[str], words: list[str], uses: Counter[str], score: Callable[[str], float]
) -> list[str]:
    """The label's terms: the best word or the phrase built on it, maybe a second word."""
    if not words:
        return ranked[:1]
    first = words[0]
    phrases = [t for t in ranked if " " in t and first in t.split(" ")]
    if phrases and uses[phrases[0]] >= _PHRASE_SHARE * uses[first]:
        first = phrases[0]
    chosen = [first]
    second = next((t for t in words[1:] if t not in first.split(" ")), None)
    if second is not None and score(second) >= _SECOND_SHARE * score(words[0]):
        chosen.append(second)
    return chosen


def _surface(term: str, group: Sequence[int], found: Sequence[dict[str, str]]) -> str:
    """The way most members wrote ``term``; on a tie, the one with accents (typed with care)."""
    written = Counter(_uncapitalised(found[i][term]) for i in group if term in found[i])
    return min(written, key=lambda text: (-written[text], -len(text.encode()), text))


def _uncapitalised(text: str) -> str:
    """A sentence's capital dropped ("Livraison"); an acronym or a brand kept ("GDPR")."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        return text[:1].lower() + text[1:]
    return text
