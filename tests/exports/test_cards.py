"""Quote cards: a square PNG per statement of a participant who agreed to be quoted."""

from __future__ import annotations

import io
import zipfile

from PIL import Image

from tests.exports.synthetic import make_synthesis
from workshop.exports.writers import cards


def pngs(data: bytes) -> dict[str, Image.Image]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: Image.open(io.BytesIO(archive.read(name))) for name in archive.namelist()}


def test_does_each_consenting_participants_statement_get_a_square_card():
    synthesis = make_synthesis()
    consenting = {p.name for p in synthesis.people if p.name}

    quoted = cards.quotes(synthesis)
    images = pngs(cards.write(synthesis))

    assert quoted and all(author in consenting for _text, author in quoted)
    assert len(images) == len(quoted)
    assert all(image.format == "PNG" and image.size == (1080, 1080) for image in images.values())


def test_is_no_statement_of_a_participant_without_consent_on_a_card():
    synthesis = make_synthesis()
    pseudonymous = [i for i in synthesis.items if i.author and i.author.startswith("P-")]

    assert pseudonymous  # the synthetic workshop has some
    quoted = {text for text, _author in cards.quotes(synthesis)}
    assert not {i.title for i in pseudonymous} & quoted


def test_does_a_workshop_where_nobody_consented_get_no_card():
    synthesis = make_synthesis()
    for person in synthesis.people:
        person.name = None
    for item in synthesis.items:
        item.author = "P-001"

    assert pngs(cards.write(synthesis)) == {}


def test_does_a_long_statement_still_fit_its_card():
    image = Image.open(io.BytesIO(cards.card("mot " * 60, "Amélie", "Journée clients", "fr")))

    assert image.size == (1080, 1080)
    # The bottom margin stays paper-coloured: no line ran off the card.
    bottom = image.crop((0, 1080 - 60, 1080, 1080)).getcolors()
    assert bottom is not None and len(bottom) == 1


def test_do_the_themes_representative_statements_come_first(built_demo):
    synthesis = built_demo().synthesis
    consenting = {p.name for p in synthesis.people if p.name}
    representative = {(str(r["text"]).strip(), r["author"]) for t in synthesis.themes
                      for r in t.representatives if r.get("author") in consenting}

    quoted = cards.quotes(synthesis)

    assert representative, "the demo has consenting authors among its representatives"
    assert quoted[0] in representative
    assert all(author in consenting for _text, author in quoted)
