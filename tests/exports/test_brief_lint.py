"""The brief's linter: what a community manager would be ashamed to publish never comes out.

Demo workshops of every method, in French and English: no theme label or hashtag is a stop
word, a pronoun, a participant's name or pseudonym or a lone number; "agree" and "diverge"
never list the same row; the Q&A and risk signals never say one thing twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import in_check, installation
from workshop.demo import run_demo
from workshop.exports.builders import synthesis as builder
from workshop.exports.model import Synthesis
from workshop.extensions import db
from workshop.models import Method, Participant, Workshop

# Written for this test, apart from the engine's own lists.
_GRAMMAR_WORDS = """
a an the and or but of to in on at for with by from as is are was be been it its this that
these those there here what which who whom how why when where not no yes all any some can will
would should could may might must do does did have has had i you he she we they me him her us
them my your his our their mine yours ours theirs
le la les un une des du de d l et ou mais donc or ni car à au aux en dans sur sous par pour
avec sans chez ce cet cette ces il elle ils elles je tu nous vous on me te se lui leur leurs
mon ton son ma ta sa mes tes ses notre votre nos vos qui que quoi dont où est sont être avoir
a ont fait faut veulent peut pas ne plus très tout tous toute toutes y
"""
GRAMMAR = frozenset(_GRAMMAR_WORDS.split())
PSEUDONYM = re.compile(r"\bP-\d+\b")
HASHTAG = re.compile(r"#(\w+)")

CASES = [(method, language) for method in Method for language in ("fr", "en")]
# `make check` lints one demo per language; `make test` every method in both.
CHECKED = in_check(CASES, (Method.OPEN_SPACE, "fr"), (Method.WORLD_CAFE, "en"))
IDS = [f"{m.value}-{lang}" for m, lang in CASES]
Harvest = tuple[Synthesis, set[str]]


@pytest.fixture(scope="module")
def harvests(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
             ) -> Iterator[Callable[[Method, str], Harvest]]:
    """Each demo's synthesis and every word of its participants' names, built once when a
    test first asks for it."""
    app = installation(tmp_path_factory.mktemp("lint"), migrated_template)
    found: dict[tuple[Method, str], Harvest] = {}

    def harvest(method: Method, language: str) -> Harvest:
        if (method, language) not in found:
            with app.app_context():
                result = run_demo(method, 16, language, seed=2013)
                db.session.rollback()
                workshop = db.session.get(Workshop, result.workshop_id)
                assert workshop is not None
                names = {word.casefold() for name in db.session.scalars(
                    sa.select(Participant.display_name)
                    .where(Participant.workshop_id == workshop.id))
                    for word in re.findall(r"[^\W\d_]+", name) if len(word) > 1}
                found[method, language] = (builder.build(db.session, workshop), names)
                db.session.close()
        return found[method, language]

    yield harvest


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W_]+(?:[-’'][^\W_]+)*", text)]


def faults(text: str, names: set[str]) -> list[str]:
    """Why ``text`` cannot stand for a theme: each reason found."""
    found = []
    parts = [part.strip() for part in re.split(r"\s+·\s+", text)]
    for part in parts:
        said = words(part)
        if not said:
            found.append(f"{part!r} holds no word")
        elif said[0] in GRAMMAR or said[-1] in GRAMMAR:
            found.append(f"{part!r} begins or ends with a grammar word")
        if part.strip().isdigit():
            found.append(f"{part!r} is a number")
    if PSEUDONYM.search(text):
        found.append(f"{text!r} holds a pseudonym")
    if names & set(words(text)):
        found.append(f"{text!r} holds a participant's name")
    return found


def camel_words(tag: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[A-ZÀ-Ý][^A-ZÀ-Ý]*|[^A-ZÀ-Ý]+", tag)]


@pytest.mark.parametrize(("method", "language"), CHECKED, ids=IDS)
def test_are_theme_labels_and_hashtags_real_words_and_never_names(harvests, method, language):
    synthesis, names = harvests(method, language)

    assert synthesis.themes, "a demo workshop has themes"
    for theme in synthesis.themes:
        assert not faults(theme.label, names), theme
    for column in synthesis.brief.themes:
        assert not faults(column, names)
    tags = {tag for post in synthesis.brief.calendar for tag in HASHTAG.findall(post.text)}
    for tag in tags:
        said = camel_words(tag)
        assert not tag.isdigit() and said[0] not in GRAMMAR and said[-1] not in GRAMMAR, tag
        assert not names & set(said), tag
        assert not PSEUDONYM.search(tag)


@pytest.mark.parametrize(("method", "language"), CHECKED, ids=IDS)
def test_do_agree_and_diverge_never_share_a_row(harvests, method, language):
    compared = harvests(method, language)[0].brief.agreement

    agree = {r["key"] for r in compared.get("agree", [])}
    diverge = {r["key"] for r in compared.get("diverge", [])}
    assert not agree & diverge
    assert not ({r["title"] for r in compared.get("agree", [])}
                & {r["title"] for r in compared.get("diverge", [])})
    for row in [*compared.get("agree", []), *compared.get("diverge", [])]:
        assert set(row["shares"]) == set(compared["groups"]) == set(row["votes"])
        assert sum(row["votes"].values()) >= compared["minimum"]


@pytest.mark.parametrize(("method", "language"), CHECKED, ids=IDS)
def test_are_curatable_elements_keyed_once_and_never_repeated(harvests, method, language):
    brief = harvests(method, language)[0].brief

    for entries in (brief.questions, brief.risks, brief.key_messages, brief.listening):
        keys = [entry["key"] for entry in entries]
        assert len(keys) == len(set(keys))
        texts = [entry.get("text") or entry.get("term") for entry in entries]
        assert len(texts) == len(set(texts))


@pytest.mark.parametrize("label", ["Nous", "veulent · faut", "P-009", "2024", "Karim",
                                   "Temps de", "The"])
def test_does_the_linter_catch_what_the_harvest_used_to_show(label):
    assert faults(label, {"karim"})
