"""Embeddings and duplicate hints: what a facilitator sees when a proposal repeats another."""

from __future__ import annotations

import numpy as np

from workshop.sense import DIMENSIONS, embed, similar

UNRELATED = [
    "Les écrans restent allumés tout le week-end dans les bureaux.",
    "Our invoices are full of codes nobody understands.",
    "Un mur des mercis dans le hall pour remercier les collègues.",
    "The tracking number only works three days after shipping.",
    "Former les équipes à l'accessibilité numérique.",
    "Burnout on the support team: let's talk about it openly.",
    "Que faites-vous de mes données personnelles ?",
    "A buddy for every new hire during the first three months.",
]
FRENCH = "Répondre aux clients en moins de 24 heures, est-ce réaliste ?"
ENGLISH = "Answering customers in under 24 hours: is that realistic?"


def test_are_vectors_of_length_one_and_one_per_text():
    texts = ["Télétravail le vendredi", "Remote work on Fridays", "Télétravail le vendredi"]

    vectors = embed(texts)

    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])


def test_does_nothing_to_embed_give_no_rows():
    assert embed([]).shape == (0, DIMENSIONS)


def test_are_a_french_sentence_and_its_english_paraphrase_each_others_nearest():
    vectors = embed([FRENCH, ENGLISH, *UNRELATED])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -1)

    assert similarity[0].argmax() == 1
    assert similarity[1].argmax() == 0


def test_does_a_french_proposal_find_its_english_paraphrase_as_a_duplicate_hint():
    stored = dict(enumerate(embed([*UNRELATED, ENGLISH])))

    hints = similar(FRENCH, stored)

    assert [hint.id for hint in hints] == [len(UNRELATED)]
    assert 0 < hints[0].score <= 1


def test_is_an_unrelated_proposal_given_no_duplicate_hint():
    stored = dict(enumerate(embed(UNRELATED)))

    assert similar("Des rencontres entre utilisateurs dans chaque grande ville ?", stored) == []


def test_are_hints_capped_and_ordered_closest_first():
    stored = dict(enumerate(embed([ENGLISH, FRENCH, FRENCH + " Vraiment ?", *UNRELATED])))

    hints = similar(FRENCH, stored, top=2, threshold=0.0)

    assert len(hints) == 2
    assert hints[0].id == 1 and hints[0].score >= hints[1].score


def test_does_an_empty_text_or_an_empty_store_give_no_hint():
    stored = dict(enumerate(embed(UNRELATED)))

    assert similar("   ", stored) == []
    assert similar(FRENCH, {}) == []
