"""The listening list ("veille"): what to monitor once the workshop is over.

Found in what participants wrote, in French and English:
- names: runs of capitalised words ("Cœur de Loire", "Biscuiterie d’Anjou", "TikTok"), with
  sentence-initial common words set aside; each name's *kind* comes from the workshop's title
  and question (the company, a brand) or from the words around it (competitor, partner,
  product: see ``lexicon.NAME_CONTEXT_TERMS``) or from a place word right before it ("à
  Lyon", "in Nantes": a place); other names are kept when they recur; a word also written in
  lower case ("Écoute" as a title, "écoute" elsewhere) is not a name;
- platforms named (Instagram, WhatsApp...);
- slogans: short quoted phrases (« … », “ … ”, "…") that are not questions;
- recurring keywords (YAKE, given by the brief) mentioned at least twice.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from . import lexicon

KINDS = ("brand", "product", "partner", "competitor", "place", "slogan", "platform", "name",
         "keyword")
CLASSIFIED = ("competitor", "partner", "product", "brand")  # ties go to the first
WINDOW = 40  # characters either side of a name where its context words are looked for
MIN_COUNT = 2  # a plain name or keyword is listed from this many mentions on
MAX_KEYWORDS = 15
CONTEXTS = 20  # occurrences of a name whose surroundings are read to tell its kind

_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_CAP = rf"[{_UPPER}][\w’'&]*(?:-[\w]+)*"
_SPACE = r"[ \t\u00a0\u202f]+"  # a name never runs over a line break
_JOIN = rf"(?:{_SPACE}(?:de|du|des|la|le|of|the|&){_SPACE}|{_SPACE}d[’']|{_SPACE})"
NAME_RE = re.compile(rf"(?<![\w’'-]){_CAP}(?:{_JOIN}{_CAP})*")
QUOTE_RE = re.compile(r"«\s*([^«»\n]{3,120}?)\s*»|“([^“”\n]{3,120}?)”|\"([^\"\n]{3,120}?)\"")
_STARTS = re.compile(r"(?:^|[.!?…:;\n«“\"(•*-])\s*$")
_PSEUDONYM = re.compile(r"P-\d+")
# Right before a name, these say it is a place ("à Lyon", "in Nantes", "la boutique de Vannes").
_PLACE_BEFORE = re.compile(
    r"(?:(?<!\w)(?:à|en|in|near|vers|près de|pres de|boutique de|magasin de|usine de|"
    r"ville de|région de|region de|clients? de|clientes? de|habitants? de|shop in|store in|"
    r"town of|city of))\s+$",
    re.IGNORECASE)
_CONNECTORS = {"de", "du", "des", "la", "le", "of", "the", "&", "d"}


def _starts_sentence(text: str, index: int) -> bool:
    return bool(_STARTS.search(text[max(0, index - 20):index])) or index == 0


def _marked(token: str) -> bool:
    """A capital inside the word or an acronym: "TikTok", "RGPD" are names wherever they are."""
    return any(c.isupper() for c in token[1:])


def proven_names(texts: list[str]) -> set[str]:
    """Folded capitalised words seen mid-sentence: names, not just sentence starts."""
    proven: set[str] = set()
    for text in texts:
        for match in re.finditer(rf"[{_UPPER}][\w’'&-]*", text):
            if not _starts_sentence(text, match.start()) and (
                    match.start() == 0 or not (text[match.start() - 1].isalnum()
                                               or text[match.start() - 1] in "’'-")):
                proven.add(lexicon.fold(match.group()))
    return proven


def _clean(surface: str, at_start: bool, proven: set[str]) -> str:
    """Drop sentence-initial words that are not known names, and dangling connectors."""
    tokens = surface.split()
    while tokens and (lexicon.fold(tokens[0]) in lexicon.NOT_NAMES or (
            at_start and not _marked(tokens[0]) and lexicon.fold(tokens[0]) not in proven)):
        tokens.pop(0)
        while tokens and lexicon.fold(tokens[0]) in _CONNECTORS:
            tokens.pop(0)
    while tokens and lexicon.fold(tokens[-1]) in _CONNECTORS:
        tokens.pop()
    return " ".join(tokens).strip("’'-&")


def names(texts: list[str]) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Folded name → its spellings, and folded name → context kinds seen around it."""
    proven = proven_names(texts)
    platforms = {lexicon.fold(p) for p in lexicon.PLATFORMS}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    contexts: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for match in NAME_RE.finditer(text):
            surface = _clean(match.group(), _starts_sentence(text, match.start()), proven)
            key = lexicon.fold(surface)
            if (len(key) < 2 or key in lexicon.NOT_NAMES or key in platforms
                    or _PSEUDONYM.fullmatch(surface) or not any(c.isalpha() for c in key)):
                continue
            spellings[key][surface] += 1
            if spellings[key].total() > CONTEXTS:
                continue
            before = text[max(0, match.start() - 20):match.start()]
            if _PLACE_BEFORE.search(before):
                contexts[key]["place"] += 1
                continue
            window = lexicon.fold(text[max(0, match.start() - WINDOW):match.end() + WINDOW])
            for kind in CLASSIFIED:
                contexts[key][kind] += len(lexicon.matches(
                    window, lexicon.NAME_CONTEXT_TERMS[kind]))
    return spellings, contexts


def _mentions(folded_texts: Iterable[str]) -> Counter[str]:
    """How often each word and each two-word expression occurs (texts already folded)."""
    counted: Counter[str] = Counter()
    for text in folded_texts:
        words = re.findall(r"\w+", text)
        counted.update(words)
        counted.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return counted


def _kind(key: str, contexts: Counter[str], own: str) -> str:
    if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", own):
        return "brand"
    best = max(CLASSIFIED, key=lambda k: (contexts[k], -CLASSIFIED.index(k)))
    if contexts["place"] and contexts["place"] >= contexts[best]:
        return "place"  # a town is not a brand, even when a brand word stands near it
    return best if contexts[best] else "name"


def common_words(texts: list[str]) -> set[str]:
    """Folded words written in lower case somewhere: "Écoute" as a title is not a name."""
    return {lexicon.fold(word) for text in texts
            for word in re.findall(r"(?<![\w’'-])[a-zà-öø-ÿœ][\w’'-]*", text)}


def slogans(texts: list[str], titles: set[str]) -> dict[str, Counter[str]]:
    """Short quoted phrases, but not questions nor the titles of items (quoted in reports)."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for match in QUOTE_RE.finditer(text):
            quoted = " ".join(next(g for g in match.groups() if g).split()).strip(" .,;")
            if (2 <= len(quoted.split()) <= 12 and len(quoted) >= 10
                    and not quoted.endswith("?") and lexicon.fold(quoted) not in titles):
                found[lexicon.fold(quoted)][quoted] += 1
    return found


def _people_names(synthesis: Any) -> set[str]:
    """Participants' names and first names: people in the room are not monitored."""
    found = set()
    for person in synthesis.people:
        if person.name:
            found.add(lexicon.fold(person.name))
            found.add(lexicon.fold(person.name.split()[0]))
    return found


def listen(passages: list[Any], synthesis: Any, terms: list[str]) -> list[dict[str, Any]]:
    """The listening list, most telling kinds first, then most mentioned."""
    texts = [p.text for p in passages]
    mentions = _mentions(lexicon.fold(t) for t in texts)
    info = synthesis.workshop
    own = lexicon.fold(" ".join(filter(None, (info.get("title"), info.get("question")))))
    found: dict[str, dict[str, Any]] = {}
    spellings, contexts = names(texts)
    people = _people_names(synthesis)
    common = common_words(texts)
    for key, forms in spellings.items():
        if key in people or key.rstrip("s") in lexicon.NOT_NAMES:
            continue
        if " " not in key and key in common and not any(_marked(f) for f in forms):
            continue  # a common word capitalised at a sentence's or a title's start
        kind = _kind(key, contexts[key], own)
        count = sum(forms.values())
        if kind != "name" or count >= MIN_COUNT:
            found[key] = {"term": forms.most_common(1)[0][0], "kind": kind, "count": count}
    for platform in lexicon.PLATFORMS:
        count = mentions[lexicon.fold(platform)]
        if count:
            found[lexicon.fold(platform)] = {"term": platform, "kind": "platform",
                                             "count": count}
    titles = {lexicon.fold(i.title) for i in synthesis.items}
    for key, forms in slogans(texts, titles).items():
        found.setdefault(key, {"term": forms.most_common(1)[0][0], "kind": "slogan",
                               "count": sum(forms.values())})
    listed = set(found)
    named = {word for key in listed for word in key.split()}
    for term in terms:
        key = lexicon.stem(lexicon.fold(term))
        if key in listed or set(key.split()) & named:
            continue
        count = sum(mentions[key + ending] for ending in ("", "s", "x"))
        if count >= MIN_COUNT and len([f for f in found.values()
                                       if f["kind"] == "keyword"]) < MAX_KEYWORDS:
            found[key] = {"term": term, "kind": "keyword", "count": count}
            listed.add(key)
    return sorted(found.values(),
                  key=lambda f: (KINDS.index(f["kind"]), -f["count"], lexicon.fold(f["term"])))
