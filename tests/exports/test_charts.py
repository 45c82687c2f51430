"""Charts of a synthesis: PNG images the exports embed, drawn without touching global state."""

from __future__ import annotations

import itertools
import warnings
from dataclasses import replace

import matplotlib
import pytest
from matplotlib.figure import Figure

from tests.exports.synthetic import make_synthesis
from workshop.exports.model import Brief, Synthesis
from workshop.exports.rendering import charts, fonts
from workshop.exports.rendering.fonts import PLACEHOLDER, drawable
from workshop.exports.rendering.measures import ranked
from workshop.exports.rendering.texts import texts

PNG = b"\x89PNG\r\n\x1a\n"
DRAWINGS = (charts.priorities, charts.agreement, charts.divergence, charts.timeline,
            charts.by_group)


def size_of(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20]), int.from_bytes(png[20:24])


@pytest.fixture(autouse=True)
def forgotten() -> None:
    """Each test draws its charts for real, not from an earlier test's."""
    charts.forget()


def empty() -> Synthesis:
    """A workshop nobody joined yet."""
    return replace(make_synthesis(), people=[], items=[], ballots={}, documents=[],
                   commitments=[], words=[], brief=Brief(),
                   participation={"by_group": {}, "active_by_group": {}, "timeline": []})


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_is_each_chart_a_png_of_the_size_asked(draw):
    png = draw(make_synthesis(), size=charts.Size(width=6, height=4, dpi=50))

    assert png.startswith(PNG)
    assert size_of(png)[0] == 300
    assert size_of(png)[1] >= 200


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_does_the_same_synthesis_give_the_same_image(draw):
    first = draw(make_synthesis(seed=7))
    charts.forget()  # drawn again, not kept

    assert draw(make_synthesis(seed=7)) == first


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_are_accents_quotes_and_emoji_drawn_without_missing_glyph_warnings(draw):
    synthesis = make_synthesis()
    synthesis.items[2].title = "🧑‍🍳 Œuvre « fête » l’été 🍪👍🏽"

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert draw(synthesis).startswith(PNG)


def test_are_emoji_kept_for_the_emoji_font_and_what_no_font_has_replaced_by_one_placeholder():
    assert drawable("Œuvre « fête » l’été") == "Œuvre « fête » l’été"
    assert drawable("merci 👍🏽 ! 🧑‍🍳") == "merci 👍🏽 ! 🧑‍🍳"
    assert drawable("hiéroglyphe 𓀀 !") == f"hiéroglyphe {PLACEHOLDER} !"


def test_without_the_emoji_font_is_each_emoji_sequence_one_placeholder(monkeypatch):
    monkeypatch.setattr(fonts, "EMOJI_FILE", fonts.EMOJI_FILE.with_name("missing.ttf"))
    fonts.emoji_glyphs.cache_clear()
    try:
        assert drawable("merci 👍🏽 ! 🧑‍🍳") == f"merci {PLACEHOLDER} ! {PLACEHOLDER}"
        assert drawable("Œuvre « fête »") == "Œuvre « fête »"
    finally:
        fonts.emoji_glyphs.cache_clear()


def test_does_drawing_leave_matplotlibs_backend_and_settings_alone():
    backend = matplotlib.get_backend()
    settings = dict(matplotlib.rcParams)

    charts.all_charts(make_synthesis(seed=11))

    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == settings


def test_are_charts_without_data_left_out():
    assert charts.all_charts(empty()) == []


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda d: d.__name__)
def test_does_a_chart_without_data_still_give_an_image(draw):
    assert draw(empty()).startswith(PNG)


def test_are_the_four_charts_titled_in_the_workshops_language():
    synthesis = make_synthesis()
    synthesis.labels = {"chart_votes": "Gommettes par groupe", "participation_over_time":
                        "Participation dans le temps"}

    found = {chart.key: chart.title for chart in charts.all_charts(synthesis)}

    assert list(found) == ["timeline", "by_group", "priorities", "agreement"]
    assert found["priorities"] == "Gommettes par groupe"
    assert found["timeline"] == "Participation dans le temps"


def test_without_employees_and_customers_is_divergence_shown_instead_of_shares():
    synthesis = make_synthesis(employees_and_customers=False)
    for item in synthesis.items[:3]:
        item.divergence = 0.5

    found = {chart.key: chart.title for chart in charts.all_charts(synthesis)}

    assert found["agreement"] == texts(synthesis)["chart_divergence"]


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """The figures drawn during the test, kept as they were when saved to PNG."""
    drawn: list[Figure] = []
    save = charts._png

    def keep(figure: Figure, size: charts.Size) -> bytes:
        drawn.append(figure)
        return save(figure, size)

    monkeypatch.setattr(charts, "_png", keep)
    return drawn


def test_does_a_long_workshop_fit_its_timeline_in_readable_bars(figures):
    synthesis = make_synthesis(minutes=2000)
    actions = sum(point["actions"] for point in synthesis.participation["timeline"])

    png = charts.timeline(synthesis, size=charts.Size(dpi=40))

    assert size_of(png) == (320, 180)  # 8 × 4.5 inches at 40 dpi: not stretched to fit
    axes = figures[0].axes[0]
    renderer = figures[0].canvas.get_renderer()
    bars = axes.patches
    assert 20 <= len(bars) <= 100  # not 2,000 slivers
    assert min(bar.get_window_extent(renderer).width for bar in bars) >= 2  # pixels
    assert bars[0].get_x() <= 0 and bars[-1].get_x() + bars[-1].get_width() >= 1999
    left, right = axes.get_xlim()
    assert left <= bars[0].get_x() and bars[-1].get_x() + bars[-1].get_width() <= right
    drawn = sum(bar.get_height() * bar.get_width() for bar in bars)  # actions per minute × minutes
    assert drawn == pytest.approx(actions)  # every action of the 2,000 minutes is counted
    ticks = [label.get_window_extent(renderer) for label in axes.get_xticklabels()
             if label.get_text() and left <= label.get_position()[0] <= right]
    assert len(ticks) >= 3
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(ticks))  # labels do not overlap


def test_does_a_400_topic_workshop_chart_only_its_15_first_contributions(figures):
    synthesis = make_synthesis(people=2000, items=400, votes=10_000)

    drawn = charts.all_charts(synthesis)

    assert [chart.key for chart in drawn] == ["timeline", "by_group", "priorities", "agreement"]
    for key, figure in zip(["priorities", "agreement"], figures[2:], strict=True):
        labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
        assert len(labels) == 15, key
        assert labels[0].startswith("1. Cœur de l’été"), key
        assert labels[-1].startswith("15. "), key


def test_are_the_charts_of_an_unchanged_workshop_drawn_once_for_every_export(figures):
    first = charts.all_charts(make_synthesis(seed=5))  # each export builds its own synthesis
    assert len(figures) == 4

    again = charts.all_charts(make_synthesis(seed=5))

    assert len(figures) == 4  # none drawn again
    assert [a.png for a in again] == [b.png for b in first]
    other = charts.all_charts(make_synthesis(seed=6))
    # Same 12 people in the same three groups: only the participation chart is unchanged.
    assert len(figures) == 4 + 3
    assert [a.png == b.png for a, b in zip(other, first, strict=True)] == [
        False, True, False, False]


def title_changed(synthesis: Synthesis) -> None:
    ranked(synthesis)[3].title = "Une autre idée"


def one_more_dot(synthesis: Synthesis) -> None:
    item = ranked(synthesis)[3]
    item.votes["convergence"] += 1
    item.votes_by_group["convergence"]["customer"] += 1


@pytest.mark.parametrize("change", [title_changed, one_more_dot])
def test_does_a_changed_contribution_give_a_new_chart_not_the_one_drawn_before(change):
    synthesis = make_synthesis(seed=5)
    before = charts.priorities(synthesis)

    change(synthesis)  # the same object, changed in place
    after = charts.priorities(synthesis)
    charts.forget()

    assert after != before
    assert after == charts.priorities(synthesis)
