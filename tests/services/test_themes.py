"""The positive core: strengths several Appreciative Inquiry stories share, as people wrote them."""

from __future__ import annotations

import pytest

from workshop.services.themes import Theme, group_strengths

FRENCH = [
    (1, "Écoute active, confiance ; sens du service"),
    (2, "- à l'écoute des clients\n- confiance mutuelle\n- créativité"),
    (3, "• Écoute\n• esprit d'équipe\n• très créative"),
    (4, "Esprit d'équipe, transparence et confience"),
    (5, "sens de l'humour; disponibilité"),
    (6, "Disponible, bienveillante, sens du service"),
]
ENGLISH = [
    (10, "Listening to customers, trust, sense of humour"),
    (11, "- listens carefully\n- builds trust\n- team spirit"),
    (12, "Team spirit; creativity; honesty"),
    (13, "creative problem solving, honest feedback, trusted by colleagues"),
]


def by_label(themes: list[Theme]) -> dict[str, tuple[int, ...]]:
    return {theme.label: theme.sources for theme in themes}


def test_does_a_french_corpus_give_its_recurring_strengths_with_their_stories() -> None:
    themes = group_strengths(FRENCH, language="fr")
    recurring = {t.label: t.sources for t in themes if len(t.sources) > 1}
    assert recurring == {
        "Écoute": (1, 2, 3),
        "Confiance": (1, 2, 4),
        "Sens du service": (1, 6),
        "Créativité": (2, 3),
        "Esprit d'équipe": (3, 4),
        "Disponibilité": (5, 6),
    }


def test_does_an_english_corpus_give_its_recurring_strengths_with_their_stories() -> None:
    recurring = {t.label: t.sources for t in group_strengths(ENGLISH) if len(t.sources) > 1}
    assert recurring == {
        "Trust": (10, 11, 13),
        "Listening": (10, 11),
        "Team spirit": (11, 12),
        "Creativity": (12, 13),
        "Honesty": (12, 13),
    }


def test_do_recurring_themes_come_first_by_number_of_stories() -> None:
    themes = group_strengths(FRENCH, language="fr")
    counts = [len(t.sources) for t in themes]
    assert counts == sorted(counts, reverse=True)
    assert [t.label for t in themes[:2]] == ["Écoute", "Confiance"]
    assert {t.label for t in themes if len(t.sources) == 1} == {
        "Transparence", "Sens de l'humour", "Bienveillante"}


def test_does_a_theme_keep_the_phrases_as_they_were_written() -> None:
    listening = group_strengths(FRENCH, language="fr")[0]
    assert listening.phrases == ("Écoute active", "à l'écoute des clients", "Écoute")


def test_is_a_typo_grouped_with_the_word_most_people_spelled_right() -> None:
    confidence = by_label(group_strengths(FRENCH, language="fr"))
    assert confidence["Confiance"] == (1, 2, 4)  # story 4 wrote "confience"
    assert "Confience" not in confidence


def test_are_plural_and_feminine_forms_one_theme() -> None:
    items = [(1, "Clients fidèles"), (2, "un client fidèle"), (3, "curieuse"), (4, "Curieux")]
    assert by_label(group_strengths(items, language="fr")) == {
        "Clients fidèles": (1, 2), "Curieuse": (3, 4)}


def test_does_the_label_keep_the_accents_participants_typed() -> None:
    items = [(1, "ECOUTE"), (2, "écoute"), (3, "Écoute")]
    assert group_strengths(items, language="fr")[0].label == "Écoute"


def test_do_vague_words_alone_not_glue_different_strengths() -> None:
    items = [(1, "sens du service"), (2, "sens de l'humour"), (3, "team spirit"),
             (4, "esprit critique")]
    themes = group_strengths(items, language="fr")
    assert all(len(t.sources) == 1 for t in themes)
    assert len(themes) == 4


def test_does_a_frequent_complement_not_pull_a_strength_away_from_its_theme() -> None:
    items = [(1, "écoute des clients"), (2, "relation client"), (3, "Écoute"),
             (4, "satisfaction client"), (5, "confiance des clients")]
    listening = group_strengths(items, language="fr")[1]
    assert (listening.label, listening.sources) == ("Écoute", (1, 3))
    assert listening.phrases == ("écoute des clients", "Écoute")


def test_is_an_english_compound_grouped_by_its_last_word() -> None:
    items = [(1, "customer focus"), (2, "Focus"), (3, "customer care"), (4, "care for others"),
             (5, "customer empathy")]
    recurring = {t.label: t.sources for t in group_strengths(items) if len(t.sources) > 1}
    assert recurring == {"Focus": (1, 2), "Care": (3, 4)}


def test_are_bullets_lines_semicolons_and_conjunctions_split() -> None:
    items = [(1, "* patience\n• rigueur; humour - loyauté et empathie"), (2, "Patience, Empathie")]
    themes = group_strengths(items, language="fr")
    assert by_label(themes)["Patience"] == (1, 2)
    assert by_label(themes)["Empathie"] == (1, 2)
    assert {"Rigueur", "Humour", "Loyauté"} <= set(by_label(themes))


def test_does_a_story_written_in_several_items_count_once() -> None:
    themes = group_strengths([(1, "confiance"), (1, "Confiance totale"), (2, "écoute")], "fr")
    assert by_label(themes) == {"Confiance": (1,), "Écoute": (2,)}
    assert themes[0].phrases == ("confiance", "Confiance totale")


def test_do_single_story_strengths_only_fill_up_to_the_limit() -> None:
    themes = group_strengths(FRENCH, language="fr", limit=7)
    assert len(themes) == 7
    assert sum(len(t.sources) == 1 for t in themes) == 1
    assert [t.label for t in group_strengths(FRENCH, language="fr", limit=2)] == [
        "Écoute", "Confiance"]


def test_is_a_french_content_word_kept_in_french_and_dropped_in_english() -> None:
    items = [(1, "but commun"), (2, "un but clair")]
    assert "But" in by_label(group_strengths(items, language="fr"))
    assert "But" not in by_label(group_strengths(items, language="en"))


def test_can_stories_mix_french_and_english() -> None:
    items = [(1, "créativité"), (2, "Creativity"), (3, "créative")]
    assert by_label(group_strengths(items, language="en")) == {"Créativité": (1, 2, 3)}


def test_is_the_same_input_the_same_result() -> None:
    assert group_strengths(FRENCH, "fr") == group_strengths(list(FRENCH), "fr")


@pytest.mark.parametrize(
    "items", [[], [(1, "")], [(1, "  \n- \n;")], [(1, "et le la de, and the")]]
)
def test_do_empty_notes_give_no_theme(items: list[tuple[int, str]]) -> None:
    assert group_strengths(items, language="fr") == []


@pytest.mark.parametrize("language", ["fr_FR", "en-GB", "FR"])
def test_are_regional_language_codes_accepted(language: str) -> None:
    assert group_strengths([(1, "écoute")], language=language)[0].label == "Écoute"


def test_is_an_unsupported_language_refused() -> None:
    with pytest.raises(ValueError, match="language must be 'en' or 'fr', not 'de'"):
        group_strengths([(1, "Zuhören")], language="de")


@pytest.mark.parametrize("limit", [0, -3])
def test_is_a_limit_below_one_refused(limit: int) -> None:
    with pytest.raises(ValueError, match="limit must be at least 1"):
        group_strengths(FRENCH, language="fr", limit=limit)


MIXED = [(1, "Écoute des clients, esprit d'équipe"), (2, "Listening, team spirit, humour"),
         (3, "Patience; écoute"), (4, "Autonomie et patience")]


def test_are_a_french_and_an_english_name_of_one_strength_one_theme() -> None:
    from workshop.sense import embed

    found = {t.label: t.sources for t in group_strengths(MIXED, language="fr", embed=embed)}

    assert found["Écoute"] == (1, 2, 3)  # "Listening" joined it
    assert found["Esprit d'équipe"] == (1, 2)  # and "team spirit"
    assert "Listening" not in found and "Team spirit" not in found
    assert found["Patience"] == (3, 4) and found["Humour"] == (2,)  # other strengths apart
