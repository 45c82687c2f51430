"""The harvest's themes (builders/themes.py): contributions of every kind grouped by meaning."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.exports.builders import themes
from workshop.extensions import db
from workshop.models import ContributionEmbedding

DELIVERY = [
    ("Livraisons en retard", "Les colis arrivent avec une semaine de retard, les clients râlent."),
    ("Late deliveries", "Parcels arrive a week late and customers are annoyed."),
    ("Suivre les colis", "Un lien de suivi des livraisons envoyé par SMS à chaque client."),
    ("Track every parcel", "Send a delivery tracking link by text message."),
    ("Transporteur peu fiable", "Changer de transporteur : trop de colis abîmés ou perdus."),
    ("Damaged parcels", "Too many parcels arrive damaged; we need a better carrier."),
]
TRAINING = [
    ("Former les équipes aux réseaux sociaux", "Une formation pour répondre en ligne sans peur."),
    ("Social media training for staff", "Training so everyone dares to answer online."),
    ("Ateliers de formation mensuels", "Chaque mois, une heure de formation à la réponse."),
    ("Monthly training sessions", "One hour a month to practise answering customers online."),
    ("Un guide de réponse", "Un guide court avec des exemples de bonnes réponses en ligne."),
    ("Mentoring for new community managers", "Pair each newcomer with an experienced colleague."),
]


@pytest.fixture
def harvested(drive):  # type: ignore[no-untyped-def]
    """An Open Space where Gaspard, who did not consent, is named again and again."""
    live = drive(language="fr", title="Journée clients")
    gaspard = live.join("Gaspard", "employee")
    client = live.join("Inès", "customer", consent=True)
    live.goto("marketplace")
    ids = [live.propose(person, title, details + (" Gaspard l’a dit." if n % 3 == 0 else ""))
           for n, (person, (title, details)) in enumerate(zip(
               [client] * 6 + [gaspard] * 6, DELIVERY + TRAINING, strict=True))]
    live.goto("reports")
    live.write(gaspard, f"report:{ids[0]}", "key_points",
               "Les retards de livraison reviennent dans tous les échanges avec Gaspard.")
    live.goto("convergence")
    live.vote(client, ids[0], 3)
    live.vote(gaspard, ids[7], 3)
    live.goto("action_planning")
    live.commit(gaspard, title="Envoyer le suivi de livraison par SMS", topic_id=ids[2],
                due_on="2030-06-01", personal=False, owner="Service client")
    return live, ids


def test_do_themes_gather_contributions_of_every_kind_across_languages(harvested):
    live, ids = harvested

    built = live.build()

    delivery, training = set(ids[:6]), set(ids[6:])
    assert any({ids[0], ids[1]} <= set(t.contribution_ids) for t in built.themes)  # FR + EN
    assert all(not (set(t.contribution_ids) & delivery and set(t.contribution_ids) & training)
               for t in built.themes)
    # Topics, the session report and the commitment in one theme.
    assert any({"c", "d", "k"} <= {s.split(":")[0] for s in t.sources} for t in built.themes)
    for theme in built.themes:
        assert set(theme.representative_ids) <= set(theme.contribution_ids)
        assert all(r["text"] for r in theme.representatives)


def test_is_a_name_said_in_every_contribution_never_a_label_or_term(harvested):
    live, _ids = harvested

    built = live.build()

    assert built.themes
    for theme in built.themes:
        assert "gaspard" not in theme.label.casefold()
        assert not any("gaspard" in term.casefold() for term in theme.terms)
        assert not any("P-0" in term for term in theme.terms)


def test_does_each_group_get_its_share_of_engagement(harvested):
    live, ids = harvested

    built = live.build()

    delivery = next(t for t in built.themes if ids[0] in t.contribution_ids)
    training = next(t for t in built.themes if ids[7] in t.contribution_ids)
    assert delivery.groups["customer"] > delivery.groups["employee"]
    assert training.groups["employee"] > training.groups["customer"]
    assert all(0 <= share <= 1 for t in built.themes for share in t.groups.values())


def test_are_keys_the_same_on_a_rebuild_and_vectors_cached(harvested):
    live, ids = harvested

    first = live.build()
    db.session.rollback()  # see what was committed since this session's last read
    stored = db.session.scalar(sa.select(sa.func.count()).select_from(ContributionEmbedding)
                               .where(ContributionEmbedding.contribution_id.in_(ids)))
    again = live.build()

    assert stored == len(ids)  # committed apart: the synthesis' own session only read
    assert [t.key for t in first.themes] == [t.key for t in again.themes]
    for part in ("questions", "risks", "key_messages", "listening"):
        assert [e["key"] for e in getattr(first.brief, part)] == [
            e["key"] for e in getattr(again.brief, part)]


def test_is_a_key_made_of_sources_not_of_words():
    assert themes.element_key("qa", ["c:2", "c:1"]) == themes.element_key("qa", ["c:1", "c:2"])
    assert themes.element_key("qa", ["c:1"]) != themes.element_key("risk", ["c:1"])
    assert themes.element_key("qa", ["c:1"]) != themes.element_key("qa", ["c:2"])


def test_is_a_long_statement_one_paragraph_cut_at_a_word():
    text = "Transparence\ntransparents\ntransparents\n" + "mot " * 100

    shown = themes.quoted(text)

    assert shown.startswith("Transparence / transparents / mot mot")
    assert shown.endswith("…") and len(shown) <= themes.QUOTE + 1 and "\n" not in shown
