"""The projector read from the back of a room: no text sticks out of its box, in either language.

Texts are longer in French than in English; the screen runs at 1920×1080 and, on older
projectors, 1280×720.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveWorkshop, assert_no_text_overflows

SIZES = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
QUESTION = {
    "fr": "Comment parler avec nos clients plutôt qu’à nos clients, chaque jour de l’année ?",
    "en": "How can we talk with our customers rather than at them, every day of the year?",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_do_the_open_space_principles_fit_their_cards_on_every_projector(
    live_workshop: Callable[..., LiveWorkshop], language: str
) -> None:
    ws = live_workshop("open_space", language=language, question=QUESTION[language], phones=[])
    screen = ws.screen
    expect(screen.locator(".principles li")).to_have_count(4)

    for size in SIZES:
        screen.set_viewport_size(size)
        screen.evaluate("() => window.dispatchEvent(new Event('resize'))")
        expect(screen.locator(".principles li").first).to_be_visible()
        assert_no_text_overflows(screen)
