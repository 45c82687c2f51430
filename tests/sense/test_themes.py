"""Themes and their labels, on the benchmark's 322 contributions and on small workshops."""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
import pytest

from workshop.sense import Item, Theme, themes
from workshop.sense.words import fold

# Written here, apart from the engine's own lists, so that a gap in those lists shows.
GRAMMAR_WORDS = frozenset(str.split("""
a an and are as at be but by for from he her his i if in is it its me my no not of on or our
she so that the their them they this to us was we were what when which who will with you your
au aux ce ces cette dans de des du elle elles en est et il ils je la le les leur lui ma mais me
mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
un une vos votre vous y
"""))


@pytest.fixture(scope="module")
def found(benchmark: dict[str, Any], benchmark_items, benchmark_vectors) -> list[Theme]:
    return themes(benchmark_items, benchmark_vectors, avoid=benchmark["names"])


def test_are_the_same_contributions_given_the_same_themes_and_labels_twice(
    benchmark, benchmark_items, benchmark_vectors, found
):
    again = themes(benchmark_items, benchmark_vectors, avoid=benchmark["names"])

    assert again == found


def test_does_the_order_contributions_come_in_change_no_theme(
    benchmark, benchmark_items, benchmark_vectors, found
):
    order = list(range(len(benchmark_items)))
    random.Random(4).shuffle(order)

    shuffled = themes([benchmark_items[i] for i in order], benchmark_vectors[order],
                      avoid=benchmark["names"])

    assert [(t.label, set(t.ids)) for t in shuffled] == [(t.label, set(t.ids)) for t in found]


def test_do_the_themes_follow_the_human_ones_across_languages(benchmark, found):
    human = {r["id"]: r["theme"] for r in benchmark["contributions"]}
    largest = found[0]
    theme, count = max(((h, [human[i] for i in largest.ids].count(h)) for h in set(human.values())),
                       key=lambda pair: pair[1])
    pairs = [(r["id"], r["pair"]) for r in benchmark["contributions"]
             if "pair" in r and r["lang"] == "fr"]
    theme_of = {i: k for k, t in enumerate(found) for i in t.ids}

    assert count * 2 > len(largest.ids)  # mostly one human theme
    together = sum(a in theme_of and theme_of.get(a) == theme_of.get(b) for a, b in pairs)
    assert together >= 0.8 * len(pairs)


def test_is_no_label_a_grammar_word_a_name_or_a_number(benchmark, found):
    names = {fold(piece) for name in benchmark["names"] for piece in re.findall(r"\w+", name)}

    for theme in found:
        words = [fold(w) for w in re.findall(r"[^\W_]+", theme.label)]
        assert words, theme
        assert words[0] not in GRAMMAR_WORDS and words[-1] not in GRAMMAR_WORDS, theme.label
        assert not names & set(words), theme.label
        assert not any(w.isdigit() for w in words), theme.label
        for term in theme.terms:
            assert fold(term) not in GRAMMAR_WORDS | names and not term.isdigit(), term


def test_are_representatives_distinct_members_of_their_theme(found, benchmark_items,
                                                              benchmark_vectors):
    row = {item.id: i for i, item in enumerate(benchmark_items)}

    for theme in found:
        assert theme.representative_ids and set(theme.representative_ids) <= set(theme.ids)
        chosen = benchmark_vectors[[row[i] for i in theme.representative_ids]]
        similarity = chosen @ chosen.T
        assert (similarity[~np.eye(len(chosen), dtype=bool)] < 0.95).all(), theme.label


def test_is_a_name_repeated_through_a_theme_kept_out_of_its_label():
    texts = [
        "Karim répond aux clients en dix minutes, Karim est un modèle.",
        "Karim rappelle chaque client le jour même, merci Karim.",
        "Avec Karim, les réponses aux clients arrivent le jour même.",
        "Karim answers customers within minutes.",
    ]
    items = [Item(i, text, author="Karim" if i == 0 else None) for i, text in enumerate(texts)]

    (theme,) = themes(items)

    assert "karim" not in fold(theme.label)
    assert theme.label


def test_are_too_few_contributions_no_theme():
    assert themes([]) == []
    assert themes([Item(1, "Moins de plastique dans les colis")]) == []


def test_is_a_vector_per_item_required():
    with pytest.raises(ValueError):
        themes([Item(1, "a"), Item(2, "b")], np.zeros((1, 512), dtype=np.float32))
