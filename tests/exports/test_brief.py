"""The social-media strategy brief: what a communications team gets the next morning."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import PASSWORD, TEST_PASSWORD_HASH
from tests.exports.conftest import Drive
from workshop import create_app
from workshop.exports.builders import brief, editorial, lexicon
from workshop.exports.model import FOUNDATIONS, SHIFTS, Synthesis, timezone_of
from workshop.extensions import db
from workshop.models import Method, Workshop
from workshop.services import facilitators, workshops

NOW = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)  # a Monday

# What customers and employees wrote, in each language: a brand, a competitor named several
# times, a product, a partner, a slogan, questions from both groups, a concern that could spread.
CORPUS = {
    "fr": {
        "title": "Cœur de Loire — Journée clients",
        "question": "Comment parler avec nos clients plutôt que de leur parler ?",
        "customer": [
            ("Pourquoi la Biscuiterie Nantaise répond plus vite ?",
             "Notre concurrent la Biscuiterie Nantaise répond en une heure sur Instagram. "
             "Pourquoi pas Cœur de Loire ?"),
            ("Des avis négatifs circulent",
             "Des clients mécontents partagent des captures sur Facebook : la rumeur circule "
             "vite et tout le monde la voit."),
        ],
        "employee": [
            ("Le Petit Loire en édition limitée",
             "Notre nouveau produit Petit Loire mérite une vraie conversation. Qui répond le "
             "dimanche ?"),
            ("Avec notre distributeur Super U",
             "Un calendrier commun avec notre partenaire Super U, et notre slogan « Le goût "
             "de la Loire » partout. La Biscuiterie Nantaise le fait déjà."),
        ],
        "recommendation": "Répondre dans l’heure et signer de son prénom.",
    },
    "en": {
        "title": "Cœur de Loire customer day",
        "question": "How do we talk with our customers rather than at them?",
        "customer": [
            ("Why does Loire Valley Bakes answer faster?",
             "Our competitor Loire Valley Bakes answers within the hour on Instagram. Why "
             "not Cœur de Loire?"),
            ("Bad reviews are spreading",
             "Angry customers share screenshots on Facebook: the rumour spreads fast and "
             "everyone sees it."),
        ],
        "employee": [
            ("The Petit Loire limited edition",
             "Our new product Petit Loire deserves a real conversation. Who answers on "
             "Sundays?"),
            ("Working with our distributor Fresh Foods",
             "A shared calendar with our partner Fresh Foods, and our slogan “The taste of "
             "the Loire” everywhere. Loire Valley Bakes already does it."),
        ],
        "recommendation": "Answer within the hour and sign with your first name.",
    },
}
EXPECTED = {
    "fr": {"competitor": "Biscuiterie Nantaise", "brand": "Cœur de Loire",
           "product": "Petit Loire", "partner": "Super U", "slogan": "Le goût de la Loire"},
    "en": {"competitor": "Loire Valley Bakes", "brand": "Cœur de Loire",
           "product": "Petit Loire", "partner": "Fresh Foods", "slogan": "The taste of the Loire"},
}


@pytest.fixture(scope="module", params=["fr", "en"])
def language(request) -> str:  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture(scope="module")
def built(language: str, tmp_path_factory: pytest.TempPathFactory,
          migrated_template: Path) -> Synthesis:
    """An Open Space whose customers and employees wrote the corpus, voted and committed.

    Built once per language, in an installation of its own: the tests only read it.
    """
    folder = tmp_path_factory.mktemp(f"brief-{language}")
    shutil.copy(migrated_template, folder / "atelier.db")
    app = create_app({"TESTING": True, "PASSWORD_HASH": TEST_PASSWORD_HASH,
                      "DATABASE_URL": f"sqlite:///{folder / 'atelier.db'}"})
    with app.app_context():
        return tell(language)


def tell(language: str) -> Synthesis:
    text = CORPUS[language]
    with db.unit_of_work() as session:
        owner = facilitators.create_facilitator(session, "brief@example.org", PASSWORD, "Fa")
        created = workshops.create_workshop(session, owner, workshops.WorkshopSettings(
            title=text["title"], method=Method.OPEN_SPACE, language=language,
            calling_question=text["question"]))
        live = Drive(session.get(Workshop, created.workshop_id))
    employees = [live.join(f"Employee {n}", "employee", consent=True) for n in range(3)]
    customers = [live.join(f"Customer {n}", "customer", consent=True) for n in range(3)]
    live.goto("marketplace")
    ids = []
    for author, (title, details) in zip([employees[0], customers[0], employees[1], customers[1]],
                                        [text["employee"][0], text["customer"][0],
                                         text["employee"][1], text["customer"][1]], strict=True):
        ids.append(live.propose(author, title, details))
    live.goto("reports")
    live.write(employees[2], f"report:{ids[1]}", "recommendations", text["recommendation"])
    live.goto("convergence")
    for person in customers:
        live.vote(person, ids[1], 3)  # the customers' question tops the ranking
        live.vote(person, ids[3], 2)
    for person in employees:
        live.vote(person, ids[0], 2)
        live.vote(person, ids[1], 1)
        live.vote(person, ids[2], 2)
    live.goto("action_planning")
    live.commit(employees[0], title=text["recommendation"], topic_id=ids[1],
                due_on="2030-06-01", personal=False, owner="Service client")
    live.finish()
    return live.build(now=NOW)


def listed(synthesis: Synthesis) -> dict[str, dict[str, object]]:
    return {entry["term"]: entry for entry in synthesis.brief.listening}


# --- listening list --------------------------------------------------------------------------


def test_does_the_listening_list_find_a_competitor_named_several_times(built, language):
    entry = listed(built)[EXPECTED[language]["competitor"]]
    assert entry["kind"] == "competitor" and entry["count"] >= 3


def test_does_the_listening_list_find_the_brand_product_partner_and_slogan(built, language):
    found = listed(built)
    for kind in ("brand", "product", "partner", "slogan"):
        term = EXPECTED[language][kind]
        assert found[term]["kind"] == kind, (term, found.get(term))
    assert found["Instagram"]["kind"] == "platform"
    assert found["Facebook"]["kind"] == "platform"


def test_are_sentence_starts_not_taken_for_names(built, language):
    starts = {"fr": ("Notre", "Pourquoi", "Des", "Un", "Répondre", "Qui"),
              "en": ("Our", "Why", "Angry", "A", "Answer", "Who")}[language]
    assert not set(starts) & set(listed(built))


def test_is_the_listening_list_ordered_by_kind_then_mentions(built):
    kinds = [entry["kind"] for entry in built.brief.listening]
    assert kinds == sorted(kinds, key=["brand", "product", "partner", "competitor", "place",
                                       "slogan", "platform", "name", "keyword"].index)


# --- Q&A, risks, key messages ------------------------------------------------------------------


def test_does_a_customers_question_come_before_an_employees(built, language):
    asked = [q["text"] for q in built.brief.questions]
    customer = CORPUS[language]["customer"][0][0]
    employee = {"fr": "Qui répond le dimanche ?", "en": "Who answers on Sundays?"}[language]
    assert asked.index(customer) < asked.index(employee)
    groups = [q["group"] for q in built.brief.questions]
    assert groups[0] == "customer"
    assert all(q["kind"] in ("question", "concern") for q in built.brief.questions)


def test_is_a_negative_concern_that_could_spread_a_risk_signal(built, language):
    rumour = {"fr": "rumeur", "en": "rumour"}[language]
    (risk,) = [r for r in built.brief.risks if rumour in r["text"]]
    assert risk["group"] == "customer" and 0.4 <= risk["signal"] <= 1
    assert risk["risk"] in ("complaint", "crisis") and risk["key"].startswith("risk:")


def test_do_key_messages_come_from_the_top_ranked_outcomes(built, language):
    first = built.brief.key_messages[0]
    assert first["item_id"] == built.ballots["convergence"][0]
    assert first["text"] == CORPUS[language]["customer"][0][0]
    assert first["support"] == CORPUS[language]["recommendation"]
    assert str(built.item(first["item_id"]).votes["convergence"]) in first["why"]


def test_does_every_item_carry_valid_foundations_and_shifts(built):
    for item in built.items:
        assert set(item.foundations) <= set(FOUNDATIONS) and len(item.foundations) <= 3
        assert set(item.shifts) <= set(SHIFTS) and len(item.shifts) <= 2
    tagged = {f for item in built.items for f in item.foundations}
    assert {"conversation", "alliances"} <= tagged


def test_is_the_stakeholder_map_a_grid_of_intensities(built):
    grid = built.brief.stakeholder_map
    assert set(grid) == {"employee", "customer", "partner"}
    assert built.brief.themes and all(list(row) == built.brief.themes for row in grid.values())
    values = [v for row in grid.values() for v in row.values()]
    assert all(0 <= v <= 1 for v in values) and max(values) == 1
    assert all(v == 0 for v in grid["partner"].values())  # partners neither wrote nor voted


def test_does_the_checklist_cover_why_big_companies_struggle(built):
    keys = [entry["key"] for entry in built.brief.checklist]
    assert keys == ["marketing_channel", "no_place", "global", "long_term", "not_guaranteed",
                    "new_metrics", "answer"]
    assert all(entry["label"] for entry in built.brief.checklist)
    assert all(entry["status"] in ("raised", "to_check", "answer")
               for entry in built.brief.checklist)


# --- editorial calendar ------------------------------------------------------------------------


def test_are_calendar_posts_within_each_channels_limit(built):
    assert built.brief.calendar
    for post in built.brief.calendar:
        limit = editorial.LIMITS[post.channel]
        measured = editorial.weighted_length(post.text) if post.channel == "x" else len(
            post.text)
        assert 0 < measured <= limit, (post.channel, measured)


def test_are_calendar_posts_ahead_on_weekdays_at_round_local_times(built):
    zone = ZoneInfo(built.workshop["timezone"])
    ended = built.workshop["ended_at"]
    first = max(ended, NOW).astimezone(zone).date() + timedelta(days=1)
    for post in built.brief.calendar:
        local = post.at.astimezone(zone)
        assert post.at.tzinfo is not None and post.at > NOW
        assert first <= local.date() < first + timedelta(weeks=4)
        assert local.weekday() < 5 and local.minute % 5 == 0 and 7 <= local.hour <= 20


def test_does_each_channel_get_posts_every_week_without_repeating_itself(built):
    by_channel: dict[str, list[str]] = {}
    for post in built.brief.calendar:
        by_channel.setdefault(post.channel, []).append(post.text)
    assert set(by_channel) == {c.key for c in editorial.CHANNELS}
    for texts in by_channel.values():
        assert len(texts) == len(set(texts)) >= 3


def test_are_posts_written_in_the_workshops_language(built, language):
    thanks = next(p for p in built.brief.calendar if p.channel == "linkedin")
    assert ("Merci" in thanks.text) == (language == "fr")
    assert CORPUS[language]["question"] in thanks.text


def test_does_a_long_text_get_cut_at_a_word_to_fit():
    text = "mot " * 200
    cut = editorial.fit(text, 280)
    assert len(cut) <= 280 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert editorial.fit("court", 280) == "court"


def test_does_x_count_emoji_and_ideograms_twice():
    assert editorial.weighted_length("é«»’") == 4
    assert editorial.weighted_length("🙂漢") == 4
    assert editorial.weighted_length(editorial.fit("🙂" * 200, 280, weighted=True)) <= 280


def test_does_the_calendar_start_after_the_workshop_or_after_today():
    zone = ZoneInfo("Europe/Paris")
    ended = datetime(2030, 5, 10, 22, 30, tzinfo=UTC)  # already Saturday in Paris
    assert editorial.first_day(ended, datetime(2030, 5, 1, tzinfo=UTC), zone) == date(2030,
                                                                                       5, 12)
    assert editorial.first_day(ended, NOW.replace(month=6), zone) == date(2030, 6, 7)


def test_does_an_unknown_time_zone_fall_back_to_the_languages():
    assert timezone_of("fr", {"timezone": "Mars/Olympus"}).key == "Europe/Paris"
    assert timezone_of("en", {"timezone": "America/Montreal"}).key == \
        "America/Montreal"


# --- the vocabularies ----------------------------------------------------------------------------


def test_is_folding_insensitive_to_case_accents_ligatures_and_apostrophes():
    assert lexicon.fold("Œuvre d’ÉQUIPE — bouche-à-oreille") == "oeuvre d equipe bouche a oreille"


@pytest.mark.parametrize("text, foundation", [
    ("Nos clients fidèles recommandent nos biscuits à leurs amis : leurs avis comptent.",
     "recommendation"),
    ("Loyal customers recommend us; their reviews and word of mouth matter.", "recommendation"),
    ("Être transparents et honnêtes pour gagner la confiance.", "trust"),
    ("Trust comes from being honest and transparent.", "trust"),
    ("Un concours de recettes partagé sur TikTok, viral en une semaine.", "viral"),
])
def test_is_tagging_lexicon_based_in_both_languages(text, foundation):
    keys = brief.top_keys(lexicon.fold(text), lexicon.FOUNDATION_TERMS, FOUNDATIONS, 3)
    assert keys[0] == foundation or foundation in keys


def test_is_tagging_deterministic(make_demo_synthesis):
    first = make_demo_synthesis(Method.WORLD_CAFE, 10, "en", seed=7)
    again = make_demo_synthesis(Method.WORLD_CAFE, 10, "en", seed=7)
    assert [(i.title, i.foundations, i.shifts, i.keywords) for i in first.items] == [
        (i.title, i.foundations, i.shifts, i.keywords) for i in again.items]
    assert first.brief.themes == again.brief.themes


# --- demo workshops -------------------------------------------------------------------------------


def test_does_the_demo_brief_say_something_in_every_part(built_demo):
    found = built_demo().synthesis.brief
    assert found.themes and found.key_messages and found.questions and found.listening
    assert found.calendar and len(found.checklist) == 7
    assert any(entry["kind"] == "platform" for entry in found.listening)


def test_are_appreciative_inquiry_propositions_key_messages(built_demo):
    built = built_demo(Method.APPRECIATIVE_INQUIRY, 12, "fr").synthesis
    ranked = built.brief.key_messages
    assert ranked and all(built.item(m["item_id"]).kind == "proposition" for m in ranked)



@pytest.mark.parametrize(("term", "kept"), [
    ("livraisons", True), ("managers", True), ("expliquer", True), ("temps de réponse", True),
    ("apprennent", False), ("arrive", False), ("clients", False), ("customers", False),
    ("sessions", False),
])
def test_is_a_theme_word_worth_watching(term, kept):
    from workshop.exports.builders.brief import watchable

    assert watchable(term) is kept
