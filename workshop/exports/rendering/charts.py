"""Charts of a synthesis as PNG bytes (matplotlib), for the Excel, Word, HTML and PDF exports.

Each chart is made in two steps: what it plots (labels, values, colours, axis texts) is read
from the synthesis, then a private function draws those values and nothing else. Drawing takes
about half a second per export and is kept per plotted values, so every format of an export,
and each later export of an unchanged workshop, draws its charts once.

Figures are made with matplotlib's object API and the Agg canvas: no pyplot, no global
backend or rcParams change, so a server thread can draw while others serve. The same
synthesis always gives the same bytes (no timestamp or version in the PNG). Titles are left to
the caller (a caption or a cell above the image), in the workshop's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..model import Synthesis
from .fonts import drawable, families
from .measures import dots, group_dots, group_labels, ranked, splits, voting_groups
from .texts import Texts, texts

TOP = 15  # bars on the ranked charts: readable, and fast for a 400-topic workshop
MAX_BINS = 90  # timeline bars: longer workshops are grouped into wider bins
LABEL_CHARS = 42
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
# Charts kept per drawing function: PNGs are 15–60 KB, so a few MB each at most, yet enough
# for the workshops exported in turn; a bound, as every change to a workshop draws anew.
KEPT = 64


@dataclass(frozen=True)
class Size:
    width: float = 8.0  # inches
    height: float = 4.5
    dpi: int = 120


@dataclass(frozen=True)
class Chart:
    key: str
    title: str  # in the workshop's language
    png: bytes


class Series(NamedTuple):
    """Bars (or a line) of one colour: the legend's label and one value per position."""

    label: str
    colour: str
    values: tuple[float, ...]


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return drawable(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def _fonts() -> list[str]:
    """DejaVu Sans, then the emoji font for what it lacks (fixed for the process)."""
    return list(families())


def _figure(size: Size, rows: int = 0) -> tuple[Figure, Axes]:
    """A figure on its own Agg canvas; ``rows`` of horizontal bars may make it taller."""
    height = max(size.height, 1.0 + 0.32 * rows)
    figure = Figure(figsize=(size.width, height), dpi=size.dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.tick_params(labelfontfamily=_fonts(), labelsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _png(figure: Figure, size: Size) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=size.dpi, metadata={"Software": None})
    return buffer.getvalue()


def _legend(axes: Axes, columns: int = 1) -> None:
    axes.legend(prop={"family": _fonts(), "size": 9}, frameon=False, ncols=columns)


def _label(axes: Axes, x: str | None = None, y: str | None = None) -> None:
    if x:
        axes.set_xlabel(drawable(x), fontfamily=_fonts())
    if y:
        axes.set_ylabel(drawable(y), fontfamily=_fonts())


def _ranked_labels(titles: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{rank}. {_short(title)}" for rank, title in enumerate(titles, start=1))


# The drawing functions draw their arguments and nothing else (but the process's fonts), so
# their arguments are the key of the charts they keep: changed data is drawn anew. lru_cache
# may be called from several threads (at worst a chart is drawn twice); figures stay per call.


@lru_cache(maxsize=KEPT)
def _draw_empty(size: Size, message: str) -> bytes:
    figure = Figure(figsize=(size.width, size.height / 2), dpi=size.dpi)
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, drawable(message), ha="center", va="center", fontfamily=_fonts(),
                fontsize=12, color="#555555")
    return _png(figure, size)


@lru_cache(maxsize=KEPT)
def _draw_stacked(size: Size, labels: tuple[str, ...], stacked: tuple[Series, ...],
                  axis: str) -> bytes:
    """Horizontal bars, one per label, each made of every series in turn."""
    figure, axes = _figure(size, len(labels))
    positions = range(len(labels))
    left: list[float] = [0] * len(labels)
    for series in stacked:
        axes.barh(positions, series.values, left=left, color=series.colour, label=series.label)
        left = [a + b for a, b in zip(left, series.values, strict=True)]
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    _label(axes, x=axis)
    _legend(axes)
    return _png(figure, size)


@lru_cache(maxsize=KEPT)
def _draw_paired(size: Size, labels: tuple[str, ...], first: Series, second: Series,
                 axis: str) -> bytes:
    """Two horizontal bars side by side per label."""
    figure, axes = _figure(size, len(labels))
    height = 0.4
    axes.barh([i - height / 2 for i in range(len(labels))], first.values, height,
              color=first.colour, label=first.label)
    axes.barh([i + height / 2 for i in range(len(labels))], second.values, height,
              color=second.colour, label=second.label)
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()
    _label(axes, x=axis)
    _legend(axes, columns=2)
    return _png(figure, size)


@lru_cache(maxsize=KEPT)
def _draw_scores(size: Size, labels: tuple[str, ...], scores: tuple[float, ...],
                 colours: tuple[str, ...], axis: str) -> bytes:
    """One horizontal bar per label on a 0 to 1 scale, each in its own colour."""
    figure, axes = _figure(size, len(labels))
    axes.barh(range(len(labels)), scores, color=colours)
    axes.set_xlim(0, 1)
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()
    _label(axes, x=axis)
    return _png(figure, size)


@lru_cache(maxsize=KEPT)
def _draw_timeline(size: Size, *, starts: tuple[int, ...], width: int, actions: Series,
                   minutes: tuple[int, ...], joined: Series, minutes_axis: str,
                   actions_axis: str, joined_axis: str) -> bytes:
    """Bars ``width`` minutes wide from each start, and a line on a second axis."""
    figure, axes = _figure(size)
    axes.bar(starts, actions.values, width=width, align="edge", color=actions.colour,
             label=actions.label)
    _label(axes, x=minutes_axis, y=actions_axis)
    joined_axes = axes.twinx()
    joined_axes.tick_params(labelfontfamily=_fonts(), labelsize=9)
    joined_axes.plot(minutes, joined.values, color=joined.colour, linewidth=2,
                     label=joined.label)
    joined_axes.set_ylim(bottom=0)
    _label(joined_axes, y=joined_axis)
    handles = axes.get_legend_handles_labels()
    more = joined_axes.get_legend_handles_labels()
    figure.legend(handles[0] + more[0], handles[1] + more[1], frameon=False, ncols=2,
                  prop={"family": _fonts(), "size": 9}, loc="outside upper center")
    return _png(figure, size)


_DRAWINGS = (_draw_empty, _draw_stacked, _draw_paired, _draw_scores, _draw_timeline)


def forget() -> None:
    """Forget every drawn chart, so the next one is drawn again (for tests)."""
    for drawing in _DRAWINGS:
        drawing.cache_clear()


def priorities(synthesis: Synthesis, *, top: int = TOP, size: Size = Size(),
               words: Texts | None = None) -> bytes:
    """The ``top`` contributions by dots, each bar split by stakeholder group."""
    words = words or texts(synthesis)
    items = ranked(synthesis)[:top]
    if not items:
        return _draw_empty(size, words["chart.no_data"])
    labels = group_labels(synthesis)
    per_item = [group_dots(item) for item in items]
    groups = [g for g in voting_groups(synthesis) if any(g in d for d in per_item)]
    stacked = [Series(_short(labels.get(group, group), 30), PALETTE[index % len(PALETTE)],
                      tuple(d.get(group, 0) for d in per_item))
               for index, group in enumerate(groups)]
    unsplit = tuple(dots(item) - sum(d.get(g, 0) for g in groups)
                    for item, d in zip(items, per_item, strict=True))
    if any(unsplit):  # dots the builder could not attribute to a group
        stacked.append(Series("—", "#BBBBBB", unsplit))
    return _draw_stacked(size, _ranked_labels([i.title for i in items]), tuple(stacked),
                         words["column.votes"])


def agreement(synthesis: Synthesis, *, top: int = TOP, size: Size = Size(),
              words: Texts | None = None) -> bytes:
    """Employees' and customers' share of their dots for the top contributions.

    Without votes from both groups, the builder's divergence score per contribution instead.
    """
    words = words or texts(synthesis)
    shares = splits(synthesis)[:top]
    if not shares:
        return divergence(synthesis, top=top, size=size, words=words)
    labels = group_labels(synthesis)
    employees = Series(_short(labels.get("employee", "employee"), 30), PALETTE[0],
                       tuple(100 * s.employee_share for s in shares))
    customers = Series(_short(labels.get("customer", "customer"), 30), PALETTE[1],
                       tuple(100 * s.customer_share for s in shares))
    return _draw_paired(size, _ranked_labels([s.item.title for s in shares]), employees,
                        customers, words["chart.share"])


def divergence(synthesis: Synthesis, *, top: int = TOP, size: Size = Size(),
               words: Texts | None = None) -> bytes:
    """The builder's divergence score (0 agree … 1 opposite) for the top contributions."""
    words = words or texts(synthesis)
    items = [item for item in ranked(synthesis) if item.divergence is not None][:top]
    if not items:
        return _draw_empty(size, words["no_split"])
    scores = tuple(float(item.divergence or 0.0) for item in items)
    colours = tuple(PALETTE[5] if s >= 0.5 else PALETTE[2] for s in scores)
    return _draw_scores(size, _ranked_labels([i.title for i in items]), scores, colours,
                        words["column.divergence"])


def timeline(synthesis: Synthesis, *, size: Size = Size(),
             words: Texts | None = None) -> bytes:
    """Actions per minute (bars) and people joined so far (line), from the event log."""
    words = words or texts(synthesis)
    points = sorted(synthesis.participation.get("timeline") or [], key=lambda p: p["minute"])
    if not points:
        return _draw_empty(size, words["chart.no_data"])
    first, last = int(points[0]["minute"]), int(points[-1]["minute"])
    width = max(1, -(-(last - first + 1) // MAX_BINS))  # minutes per bar
    bins: dict[int, int] = {}
    for point in points:
        start = first + (int(point["minute"]) - first) // width * width
        bins[start] = bins.get(start, 0) + int(point.get("actions", 0))
    total, minutes, joined = 0, [], []
    for point in points:
        total += int(point.get("joined", 0))
        minutes.append(int(point["minute"]))
        joined.append(total)
    return _draw_timeline(
        size, starts=tuple(bins), width=width,
        actions=Series(_short(words["chart.actions"], 40), PALETTE[4],
                       tuple(count / width for count in bins.values())),
        minutes=tuple(minutes),
        joined=Series(_short(words["chart.joined"], 40), PALETTE[5], tuple(joined)),
        minutes_axis=words["chart.minutes"], actions_axis=words["chart.actions"],
        joined_axis=words["chart.joined"])


def by_group(synthesis: Synthesis, *, size: Size = Size(),
             words: Texts | None = None) -> bytes:
    """People who joined and people who took part, per stakeholder group."""
    words = words or texts(synthesis)
    joined = synthesis.participation.get("by_group") or {}
    active = synthesis.participation.get("active_by_group") or {}
    keys = [g["key"] for g in synthesis.groups if g["key"] in joined or g["key"] in active]
    keys += [k for k in list(joined) + list(active) if k not in keys]
    if not keys:
        return _draw_empty(size, words["chart.no_data"])
    labels = group_labels(synthesis)
    return _draw_paired(
        size, tuple(_short(labels.get(k, k), 30) for k in keys),
        Series(_short(words["column.joined"], 30), PALETTE[0],
               tuple(joined.get(k, 0) for k in keys)),
        Series(_short(words["column.active"], 30), PALETTE[2],
               tuple(active.get(k, 0) for k in keys)),
        words["column.participants"])


def all_charts(synthesis: Synthesis, *, size: Size = Size()) -> list[Chart]:
    """The charts the exports embed, each with its title; a chart with no data is left out."""
    words = texts(synthesis)
    charts: list[Chart] = []
    if synthesis.participation.get("timeline"):
        charts.append(Chart("timeline", words["participation_over_time"],
                            timeline(synthesis, size=size, words=words)))
    if synthesis.participation.get("by_group") or synthesis.participation.get("active_by_group"):
        charts.append(Chart("by_group", words["participation_by_group"],
                            by_group(synthesis, size=size, words=words)))
    if ranked(synthesis):
        charts.append(Chart("priorities", words["chart_votes"],
                            priorities(synthesis, size=size, words=words)))
        both = bool(splits(synthesis))
        if both or any(item.divergence is not None for item in synthesis.items):
            key = "chart.agreement" if both else "chart_divergence"
            charts.append(Chart("agreement", words[key],
                                agreement(synthesis, size=size, words=words)))
    return charts
