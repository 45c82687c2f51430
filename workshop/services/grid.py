"""Barcamp grid: place pitched sessions in rooms × slots so few people face two sessions at once.

Pure planning code: ids in, ids out, no database. A *conflict* is one participant who wanted two
sessions that run at the same time, counted once per extra session: someone who wanted three
sessions of one slot counts twice. For every participant and slot that is ``max(0, k - 1)`` where
``k`` is how many of the sessions placed in that slot they wanted.

The optimiser keeps the most wanted sessions (the least wanted are left out when cells run out),
splits them across slots greedily, improves the split by moves and swaps between slots (with a
few seeded random kicks to leave local optima), then gives each slot's biggest rooms to its most
wanted sessions. It is never worse than the naive wall on the same sessions.

When cells run out, the naive wall would leave out the last proposed sessions whatever their
audience, and dropping a crowded session also drops its conflicts: comparing the two would credit
the wall for disappointing people. So ``Plan.naive_conflicts`` is the naive placement of the
sessions the plan keeps (proposal order, same locked cells); when every session fits, that is
exactly ``naive(sessions, rooms, slots, locked)``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

Cell = tuple[int, int]  # (room id, slot id)
Room = tuple[int, int | None]  # (room id, capacity, None when unknown)
Score = tuple[int, int]  # (conflicts, people beyond room capacity): lower is better


@dataclass(frozen=True)
class Plan:
    """A grid proposal and how it compares with the naive placement of the same input."""

    cells: dict[int, Cell]  # session id -> (room id, slot id)
    unplaced: list[int]  # sessions that did not fit, least wanted first
    conflicts: int  # conflicts of this plan
    naive_conflicts: int  # conflicts of the naive placement of the sessions this plan keeps


def conflicts(cells: Mapping[int, Cell], interest: Mapping[int, Collection[int]]) -> int:
    """People who wanted two sessions at the same time, counted once per extra session."""
    wanted_by_slot: dict[int, Counter[int]] = {}
    for session, (_room, slot) in cells.items():
        wanted_by_slot.setdefault(slot, Counter()).update(set(interest.get(session, ())))
    return sum(n - 1 for wanted in wanted_by_slot.values() for n in wanted.values() if n > 1)


def naive(
    sessions: Sequence[int],
    rooms: Sequence[Room],
    slots: Sequence[int],
    locked: Mapping[int, Cell] | None = None,
) -> dict[int, Cell]:
    """The wall without an optimiser: proposal order fills free cells slot by slot, room by room."""
    locked = dict(locked or {})
    _check(sessions, rooms, slots, locked)
    cells = dict(locked)
    taken = set(locked.values())
    queue = [session for session in sessions if session not in locked]
    free = [(room, slot) for slot in slots for room, _cap in rooms if (room, slot) not in taken]
    cells.update(zip(queue, free, strict=False))
    return cells


def optimise(
    sessions: Sequence[int],
    interest: Mapping[int, Collection[int]],
    rooms: Sequence[Room],
    slots: Sequence[int],
    locked: Mapping[int, Cell] | None = None,
    seed: int = 0,
    *,
    kicks: int = 12,
) -> Plan:
    """Place sessions to minimise conflicts, most wanted in the biggest rooms, locked cells kept.

    ``kicks`` bounds the random restarts of the local search (more is slower, rarely better).
    """
    locked = dict(locked or {})
    _check(sessions, rooms, slots, locked)
    if kicks < 0:
        raise ValueError("kicks cannot be negative")
    wanted = {session: frozenset(interest.get(session, ())) for session in sessions}
    order = {session: i for i, session in enumerate(sessions)}

    def popularity(session: int) -> tuple[int, int]:
        return (-len(wanted[session]), order[session])

    free_cells = len(rooms) * len(slots) - len(locked)
    movable = sorted((s for s in sessions if s not in locked), key=popularity)
    kept, left_out = movable[:free_cells], movable[free_cells:]

    search = _Search(wanted, popularity, rooms, slots, locked, kept, random.Random(seed))
    starts = [search.greedy()]
    # The wall's proposal order over the kept sessions: a start the search can only improve on.
    kept_set = set(kept)
    naive_cells = naive([s for s in sessions if s in kept_set or s in locked], rooms, slots, locked)
    starts.append({s: naive_cells[s][1] for s in kept})
    best = min((search.improve(start) for start in starts), key=search.score)
    best = search.kick(best, kicks)

    cells = dict(locked)
    cells.update(search.rooms_for(best))
    return Plan(
        cells=cells,
        unplaced=left_out[::-1],
        conflicts=conflicts(cells, wanted),
        naive_conflicts=conflicts(naive_cells, wanted),
    )


def _check(
    sessions: Sequence[int], rooms: Sequence[Room], slots: Sequence[int], locked: Mapping[int, Cell]
) -> None:
    """Refuse inputs that cannot describe one grid, with a message saying which id is wrong."""
    for label, ids in (("session", sessions), ("room", [r for r, _ in rooms]), ("slot", slots)):
        repeated = [i for i, n in Counter(ids).items() if n > 1]
        if repeated:
            raise ValueError(f"{label} {repeated[0]} is listed twice")
    for room, capacity in rooms:
        if capacity is not None and capacity < 0:
            raise ValueError(f"room {room} has a negative capacity")
    known_sessions, known_rooms, known_slots = set(sessions), {r for r, _ in rooms}, set(slots)
    holder: dict[Cell, int] = {}
    for session, (room, slot) in locked.items():
        if session not in known_sessions:
            raise ValueError(f"locked session {session} is not among the sessions")
        if room not in known_rooms:
            raise ValueError(f"session {session} is locked in unknown room {room}")
        if slot not in known_slots:
            raise ValueError(f"session {session} is locked in unknown slot {slot}")
        if (room, slot) in holder:
            other = holder[(room, slot)]
            raise ValueError(
                f"sessions {other} and {session} are both locked in room {room}, slot {slot}"
            )
        holder[(room, slot)] = session


class _Search:
    """Local search over which slot each movable session runs in.

    A slot's conflicts equal the sum of its sessions' audiences minus the number of distinct people
    in them, so with audiences as bit sets every candidate move costs a few integer operations.
    """

    def __init__(
        self,
        wanted: Mapping[int, frozenset[int]],
        popularity: Callable[[int], tuple[int, int]],
        rooms: Sequence[Room],
        slots: Sequence[int],
        locked: Mapping[int, Cell],
        kept: Sequence[int],
        rng: random.Random,
    ) -> None:
        everyone = {person for people in wanted.values() for person in people}
        bit = {person: i for i, person in enumerate(everyone)}
        self.mask = {s: sum(1 << bit[p] for p in people) for s, people in wanted.items()}
        self.size = {s: len(people) for s, people in wanted.items()}
        self.popularity = popularity
        self.slots = list(slots)
        self.kept = list(kept)
        self.rng = rng
        by_size = sorted(
            range(len(rooms)), key=lambda i: (rooms[i][1] is None, -(rooms[i][1] or 0), i)
        )
        self.fixed_mask = {t: 0 for t in slots}
        self.fixed_size = {t: 0 for t in slots}
        taken: dict[int, set[int]] = {t: set() for t in slots}
        for session, (room, slot) in locked.items():
            self.fixed_mask[slot] |= self.mask[session]
            self.fixed_size[slot] += self.size[session]
            taken[slot].add(room)
        # Free rooms of each slot, biggest first: the most wanted movable session gets the first.
        self.free_rooms = {
            t: [rooms[i] for i in by_size if rooms[i][0] not in taken[t]] for t in slots
        }

    def slot_score(self, slot: int, members: Sequence[int]) -> Score:
        """Conflicts of a slot holding ``members`` (and its locked sessions), then overflow."""
        union, total = self.fixed_mask[slot], self.fixed_size[slot]
        for session in members:
            union |= self.mask[session]
            total += self.size[session]
        overflow = 0
        ranked = sorted(members, key=self.popularity)
        for session, (_room, capacity) in zip(ranked, self.free_rooms[slot], strict=False):
            if capacity is not None and self.size[session] > capacity:
                overflow += self.size[session] - capacity
        return (total - union.bit_count(), overflow)

    def members(self, placement: Mapping[int, int]) -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {t: [] for t in self.slots}
        for session in self.kept:
            groups[placement[session]].append(session)
        return groups

    def score(self, placement: Mapping[int, int]) -> Score:
        scores = [self.slot_score(t, m) for t, m in self.members(placement).items()]
        return (sum(c for c, _ in scores), sum(o for _, o in scores))

    def greedy(self) -> dict[int, int]:
        """Most wanted first, each into the open slot whose audience overlaps it least."""
        union = dict(self.fixed_mask)
        count = {t: 0 for t in self.slots}
        placement: dict[int, int] = {}
        for session in self.kept:
            open_slots = [t for t in self.slots if count[t] < len(self.free_rooms[t])]
            slot = min(
                open_slots,
                key=lambda t: ((self.mask[session] & union[t]).bit_count(), count[t]),
            )
            placement[session] = slot
            union[slot] |= self.mask[session]
            count[slot] += 1
        return placement

    def improve(self, start: Mapping[int, int]) -> dict[int, int]:
        """Move or swap sessions between slots while it lowers (conflicts, overflow)."""
        placement = dict(start)
        groups = self.members(placement)
        current = {t: self.slot_score(t, m) for t, m in groups.items()}
        improved = True
        while improved:
            improved = False
            order = list(self.kept)
            self.rng.shuffle(order)
            for session in order:
                here = placement[session]
                for there in self.slots:
                    if there == here:
                        continue
                    change = self._best_change(session, here, there, groups, current)
                    if change is None:
                        continue
                    other, score_here, score_there = change
                    groups[here].remove(session)
                    groups[there].append(session)
                    placement[session] = there
                    if other is not None:
                        groups[there].remove(other)
                        groups[here].append(other)
                        placement[other] = here
                    current[here], current[there] = score_here, score_there
                    improved = True
                    break
        return placement

    def _best_change(
        self,
        session: int,
        here: int,
        there: int,
        groups: Mapping[int, list[int]],
        current: Mapping[int, Score],
    ) -> tuple[int | None, Score, Score] | None:
        """The best improving move of ``session`` to ``there`` (alone or swapped), if any."""
        before = _add(current[here], current[there])
        best: tuple[Score, int | None, Score, Score] | None = None
        stay = [s for s in groups[here] if s != session]
        candidates: list[int | None] = list(groups[there])
        if len(groups[there]) < len(self.free_rooms[there]):
            candidates.append(None)
        for other in candidates:
            if other is None:
                new_here, new_there = stay, [*groups[there], session]
            else:
                new_here = [*stay, other]
                new_there = [s for s in groups[there] if s != other] + [session]
            score_here = self.slot_score(here, new_here)
            score_there = self.slot_score(there, new_there)
            after = _add(score_here, score_there)
            if after < before and (best is None or after < best[0]):
                best = (after, other, score_here, score_there)
        return None if best is None else best[1:]

    def kick(self, placement: dict[int, int], kicks: int) -> dict[int, int]:
        """Iterated local search: shake a few sessions, improve again, keep the best seen."""
        best, best_score = placement, self.score(placement)
        current, current_score = placement, best_score
        if len(self.kept) < 2 or len(self.slots) < 2:
            return best
        for _ in range(kicks):
            shaken = dict(current)
            for session in self.rng.sample(self.kept, min(3, len(self.kept))):
                other = self.rng.choice(self.kept)
                shaken[session], shaken[other] = shaken[other], shaken[session]
            candidate = self.improve(shaken)
            candidate_score = self.score(candidate)
            if candidate_score <= current_score:
                current, current_score = candidate, candidate_score
                if candidate_score < best_score:
                    best, best_score = candidate, candidate_score
        return best

    def rooms_for(self, placement: Mapping[int, int]) -> dict[int, Cell]:
        """Each slot's most wanted movable sessions in its biggest free rooms."""
        cells: dict[int, Cell] = {}
        for slot, members in self.members(placement).items():
            ranked = sorted(members, key=self.popularity)
            for session, (room, _capacity) in zip(ranked, self.free_rooms[slot], strict=False):
                cells[session] = (room, slot)
        return cells


def _add(a: Score, b: Score) -> Score:
    return (a[0] + b[0], a[1] + b[1])
