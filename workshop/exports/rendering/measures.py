"""Figures several writers show: contributions ranked by dots, each group's share of its dots."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Item, Synthesis

EMPLOYEE, CUSTOMER = "employee", "customer"


def dots(item: Item) -> int:
    return sum(item.votes.values())


def group_dots(item: Item) -> dict[str, int]:
    """Dots per stakeholder group, over every ballot the item was in."""
    totals: dict[str, int] = defaultdict(int)
    for by_group in item.votes_by_group.values():
        for group, count in by_group.items():
            totals[group] += count
    return dict(totals)


def ranked(synthesis: Synthesis) -> list[Item]:
    """Contributions that received dots, most first (ties: first posted first)."""
    voted = [item for item in synthesis.items if dots(item) > 0]
    return sorted(voted, key=lambda item: (-dots(item), item.id))


def group_labels(synthesis: Synthesis) -> dict[str, str]:
    return {group["key"]: group.get("label") or group["key"] for group in synthesis.groups}


def voting_groups(synthesis: Synthesis) -> list[str]:
    """Group keys in the synthesis's order, then any other group that voted."""
    keys = [group["key"] for group in synthesis.groups]
    for item in synthesis.items:
        for by_group in item.votes_by_group.values():
            keys.extend(g for g in by_group if g not in keys)
    return keys


@dataclass(frozen=True)
class Split:
    """How one contribution fared with employees and with customers."""

    item: Item
    employee_share: float  # of all the dots employees placed in its ballot(s), 0..1
    customer_share: float

    @property
    def gap(self) -> float:
        return abs(self.employee_share - self.customer_share)


def splits(synthesis: Synthesis) -> list[Split]:
    """Employee and customer shares per voted contribution, in ranking order.

    Empty when either group placed no dot: there is nothing to compare.
    """
    spent: dict[tuple[str, str], int] = defaultdict(int)  # (ballot, group) → dots
    for item in synthesis.items:
        for ballot, by_group in item.votes_by_group.items():
            for group, count in by_group.items():
                spent[ballot, group] += count
    if not any(g == EMPLOYEE for _, g in spent) or not any(g == CUSTOMER for _, g in spent):
        return []

    def share(item: Item, group: str) -> float:
        got = sum(by.get(group, 0) for by in item.votes_by_group.values())
        total = sum(spent[b, group] for b in item.votes_by_group)
        return got / total if total else 0.0

    return [Split(item, share(item, EMPLOYEE), share(item, CUSTOMER))
            for item in ranked(synthesis)]
