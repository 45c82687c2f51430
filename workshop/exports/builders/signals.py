"""Risk signals and distinct questions, by meaning rather than by word lists.

A sentence is a risk signal when it is close in meaning (``workshop.sense``, French and English
alike) to an example of a complaint, a crisis, a legal threat, a safety issue or customers
leaving, and clearly closer to those than to examples of praise, good buzz, compliance or a
session's heading. Questions and concerns that say the same thing are one entry, told in the
words of the group heard first (customers first). Thresholds were read on such sentences
(docs/exports.md); the examples are written here, in both languages, not taken from users.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RISK_EXAMPLES: dict[str, tuple[str, ...]] = {
    "complaint": (
        "Customers complain that nobody answers their messages.",
        "Les clients se plaignent qu'on ne leur répond jamais.",
        "A customer left an angry one-star review about our rude support.",
        "Une cliente furieuse a laissé un avis très négatif sur notre service.",
        "Negative reviews about us are spreading online.",
        "Des avis négatifs sur nous circulent sur internet.",
    ),
    "crisis": (
        "An angry customer's post about us went viral and the media picked it up.",
        "Un client en colère a publié une capture d'écran de notre réponse et ça a fait le buzz.",
        "A bad buzz is spreading on social media and journalists are calling.",
        "Un bad buzz se propage sur les réseaux sociaux, la presse nous appelle.",
        "A journalist is asking questions about a problem with our product.",
        "Une journaliste enquête sur un problème avec nos produits.",
    ),
    "legal": (
        "A customer threatens to sue us and has contacted a lawyer.",
        "Un client menace de porter plainte et a contacté un avocat.",
        "We published personal data without consent, a GDPR breach.",
        "Nous avons publié des données personnelles sans consentement, une violation du RGPD.",
    ),
    "safety": (
        "A product caused an injury and could be dangerous for children.",
        "Un produit a blessé quelqu'un, il peut être dangereux pour les enfants.",
        "Some products were recalled after a health scare.",
        "Des produits ont été rappelés après une alerte sanitaire.",
        "An allergen was missing from the label and a child had a reaction.",
        "Un allergène manquait sur l'étiquette et un enfant a fait une réaction.",
    ),
    "churn": (
        "Many customers are cancelling their subscription and leaving for a competitor.",
        "Beaucoup de clients résilient leur abonnement et partent chez un concurrent.",
        "I am going to stop buying from this brand.",
        "Je vais arrêter d'acheter cette marque, je change de fournisseur.",
        "If this goes on, our customers will leave for the competition.",
        "Si ça continue, nos clients vont partir chez la concurrence.",
    ),
}
# What a risk is not: praise, good buzz, compliance, proposals, a session's heading.
CALM_EXAMPLES: tuple[str, ...] = (
    "Customers love the new service and say thank you.",
    "Les clients adorent le nouveau service et nous remercient.",
    "Great idea, let's organise a workshop with our community.",
    "Super idée, organisons un atelier avec notre communauté.",
    "Our campaign was a great success and went viral.",
    "Notre campagne a très bien marché et a fait le buzz.",
    "We must ask for consent before publishing a photo, as GDPR requires.",
    "Il faut demander le consentement avant de publier une photo, comme le veut le RGPD.",
    "We could answer faster on social media.",
    "On pourrait répondre plus vite sur les réseaux sociaux.",
    "Session 3: room B, 10:30.",
    "Compte rendu de la session sur le télétravail",
    "Session: customer service and response time",
    "A complaint handled well builds more loyalty than any advert.",
    "Une réclamation bien traitée fidélise plus qu'une publicité.",
    "Customers get the same friendly answer from every team.",
    "Les clients reçoivent une réponse humaine et cohérente, quel que soit le service.",
    "Customers want a human answer, signed with a first name.",
    "Les clients veulent une réponse humaine, signée d'un prénom.",
    "When something goes wrong, we tell our customers first and apologise.",
    "Quand un problème arrive, nous prévenons nos clients les premiers et nous nous excusons.",
    "Atelier : la relation client et le délai de réponse",
    "Key points",
    "Recommandations pour l'équipe",
)
RISK_FROM = 0.42  # least similarity to a risk example (cosine)
MARGIN = 0.1  # and this much closer to it than to any calm example
SAME_QUESTION = 0.75  # two questions this similar are one (a retold story, a translation)
MIN_WORDS = 5  # shorter sentences are headings or fragments, not signals
MAX_SENTENCES = 4_000  # sentences read for risks: a huge harvest keeps its first ones


# Sentences' vectors kept in this process between two builds (2 KB each): a report worker
# builds the same workshop again and again while it runs, and most of its sentences stay.
KEPT = 20_000
_known: dict[str, np.ndarray] = {}


class Meanings:
    """Sentence vectors for one brief: each sentence embedded once, and kept for the next."""

    def of(self, texts: Sequence[str]) -> np.ndarray:
        from ...sense import DIMENSIONS, embed

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        found = {t: v for t in unique if (v := _known.get(t)) is not None}
        missing = [t for t in unique if t not in found]
        if missing:
            fresh = dict(zip(missing, embed(missing), strict=True))
            if len(_known) + len(fresh) > KEPT:
                _known.clear()
            _known.update(fresh)
            found.update(fresh)
        return np.stack([found[t] for t in texts])


def risk_scores(meanings: Meanings, texts: Sequence[str]) -> list[tuple[str, float] | None]:
    """Per sentence: (kind of risk, similarity) when it is a risk signal, else None."""
    candidates = [i for i, t in enumerate(texts[:MAX_SENTENCES]) if len(t.split()) >= MIN_WORDS]
    found: list[tuple[str, float] | None] = [None] * len(texts)
    if not candidates:
        return found
    kinds = [kind for kind, examples in RISK_EXAMPLES.items() for _ in examples]
    risky = meanings.of([e for examples in RISK_EXAMPLES.values() for e in examples])
    calm = meanings.of(list(CALM_EXAMPLES))
    vectors = meanings.of([texts[i] for i in candidates])
    near_risk, near_calm = vectors @ risky.T, (vectors @ calm.T).max(axis=1)
    for row, i in enumerate(candidates):
        best = int(near_risk[row].argmax())
        score = float(near_risk[row, best])
        if score >= RISK_FROM and score - float(near_calm[row]) >= MARGIN:
            found[i] = (kinds[best], score)
    return found


def distinct(meanings: Meanings, texts: Sequence[str]) -> list[list[int]]:
    """Indexes of ``texts`` grouped when they say the same thing; groups in order of their
    first member, each member after the first that it resembles."""
    vectors = meanings.of(list(texts))
    groups: list[list[int]] = []
    for i in range(len(texts)):
        home = next((g for g in groups if float(vectors[g[0]] @ vectors[i]) >= SAME_QUESTION),
                    None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups
