"""Who may be named in an export: pseudonyms by join order, names only with consent.

A participant who did not agree to be quoted is their pseudonym everywhere, including inside
texts others wrote about them ("convened by Camille B.", "Camille told me..."): their full
chosen name is replaced wherever it appears, and their first name too when no participant who
agreed to be quoted shares it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
MIN_FIRST_NAME = 3  # shorter first words ("Jo", "Al") are too often ordinary words


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
        self._redactor = _Redactor(
            {p.display_name: self.pseudonyms[p.id] for p in hidden},
            _first_names(people, hidden, self.quoted, self.pseudonyms, someone),
        )

    def shown(self, participant_id: int | None) -> str | None:
        """The name to print for a participant: chosen name with consent, else pseudonym."""
        if participant_id is None or participant_id not in self.pseudonyms:
            return None
        return self.quoted.get(participant_id) or self.pseudonyms[participant_id]

    def redact(self, text: str) -> str:
        """``text`` with every non-quoted participant's name replaced by their pseudonym."""
        return self._redactor(text)


def _first_names(people: list[Entry], hidden: list[Entry], quoted: dict[int, str],
                 pseudonyms: dict[int, str], someone: str) -> dict[str, str]:
    """First names to replace (case-sensitive): those no quoted participant shares."""
    def first(entry: Entry) -> str | None:
        words = entry.display_name.split()
        head = words[0] if words else ""
        return head if len(head) >= MIN_FIRST_NAME and _WORD.fullmatch(head) else None

    owners = Counter(first(p) for p in people)
    shared_with_quoted = {first(p) for p in people if p.id in quoted}
    found: dict[str, str] = {}
    for entry in hidden:
        name = first(entry)
        if name is None or name in shared_with_quoted:
            continue
        found[name] = pseudonyms[entry.id] if owners[name] == 1 else someone
    return found


class _Redactor:
    """Replaces names in one pass over the words of a text (fast with thousands of names)."""

    def __init__(self, full: dict[str, str], first: dict[str, str]) -> None:
        self._heads: dict[str, list[tuple[str, str, bool]]] = {}
        self._odd: list[tuple[re.Pattern[str], str]] = []
        for name, replacement in full.items():
            head = _WORD.match(name)
            if head is None:  # a name starting with an emoji or a sign: rare, matched alone
                self._odd.append((re.compile(re.escape(name), re.IGNORECASE), replacement))
                continue
            self._heads.setdefault(head.group().lower(), []).append(
                (name.lower(), replacement, False))
        for name, replacement in first.items():
            self._heads.setdefault(name.lower(), []).append((name, replacement, True))
        for candidates in self._heads.values():
            candidates.sort(key=lambda c: (-len(c[0]), c[2]))  # longest, full names first

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
