"""Themes: contributions grouped by what they are about, across French and English.

Each contribution is placed by its sentence vector plus a bag of its content words (each word's
own vector, weighted by rarity: the words carry the topic, the sentence its paraphrases across
languages). Then what every French (or English) text shares is taken away, and what every
session proposal (or story, or commitment) shares: otherwise texts group by language and by
the way they are put instead of by their subject. Average-linkage agglomerative clustering on
cosine distance cuts the tree at a fixed height (no random start: the same contributions
always give the same themes); groups too small to be a theme are dropped, then each
contribution joins the theme whose centre is nearest, a few times over, or none if all are far.
docs/sense.md gives the measurements behind each choice and constant.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from . import encoder
from .encoder import Vectors
from .labels import describe, terms_of
from .words import LANGUAGES, Token, guess_language, lemma_of, name_words, tokens

ItemId = int | str

# Where the tree is cut: average cosine distance between two merged groups (measured).
DISTANCE = 0.9
# Least cosine similarity to a theme's centre for a contribution to belong to it.
FLOOR = 0.2
# A language or a kind is taken away only when it has this many contributions: below that,
# its mean is its own subject (three commitments about invoices), not a way of writing.
CENTRED_FROM = 10
# Weight of the bag of words against the sentence vector (both of length 1): measured.
WORDS_WEIGHT = 0.8
REPRESENTATIVES = 3
# Two representatives must differ: a paraphrase or a retyped duplicate does not count twice.
DISTINCT_BELOW = 0.8
_REFINE_ROUNDS = 10
_WORD_CACHE = 20_000


@dataclass(frozen=True)
class Item:
    """A contribution to group: its own words, and what the caller knows about it."""

    id: ItemId
    text: str
    kind: str = ""  # "topic", "story", "commitment"...: texts of one kind share a way of writing
    # The author's stakeholder group ("employee", "customer"), kept for the caller's maps:
    # themes ignore it (taking away what each group shares made them worse: docs/sense.md).
    group: str = ""
    # Shown name of the author, consenting or not: never part of a label.
    author: str | None = None
    language: str = ""  # "fr" or "en"; guessed from the text when empty


@dataclass(frozen=True)
class Theme:
    """A group of contributions about one subject, with the words that stand for it."""

    label: str  # short, from the members' words; "" only if they share no word at all
    ids: tuple[ItemId, ...]  # members, in the order the items were given
    representative_ids: tuple[ItemId, ...]  # members nearest the centre, distinct, best first
    terms: tuple[str, ...]  # distinctive words as written, best first (hashtags, listening)


def warm() -> None:
    """Load the model and the lemma dictionaries now (1-2 s) instead of on first use."""
    encoder.embed(["warm"])
    for language in LANGUAGES:
        lemma_of("warm", language)


def min_size(count: int) -> int:
    """The fewest members a theme may have: 2 in a small workshop, 5 from 250 contributions."""
    return max(2, min(5, count // 50))


def themes(
    items: Sequence[Item], vectors: Vectors | None = None, avoid: Collection[str] = ()
) -> list[Theme]:
    """The themes of ``items``, largest first; ``vectors`` are their embeddings if known.

    ``avoid``: names and pseudonyms of participants, never used in a label (authors' names are
    added). Contributions far from every theme belong to none. The same items in any order give
    the same themes.
    """
    if vectors is not None and len(vectors) != len(items):
        raise ValueError("one vector per item is needed")
    order = sorted(range(len(items)), key=lambda i: (items[i].text, str(items[i].id)))
    ordered = [items[i] for i in order]
    if vectors is None:
        sentences = encoder.embed([item.text for item in ordered])
    else:
        sentences = np.asarray(vectors, dtype=np.float32)[order]
    languages = [item.language or guess_language(item.text) for item in ordered]
    banned = name_words([*avoid, *(item.author for item in ordered if item.author)])
    words = [tokens(item.text, lang, banned) for item, lang in zip(ordered, languages, strict=True)]
    with encoder.blas_threads_held():
        space = _space(sentences, words, languages, [item.kind for item in ordered])
        groups = _cluster(space, min_size(len(ordered)))
        chosen = [_representatives(group, space, sentences) for group in groups]
    found = [terms_of(item.text, ws) for item, ws in zip(ordered, words, strict=True)]
    described = describe(groups, found, chosen, _similarity)

    def ids(members: Sequence[int]) -> tuple[ItemId, ...]:
        return tuple(items[order[i]].id for i in sorted(members, key=lambda i: order[i]))

    return [
        Theme(label, ids(group), tuple(ordered[i].id for i in best), terms)
        for group, best, (label, terms) in zip(groups, chosen, described, strict=True)
    ]


def _space(
    sentences: Vectors, words: Sequence[list[Token]], languages: Sequence[str],
    kinds: Sequence[str],
) -> Vectors:
    """Sentence plus bag of words, with what each language and each kind shares taken away."""
    content = [[w.surface.lower() for w in ws if w.content] for ws in words]
    spread = Counter(word for found in content for word in set(found))
    vocabulary = sorted(spread)
    lookup = dict(zip(vocabulary, _word_vectors(vocabulary), strict=True))
    bags = np.zeros_like(sentences)
    total = len(content)
    for row, found in zip(bags, content, strict=True):
        for word in found:
            row += math.log(total / spread[word]) * lookup[word]
    space = _normalised(_normalised(sentences) + WORDS_WEIGHT * _normalised(bags))
    for keys in (languages, kinds):
        space = _normalised(_centred(space, keys))
    return space


def _centred(space: Vectors, keys: Sequence[str]) -> Vectors:
    centred = space.copy()
    labels = np.array(keys)
    for key in sorted(set(keys)):
        members = labels == key
        if members.sum() >= CENTRED_FROM:
            centred[members] -= space[members].mean(axis=0)
    return centred


def _normalised(rows: Vectors) -> Vectors:
    lengths = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return np.asarray(rows / lengths, dtype=np.float32)


_words: dict[str, np.ndarray] = {}


def _word_vectors(vocabulary: list[str]) -> list[np.ndarray]:
    """Each word's own vector, kept for the next call (a workshop's words come back)."""
    known = {word: vector for word in vocabulary if (vector := _words.get(word)) is not None}
    missing = [word for word in vocabulary if word not in known]
    known.update(zip(missing, encoder.embed(missing), strict=True))
    if len(_words) + len(missing) > _WORD_CACHE:
        _words.clear()
    _words.update((word, known[word]) for word in missing)
    return [known[word] for word in vocabulary]


def _similarity(first: str, second: str) -> float:
    """How close two words or phrases are in meaning, in any language (cosine)."""
    a, b = _word_vectors([first.lower(), second.lower()])
    return float(a @ b)


def _cluster(space: Vectors, smallest: int) -> list[list[int]]:
    """Groups of row indexes, largest first; rows far from every group are left out."""
    if len(space) < max(smallest, 2):
        return []
    # Imported here: scikit-learn and SciPy take a second to import, which every `workshop`
    # command (and server) paid at start-up while only grouping texts needs them.
    from sklearn.cluster import AgglomerativeClustering

    tree = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE
    )
    # Cosine distances by one matrix product (rows have length one): much faster than the
    # pairwise loop sklearn would run for metric="cosine", same distances.
    distances = np.clip(1.0 - space @ space.T, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    first = tree.fit_predict((distances + distances.T) / 2)
    sizes = Counter(first.tolist())
    kept = sorted((c for c in sizes if sizes[c] >= smallest), key=lambda c: (-sizes[c], c))
    assigned = np.full(len(space), -1)
    for k, cluster in enumerate(kept):
        assigned[first == cluster] = k
    for _ in range(_REFINE_ROUNDS):
        present = np.unique(assigned[assigned >= 0])
        if not len(present):
            break
        membership = (assigned[None, :] == present[:, None]).astype(np.float32)
        centres = _normalised(membership @ space)
        similarity = space @ centres.T
        nearest = present[similarity.argmax(axis=1)]
        moved = np.where(similarity.max(axis=1) >= FLOOR, nearest, -1)
        if (moved == assigned).all():
            break
        assigned = moved
    groups = [np.flatnonzero(assigned == k).tolist() for k in range(len(kept))]
    groups = [group for group in groups if len(group) >= smallest]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def _representatives(group: list[int], space: Vectors, sentences: Vectors) -> list[int]:
    """Members nearest the group's centre, skipping near-copies of one already chosen."""
    centre = space[group].mean(axis=0)
    ranked = sorted(group, key=lambda i: (-float(space[i] @ centre), i))
    chosen: list[int] = []
    for i in ranked:
        if all(float(sentences[i] @ sentences[j]) < DISTINCT_BELOW for j in chosen):
            chosen.append(i)
        if len(chosen) == REPRESENTATIVES:
            break
    return chosen
