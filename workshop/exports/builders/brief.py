"""The social-media strategy brief, derived from a synthesis alone (no database, no network).

Everything is deterministic: the same synthesis gives the same brief. Vocabularies live in
``lexicon``; meaning comes from the local semantic engine (``workshop.sense``).

- tagging: each item (but closing words) gets the foundations and shifts whose terms occur
  most in its text and its documents, unless the facilitator corrected them (``tags``);
- themes: the synthesis' themes by meaning (``themes``), their labels as columns;
- stakeholder map: per group, the share of its engagement (dots given, plus items written)
  that went to each theme's contributions, scaled so the map's strongest cell is 1;
- key messages: the top-ranked outcomes of the last ballot that holds dots (else the most
  attended sessions);
- Q&A: the questions asked to the room and the sentences ending with "?", concern sentences
  and reports' open questions, grouped by the themes they are closest to (``qa_themes``,
  "other questions" last); in each group customers' first, then other outside groups, then
  employees, then unattributed text, the most upvoted first; one said several times (or in
  both languages) is one entry (``signals``);
- risks: sentences close in meaning to complaints, crises, legal threats, safety issues or
  churn, and not to praise (``signals``);
- agreement: two groups compared on topics and themes (``agreement``);
- checklist: "why big companies struggle", each point with the sentences that raise it;
- calendar: see ``editorial``; listening list: see ``listening``.

Every element a facilitator may curate carries a ``key`` made from what it comes from
(``themes.element_key``), so an edit survives a rebuild.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..model import FOUNDATIONS, SHIFTS, Brief, Item, Synthesis, Theme, timezone_of
from . import agreement, editorial, lexicon, listening, qa_themes, room_questions, signals, themes

MAX_FOUNDATIONS, MAX_SHIFTS = 3, 2
MAX_THEMES = 8
KEY_MESSAGES = 5
MAX_QUESTIONS, MAX_RISKS, EVIDENCE = 40, 30, 3
TERMS = 3  # distinctive words of each theme the listening list may watch
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
    source: str = ""  # "c:12" a contribution, "d:report:12" a document, "k:3" a commitment


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
                corpus.passages.append(Passage(text, None, document.item_id, name,
                                               source=f"d:{document.key}:{name}"))
                if document.item_id is not None:
                    linked[document.item_id].append(text)
    for item in synthesis.items:
        if item.kind in ("word", "question"):
            continue  # a closing word says a mood; café questions are the facilitator's
        own = "\n".join(t for t in (item.title, item.details) if t)
        corpus.passages.append(Passage(own, item.author_group, item.id, "title",
                                       source=f"c:{item.id}"))
        corpus.texts[item.id] = "\n".join([own, *linked.get(item.id, [])])
    for commitment in synthesis.commitments:
        corpus.passages.append(Passage(commitment.title, commitment.author_group,
                                       commitment.item_id, "commitment",
                                       source=f"k:{commitment.id}"))
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

def stakeholder_map(synthesis: Synthesis, found: list[Theme]
                    ) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Group → theme → the share of the group's engagement that went to the theme, scaled so
    the map's strongest cell is 1; themes most engaged with first."""
    groups = [g["key"] for g in synthesis.groups] or sorted({g for t in found for g in t.groups})
    peak = max((t.groups.get(g, 0.0) for t in found for g in groups), default=0.0)
    grid = {g: {t.label: round(t.groups.get(g, 0.0) / peak, 2) if peak else 0.0 for t in found}
            for g in groups}
    order = sorted((t.label for t in found),
                   key=lambda label: -sum(row[label] for row in grid.values()))
    return {g: {label: row[label] for label in order} for g, row in grid.items()}, order


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
        messages.append({"key": themes.element_key("message", [f"c:{item.id}"]),
                         "text": proposition or item.title, "item_id": item.id,
                         "why": str(why), "support": _support(synthesis, item),
                         "foundations": list(item.foundations), "shifts": list(item.shifts)})
    return messages


def group_rank(synthesis: Synthesis) -> dict[str | None, int]:
    """Customers first, then other outside groups, then employees; unknown authors last."""
    keys = [g["key"] for g in synthesis.groups]
    outside = [k for k in keys if k not in ("customer", "employee")]
    order = ["customer", *outside, "employee"]
    return {key: rank for rank, key in enumerate(order)}


def questions(synthesis: Synthesis, corpus: Corpus, meanings: signals.Meanings
              ) -> list[dict[str, Any]]:
    """Distinct questions and concerns, customers' first; one told several times is one
    entry in the words of the group heard first, with everyone who raised it."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for passage in corpus.passages:
        lines = passage.text.splitlines() if passage.field == "questions" else None
        for n, sentence in enumerate(lines if lines is not None else sentences(passage)):
            sentence = sentence.strip(" -•*\t")
            folded = lexicon.fold(sentence)
            asked = sentence.rstrip(" »”\"’)").endswith("?") or passage.field == "questions"
            worried = not asked and lexicon.matches(folded, lexicon.CONCERN_TERMS)
            if not folded or folded in seen or not (asked or worried):
                continue
            seen.add(folded)
            found.append({"text": sentence, "group": passage.group, "item_id": passage.item_id,
                          "kind": "question" if asked else "concern",
                          "source": f"{passage.source}#{n}"})
    rank = group_rank(synthesis)
    found.sort(key=lambda q: (rank.get(q["group"], len(rank)), q["kind"] != "question"))
    return [_merged("qa", [found[i] for i in group])
            for group in signals.distinct(meanings, [q["text"] for q in found])][:MAX_QUESTIONS]


def _merged(kind: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """The first member's words, with the key, sources and groups of all of them."""
    first = {k: v for k, v in members[0].items() if k != "source"}
    sources = [m["source"] for m in members]
    return {**first, "key": themes.element_key(kind, sources), "sources": sources,
            "groups": list(dict.fromkeys(m["group"] for m in members if m["group"])),
            "count": len(members)}


def risks(synthesis: Synthesis, corpus: Corpus, meanings: signals.Meanings
          ) -> list[dict[str, Any]]:
    """Sentences close in meaning to a complaint, crisis, legal threat, safety issue or
    customers leaving; a story told several times is one signal."""
    said: list[dict[str, Any]] = []
    seen: set[str] = set()
    for passage in corpus.passages:
        for n, sentence in enumerate(sentences(passage)):
            folded = lexicon.fold(sentence)
            if folded and folded not in seen:
                seen.add(folded)
                said.append({"text": sentence, "group": passage.group,
                             "item_id": passage.item_id, "source": f"{passage.source}#{n}"})
    found = []
    for entry, scored in zip(said, signals.risk_scores(meanings, [s["text"] for s in said]),
                             strict=True):
        if scored is not None:
            found.append({**entry, "risk": scored[0], "signal": round(scored[1], 2)})
    rank = group_rank(synthesis)
    found.sort(key=lambda r: (-r["signal"], rank.get(r["group"], len(rank))))
    return [_merged("risk", [found[i] for i in group])
            for group in signals.distinct(meanings, [r["text"] for r in found])][:MAX_RISKS]


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
    found = synthesis.themes[:MAX_THEMES]
    labelled = themes.by_item(synthesis.themes)
    for item in synthesis.items:
        item.keywords = labelled.get(item.id, [])
    grid, order = stakeholder_map(synthesis, found)
    terms = [term for theme in synthesis.themes for term in theme.terms[:TERMS] if watchable(term)]
    with force_locale(language):
        messages = key_messages(synthesis, ranked, ballot)
    meanings = signals.Meanings()
    rank = group_rank(synthesis)
    asked = qa_themes.grouped(meanings, found, order,
                              room_questions.for_the_brief(synthesis, rank)
                              + questions(synthesis, corpus, meanings), rank)
    heard = [{**entry, "key": themes.element_key("listening", [entry["kind"],
                                                              lexicon.fold(entry["term"])])}
             for entry in listening.listen(corpus.passages, synthesis, terms)]
    ideas = calendar_ideas(synthesis, messages, asked)
    zone = timezone_of(language, {"timezone": info.get("timezone")})
    start = editorial.first_day(info.get("ended_at"), now, zone)
    calendar = editorial.plan(ideas, language=language, zone=zone, start=start,
                              people=len(synthesis.people), themes=hashtags(found, order))
    return Brief(stakeholder_map=grid, themes=order, key_messages=messages, questions=asked,
                 listening=heard, risks=risks(synthesis, corpus, meanings), calendar=calendar,
                 checklist=checklist(synthesis, corpus),
                 agreement=agreement.compare(synthesis))


# Endings of a conjugated French verb ("apprennent", "parlons"): a verb is no subject to watch.
_CONJUGATED = ("ent", "ons", "ez", "ait", "aient")


def watchable(term: str) -> bool:
    """A theme's word worth monitoring or tagging: not generic, not a conjugated verb."""
    from ...sense.words import lemma_of

    folded = lexicon.fold(term)
    if folded in lexicon.GENERIC_WORDS:
        return False
    if " " in folded:
        return True
    lemma = lemma_of(term, "fr")
    verb = lemma != folded and lemma.endswith(("er", "ir", "re"))
    return not (verb and (folded.endswith(_CONJUGATED) or folded == lemma[:-1]))


def hashtag(theme: Theme) -> str:
    """A theme as one hashtag word: its label's first part if one or two words ("Cadre
    clair" → "CadreClair"), else its best term; "" when neither has a letter."""
    words = theme.label.split(" · ")[0].split()
    if not 1 <= len(words) <= 2 or lexicon.fold(" ".join(words)) in lexicon.GENERIC_WORDS:
        specific = [t for t in theme.terms if watchable(t)]
        words = specific[0].split()[:2] if specific else []
    parts = [part for word in words for part in re.split(r"[\W_]+", word) if part]
    joined = "".join(part[:1].upper() + part[1:] for part in parts)
    return joined if any(c.isalpha() for c in joined) else ""


def hashtags(found: list[Theme], order: list[str]) -> list[str]:
    """Each theme's hashtag word, most engaged theme first (``editorial`` adds the "#")."""
    best = {t.label: hashtag(t) for t in found}
    return [tag for tag in dict.fromkeys(best[label] for label in order) if tag]


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
