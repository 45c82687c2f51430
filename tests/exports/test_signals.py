"""Risk signals and distinct questions by meaning (builders/signals.py), in French and English."""

from __future__ import annotations

import pytest

from workshop.exports.builders import signals

RISKS = [
    "a furious customer posted a screenshot of our rude answer; it went viral",
    "Un client furieux a posté une capture de notre réponse désagréable ; elle est devenue "
    "virale.",
    "A parent told us the toy's small parts could choke a child.",
    "Plusieurs clients ont annoncé qu'ils résiliaient leur abonnement après la hausse de prix.",
    "Un avocat nous a écrit au nom d'un client qui se dit diffamé.",
]
CALM = [
    "Our customers are delighted with the new app and share it with friends.",
    "Nos clients sont ravis de la nouvelle appli et la partagent avec leurs amis.",
    "The influencer campaign was a huge success and went viral.",
    "Session 2 — Salle Loire",
    "Session: customer service response time",
    "Proposer un café des clients chaque mois",
    "Reply within 24 hours on LinkedIn",
]


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple[str, float] | None]:
    texts = RISKS + CALM
    return dict(zip(texts, signals.risk_scores(signals.Meanings(), texts), strict=True))


@pytest.mark.parametrize("text", RISKS)
def test_is_a_complaint_crisis_legal_safety_or_churn_sentence_a_risk(scored, text):
    found = scored[text]

    assert found is not None
    assert found[0] in signals.RISK_EXAMPLES


def test_is_the_viral_screenshot_a_crisis(scored):
    found = scored[RISKS[0]]

    assert found is not None and found[0] == "crisis"


@pytest.mark.parametrize("text", CALM)
def test_are_praise_good_buzz_proposals_and_session_headers_not_risks(scored, text):
    assert scored[text] is None


def test_does_one_concern_told_three_times_make_one_entry():
    texts = ["Will our answers still be signed by a real person?",
             "Est-ce que nos réponses seront encore signées par une vraie personne ?",
             "Will answers still be signed by a real person, or by a bot?",
             "How much does the new loyalty card cost?"]

    groups = signals.distinct(signals.Meanings(), texts)

    assert groups == [[0, 1, 2], [3]]
