"""The positive core of an Appreciative Inquiry: strengths that several interview stories share.

Pure text processing, no remote service. Each story's "strengths" notes are cut into phrases
(lines, commas, semicolons, bullets, "and"/"et"), and phrases are grouped when they share a
salient keyword or a two-word expression once accents, case, stop words, plural and feminine
endings and one-letter typos are set aside. A theme found in two stories or more is *recurring*:
that is the positive core. Matching folds accents; labels keep the words as participants wrote
them ("Écoute", "Esprit d'équipe").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

_EN_STOP = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "almost", "also", "always",
    "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "done", "don", "down", "during", "each", "either", "else", "enough", "etc", "even", "ever",
    "every", "few", "for", "from", "further", "get", "gets", "got", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less",
    "let", "like", "lot", "lots", "made", "may", "me", "might", "more", "most", "much", "must",
    "my", "myself", "never", "no", "nor", "not", "of", "off", "often", "on", "once", "one",
    "only", "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per",
    "quite", "rather", "s", "same", "she", "should", "so", "some", "something", "sometimes",
    "still", "such", "t", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "these", "they", "thing", "things", "this", "those", "though", "through",
    "to", "too", "toward", "under", "until", "up", "upon", "us", "very", "was", "we", "well",
    "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
    "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
    "yourself", "yourselves",
})
_FR_STOP = frozenset({
    "a", "ai", "aie", "ainsi", "alors", "apres", "as", "au", "aucun", "aussi", "autant",
    "autre", "autres", "aux", "avait", "avant", "avec", "avez", "avoir", "avons", "c", "ca",
    "car", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet", "cette", "ceux",
    "chacun", "chaque", "chez", "comme", "comment", "d", "dans", "de", "deja", "des", "deux",
    "doit", "donc", "dont", "du", "elle", "elles", "en", "encore", "entre", "es", "est", "et",
    "etaient", "etait", "etc", "ete", "etre", "eu", "eux", "fait", "faire", "fois", "font",
    "hors", "il", "ils", "j", "je", "jusqu", "l", "la", "le", "les", "leur", "leurs", "lors",
    "lorsqu", "lorsque", "lui", "m", "ma", "mais", "me", "meme", "memes", "mes", "moi",
    "moins", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par", "parce",
    "parfois", "pas", "peu", "peut", "peut-etre", "plus", "plutot", "pour", "pourquoi", "qu",
    "quand", "que", "quel", "quelle", "quelles", "quelque", "quelques", "quels", "qui", "quoi",
    "s", "sa", "sans", "se", "sera", "ses", "si", "sien", "soi", "soit", "son", "sont", "sous",
    "souvent", "sur", "t", "ta", "tant", "te", "tel", "telle", "tes", "toi", "ton", "toujours",
    "tous", "tout", "toute", "toutes", "tres", "tu", "un", "une", "unes", "uns", "va", "vers",
    "voila", "vos", "votre", "vous", "vraiment", "y",
})
# Stop words of one language that are real words in the other, kept for that language.
_KEPT_IN = {"en": {"car", "son", "pour"}, "fr": {"but", "or"}}
# Words too vague to make a theme alone ("sense", "esprit"), still useful in an expression
# ("sens du service", "team spirit").
_WEAK = frozenset({
    "ability", "abilities", "aptitude", "bon", "bonne", "bonnes", "bons", "capacite",
    "capacites", "capacity", "chose", "choses", "competence", "competences", "excellent",
    "facon", "fort", "forte", "grand", "grande", "great", "good", "gens", "high", "maniere",
    "niveau", "level", "nice", "people", "person", "personne", "point", "points", "qualite",
    "qualites", "quality", "real", "sens", "sense", "skill", "skills", "spirit", "esprit",
    "strong", "super", "top", "vrai", "vraie", "way",
    # Praise that comes before the strength itself ("véritable écoute", "amazing energy").
    "able", "amazing", "beau", "belle", "capable", "deep", "enorme", "excellente", "huge",
    "immense", "incredible", "incroyable", "outstanding", "profond", "profonde", "reel", "reelle",
    "true", "veritable",
    # Verbs that carry a strength rather than name it ("sait écouter", "builds trust").
    "apporte", "apporter", "bring", "brings", "build", "builds", "donne", "donner", "give",
    "gives", "keep", "keeps", "know", "knows", "make", "makes", "met", "mettre", "montre",
    "montrer", "prend", "prendre", "rend", "rendre", "sait", "savoir", "show", "shows", "take",
    "takes",
})
_SPLIT = re.compile(
    r"[\n\r;,.!?•·|/]+|\s[-–—*+&]\s|\s(?:et|and|ainsi que|as well as)\s", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*(?:[-–—*+>]+|\d+[.)])\s*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@dataclass(frozen=True)
class Theme:
    """A strength shared by one or more stories."""

    label: str  # as participants wrote it (most common surface form), capitalised
    sources: tuple[int, ...]  # ids of the stories it appears in, sorted
    phrases: tuple[str, ...]  # the original phrases grouped into it


@dataclass
class _Phrase:
    story: int
    text: str
    stems: list[str]  # content words, stemmed
    spans: list[tuple[int, int]]  # where each content word sits in ``text``
    linked: bool  # a stop word joins two content words ("sense of humour", "écoute des clients")
    head: str | None = None  # the word the phrase is about

    def surface(self, first: int, last: int) -> str:
        return self.text[self.spans[first][0]:self.spans[last][1]]


Embed = Callable[[list[str]], Any]  # texts → rows of unit vectors (workshop.sense.embed)
SAME_STRENGTH = 0.6  # labels' cosine from which two themes name one strength in two languages


def group_strengths(
    items: Sequence[tuple[int, str]], language: str = "en", limit: int = 12,
    embed: Embed | None = None,
) -> list[Theme]:
    """The ``limit`` main strengths: recurring ones by number of stories, then single-story ones.

    ``items`` are (story id, strengths text); several items with one story id count as one
    story. ``language`` is the workshop's: both French and English stop words are dropped,
    except the few that are real words in that language ("but" is French for "goal").
    """
    lang = (language or "").casefold()[:2]
    if lang not in _KEPT_IN:
        raise ValueError(f"language must be 'en' or 'fr', not {language!r}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    stop = (_EN_STOP | _FR_STOP) - _KEPT_IN[lang]
    phrases = [p for story, text in items for p in _phrases(story, text or "", stop)]
    _merge_typos(phrases)
    weak = {_stem(word) for word in _WEAK}
    for phrase in phrases:
        phrase.head = _head(phrase, weak, lang)
    unassigned = list(range(len(phrases)))
    recurring: list[tuple[tuple[int, int, int], Theme]] = []
    single: list[tuple[tuple[int, int, int], Theme]] = []
    # Phrases first group by what they are about, so a frequent complement ("des clients")
    # cannot pull "écoute des clients" away from "Écoute"; any shared word comes second.
    heads_only = True
    while unassigned:
        key, members = _best_key(phrases, unassigned, weak, heads_only)
        if heads_only and len({phrases[i].story for i in members}) < 2:
            heads_only = False
            continue
        taken = set(members)
        unassigned = [i for i in unassigned if i not in taken]
        group = [phrases[i] for i in members]
        stories = sorted({p.story for p in group})
        theme = Theme(_label(group, key), tuple(stories), tuple(p.text for p in group))
        rank = (-len(stories), -len(group), members[0])
        (recurring if len(stories) > 1 else single).append((rank, theme))
    if embed is not None:
        recurring, single = _same_meaning(recurring + single, embed)
    ordered = sorted(recurring, key=lambda r: r[0]) + sorted(single, key=lambda r: r[0])
    return [theme for _rank, theme in ordered[:limit]]


Ranked = tuple[tuple[int, int, int], Theme]


def _same_meaning(ranked: list[Ranked], embed: Embed) -> tuple[list[Ranked], list[Ranked]]:
    """Join themes whose labels mean the same ("Écoute" and "Listening"); the larger one keeps
    its label, the smaller one's stories and phrases join it."""
    ranked = sorted(ranked, key=lambda r: r[0])
    if len(ranked) > 1:
        vectors = embed([theme.label for _rank, theme in ranked])
        kept: list[list[int]] = []
        for i in range(len(ranked)):
            home = next((group for group in kept
                         if float(vectors[group[0]] @ vectors[i]) >= SAME_STRENGTH), None)
            (home.append(i) if home is not None else kept.append([i]))
        joined = []
        for group in kept:
            (rank, first), others = ranked[group[0]], [ranked[i][1] for i in group[1:]]
            stories = tuple(sorted({s for t in (first, *others) for s in t.sources}))
            phrases = tuple(p for t in (first, *others) for p in t.phrases)
            joined.append(((-len(stories), -len(phrases), rank[2]),
                           Theme(first.label, stories, phrases)))
        ranked = joined
    return ([r for r in ranked if len(r[1].sources) > 1],
            [r for r in ranked if len(r[1].sources) == 1])


def _phrases(story: int, text: str, stop: frozenset[str]) -> list[_Phrase]:
    found = []
    for piece in _SPLIT.split(text):
        phrase = " ".join(_BULLET.sub("", piece).split()).strip(" \"'«»“”()[]:")
        stems: list[str] = []
        spans: list[tuple[int, int]] = []
        linked, gap = False, False
        for match in _WORD.finditer(phrase):
            word = _fold(match.group())
            if len(word) < 2 or word in stop:
                gap = bool(stems)
                continue
            linked = linked or gap
            stems.append(_stem(word))
            spans.append(match.span())
        if stems:
            found.append(_Phrase(story, phrase, stems, spans, linked))
    return found


def _head(phrase: _Phrase, weak: set[str], lang: str) -> str | None:
    """The first salient word, or the last one of an English compound ("customer care")."""
    salient = [s for s in phrase.stems if s not in weak]
    if lang == "en":
        salient = [s for s in salient if not s.endswith("ly")] or salient  # not "carefully"
        if not phrase.linked:
            return salient[-1] if salient else None
    return salient[0] if salient else None


def _fold(word: str) -> str:
    """Lower case without accents, for matching only."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    """Light stemming shared by French and English: plural, feminine and a few endings."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("eaux"):
        w = w[:-1]
    elif len(w) > 4 and w.endswith("aux"):
        w = w[:-3] + "al"
    elif len(w) > 3 and w[-1] in "sx" and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for ending, replacement in (("euse", "eu"), ("trice", "teur"), ("elle", "el"), ("enne", "en"),
                                ("ive", "iv"), ("if", "iv"), ("ness", ""), ("ity", ""),
                                ("ite", ""), ("ing", ""), ("ed", ""), ("er", "")):
        if w.endswith(ending) and len(w) - len(ending) + len(replacement) >= 4:
            w = w[: len(w) - len(ending)] + replacement
            break
    while len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def _merge_typos(phrases: list[_Phrase]) -> None:
    """Map each rare stem onto a more frequent one a typo away ("confience" -> "confiance")."""
    counts = Counter(stem for p in phrases for stem in p.stems)
    canonical: dict[str, str] = {}
    kept: list[str] = []
    for stem, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        match = next((k for k in kept if _close(stem, k)), None)
        if match is None:
            kept.append(stem)
        canonical[stem] = match or stem
    for phrase in phrases:
        phrase.stems = [canonical[stem] for stem in phrase.stems]


def _close(a: str, b: str) -> bool:
    """One edit apart (two for long words), same first letter, both long enough to tell."""
    if min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    allowed = 2 if min(len(a), len(b)) >= 9 else 1
    return abs(len(a) - len(b)) <= allowed and _distance(a, b) <= allowed


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) turning ``a`` into ``b``."""
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


Key = tuple[str, ...]


def _keys(phrase: _Phrase, weak: set[str], heads_only: bool) -> list[Key]:
    """Salient words (or the head only), adjacent word pairs, or else the whole phrase."""
    stems = phrase.stems
    if heads_only:
        keys: list[Key] = [(phrase.head,)] if phrase.head else []
    else:
        keys = [(s,) for s in stems if s not in weak]
    keys += [(a, b) for a, b in zip(stems, stems[1:], strict=False) if a != b]
    return list(dict.fromkeys(keys)) or [("=", *stems)]


def _best_key(
    phrases: Sequence[_Phrase], unassigned: Sequence[int], weak: set[str], heads_only: bool
) -> tuple[Key, list[int]]:
    """The key shared by the most stories (then phrases), with the phrases that carry it."""
    holders: dict[Key, list[int]] = {}
    for i in unassigned:
        for key in _keys(phrases[i], weak, heads_only):
            holders.setdefault(key, []).append(i)

    def rank(key: Key) -> tuple[int, int, int, int]:
        # On a tie, an expression beats a single word: same phrases, more telling label.
        members = holders[key]
        stories = len({phrases[i].story for i in members})
        return (stories, len(members), len(key), -members[0])

    best = max(holders, key=rank)
    return best, holders[best]


def _label(group: Sequence[_Phrase], key: Key) -> str:
    """A phrase most participants wrote alike, or else their words for the shared key."""
    wording, n = Counter(tuple(p.stems) for p in group).most_common(1)[0]
    if n * 2 > len(group) or key[0] == "=":
        texts = [p.surface(0, len(p.stems) - 1) for p in group if tuple(p.stems) == wording]
    else:
        texts = []
        for phrase in group:
            for i in range(len(phrase.stems) - len(key) + 1):
                if tuple(phrase.stems[i:i + len(key)]) == key:
                    texts.append(phrase.surface(i, i + len(key) - 1))
                    break
    text = _most_common(texts)
    return text[:1].upper() + text[1:]


def _most_common(texts: Sequence[str]) -> str:
    """The most frequent text ignoring case, as first written; the first written wins a tie."""
    counts = Counter(text.casefold() for text in texts)
    best = max(counts, key=counts.__getitem__)
    return next(text for text in texts if text.casefold() == best)
