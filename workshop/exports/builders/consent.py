"""Who may be named in an export: pseudonyms by join order, names only with consent.

A participant who did not agree to be quoted is their pseudonym everywhere, including inside
texts others wrote about them ("convened by Camille B.", "Camille told me...", "Mme Roux"):
their full chosen name is replaced wherever it appears (whatever its case), and each word of
it alone too (a first name, a surname; as written, in capitals or without its accents; in any
case when it is no French or English word) when no participant who agreed to be quoted bears
that word in their name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import simplemma

_WORD = re.compile(r"\w+")
MIN_NAME_WORD = 3  # shorter words of a name ("Jo", "Al", "Le") are too often ordinary words
# Particles of surnames: ordinary words, never replaced alone ("Van" in "Van Gogh", "Saint").
_PARTICLES = frozenset({"van", "von", "der", "den", "del", "della", "des", "les", "dos", "das",
                        "mac", "bin", "ben", "ibn", "saint", "sainte", "the", "and"})


@dataclass(frozen=True)
class Entry:
    id: int
    display_name: str
    group: str
    consent: bool


def pseudonym(rank: int, total: int) -> str:
    """"P-007": the rank in join order, padded to the width the largest rank needs (3 or more)."""
    return f"P-{rank:0{max(3, len(str(total)))}d}"


class Roster:
    """Participants in join order: their pseudonym, the name to show, and text redaction."""

    def __init__(self, entries: Iterable[Entry], *, anonymous: bool = False,
                 someone: str = "P-???") -> None:
        people = list(entries)
        self.pseudonyms = {p.id: pseudonym(rank, len(people))
                           for rank, p in enumerate(people, start=1)}
        self.groups = {p.id: p.group for p in people}
        self.quoted = {p.id: p.display_name for p in people if p.consent and not anonymous}
        self.display_names = {p.id: p.display_name for p in people}
        hidden = [p for p in people if p.id not in self.quoted]
        words = _name_words(people, hidden, self.quoted, self.pseudonyms, someone)
        self._redactor = _Redactor(
            {p.display_name: self.pseudonyms[p.id] for p in hidden},
            {w: r for w, r in words.items() if _ordinary(w)},
            {w: r for w, r in words.items() if not _ordinary(w)},
        )

    def shown(self, participant_id: int | None) -> str | None:
        """The name to print for a participant: chosen name with consent, else pseudonym."""
        if participant_id is None or participant_id not in self.pseudonyms:
            return None
        return self.quoted.get(participant_id) or self.pseudonyms[participant_id]

    def redact(self, text: str) -> str:
        """``text`` with every non-quoted participant's name replaced by their pseudonym."""
        return self._redactor(text)


def _words(entry: Entry) -> set[str]:
    """Words of a name that may be replaced alone: "Jean-Luc", "Jean", "Roux", not "B." nor "de"."""
    found = set()
    for part in entry.display_name.split():
        word = part.strip(".,;:!?()[]{}«»\"'’")
        # "Vasquez-Pemberton" is also "Mme Pemberton"; "Jean-Luc" may be "Jean".
        for piece in {word, *word.split("-")}:
            if len(piece) >= MIN_NAME_WORD and _WORD.match(piece) and piece[-1].isalnum() \
                    and piece.casefold() not in _PARTICLES:
                found.add(piece)
    return found


def _name_words(people: list[Entry], hidden: list[Entry], quoted: dict[int, str],
                pseudonyms: dict[int, str], someone: str) -> dict[str, str]:
    """Words of hidden names to replace alone (case-sensitive): those no quoted name holds.

    A word several participants' names hold is replaced by ``someone``, not by one pseudonym.
    """
    owners = Counter(word.casefold() for p in people for word in _words(p))
    shared_with_quoted = {w.casefold() for p in people if p.id in quoted for w in _words(p)}
    found: dict[str, str] = {}
    for entry in hidden:
        for word in _words(entry):
            key = word.casefold()
            if key not in shared_with_quoted:
                found[word] = pseudonyms[entry.id] if owners[key] == 1 else someone
    return found


def _ordinary(word: str) -> bool:
    """Whether a name's word is also a French or English word ("Rose", "Martin", "Will").

    Such a word is replaced only as the name is written (capitalised), never "la rose";
    any other ("Zéphyrine", "Quarrington") whatever its case, as in "merci zéphyrine".
    """
    lower = word.lower()
    return any(simplemma.is_known(lower, lang=lang) for lang in ("fr", "en"))


def _spellings(name: str, *, exact: bool) -> set[str]:
    """How a name may be typed: as chosen, without its accents, and (a word alone) in capitals.

    Composed and decomposed accents ("é" as one character or as "e" and a mark) alike.
    """
    decomposed = unicodedata.normalize("NFD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    forms = {name, plain, decomposed, unicodedata.normalize("NFC", name)}
    if exact:
        forms |= {f.upper() for f in forms}
    return forms


class _Redactor:
    """Replaces names in one pass over the words of a text (fast with thousands of names)."""

    def __init__(self, full: dict[str, str], words: dict[str, str],
                 loose: dict[str, str]) -> None:
        self._heads: dict[str, list[tuple[str, str, bool]]] = {}
        self._odd: list[tuple[re.Pattern[str], str]] = []
        for name, replacement in (full | loose).items():
            if _WORD.match(name) is None:  # a name starting with an emoji or a sign: rare
                self._odd.append((re.compile(re.escape(name), re.IGNORECASE), replacement))
                continue
            for form in _spellings(name, exact=False):
                self._add(form.lower(), replacement, exact=False)
        for word, replacement in words.items():
            for form in _spellings(word, exact=True):
                self._add(form, replacement, exact=True)
        for candidates in self._heads.values():
            candidates.sort(key=lambda c: (-len(c[0]), c[2]))  # longest, full names first

    def _add(self, name: str, replacement: str, *, exact: bool) -> None:
        head = _WORD.match(name)
        assert head is not None
        candidates = self._heads.setdefault(head.group().lower(), [])
        if (name, replacement, exact) not in candidates:
            candidates.append((name, replacement, exact))

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for pattern, replacement in self._odd:
            text = pattern.sub(replacement, text)
        if not self._heads or self._heads.keys().isdisjoint(_WORD.findall(text.lower())):
            return text
        parts: list[str] = []
        done = 0
        for word in _WORD.finditer(text):
            start = word.start()
            candidates = self._heads.get(word.group().lower()) if start >= done else None
            for name, replacement, exact in candidates or ():
                end = start + len(name)
                piece = text[start:end]
                if (piece == name if exact else piece.lower() == name) and (
                        end == len(text) or not (text[end].isalnum() or text[end] == "_")):
                    parts += [text[done:start], replacement]
                    done = end
                    break
        return "".join(parts) + text[done:] if parts else text
