"""Interview pairs and World Café rounds: employees meet customers, and nobody meets twice."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from workshop.services import rotation

E, C, P = "employee", "customer", "partner"


def crowd(*counts: tuple[str, int]) -> list[tuple[int, str]]:
    """People numbered from 1, in the order of the groups given."""
    people: list[tuple[int, str]] = []
    for group, n in counts:
        start = len(people) + 1
        people += [(pid, group) for pid in range(start, start + n)]
    return people


def table_sizes(round_: dict[int, int], tables: int) -> list[int]:
    count = Counter(round_.values())
    return [count[t] for t in range(1, tables + 1)]


def matchings(people: list[int]):  # type: ignore[no-untyped-def]
    """Every way to split an even number of people into pairs."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for i, other in enumerate(rest):
        for tail in matchings(rest[:i] + rest[i + 1:]):
            yield [(first, other), *tail]


# pairs ------------------------------------------------------------------------------------------

def test_is_every_employee_paired_with_a_customer_when_there_are_as_many() -> None:
    people = crowd((E, 4), (C, 4))
    group = dict(people)
    result = rotation.pairs(people)
    assert len(result) == 4
    assert all(sorted(group[p] for p in pair) == [C, E] for pair in result)


def test_are_partners_mixed_in_rather_than_paired_together() -> None:
    people = crowd((E, 2), (C, 2), (P, 2))
    group = dict(people)
    result = rotation.pairs(people)
    assert all(group[a] != group[b] for a, b in result)
    assert any({group[a], group[b]} == {E, C} for a, b in result)


def test_are_the_extra_employees_paired_among_themselves() -> None:
    people = crowd((E, 3), (C, 1))
    group = dict(people)
    kinds = sorted(tuple(sorted(group[p] for p in pair)) for pair in rotation.pairs(people))
    assert kinds == [(C, E), (E, E)]


@pytest.mark.parametrize("seed", range(40))
def test_do_pairs_cross_groups_as_much_as_any_pairing_could(seed: int) -> None:
    rng = random.Random(seed)
    people = [(i, rng.choice([E, E, C, P, "elected"])) for i in range(1, 2 * rng.randint(1, 4) + 1)]
    group = dict(people)

    def score(pairing) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        cross = sum(group[a] != group[b] for a, b in pairing)
        return cross, sum({group[a], group[b]} == {E, C} for a, b in pairing)

    best = max(score(m) for m in matchings([pid for pid, _ in people]))
    assert score([tuple(pair) for pair in rotation.pairs(people, seed=seed)]) == best


def test_does_an_odd_count_make_exactly_one_trio() -> None:
    people = crowd((E, 3), (C, 4))
    result = rotation.pairs(people)
    assert sorted(len(g) for g in result) == [2, 2, 3]
    assert sorted(p for g in result for p in g) == list(range(1, 8))


def test_does_the_odd_one_out_join_the_pair_where_they_add_a_group() -> None:
    people = crowd((E, 2), (C, 2), (P, 1))
    group = dict(people)
    trio = next(g for g in rotation.pairs(people) if len(g) == 3)
    assert {group[p] for p in trio} == {E, C, P}


@pytest.mark.parametrize("n", range(1, 16))
def test_is_nobody_left_alone_unless_alone_in_the_room(n: int) -> None:
    people = [(i, [E, C, P][i % 3]) for i in range(1, n + 1)]
    result = rotation.pairs(people, seed=n)
    sizes = sorted(len(g) for g in result)
    assert sorted(p for g in result for p in g) == list(range(1, n + 1))
    if n == 1:
        assert result == [[1]]
    else:
        assert sizes.count(3) == n % 2 and set(sizes) <= {2, 3}


def test_are_pairs_the_same_for_the_same_seed_and_vary_with_it() -> None:
    people = crowd((E, 10), (C, 10))
    assert rotation.pairs(people, seed=3) == rotation.pairs(people, seed=3)
    assert len({str(rotation.pairs(people, seed=s)) for s in range(5)}) > 1


def test_does_a_room_of_one_group_pair_within_it() -> None:
    result = rotation.pairs(crowd(("custom", 4)))
    assert sorted(len(g) for g in result) == [2, 2]
    assert sorted(p for g in result for p in g) == [1, 2, 3, 4]


def test_are_no_people_no_pairs() -> None:
    assert rotation.pairs([]) == []


def test_is_someone_listed_twice_refused() -> None:
    with pytest.raises(ValueError, match="participant 1 is listed twice"):
        rotation.pairs([(1, E), (1, C)])


# seat_round -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "tables"), [(10, 3), (24, 4), (7, 7), (3, 5), (41, 6), (1, 1)])
def test_do_table_sizes_differ_by_at_most_one(n: int, tables: int) -> None:
    people = [(i, [E, C][i % 2]) for i in range(1, n + 1)]
    round_ = rotation.seat_round(people, tables)
    assert set(round_) == set(range(1, n + 1))
    sizes = table_sizes(round_, tables)
    assert max(sizes) - min(sizes) <= 1
    assert set(round_.values()) <= set(range(1, tables + 1))


def test_are_groups_spread_evenly_over_the_tables() -> None:
    people = crowd((E, 12), (C, 12))
    round_ = rotation.seat_round(people, 4)
    group = dict(people)
    for table in range(1, 5):
        assert Counter(group[p] for p, t in round_.items() if t == table) == {E: 3, C: 3}


def test_does_seating_mix_better_than_dealing_people_round_robin() -> None:
    # People arrived alternately, employee then customer: dealing them onto two tables in turn
    # would put every employee at table 1 and every customer at table 2.
    people = [(i, [E, C][i % 2]) for i in range(24)]
    group = dict(people)
    round_robin = {pid: i % 2 + 1 for i, (pid, _) in enumerate(people)}
    seated = rotation.seat_round(people, 2)
    assert rotation.mixing(round_robin, group) == 0.0
    assert rotation.mixing(seated, group) == pytest.approx(36 / 66)  # 6 + 6 at each table


def test_do_hosts_stay_at_their_table_every_round() -> None:
    people = crowd((E, 15), (C, 15), (P, 5))
    hosts = {1: 20, 2: 3, 3: 34, 4: 11, 5: 7}
    for round_ in rotation.seat_rounds(people, 5, 4, hosts=hosts, seed=2):
        assert all(round_[pid] == table for table, pid in hosts.items())
        assert max(table_sizes(round_, 5)) - min(table_sizes(round_, 5)) <= 1


@pytest.mark.parametrize("seed", range(20))
def test_does_nobody_meet_the_same_person_twice_in_three_rounds_of_sixteen(seed: int) -> None:
    # 16 people at 4 tables of 4. Any repeat-free round 2 puts exactly one person in each
    # (round-1 table, round-2 table) cell of a 4 × 4 grid; a repeat-free round 3 is then a Latin
    # square on that grid, and Latin squares of order 4 exist. So 3 rounds without repeats are
    # always possible, whatever the first two were.
    people = [(i, [E, C, P][i % 3]) for i in range(1, 17)]
    rounds = rotation.seat_rounds(people, 4, 3, seed=seed)
    assert rotation.repeat_meetings(rounds) == 0
    assert all(table_sizes(r, 4) == [4, 4, 4, 4] for r in rounds)


@pytest.mark.parametrize("seed", range(10))
def test_do_hosts_meet_new_people_in_the_second_round(seed: int) -> None:
    # Hosts 1..4 stay; the three others of table t can go to tables t+1, t+2, t+3 (mod 4), so
    # each table receives one person from each other table: no repeat is possible.
    people = [(i, [E, C][i % 2]) for i in range(1, 17)]
    hosts = {1: 1, 2: 2, 3: 3, 4: 4}
    rounds = rotation.seat_rounds(people, 4, 2, hosts=hosts, seed=seed)
    assert rotation.repeat_meetings(rounds) == 0


def test_are_repeats_kept_to_the_arithmetic_minimum() -> None:
    # 8 people, 2 tables of 4, twice: each round-2 table takes a people from one round-1 table
    # and 4 - a from the other, so it repeats C(a, 2) + C(4 - a, 2) >= 2 meetings: 4 at best.
    people = [(i, E) for i in range(1, 9)]
    first = {pid: 1 if pid <= 4 else 2 for pid, _ in people}
    second = rotation.seat_round(people, 2, history=[first])
    assert rotation.repeat_meetings([first, second]) == 4


def test_are_latecomers_seated_and_people_who_left_ignored() -> None:
    earlier = {1: 1, 2: 1, 3: 2, 4: 2, 99: 1}
    people = [(1, E), (2, C), (3, E), (4, C), (5, P), (6, P)]
    round_ = rotation.seat_round(people, 2, history=[earlier])
    assert set(round_) == {1, 2, 3, 4, 5, 6}
    assert rotation.repeat_meetings([earlier, round_]) == 0


def test_does_each_round_avoid_the_people_met_in_all_earlier_rounds() -> None:
    people = [(i, [E, C, P][i % 3]) for i in range(1, 31)]
    rounds = rotation.seat_rounds(people, 6, 3, seed=1)
    assert len(rounds) == 3
    assert rotation.repeat_meetings(rounds) == 0


def test_is_the_same_seed_the_same_seating() -> None:
    people = crowd((E, 20), (C, 20), (P, 8))
    assert rotation.seat_rounds(people, 8, 3, seed=9) == rotation.seat_rounds(people, 8, 3, seed=9)


def test_with_more_tables_than_people_does_everyone_sit_apart() -> None:
    round_ = rotation.seat_round([(1, E), (2, C), (3, P)], 5, hosts={5: 2})
    assert round_[2] == 5
    assert len(set(round_.values())) == 3


def test_are_no_people_an_empty_round() -> None:
    assert rotation.seat_round([], 3) == {}


@pytest.mark.parametrize(
    ("tables", "hosts", "message"),
    [
        (0, None, "at least one table"),
        (-2, None, "at least one table"),
        (3, {4: 1}, "table 4 does not exist: tables are numbered 1 to 3"),
        (3, {0: 1}, "table 0 does not exist"),
        (3, {1: 42}, "host 42 is not among the people"),
        (3, {1: 1, 2: 1}, "participant 1 cannot host two tables"),
    ],
)
def test_is_an_impossible_room_refused_with_a_clear_message(
    tables: int, hosts: dict[int, int] | None, message: str
) -> None:
    people = crowd((E, 3), (C, 3))
    with pytest.raises(ValueError, match=message):
        rotation.seat_round(people, tables, hosts=hosts)
    with pytest.raises(ValueError, match=message):
        rotation.seat_rounds(people, tables, 2, hosts=hosts)


def test_is_someone_seated_twice_refused() -> None:
    with pytest.raises(ValueError, match="participant 2 is listed twice"):
        rotation.seat_round([(1, E), (2, C), (2, E)], 2)


def test_are_zero_rounds_refused() -> None:
    with pytest.raises(ValueError, match="at least one round"):
        rotation.seat_rounds(crowd((E, 4)), 2, 0)


# encounters, repeats and mixing -----------------------------------------------------------------

def test_are_encounters_counted_per_round_and_pair() -> None:
    rounds = [{1: 1, 2: 1, 3: 2}, {1: 1, 2: 1, 3: 1}]
    met = rotation.encounters(rounds)
    assert met == Counter({frozenset({1, 2}): 2, frozenset({1, 3}): 1, frozenset({2, 3}): 1})
    assert rotation.repeat_meetings(rounds) == 1


def test_is_a_pair_meeting_three_times_two_repeats() -> None:
    assert rotation.repeat_meetings([{1: 1, 2: 1}] * 3) == 2
    assert rotation.repeat_meetings([]) == 0


def test_is_mixing_the_share_of_table_mates_from_different_groups() -> None:
    groups = {1: E, 2: E, 3: E, 4: C}
    assert rotation.mixing({1: 1, 2: 1, 3: 2, 4: 2}, groups) == 0.5
    assert rotation.mixing({1: 1, 2: 1, 3: 1, 4: 2}, groups) == 0.0
    assert rotation.mixing({1: 1, 4: 1, 2: 2, 3: 3}, groups) == 1.0
    assert rotation.mixing({1: 1, 2: 2}, groups) == 0.0  # nobody shares a table


def test_is_a_seated_person_without_a_group_refused() -> None:
    with pytest.raises(ValueError, match="participant 9 has no stakeholder group"):
        rotation.mixing({1: 1, 9: 1}, {1: E})
