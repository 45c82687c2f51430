"""Who talks with whom: Appreciative Inquiry interview pairs and World Café table rounds.

Pure planning code: participant ids and stakeholder group keys in, seatings out, no database.
Both aim at what the methods are for: employees meeting customers, and perspectives mixing at
every table rather than each group talking among itself.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

Person = tuple[int, str]  # (participant id, stakeholder group key)
EMPLOYEE, CUSTOMER = "employee", "customer"


def pairs(people: Sequence[Person], seed: int = 0) -> list[list[int]]:
    """Interview pairs that cross stakeholder groups as much as possible, one trio if odd.

    First the number of cross-group pairs is maximised; among such pairings, the one with the most
    employee–customer pairs is chosen; whoever is left pairs within their group. With an odd count
    the last person joins the pair where they add the most diversity. ``seed`` only decides who
    is paired with whom among equally good choices.
    """
    group_of = _groups(people)
    if len(group_of) < 2:
        return [list(group_of)] if group_of else []
    rng = random.Random(seed)
    pools: dict[str, list[int]] = defaultdict(list)
    for pid, group in group_of.items():
        pools[group].append(pid)
    for pool in pools.values():
        rng.shuffle(pool)
    tiebreak = {group: i for i, group in enumerate(pools)}

    result: list[list[int]] = []
    for _ in range(_employee_customer_pairs({g: len(p) for g, p in pools.items()})):
        result.append([pools[EMPLOYEE].pop(), pools[CUSTOMER].pop()])
    # Pairing the two biggest remaining groups each time yields the most cross-group pairs.
    while True:
        ranked = sorted((g for g in pools if pools[g]), key=lambda g: (-len(pools[g]), tiebreak[g]))
        if len(ranked) < 2:
            break
        result.append([pools[ranked[0]].pop(), pools[ranked[1]].pop()])
    rest = [pid for pool in pools.values() for pid in pool]
    result.extend([rest[i], rest[i + 1]] for i in range(0, len(rest) - 1, 2))
    if len(rest) % 2:
        _join_trio(result, rest[-1], group_of)
    return result


def _employee_customer_pairs(sizes: Mapping[str, int]) -> int:
    """The most employee–customer pairs that still allow the most cross-group pairs overall."""
    def cross(counts: Mapping[str, int]) -> int:
        total = sum(counts.values())
        return min(total // 2, total - max(counts.values(), default=0))

    best = cross(sizes)
    for x in range(min(sizes.get(EMPLOYEE, 0), sizes.get(CUSTOMER, 0)), 0, -1):
        rest = dict(sizes)
        rest[EMPLOYEE] -= x
        rest[CUSTOMER] -= x
        if x + cross(rest) == best:
            return x
    return 0


def _join_trio(result: list[list[int]], pid: int, group_of: Mapping[int, str]) -> None:
    """Add the odd one out to the pair that gains the most groups (a same-group pair first)."""
    def gain(pair: list[int]) -> tuple[int, int]:
        groups = {group_of[p] for p in pair}
        return (len(groups | {group_of[pid]}), -len(groups))

    max(result, key=gain).append(pid)


def seat_round(
    people: Sequence[Person],
    tables: int,
    history: Sequence[Mapping[int, int]] = (),
    hosts: Mapping[int, int] | None = None,
    seed: int = 0,
    *,
    kicks: int = 30,
) -> dict[int, int]:
    """Seat everyone at tables 1..``tables`` for one World Café round: participant id -> table.

    Table sizes differ by at most one (with more tables than people, some stay empty) and each
    host stays at their table. The seating minimises, in this order: meetings that repeat an
    earlier round of ``history`` (weighted by how often the pair already met), then table-mates
    from the same stakeholder group, which spreads every group evenly across tables. People in
    ``history`` who are gone are ignored; latecomers simply have no past. ``kicks`` bounds the
    random restarts tried while repeats remain.
    """
    group_of = _groups(people)
    if tables < 1:
        raise ValueError("there must be at least one table")
    if kicks < 0:
        raise ValueError("kicks cannot be negative")
    host_table = _hosts(hosts, tables, group_of)
    if not group_of:
        return {}
    seating = _Seating(group_of, tables, history, host_table, random.Random(seed))
    seating.improve()
    seating.kick(kicks)
    return seating.result()


def seat_rounds(
    people: Sequence[Person],
    tables: int,
    rounds: int,
    hosts: Mapping[int, int] | None = None,
    seed: int = 0,
) -> list[dict[int, int]]:
    """Every round of a World Café, each one seated against the rounds before it."""
    if rounds < 1:
        raise ValueError("there must be at least one round")
    rng = random.Random(seed)
    history: list[dict[int, int]] = []
    for _ in range(rounds):
        history.append(seat_round(people, tables, history, hosts, rng.getrandbits(32)))
    return history


def encounters(rounds: Sequence[Mapping[int, int]]) -> Counter[frozenset[int]]:
    """How many rounds each pair of people shared a table."""
    met: Counter[frozenset[int]] = Counter()
    for round_ in rounds:
        for members in _by_table(round_).values():
            met.update(frozenset(pair) for pair in combinations(members, 2))
    return met


def repeat_meetings(rounds: Sequence[Mapping[int, int]]) -> int:
    """Meetings of a pair who had already sat together, counted once per extra meeting."""
    return sum(n - 1 for n in encounters(rounds).values())


def mixing(round_: Mapping[int, int], groups: Mapping[int, str]) -> float:
    """Share of table-mate pairs from different stakeholder groups, from 0.0 to 1.0.

    It is the chance that two people at the same table come from different groups: 0.0 when every
    table holds a single group, 1.0 when nobody shares a table with their own group. Rounds with
    no table of two or more people give 0.0.
    """
    mates = cross = 0
    for members in _by_table(round_).values():
        missing = [pid for pid in members if pid not in groups]
        if missing:
            raise ValueError(f"participant {missing[0]} has no stakeholder group")
        size = len(members)
        same = sum(n * (n - 1) // 2 for n in Counter(groups[pid] for pid in members).values())
        mates += size * (size - 1) // 2
        cross += size * (size - 1) // 2 - same
    return cross / mates if mates else 0.0


def _groups(people: Sequence[Person]) -> dict[int, str]:
    group_of: dict[int, str] = {}
    for pid, group in people:
        if pid in group_of:
            raise ValueError(f"participant {pid} is listed twice")
        group_of[pid] = group
    return group_of


def _hosts(
    hosts: Mapping[int, int] | None, tables: int, group_of: Mapping[int, str]
) -> dict[int, int]:
    """Host id -> table, after checking each table exists and each host is present once."""
    host_table: dict[int, int] = {}
    for table, pid in (hosts or {}).items():
        if not 1 <= table <= tables:
            raise ValueError(f"table {table} does not exist: tables are numbered 1 to {tables}")
        if pid not in group_of:
            raise ValueError(f"host {pid} is not among the people")
        if pid in host_table:
            raise ValueError(f"participant {pid} cannot host two tables")
        host_table[pid] = table
    return host_table


def _by_table(round_: Mapping[int, int]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for pid, table in round_.items():
        members[table].append(pid)
    return members


class _Seating:
    """A round being seated, with each person's cost at every table kept up to date.

    The cost of two table-mates is ``repeat * past_meetings + same_group``; ``repeat`` exceeds
    any possible total of same-group pairs, so avoiding a repeat always comes first.
    """

    def __init__(
        self,
        group_of: Mapping[int, str],
        tables: int,
        history: Sequence[Mapping[int, int]],
        host_table: Mapping[int, int],
        rng: random.Random,
    ) -> None:
        self.ids = list(group_of)
        index = {pid: i for i, pid in enumerate(self.ids)}
        keys = {group: k for k, group in enumerate(dict.fromkeys(group_of.values()))}
        n = len(self.ids)
        self.group = [keys[group_of[pid]] for pid in self.ids]
        self.tables = range(1, tables + 1)
        self.rng = rng
        self.repeat = n * n + 1
        self.evaluations = 0
        self.kick_budget = 200_000
        self.met: list[dict[int, int]] = [defaultdict(int) for _ in range(n)]
        for past in history:
            present = {pid: t for pid, t in past.items() if pid in index}
            for pair in encounters([present]):
                a, b = (index[pid] for pid in pair)
                self.met[a][b] += 1
                self.met[b][a] += 1
        self.host = {index[pid]: table for pid, table in host_table.items()}
        self.movable = [i for i in range(n) if i not in self.host]
        self.size = self._sizes(n, tables)
        self._seat_greedily()

    def _sizes(self, n: int, tables: int) -> dict[int, int]:
        """Balanced target sizes; hosted tables are the first to get the extra seat."""
        base, extra = divmod(n, tables)
        hosted = set(self.host.values())
        ranked = sorted(self.tables, key=lambda t: (t not in hosted, t))
        return {t: base + (1 if rank < extra else 0) for rank, t in enumerate(ranked)}

    def _reset(self) -> None:
        n = len(self.ids)
        self.table = [0] * n
        self.members: dict[int, set[int]] = {t: set() for t in self.tables}
        self.same: dict[int, Counter[int]] = {t: Counter() for t in self.tables}
        self.past = [dict.fromkeys(self.tables, 0) for _ in range(n)]

    def _seat_greedily(self) -> None:
        """Hosts first, then the people with the most history, each at their cheapest table."""
        self._reset()
        for i, table in self.host.items():
            self._place(i, table)
        order = list(self.movable)
        self.rng.shuffle(order)
        order.sort(key=lambda i: -len(self.met[i]))
        for i in order:
            open_tables = [t for t in self.tables if len(self.members[t]) < self.size[t]]
            self._place(i, min(open_tables, key=lambda t: (self.cost(i, t), len(self.members[t]))))

    def _place(self, i: int, table: int) -> None:
        self.table[i] = table
        self.members[table].add(i)
        self.same[table][self.group[i]] += 1
        for j, times in self.met[i].items():
            self.past[j][table] += times

    def _remove(self, i: int) -> None:
        table = self.table[i]
        self.members[table].discard(i)
        self.same[table][self.group[i]] -= 1
        for j, times in self.met[i].items():
            self.past[j][table] -= times

    def cost(self, i: int, table: int) -> int:
        """What ``i`` pays with the people at ``table`` (excluding themselves)."""
        own = 1 if self.table[i] == table else 0
        return self.repeat * self.past[i][table] + self.same[table][self.group[i]] - own

    def pair_cost(self, i: int, j: int) -> int:
        return self.repeat * self.met[i].get(j, 0) + (self.group[i] == self.group[j])

    def total(self) -> int:
        return sum(self.cost(i, self.table[i]) for i in range(len(self.ids))) // 2

    def improve(self) -> None:
        """Swap two people, or move one to a smaller table, while it lowers the total cost."""
        improved = True
        while improved:
            improved = False
            order = list(self.movable)
            self.rng.shuffle(order)
            for i in order:
                if self._improve_one(i):
                    improved = True

    def _improve_one(self, i: int) -> bool:
        """Make the best improving swap or move of ``i``, if there is one."""
        here, group, past, host = self.table[i], self.group, self.past, self.host
        mine, mine_group, met_i, weight = self.cost(i, here), group[i], self.met[i], self.repeat
        same_here = self.same[here]
        best = 0
        best_move: tuple[int, int | None] | None = None
        for there in self.tables:
            same_there = self.same[there]
            # Only a table where i could pay less is worth trying from i's side; swaps that only
            # help the other person are found when that person's turn comes.
            if there == here or same_there[mine_group] - 1 >= mine:
                continue
            gain_i = self.cost(i, there) - mine
            if len(self.members[there]) < len(self.members[here]) and gain_i < best:
                best, best_move = gain_i, (there, None)
            self.evaluations += len(self.members[there])
            for j in self.members[there]:
                if j in host:
                    continue
                # gain_i + cost(j, here) - cost(j, there) - 2 * pair_cost(i, j), inlined.
                g, p = group[j], past[j]
                delta = (gain_i + weight * (p[here] - p[there] - 2 * met_i.get(j, 0))
                         + same_here[g] - same_there[g] + 1 - 2 * (g == mine_group))
                if delta < best:
                    best, best_move = delta, (there, j)
        if best_move is None:
            return False
        target, partner = best_move
        self._remove(i)
        if partner is not None:
            self._remove(partner)
            self._place(partner, here)
        self._place(i, target)
        return True

    def kick(self, kicks: int) -> None:
        """While repeats remain, shake a few people who repeat and search again; keep the best."""
        best_total, best_table = self.total(), list(self.table)
        budget = self.evaluations + self.kick_budget
        for _ in range(kicks):
            # Big tables make every kick costly and their repeats are usually forced: a fixed
            # budget of candidate swaps keeps those cases fast (and still deterministic).
            if best_total < self.repeat or len(self.movable) < 2 or self.evaluations > budget:
                break
            repeating = [i for i in self.movable if self.past[i][self.table[i]] > 0]
            for i in self.rng.sample(repeating, min(3, len(repeating))):
                j = self.rng.choice(self.movable)
                here, there = self.table[i], self.table[j]
                if here == there:
                    continue
                self._remove(i)
                self._remove(j)
                self._place(i, there)
                self._place(j, here)
            self.improve()
            total = self.total()
            if total < best_total:
                best_total, best_table = total, list(self.table)
        if self.table != best_table:
            self._reset()
            for i, table in enumerate(best_table):
                self._place(i, table)

    def result(self) -> dict[int, int]:
        return {pid: self.table[i] for i, pid in enumerate(self.ids)}
