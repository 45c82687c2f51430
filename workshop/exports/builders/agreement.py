"""Where two stakeholder groups agree and where they diverge, on topics and on themes.

The facilitator picks the two groups (workshop option ``compare_groups``, by default employees
and customers); other groups' dots never count. Each group gives a contribution a *share* of
its own dots (dots on it / the group's dots in the ballots it was in), so a big group and a
small one weigh the same; a theme's share is the share of its contributions. The gap is
|a − b| / (a + b): 0 when both gave it the same share, 1 when only one group voted for it.
A row is compared only with ``minimum`` dots from each group over the whole vote and at least
``minimum`` from the two together on it. "Agree" holds gaps under ``AGREE_BELOW``, "diverge"
gaps from ``DIVERGE_FROM``: never the same row, nor the same title (of two contributions
titled alike, the one with more dots is compared).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Item, Synthesis, Theme
from .themes import element_key

DEFAULT = ("employee", "customer")
MINIMUM = 2  # dots per group in the vote, and from both groups on a row
AGREE_BELOW = 0.34  # shares within a third of each other
DIVERGE_FROM = 0.5  # one share at least three times the other
ROWS = 10


def pair(synthesis: Synthesis) -> tuple[str, str] | None:
    """The two groups compared: the facilitator's choice, else employees and customers, else
    the two groups that placed the most dots; None when fewer than two groups voted.

    A choice naming a group the workshop no longer has (its groups were edited since) is
    set aside rather than comparing a group nobody is in.
    """
    spent = spending(synthesis)
    chosen = synthesis.workshop.get("compare_groups")
    known = {g["key"] for g in synthesis.groups}
    if isinstance(chosen, list | tuple) and len(chosen) == 2 and chosen[0] != chosen[1] \
            and set(chosen) <= known:
        return str(chosen[0]), str(chosen[1])
    if all(spent.get(g) for g in DEFAULT):
        return DEFAULT
    voted = [g for g, _n in spent.most_common() if g]
    return (voted[0], voted[1]) if len(voted) >= 2 else None


def spending(synthesis: Synthesis) -> Counter[str]:
    """Group → dots placed over the whole vote."""
    spent: Counter[str] = Counter()
    for item in synthesis.items:
        for by_group in item.votes_by_group.values():
            spent.update(by_group)
    return spent


def compare(synthesis: Synthesis, minimum: int = MINIMUM) -> dict[str, Any]:
    """{groups, minimum, agree, diverge}; empty lists when a group voted too little."""
    groups = pair(synthesis)
    if groups is None:
        return {"groups": [], "minimum": minimum, "agree": [], "diverge": []}
    a, b = groups
    spent: Counter[tuple[str, str]] = Counter()  # (ballot, group) → dots
    for item in synthesis.items:
        for ballot, by_group in item.votes_by_group.items():
            for group in groups:
                spent[ballot, group] += by_group.get(group, 0)
    totals = {g: sum(n for (_b, group), n in spent.items() if group == g) for g in groups}
    rows: list[dict[str, Any]] = []
    if min(totals.values()) >= minimum:
        voted = [i for i in synthesis.items if i.votes_by_group]
        rows = [_item_row(i, groups, spent) for i in voted]
        rows += [_theme_row(t, groups, voted, totals) for t in synthesis.themes]
    support = {id(r): r["votes"][a] + r["votes"][b] for r in rows}
    # One title, one row: a dream and the proposition drawn from it often share their words,
    # and the reader would see the same line on both sides. The most supported one stays.
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: -support[id(r)]):
        best.setdefault((row["kind"], " ".join(row["title"].casefold().split())), row)
    kept = [r for r in best.values() if support[id(r)] >= minimum]
    agree = sorted((r for r in kept if r["gap"] < AGREE_BELOW),
                   key=lambda r: (r["gap"], -support[id(r)], r["title"]))[:ROWS]
    diverge = sorted((r for r in kept if r["gap"] >= DIVERGE_FROM),
                     key=lambda r: (-r["gap"], -support[id(r)], r["title"]))[:ROWS]
    return {"groups": [a, b], "minimum": minimum, "agree": agree, "diverge": diverge}


def _row(kind: str, ident: str, title: str, votes: dict[str, int],
         shares: dict[str, float]) -> dict[str, Any]:
    a, b = shares.values()
    gap = abs(a - b) / (a + b) if a + b else 0.0
    return {"key": element_key("agreement", [ident]), "kind": kind, "title": title,
            "votes": votes, "shares": {g: round(s, 4) for g, s in shares.items()},
            "gap": round(gap, 4)}


def _item_row(item: Item, groups: tuple[str, str],
              spent: Counter[tuple[str, str]]) -> dict[str, Any]:
    votes = {g: sum(by.get(g, 0) for by in item.votes_by_group.values()) for g in groups}
    shares = {}
    for g in groups:
        total = sum(spent[ballot, g] for ballot in item.votes_by_group)
        shares[g] = votes[g] / total if total else 0.0
    return _row("topic", f"c:{item.id}", item.title, votes, shares)


def _theme_row(theme: Theme, groups: tuple[str, str], voted: list[Item],
               totals: dict[str, int]) -> dict[str, Any]:
    members = set(theme.contribution_ids)
    votes = {g: sum(by.get(g, 0) for i in voted if i.id in members
                    for by in i.votes_by_group.values()) for g in groups}
    shares = {g: votes[g] / totals[g] if totals[g] else 0.0 for g in groups}
    return _row("theme", theme.key, theme.label, votes, shares)
