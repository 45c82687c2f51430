"""Charts of a synthesis as PNG bytes (matplotlib), for the Excel, Word, HTML and PDF exports.

Figures are made with matplotlib's object API and the Agg canvas: no pyplot, no global
backend or rcParams change, so a server thread can draw while others serve. The same
synthesis always gives the same bytes (no timestamp or version in the PNG). Titles are left to
the caller (a caption or a cell above the image), in the workshop's language.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..model import Synthesis
from .fonts import drawable, families
from .measures import group_dots, group_labels, ranked, splits, voting_groups
from .texts import Texts, texts

TOP = 15  # bars on the ranked charts: readable, and fast for a 400-topic workshop
MAX_BINS = 90  # timeline bars: longer workshops are grouped into wider bins
LABEL_CHARS = 42
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")


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


_last: tuple[weakref.ref[Synthesis], Size, tuple[Chart, ...]] | None = None


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return drawable(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def _fonts() -> list[str]:
    """DejaVu Sans, then the emoji font for what it lacks."""
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


def _empty(size: Size, message: str) -> bytes:
    figure = Figure(figsize=(size.width, size.height / 2), dpi=size.dpi)
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, drawable(message), ha="center", va="center", fontfamily=_fonts(),
                fontsize=12, color="#555555")
    return _png(figure, size)


def _ranked_labels(titles: Sequence[str]) -> list[str]:
    return [f"{rank}. {_short(title)}" for rank, title in enumerate(titles, start=1)]


def priorities(synthesis: Synthesis, *, top: int = TOP, size: Size = Size(),
               words: Texts | None = None) -> bytes:
    """The ``top`` contributions by dots, each bar split by stakeholder group."""
    words = words or texts(synthesis)
    items = ranked(synthesis)[:top]
    if not items:
        return _empty(size, words["chart.no_data"])
    labels = group_labels(synthesis)
    figure, axes = _figure(size, len(items))
    positions = range(len(items))
    left = [0] * len(items)
    per_item = [group_dots(item) for item in items]
    groups = [g for g in voting_groups(synthesis) if any(g in d for d in per_item)]
    for index, group in enumerate(groups):
        counts = [d.get(group, 0) for d in per_item]
        axes.barh(positions, counts, left=left, color=PALETTE[index % len(PALETTE)],
                  label=_short(labels.get(group, group), 30))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    unsplit = [sum(item.votes.values()) - done for item, done in zip(items, left, strict=True)]
    if any(unsplit):  # dots the builder could not attribute to a group
        axes.barh(positions, unsplit, left=left, color="#BBBBBB", label="—")
    axes.set_yticks(list(positions), _ranked_labels([i.title for i in items]))
    axes.invert_yaxis()
    _label(axes, x=words["column.votes"])
    _legend(axes)
    return _png(figure, size)


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
    figure, axes = _figure(size, len(shares))
    height = 0.4
    employees = [100 * s.employee_share for s in shares]
    customers = [100 * s.customer_share for s in shares]
    axes.barh([i - height / 2 for i in range(len(shares))], employees, height,
              color=PALETTE[0], label=_short(labels.get("employee", "employee"), 30))
    axes.barh([i + height / 2 for i in range(len(shares))], customers, height,
              color=PALETTE[1], label=_short(labels.get("customer", "customer"), 30))
    axes.set_yticks(range(len(shares)), _ranked_labels([s.item.title for s in shares]))
    axes.invert_yaxis()
    _label(axes, x=words["chart.share"])
    _legend(axes, columns=2)
    return _png(figure, size)


def divergence(synthesis: Synthesis, *, top: int = TOP, size: Size = Size(),
               words: Texts | None = None) -> bytes:
    """The builder's divergence score (0 agree … 1 opposite) for the top contributions."""
    words = words or texts(synthesis)
    items = [item for item in ranked(synthesis) if item.divergence is not None][:top]
    if not items:
        return _empty(size, words["no_split"])
    figure, axes = _figure(size, len(items))
    scores = [float(item.divergence or 0.0) for item in items]
    axes.barh(range(len(items)), scores, color=[PALETTE[5] if s >= 0.5 else PALETTE[2]
                                                for s in scores])
    axes.set_xlim(0, 1)
    axes.set_yticks(range(len(items)), _ranked_labels([i.title for i in items]))
    axes.invert_yaxis()
    _label(axes, x=words["column.divergence"])
    return _png(figure, size)


def timeline(synthesis: Synthesis, *, size: Size = Size(),
             words: Texts | None = None) -> bytes:
    """Actions per minute (bars) and people joined so far (line), from the event log."""
    words = words or texts(synthesis)
    points = sorted(synthesis.participation.get("timeline") or [], key=lambda p: p["minute"])
    if not points:
        return _empty(size, words["chart.no_data"])
    first, last = int(points[0]["minute"]), int(points[-1]["minute"])
    width = max(1, -(-(last - first + 1) // MAX_BINS))  # minutes per bar
    bins: dict[int, int] = {}
    for point in points:
        start = first + (int(point["minute"]) - first) // width * width
        bins[start] = bins.get(start, 0) + int(point.get("actions", 0))
    figure, axes = _figure(size)
    axes.bar(list(bins), [count / width for count in bins.values()], width=width,
             align="edge", color=PALETTE[4], label=_short(words["chart.actions"], 40))
    _label(axes, x=words["chart.minutes"], y=words["chart.actions"])
    joined_axes = axes.twinx()
    joined_axes.tick_params(labelfontfamily=_fonts(), labelsize=9)
    total, minutes, joined = 0, [], []
    for point in points:
        total += int(point.get("joined", 0))
        minutes.append(int(point["minute"]))
        joined.append(total)
    joined_axes.plot(minutes, joined, color=PALETTE[5], linewidth=2,
                     label=_short(words["chart.joined"], 40))
    joined_axes.set_ylim(bottom=0)
    _label(joined_axes, y=words["chart.joined"])
    handles = axes.get_legend_handles_labels()
    more = joined_axes.get_legend_handles_labels()
    figure.legend(handles[0] + more[0], handles[1] + more[1], frameon=False, ncols=2,
                  prop={"family": _fonts(), "size": 9}, loc="outside upper center")
    return _png(figure, size)


def by_group(synthesis: Synthesis, *, size: Size = Size(),
             words: Texts | None = None) -> bytes:
    """People who joined and people who took part, per stakeholder group."""
    words = words or texts(synthesis)
    joined = synthesis.participation.get("by_group") or {}
    active = synthesis.participation.get("active_by_group") or {}
    keys = [g["key"] for g in synthesis.groups if g["key"] in joined or g["key"] in active]
    keys += [k for k in list(joined) + list(active) if k not in keys]
    if not keys:
        return _empty(size, words["chart.no_data"])
    labels = group_labels(synthesis)
    figure, axes = _figure(size, len(keys))
    height = 0.4
    axes.barh([i - height / 2 for i in range(len(keys))], [joined.get(k, 0) for k in keys],
              height, color=PALETTE[0], label=_short(words["column.joined"], 30))
    axes.barh([i + height / 2 for i in range(len(keys))], [active.get(k, 0) for k in keys],
              height, color=PALETTE[2], label=_short(words["column.active"], 30))
    axes.set_yticks(range(len(keys)), [_short(labels.get(k, k), 30) for k in keys])
    axes.invert_yaxis()
    _label(axes, x=words["column.participants"])
    _legend(axes, columns=2)
    return _png(figure, size)


def all_charts(synthesis: Synthesis, *, size: Size = Size()) -> list[Chart]:
    """The charts the exports embed, each with its title; a chart with no data is left out.

    The last synthesis's charts are kept: every format of one export embeds the same charts,
    and drawing them takes about half a second.
    """
    global _last
    last = _last
    if last is not None and last[0]() is synthesis and last[1] == size:
        return list(last[2])
    charts = _draw_all(synthesis, size)
    _last = (weakref.ref(synthesis), size, tuple(charts))
    return charts


def _draw_all(synthesis: Synthesis, size: Size) -> list[Chart]:
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
