"""The harvest's themes: what the workshop's contributions of every kind are about, by meaning.

Topics, stories, dreams, propositions, feedback, session reports, notes, table notes and
commitments are grouped by the semantic engine (``workshop.sense``, docs/sense.md), across
French and English. Contributions' vectors are cached in the database (``vectors_for``);
documents and commitments are embedded on each build (a few dozen texts). Labels never hold a
participant's name or pseudonym: every one is passed to the engine to avoid. This is CPU work
of a few seconds: it runs where syntheses are built, in a worker process under gevent
(``exports/aside.py``), never on the event loop.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
import sqlalchemy.orm as so

from ...models import Contribution
from ..model import Commitment, Document, Synthesis, Theme
from .signals import Meanings

if TYPE_CHECKING:  # the engine (scikit-learn, the model) loads only where themes are made
    from ...sense.encoder import Vectors

# Contribution kinds that say something of their own (closing words are a mood; café
# questions are the facilitator's).
KINDS = ("topic", "theme", "dream", "proposition", "insight", "story", "feedback")
AUTHORED = 2  # an item written weighs as much as this many dots in a group's engagement
MAX_TEXT = 2_000  # characters of a document embedded and read for its words
QUOTE = 280  # characters of a representative statement shown


@dataclass(frozen=True)
class Source:
    """One member candidate: its key ("c:12"), text, kind and where it comes from."""

    key: str
    text: str
    kind: str
    item_id: int | None
    author: str | None
    group: str | None


def element_key(kind: str, sources: Iterable[object]) -> str:
    """A curatable element's key: its kind and what it is made of, hashed (never its words)."""
    made_of = ",".join(sorted({str(source) for source in sources}))
    digest = hashlib.sha256(f"{kind}|{made_of}".encode()).hexdigest()[:16]
    return f"{kind}:{digest}"


def sources_of(synthesis: Synthesis) -> list[Source]:
    """Every text a theme may gather, contributions first."""
    found = [Source(f"c:{i.id}", _joined(i.title, i.details), i.kind, i.id, i.author,
                    i.author_group) for i in synthesis.items if i.kind in KINDS]
    found += [_document(d) for d in synthesis.documents]
    found += [_commitment(c) for c in synthesis.commitments]
    return [source for source in found if source.text]


def _joined(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())[:MAX_TEXT]


def _document(document: Document) -> Source:
    return Source(f"d:{document.key}", _joined(*document.fields.values()), document.kind,
                  document.item_id, None, None)


def _commitment(commitment: Commitment) -> Source:
    return Source(f"k:{commitment.id}", _joined(commitment.title), "commitment",
                  commitment.item_id, None, commitment.author_group)


def harvest(session: so.Session, synthesis: Synthesis, avoid: Collection[str]) -> list[Theme]:
    """The synthesis' themes, largest first; contributions' vectors cached in the database."""
    from ...sense import DIMENSIONS, themes
    from ...sense import Item as SenseItem

    sources = sources_of(synthesis)
    if len(sources) < 2:
        return []
    vectors = np.zeros((len(sources), DIMENSIONS), dtype=np.float32)
    stored = [i for i, s in enumerate(sources) if s.key.startswith("c:")]
    if stored:
        vectors[stored] = cached_vectors(session, [sources[i].item_id or 0 for i in stored])
    fresh = [i for i in range(len(sources)) if i not in set(stored)]
    if fresh:  # documents and commitments: kept in this process, not in the database
        vectors[fresh] = Meanings().of([sources[i].text for i in fresh])
    names = [*avoid, *(p.pseudonym for p in synthesis.people),
             *(p.name for p in synthesis.people if p.name)]
    found = themes([SenseItem(s.key, s.text, kind=s.kind, group=s.group or "", author=s.author)
                    for s in sources], vectors, avoid=names)
    by_key = {s.key: s for s in sources}
    engagement = _engagement(synthesis)
    made = [_theme(t.label, list(t.terms), [str(k) for k in t.ids],
                   [str(k) for k in t.representative_ids], by_key, engagement)
            for t in found]
    return _distinct_labels([t for t in made if t.label])


def cached_vectors(session: so.Session, ids: list[int]) -> Vectors:
    """Contributions' vectors, the missing ones computed and stored in a session of their own.

    The caller's session stays as it was (a synthesis only reads). The new vectors are
    committed apart: first after reading (the write lock is taken only to store them); if a
    live write went in between, once more inside a write transaction; if the database still
    refuses (read-only), they are simply computed again next time.
    """
    from ...sense import contribution_text, embed, vectors_for

    texts: list[str] = []
    for write in (False, True):
        with so.Session(session.get_bind()) as own:
            if write:
                own.connection(execution_options={"atelier_write": True})
            rows = {c.id: c for c in own.scalars(sa.select(Contribution)
                                                  .where(Contribution.id.in_(ids)))}
            texts = [contribution_text(rows[i]) for i in ids]
            try:
                vectors = vectors_for(own, [rows[i] for i in ids])
                own.commit()
                return vectors
            except sa.exc.DBAPIError:
                own.rollback()
    return embed(texts)


def _theme(label: str, terms: list[str], members: list[str], best: list[str],
           by_key: dict[str, Source], engagement: dict[str, Counter[int]]) -> Theme:
    contribution_ids: list[int] = list(dict.fromkeys(
        i for m in members if (i := by_key[m].item_id) is not None))
    representatives = [{"source": key, "item_id": by_key[key].item_id,
                        "text": quoted(by_key[key].text), "author": by_key[key].author,
                        "group": by_key[key].group} for key in best]
    representative_ids: list[int] = list(dict.fromkeys(
        i for key in best if (i := by_key[key].item_id) is not None))
    ids = set(contribution_ids)
    groups: dict[str, float] = {}
    for group, weights in engagement.items():
        total = sum(weights.values())
        groups[group] = round(sum(w for i, w in weights.items() if i in ids) / total, 4) \
            if total else 0.0
    terms = [" ".join(term.split()) for term in terms]
    label = " ".join(label.split()) or (terms[0] if terms else "")
    return Theme(key=element_key("theme", members), label=label[:1].upper() + label[1:],
                 terms=terms, sources=members, contribution_ids=contribution_ids,
                 representatives=representatives, representative_ids=representative_ids,
                 groups=groups)


def quoted(text: str, most: int = QUOTE) -> str:
    """A statement as one paragraph: its lines joined by " / ", cut at a word with "…"."""
    lines = list(dict.fromkeys(" ".join(line.split()) for line in text.splitlines()))
    joined = " / ".join(line for line in lines if line)
    if len(joined) <= most:
        return joined
    cut = joined[:most].rsplit(" ", 1)[0].rstrip(" /,;:")
    return f"{cut}…"


def _engagement(synthesis: Synthesis) -> dict[str, Counter[int]]:
    """Group → contribution → its weight: dots the group gave it, plus what it wrote."""
    engagement: dict[str, Counter[int]] = defaultdict(Counter)
    for known in synthesis.groups:
        engagement[known["key"]] = Counter()
    for item in synthesis.items:
        for by_group in item.votes_by_group.values():
            for group, dots in by_group.items():
                engagement[group][item.id] += dots
        if item.author_group is not None:
            engagement[item.author_group][item.id] += AUTHORED
    for commitment in synthesis.commitments:
        if commitment.author_group is not None and commitment.item_id is not None:
            engagement[commitment.author_group][commitment.item_id] += AUTHORED
    return {group: weights for group, weights in engagement.items() if group}


def _distinct_labels(found: list[Theme]) -> list[Theme]:
    """Two themes never share a label: the second one gets its next distinctive word."""
    seen: set[str] = set()
    for theme in found:
        if theme.label.casefold() in seen:
            extra = next((t for t in theme.terms if t.casefold() not in theme.label.casefold()),
                         None)
            if extra:
                theme.label = f"{theme.label} · {extra}"
        seen.add(theme.label.casefold())
    return found


def public(theme: Theme) -> dict[str, Any]:
    """What the API answers for a theme (docs/api.md): label, members, representatives, groups."""
    return {"label": theme.label, "contribution_ids": list(theme.contribution_ids),
            "representative_ids": list(theme.representative_ids), "groups": dict(theme.groups)}


def by_item(found: list[Theme]) -> dict[int, list[str]]:
    """Contribution id → the labels of the themes it belongs to."""
    labels: dict[int, list[str]] = defaultdict(list)
    for theme in found:
        for item_id in theme.contribution_ids:
            labels[item_id].append(theme.label)
    return labels

