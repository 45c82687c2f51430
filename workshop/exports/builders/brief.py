"""The social-media strategy brief, derived from a synthesis alone (no database, no network).

Everything is deterministic: the same synthesis gives the same brief. Vocabularies live in
``lexicon``; keywords come from YAKE (unsupervised, per language) run once over the corpus.

- tagging: each item (but closing words) gets the foundations and shifts whose terms occur
  most in its text and its documents, unless the facilitator corrected them (``tags``);
- themes: YAKE keywords found in at least two items and not in most of them;
- stakeholder map: per group, the share of its engagement (dots given, plus items written,
  worth ``AUTHORED`` dots) that went to items carrying each theme, scaled so the map's
  strongest cell is 1;
- key messages: the top-ranked outcomes of the last ballot that holds dots (else the most
  attended sessions);
- Q&A: sentences ending with "?", concern sentences and reports' open questions, customers'
  first, then other outside groups, then employees, then unattributed text;
- risks: sentences with negative terms and spread markers; signal = 1 − 1/(1 + neg × spread);
- checklist: "why big companies struggle", each point with the sentences that raise it;
- calendar: see ``editorial``; listening list: see ``listening``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yake
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..model import FOUNDATIONS, SHIFTS, Brief, Item, Synthesis, timezone_of
from . import editorial, lexicon, listening

MAX_FOUNDATIONS, MAX_SHIFTS = 3, 2
MAX_THEMES = 8
KEY_MESSAGES = 5
MAX_QUESTIONS, MAX_RISKS, EVIDENCE = 40, 30, 3
AUTHORED = 2  # an item written weighs as much as this many dots in the stakeholder map
YAKE_CHARS = 15_000  # YAKE's time grows with the text: the top-ranked items come first
OUTCOME_KINDS = ("topic", "theme", "dream", "proposition", "insight", "story", "feedback")
# Fields that hold what a group wants to say outwards, for a key message's support line.
SUPPORT_FIELDS = ("recommendations", "text", "key_points", "notes")
_SENTENCE = re.compile(r"(?:«[^»\n]*»|“[^”\n]*”|[^.!?…\n])+(?:[.!?…]+(?:\s?[»”\"’)])*|$)")


@dataclass
class Passage:
    """A piece of text from the workshop, with who wrote it (as far as known)."""

    text: str
    group: str | None
    item_id: int | None
    field: str = ""
    folded: str = ""


@dataclass
class Corpus:
    items: dict[int, Item]
    texts: dict[int, str] = field(default_factory=dict)  # item → its text and documents
    passages: list[Passage] = field(default_factory=list)


def corpus_of(synthesis: Synthesis) -> Corpus:
    """Items' own texts with their documents, and every passage (docs unattributed)."""
    corpus = Corpus({i.id: i for i in synthesis.items})
    linked: dict[int, list[str]] = defaultdict(list)
    for document in synthesis.documents:
        for name, text in document.fields.items():
            if text.strip():
                corpus.passages.append(Passage(text, None, document.item_id, name))
                if document.item_id is not None:
                    linked[document.item_id].append(text)
    for item in synthesis.items:
        if item.kind in ("word", "question"):
            continue  # a closing word says a mood; café questions are the facilitator's
        own = "\n".join(t for t in (item.title, item.details) if t)
        corpus.passages.append(Passage(own, item.author_group, item.id, "title"))
        corpus.texts[item.id] = "\n".join([own, *linked.get(item.id, [])])
    for commitment in synthesis.commitments:
        corpus.passages.append(Passage(commitment.title, commitment.author_group,
                                       commitment.item_id, "commitment"))
    for passage in corpus.passages:
        passage.folded = lexicon.fold(passage.text)
    return corpus


def sentences(passage: Passage) -> list[str]:
    return [s.strip(" -•*\t") for s in _SENTENCE.findall(passage.text) if s.strip(" -•*\t")]


# --- tagging --------------------------------------------------------------------------------

def top_keys(folded: str, vocabulary: lexicon.Vocabulary, order: tuple[str, ...], most: int
             ) -> list[str]:
    """The ``most`` keys whose terms occur most (ties: vocabulary order), in that order."""
    found = lexicon.scores(folded, vocabulary)
    best = sorted(found, key=lambda k: (-found[k], order.index(k)))[:most]
    return [k for k in order if k in best]


def tag_items(corpus: Corpus) -> None:
    for item_id, text in corpus.texts.items():
        item = corpus.items[item_id]
        if item.tags_corrected:
            continue
        folded = lexicon.fold(text)
        item.foundations = top_keys(folded, lexicon.FOUNDATION_TERMS, FOUNDATIONS,
                                    MAX_FOUNDATIONS)
        item.shifts = top_keys(folded, lexicon.SHIFT_TERMS, SHIFTS, MAX_SHIFTS)


# --- themes and the stakeholder map -----------------------------------------------------------

def theme_pattern(theme: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in lexicon.stem(lexicon.fold(theme)).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(w + r"(?:s|x|es)?" for w in words) + r"(?!\w)")


def keywords(text: str, language: str, top: int) -> list[str]:
    """YAKE's best keywords (1–2 words) for ``text``, generic words left out."""
    if not text.strip():
        return []
    extractor = yake.KeywordExtractor(lan=language if language in ("fr", "en") else "en",
                                      n=2, top=top * 3, dedup_lim=0.8)
    found: dict[str, str] = {}
    for found_term, _score in extractor.extract_keywords(text[:YAKE_CHARS]):
        term = found_term.strip(".,;:!?…«»“”\"'’()[]- ")
        folded = lexicon.fold(term)
        words = folded.split()
        if (not words or len(set(words)) < len(words) or folded in lexicon.GENERIC_WORDS
                or any(w in lexicon.GENERIC_WORDS or len(w) < 3 or w.isdigit() for w in words)
                or re.fullmatch(r"p \d+", folded)):
            continue
        marked = any(c.isupper() for c in term[1:])  # "TikTok", "RGPD": kept as written
        found.setdefault(lexicon.stem(folded), term if marked else term.lower())
    return list(found.values())[:top]


def ranked_text(corpus: Corpus, ranked: list[int], own: bool = False) -> str:
    """Items' texts, top-ranked first (YAKE reads only the first ``YAKE_CHARS``).

    ``own``: titles and details only, the words people chose to name their contribution.
    """
    first = [i for i in ranked if i in corpus.texts]
    rest = [i for i in corpus.texts if i not in set(first)]
    items = corpus.items
    return "\n".join(f"{items[i].title}. {items[i].details}" if own else corpus.texts[i]
                     for i in first + rest)


def themes_of(corpus: Corpus, terms: list[str]) -> dict[str, set[int]]:
    """Theme → the items carrying it: the keywords found in the most items (but not in
    most of them), in YAKE's order on a tie; keywords of one item only fill up the list."""
    folded = {i: lexicon.fold(t) for i, t in corpus.texts.items()}
    most = max(2, int(len(folded) * 0.6)) if len(folded) >= 5 else len(folded)
    found: dict[str, set[int]] = {}
    for term in terms:
        carriers = {i for i, t in folded.items() if theme_pattern(term).search(t)}
        if 1 <= len(carriers) <= most:
            found.setdefault(term, carriers)
    shared = sorted((t for t in found if len(found[t]) >= 2), key=lambda t: -len(found[t]))
    chosen: list[str] = []
    words: set[str] = set()  # a theme shares no word with another ("loyal", "loyal customers")
    for term in shared + [t for t in found if len(found[t]) == 1]:
        own = set(lexicon.stem(lexicon.fold(term)).split())
        if own & words or len(chosen) == MAX_THEMES:
            continue
        chosen.append(term)
        words |= own
    return {t: found[t] for t in chosen}


def stakeholder_map(synthesis: Synthesis, themes: dict[str, set[int]]
                    ) -> tuple[dict[str, dict[str, float]], list[str]]:
    engagement: dict[str, Counter[int]] = defaultdict(Counter)  # group → item → weight
    for item in synthesis.items:
        for by_group in item.votes_by_group.values():
            for group, dots in by_group.items():
                engagement[group][item.id] += dots
        if item.author_group is not None:
            engagement[item.author_group][item.id] += AUTHORED
    groups = [g["key"] for g in synthesis.groups] or sorted(k for k in engagement if k)
    shares: dict[str, dict[str, float]] = {}
    for group in groups:
        total = sum(engagement[group].values())
        shares[group] = {theme: (sum(engagement[group][i] for i in carriers) / total
                                 if total else 0.0) for theme, carriers in themes.items()}
    peak = max((v for row in shares.values() for v in row.values()), default=0.0)
    grid = {g: {t: round(v / peak, 2) if peak else 0.0 for t, v in row.items()}
            for g, row in shares.items()}
    order = sorted(themes, key=lambda t: -sum(row[t] for row in grid.values()))
    return {g: {t: row[t] for t in order} for g, row in grid.items()}, order


# --- key messages, Q&A, risks, checklist ------------------------------------------------------

def ranking(synthesis: Synthesis) -> tuple[list[int], str | None]:
    """Outcome ids, best first: the last ballot holding dots, else interest and attendance."""
    outcomes = {i.id: i for i in synthesis.items if i.kind in OUTCOME_KINDS}
    for ballot in reversed(list(synthesis.ballots)):
        ids = [i for i in synthesis.ballots[ballot] if i in outcomes]
        if any(outcomes[i].votes.get(ballot) for i in ids):
            return ids, ballot
    ordered = sorted((i for i in outcomes.values() if i.interest + i.attendance),
                     key=lambda i: (-(i.interest + i.attendance), i.id))
    return [i.id for i in ordered], None


def _support(synthesis: Synthesis, item: Item) -> str:
    for name in SUPPORT_FIELDS:
        for document in synthesis.documents:
            text = document.fields.get(name, "").strip() if document.item_id == item.id else ""
            if text:
                return text.splitlines()[-1] if name in ("recommendations", "notes") \
                    else text.splitlines()[0]
    return item.details.split("\n")[0] if item.details else ""


def key_messages(synthesis: Synthesis, ranked: list[int], ballot: str | None
                 ) -> list[dict[str, Any]]:
    messages = []
    for rank, item_id in enumerate(ranked[:KEY_MESSAGES], start=1):
        item = synthesis.item(item_id)
        assert item is not None
        dots = item.votes.get(ballot, 0) if ballot else 0
        if ballot and not dots:
            break
        proposition = next((d.fields.get("text", "").strip() for d in synthesis.documents
                            if d.item_id == item.id and d.kind == "proposition"), "")
        if ballot is None:
            why = _l("Rank %(rank)d: %(n)d people interested or present.", rank=rank,
                     n=item.interest + item.attendance)
        elif item.divergence is not None and item.divergence >= 0.5:
            why = _l("Rank %(rank)d with %(n)d dots; the groups diverge on it.", rank=rank,
                     n=dots)
        elif item.divergence is not None:
            why = _l("Rank %(rank)d with %(n)d dots; the groups agree on it.", rank=rank, n=dots)
        else:
            why = _l("Rank %(rank)d with %(n)d dots.", rank=rank, n=dots)
        messages.append({"text": proposition or item.title, "item_id": item.id,
                         "why": str(why), "support": _support(synthesis, item),
                         "foundations": list(item.foundations), "shifts": list(item.shifts)})
    return messages


def group_rank(synthesis: Synthesis) -> dict[str | None, int]:
    """Customers first, then other outside groups, then employees; unknown authors last."""
    keys = [g["key"] for g in synthesis.groups]
    outside = [k for k in keys if k not in ("customer", "employee")]
    order = ["customer", *outside, "employee"]
    return {key: rank for rank, key in enumerate(order)}


def questions(synthesis: Synthesis, corpus: Corpus) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for passage in corpus.passages:
        lines = passage.text.splitlines() if passage.field == "questions" else None
        for sentence in lines if lines is not None else sentences(passage):
            sentence = sentence.strip(" -•*\t")
            folded = lexicon.fold(sentence)
            asked = sentence.rstrip(" »”\"’)").endswith("?") or passage.field == "questions"
            worried = not asked and lexicon.matches(folded, lexicon.CONCERN_TERMS)
            if not folded or folded in seen or not (asked or worried):
                continue
            seen.add(folded)
            found.append({"text": sentence, "group": passage.group, "item_id": passage.item_id,
                          "kind": "question" if asked else "concern"})
    rank = group_rank(synthesis)
    found.sort(key=lambda q: (rank.get(q["group"], len(rank)), q["kind"] != "question"))
    return found[:MAX_QUESTIONS]


def risks(synthesis: Synthesis, corpus: Corpus) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for passage in corpus.passages:
        for sentence in sentences(passage):
            folded = lexicon.fold(sentence)
            negative = lexicon.matches(folded, lexicon.NEGATIVE_TERMS)
            spread = lexicon.matches(folded, lexicon.SPREAD_TERMS)
            if not negative or not spread or folded in seen:
                continue
            seen.add(folded)
            found.append({"text": sentence, "group": passage.group, "item_id": passage.item_id,
                          "signal": round(1 - 1 / (1 + len(negative) * len(spread)), 2),
                          "negative": sorted(set(negative)), "spread": sorted(set(spread))})
    rank = group_rank(synthesis)
    found.sort(key=lambda r: (-r["signal"], rank.get(r["group"], len(rank))))
    return found[:MAX_RISKS]


def checklist(synthesis: Synthesis, corpus: Corpus) -> list[dict[str, Any]]:
    entries = []
    for key, terms in lexicon.CHECKLIST_TERMS.items():
        evidence: list[str] = []
        ids: list[int] = []
        count = 0
        for passage in corpus.passages:
            if not lexicon.matches(passage.folded, terms):
                continue
            count += 1
            if passage.item_id is not None and passage.item_id not in ids:
                ids.append(passage.item_id)
            for sentence in sentences(passage) if len(evidence) < EVIDENCE else ():
                if sentence not in evidence and lexicon.matches(lexicon.fold(sentence), terms):
                    evidence.append(sentence)
                    if len(evidence) == EVIDENCE:
                        break
        entries.append({"key": key, "label": synthesis.labels.get(f"checklist.{key}", key),
                        "status": "raised" if count else "to_check", "count": count,
                        "evidence": evidence, "item_ids": ids})
    entries.append({"key": "answer", "label": synthesis.labels.get("checklist.answer", ""),
                    "status": "answer", "count": 0, "evidence": [], "item_ids": []})
    return entries


# --- the whole brief --------------------------------------------------------------------------

def analyse(synthesis: Synthesis, *, now: datetime) -> Brief:
    """Tag the synthesis' items (in place) and derive the brief from it."""
    info = synthesis.workshop
    language = info.get("language") or "en"
    corpus = corpus_of(synthesis)
    tag_items(corpus)
    ranked, ballot = ranking(synthesis)
    own = ranked_text(corpus, ranked, own=True)
    terms = keywords(own, language, MAX_THEMES * 3)
    if len(own) < YAKE_CHARS:  # few words of their own: the documents tell the rest
        terms += keywords(ranked_text(corpus, ranked), language, MAX_THEMES * 3)
    themes = themes_of(corpus, terms)
    for item in synthesis.items:
        item.keywords = [t for t, carriers in themes.items() if item.id in carriers]
    grid, order = stakeholder_map(synthesis, themes)
    with force_locale(language):
        messages = key_messages(synthesis, ranked, ballot)
    asked = questions(synthesis, corpus)
    heard = listening.listen(corpus.passages, synthesis, terms)
    ideas = calendar_ideas(synthesis, messages, asked)
    zone = timezone_of(language, {"timezone": info.get("timezone")})
    start = editorial.first_day(info.get("ended_at"), now, zone)
    calendar = editorial.plan(ideas, language=language, zone=zone, start=start,
                              people=len(synthesis.people), themes=order)
    return Brief(stakeholder_map=grid, themes=order, key_messages=messages, questions=asked,
                 listening=heard, risks=risks(synthesis, corpus), calendar=calendar,
                 checklist=checklist(synthesis, corpus))


def calendar_ideas(synthesis: Synthesis, messages: list[dict[str, Any]],
                   asked: list[dict[str, Any]]) -> list[editorial.Idea]:
    """A thank-you, then key messages, commitments and customers' questions in turn."""
    tags = {i.id: [*i.foundations, *i.shifts] for i in synthesis.items}
    first = [editorial.Idea("thanks", synthesis.workshop.get("question") or
                            synthesis.workshop.get("title", ""))]
    streams = [
        [editorial.Idea("message", m["text"], m["item_id"], support=m["support"],
                        tags=tags.get(m["item_id"], [])) for m in messages],
        editorial.commitment_ideas(synthesis.commitments, tags),
        [editorial.Idea("question", q["text"], q["item_id"]) for q in asked
         if q["kind"] == "question" and q["group"] != "employee"][:KEY_MESSAGES],
    ]
    ideas = list(first)
    for turn in range(max(len(s) for s in streams)):
        ideas += [stream[turn] for stream in streams if turn < len(stream)]
    return ideas
