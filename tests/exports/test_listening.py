"""The listening list (builders/listening.py): what it names, and what it does not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from workshop.exports.builders import listening


def listed(*texts: str, title: str = "Cœur de Loire") -> dict[str, str]:
    synthesis = SimpleNamespace(workshop={"title": title, "question": ""}, people=[],
                                items=[])
    passages = [SimpleNamespace(text=text) for text in texts]
    return {e["term"]: e["kind"] for e in listening.listen(passages, synthesis, [])}


@pytest.mark.parametrize("texts", [
    ("Un client de la boutique à Lyon a reçu un colis en miettes.",
     "Chez nous, la marque compte : un autre client à Lyon l’a dit."),
    ("A customer in Lyon got a parcel in crumbs.", "Our brand matters, said a shop in Lyon."),
    ("Un colis est arrivé en miettes chez un client de Lyon.",),
])
def test_is_a_town_a_place_not_a_brand(texts):
    assert listed(*texts).get("Lyon") == "place"


def test_is_a_common_word_capitalised_as_a_title_not_a_name():
    found = listed("Écoute. Les équipes sont à l’écoute des clients.",
                   "Écoute : une vraie écoute, même le dimanche.")

    assert "Écoute" not in found


def test_is_a_competitor_still_a_competitor():
    found = listed("Notre concurrent Biscuiterie Nantaise répond vite.",
                   "La Biscuiterie Nantaise, notre concurrent, publie chaque jour.")

    assert found.get("Biscuiterie Nantaise") == "competitor"
