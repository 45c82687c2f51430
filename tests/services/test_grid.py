"""The Barcamp grid optimiser: fewer people torn between two sessions, popular ones in big rooms."""

from __future__ import annotations

import random

import pytest

from workshop.services import grid

SLOTS = [1, 2]
ROOMS = [(10, 30), (11, 30)]


def audience(start: int, stop: int) -> set[int]:
    return set(range(start, stop))


def realistic(seed: int, sessions: int = 36, people: int = 600) -> tuple:
    """Pitches with a few crowd-pullers, each person wanting two to eight sessions."""
    rng = random.Random(seed)
    ids = list(range(1, sessions + 1))
    pull = [rng.paretovariate(1.2) for _ in ids]
    interest: dict[int, set[int]] = {s: set() for s in ids}
    for person in range(people):
        for session in set(rng.choices(ids, weights=pull, k=rng.randint(2, 8))):
            interest[session].add(person)
    rooms = [(100 + i, cap) for i, cap in enumerate([120, 80, 60, 40, 30, None])]
    return ids, interest, rooms, [1, 2, 3, 4, 5, 6]


def assert_valid(plan: grid.Plan, sessions, rooms, slots) -> None:  # type: ignore[no-untyped-def]
    cells = list(plan.cells.values())
    assert len(cells) == len(set(cells)), "two sessions share a cell"
    assert {r for r, _ in cells} <= {r for r, _ in rooms}
    assert {t for _, t in cells} <= set(slots)
    assert sorted([*plan.cells, *plan.unplaced]) == sorted(sessions)


# conflicts --------------------------------------------------------------------------------------

def test_does_a_person_who_wants_two_sessions_in_one_slot_count_once() -> None:
    cells = {1: (10, 1), 2: (11, 1), 3: (10, 2)}
    assert grid.conflicts(cells, {1: {7}, 2: {7}, 3: {7}}) == 1


def test_does_wanting_three_sessions_at_once_count_once_per_extra_session() -> None:
    cells = {1: (10, 1), 2: (11, 1), 3: (12, 1)}
    assert grid.conflicts(cells, {1: {7, 8}, 2: {7, 8}, 3: {7}}) == 3


def test_are_sessions_in_different_slots_free_of_conflict() -> None:
    assert grid.conflicts({1: (10, 1), 2: (10, 2)}, {1: {7}, 2: {7}}) == 0


def test_do_sessions_without_interest_or_unplaced_sessions_count_for_nothing() -> None:
    assert grid.conflicts({1: (10, 1), 2: (11, 1)}, {1: {7}, 3: {7}}) == 0
    assert grid.conflicts({}, {1: {7}}) == 0


# naive ------------------------------------------------------------------------------------------

def test_does_the_naive_wall_fill_slot_by_slot_in_proposal_order() -> None:
    cells = grid.naive([5, 3, 9, 1, 4], ROOMS, SLOTS)
    assert cells == {5: (10, 1), 3: (11, 1), 9: (10, 2), 1: (11, 2)}


def test_does_the_naive_wall_skip_locked_cells() -> None:
    cells = grid.naive([5, 3, 9], ROOMS, SLOTS, locked={9: (10, 1)})
    assert cells == {9: (10, 1), 5: (11, 1), 3: (10, 2)}


# optimise: known optima -------------------------------------------------------------------------

def test_are_two_sessions_with_the_same_audience_put_in_different_slots() -> None:
    interest = {1: audience(0, 10), 2: audience(0, 10), 3: audience(10, 20), 4: audience(10, 20)}
    plan = grid.optimise([1, 2, 3, 4], interest, ROOMS, SLOTS)
    assert plan.naive_conflicts == 20  # the wall puts 1 and 2 together, then 3 and 4
    assert plan.conflicts == 0
    assert plan.cells[1][1] != plan.cells[2][1]
    assert plan.cells[3][1] != plan.cells[4][1]


def test_are_three_mutually_overlapping_sessions_spread_over_three_slots() -> None:
    # a, b and c each share people with the two others; d, e, f share nobody.
    interest = {1: {1, 2}, 2: {2, 3}, 3: {3, 1}, 4: {10}, 5: {11}, 6: {12}}
    rooms = [(10, None), (11, None)]
    plan = grid.optimise([1, 2, 3, 4, 5, 6], interest, rooms, [1, 2, 3])
    assert plan.conflicts == 0
    assert len({plan.cells[s][1] for s in (1, 2, 3)}) == 3


def test_does_the_most_wanted_session_get_the_biggest_room() -> None:
    rooms = [(10, 20), (11, 100), (12, 50)]  # display order is not size order
    interest = {1: audience(0, 5), 2: audience(10, 70), 3: audience(100, 130)}
    plan = grid.optimise([1, 2, 3], interest, rooms, [1])
    assert plan.cells == {2: (11, 1), 3: (12, 1), 1: (10, 1)}


def test_does_a_room_of_unknown_capacity_rank_after_every_known_one() -> None:
    rooms = [(10, None), (11, 8)]
    interest = {1: audience(0, 3), 2: audience(10, 40)}
    plan = grid.optimise([1, 2], interest, rooms, [1])
    assert plan.cells == {2: (11, 1), 1: (10, 1)}


def test_do_crowd_pullers_go_to_different_slots_to_get_the_big_room() -> None:
    # Nobody overlaps, so only room capacity can tell the two placements apart.
    rooms = [(10, 100), (11, 10)]
    interest = {1: audience(0, 90), 2: audience(100, 180), 3: audience(200, 205),
                4: audience(300, 305)}
    plan = grid.optimise([1, 2, 3, 4], interest, rooms, SLOTS)
    assert plan.cells[1][0] == 10 and plan.cells[2][0] == 10
    assert plan.cells[1][1] != plan.cells[2][1]


def test_are_locked_cells_kept_exactly() -> None:
    interest = {1: audience(0, 10), 2: audience(0, 10), 3: audience(10, 20), 4: audience(10, 20)}
    locked = {1: (11, 2), 2: (10, 2)}  # the facilitator wants 1 and 2 together, in those rooms
    plan = grid.optimise([1, 2, 3, 4], interest, ROOMS, SLOTS, locked=locked)
    assert plan.cells[1] == (11, 2) and plan.cells[2] == (10, 2)
    assert {plan.cells[3][1], plan.cells[4][1]} == {1}
    assert plan.conflicts == 20


def test_does_a_locked_session_keep_a_small_room_even_if_it_is_the_most_wanted() -> None:
    rooms = [(10, 100), (11, 10)]
    interest = {1: audience(0, 90), 2: audience(100, 105)}
    plan = grid.optimise([1, 2], interest, rooms, [1], locked={1: (11, 1)})
    assert plan.cells == {1: (11, 1), 2: (10, 1)}


def test_are_the_sessions_left_out_the_least_wanted() -> None:
    interest = {1: audience(0, 3), 2: audience(0, 9), 3: audience(0, 1), 4: audience(0, 7),
                5: audience(0, 5), 6: audience(0, 2)}
    plan = grid.optimise([1, 2, 3, 4, 5, 6], interest, ROOMS, SLOTS)
    assert set(plan.cells) == {2, 4, 5, 1}
    assert plan.unplaced == [3, 6]  # least wanted first


def test_among_equally_wanted_sessions_is_the_last_proposed_left_out() -> None:
    interest = {s: {s} for s in range(1, 6)}
    plan = grid.optimise([1, 2, 3, 4, 5], interest, ROOMS, SLOTS)
    assert plan.unplaced == [5]


def test_is_a_locked_session_placed_even_when_it_is_the_least_wanted() -> None:
    interest = {1: audience(0, 9), 2: audience(0, 9), 3: set()}
    plan = grid.optimise([1, 2, 3], interest, [(10, None)], SLOTS, locked={3: (10, 2)})
    assert plan.cells[3] == (10, 2)
    assert len(plan.unplaced) == 1 and plan.unplaced[0] in (1, 2)


def test_is_the_naive_count_about_the_same_sessions_when_some_are_left_out() -> None:
    # The wall would drop the crowd-puller proposed last; the plan keeps it. Comparing conflicts
    # of the sessions the plan keeps is the only fair comparison.
    interest = {1: {1}, 2: {2}, 3: audience(0, 50)}
    plan = grid.optimise([1, 2, 3], interest, [(10, None), (11, None)], [1])
    assert 3 in plan.cells
    kept = [s for s in (1, 2, 3) if s in plan.cells]
    assert plan.naive_conflicts == grid.conflicts(
        grid.naive(kept, [(10, None), (11, None)], [1]), interest)
    assert plan.conflicts <= plan.naive_conflicts


# optimise: never worse than the wall ------------------------------------------------------------

@pytest.mark.parametrize("seed", range(25))
def test_is_the_optimised_grid_never_worse_than_the_naive_wall(seed: int) -> None:
    rng = random.Random(seed)
    sessions = rng.sample(range(1, 100), rng.randint(1, 12))
    interest = {s: set(rng.sample(range(40), rng.randint(0, 15))) for s in sessions}
    rooms = [(r, rng.choice([None, 5, 10, 20])) for r in range(1, rng.randint(1, 4) + 1)]
    slots = list(range(1, rng.randint(1, 4) + 1))
    free = [(r, t) for r, _ in rooms for t in slots]
    locked = {}
    if sessions and rng.random() < 0.5:
        locked[sessions[0]] = rng.choice(free)
    plan = grid.optimise(sessions, interest, rooms, slots, locked=locked, seed=seed)
    assert_valid(plan, sessions, rooms, slots)
    assert plan.conflicts == grid.conflicts(plan.cells, interest)
    assert plan.conflicts <= plan.naive_conflicts
    if len(sessions) <= len(free):
        assert plan.naive_conflicts == grid.conflicts(
            grid.naive(sessions, rooms, slots, locked), interest)
    for session, cell in locked.items():
        assert plan.cells[session] == cell


def test_does_the_optimiser_avoid_many_conflicts_on_a_realistic_barcamp() -> None:
    sessions, interest, rooms, slots = realistic(seed=3)
    plan = grid.optimise(sessions, interest, rooms, slots)
    assert_valid(plan, sessions, rooms, slots)
    assert plan.unplaced == []
    assert plan.conflicts < 0.8 * plan.naive_conflicts


def test_does_each_slot_give_its_biggest_rooms_to_its_most_wanted_sessions() -> None:
    sessions, interest, rooms, slots = realistic(seed=5)
    plan = grid.optimise(sessions, interest, rooms, slots)
    rank = {room: i for i, room in enumerate([100, 101, 102, 103, 104, 105])}  # biggest first
    for slot in slots:
        here = sorted((s for s in plan.cells if plan.cells[s][1] == slot),
                      key=lambda s: rank[plan.cells[s][0]])
        sizes = [len(interest[s]) for s in here]
        assert sizes == sorted(sizes, reverse=True)


def test_does_the_same_seed_give_the_same_plan() -> None:
    sessions, interest, rooms, slots = realistic(seed=7, sessions=30, people=200)
    first = grid.optimise(sessions, interest, rooms, slots, seed=4)
    assert grid.optimise(sessions, interest, rooms, slots, seed=4) == first


def test_does_the_optimiser_work_without_random_restarts() -> None:
    sessions, interest, rooms, slots = realistic(seed=2, sessions=20, people=100)
    plan = grid.optimise(sessions, interest, rooms, slots, kicks=0)
    assert plan.conflicts <= plan.naive_conflicts


# edge cases and bad input -----------------------------------------------------------------------

def test_is_an_empty_barcamp_an_empty_plan() -> None:
    assert grid.optimise([], {}, ROOMS, SLOTS) == grid.Plan({}, [], 0, 0)


def test_without_rooms_is_every_session_left_out() -> None:
    plan = grid.optimise([1, 2], {1: {1}, 2: {1, 2}}, [], SLOTS)
    assert plan.cells == {} and plan.unplaced == [1, 2]


def test_are_interests_for_unknown_sessions_ignored() -> None:
    plan = grid.optimise([1], {1: {5}, 99: {5}}, ROOMS, SLOTS)
    assert plan.conflicts == 0 and set(plan.cells) == {1}


@pytest.mark.parametrize(
    ("sessions", "rooms", "slots", "locked", "message"),
    [
        ([1, 1], ROOMS, SLOTS, None, "session 1 is listed twice"),
        ([1], [(10, 5), (10, 6)], SLOTS, None, "room 10 is listed twice"),
        ([1], ROOMS, [1, 1], None, "slot 1 is listed twice"),
        ([1], [(10, -1)], SLOTS, None, "room 10 has a negative capacity"),
        ([1], ROOMS, SLOTS, {2: (10, 1)}, "locked session 2 is not among the sessions"),
        ([1], ROOMS, SLOTS, {1: (99, 1)}, "session 1 is locked in unknown room 99"),
        ([1], ROOMS, SLOTS, {1: (10, 9)}, "session 1 is locked in unknown slot 9"),
        ([1, 2], ROOMS, SLOTS, {1: (10, 1), 2: (10, 1)}, "both locked in room 10, slot 1"),
    ],
)
def test_is_a_grid_that_cannot_exist_refused_with_a_clear_message(
    sessions, rooms, slots, locked, message  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ValueError, match=message):
        grid.optimise(sessions, {}, rooms, slots, locked=locked)
    with pytest.raises(ValueError, match=message):
        grid.naive(sessions, rooms, slots, locked=locked)


def test_are_negative_restarts_refused() -> None:
    with pytest.raises(ValueError, match="kicks"):
        grid.optimise([1], {}, ROOMS, SLOTS, kicks=-1)
