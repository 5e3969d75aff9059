"""Timetabling algorithms on arrays: colouring bounds, flow subgraphs, MILP and heuristic by oracle."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.scheduling.algorithms._arrays import busy_matrix, components, degrees, runs
from matchmaker.scheduling.algorithms.colouring import colour_bound, edge_colouring, equalise
from matchmaker.scheduling.algorithms.compaction import compact, gap_counts
from matchmaker.scheduling.algorithms.flow import bounded_subgraph
from matchmaker.scheduling.algorithms.heuristic import iterated_matchings, max_weight_matching
from matchmaker.scheduling.algorithms.milp import solve_milp
from matchmaker.scheduling.algorithms.tables import assign_tables
from matchmaker.scheduling.constraints import check_timetable
from tests.strategies import meeting_lists


def proper(rows: np.ndarray, cols: np.ndarray, n_rows: int, slot: np.ndarray) -> bool:
    return not check_timetable(rows, cols, n_rows, slot, None, None)


@given(
    meeting_lists(max_a=8, max_b=8, max_meetings=40), st.one_of(st.none(), st.integers(1, 8)), st.booleans()
)
def test_colouring_uses_exactly_the_bound(
    game: tuple[int, int, np.ndarray], tables: int | None, compact_agendas: bool
) -> None:
    n_a, n_b, pairs = game
    rows, cols = pairs[:, 0], pairs[:, 1]
    colour = edge_colouring(rows, cols, n_a, n_b, capacity=tables, compact=compact_agendas)
    deg = degrees(rows, cols, n_a, n_b)
    bound = max(int(deg.max(initial=0)), -(-len(rows) // tables) if tables else 0)
    assert colour_bound(rows, cols, n_a, n_b, tables) == bound
    assert len(colour) == len(rows)
    if len(rows):
        assert colour.min() >= 0
        assert colour.max() + 1 <= bound
        assert proper(rows, cols, n_a, colour)
        if tables is not None:
            assert np.bincount(colour).max() <= tables


def assert_minimal_colouring(
    rows: np.ndarray, cols: np.ndarray, n_a: int, n_b: int, tables: int | None, compact_agendas: bool = True
) -> np.ndarray:
    """``edge_colouring`` uses exactly ``colour_bound`` colours, clash-free, within the tables."""
    colour = edge_colouring(rows, cols, n_a, n_b, capacity=tables, compact=compact_agendas)
    assert colour.max() + 1 == colour_bound(rows, cols, n_a, n_b, tables)
    assert proper(rows, cols, n_a, colour)
    if tables:
        assert np.bincount(colour).max() <= tables
    return colour


def test_colouring_large_regular_and_skewed() -> None:
    rng = np.random.default_rng(7)
    n_a, n_b = 300, 1500
    deg = rng.integers(5, 30, n_a)
    rows = np.repeat(np.arange(n_a), deg)
    cols = rng.integers(0, n_b, len(rows))
    for tables in (None, 200, 150):
        assert_minimal_colouring(rows, cols, n_a, n_b, tables)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_compact_colouring_of_multigraphs_is_proper_and_minimal(
    n_a: int, n_b: int, m: int, seed: int
) -> None:
    """Many repeated pairs, so parallel edges between merged groups (and dummy edges) abound."""
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(0, n_a, m), rng.integers(0, n_b, m)
    for tables in (None, int(rng.integers(1, m + 1))):
        assert_minimal_colouring(rows, cols, n_a, n_b, tables)


def test_compact_colouring_builds_fewer_gaps_than_the_first_matchings() -> None:
    rng = np.random.default_rng(3)
    n_a, n_b = 200, 1000
    deg = rng.integers(5, 25, n_a)
    rows = np.repeat(np.arange(n_a), deg)
    cols = np.concatenate([rng.choice(n_b, d, replace=False) for d in deg.tolist()])
    gaps = {}
    for flag in (False, True):
        colour = assert_minimal_colouring(rows, cols, n_a, n_b, None, compact_agendas=flag)
        gaps[flag] = int(gap_counts(rows, cols, n_a, n_b, colour, int(colour.max()) + 1)[0].sum())
    assert gaps[True] < gaps[False] / 2


def test_equalise_refuses_impossible_capacity() -> None:
    with pytest.raises(ValueError, match="cannot fit"):
        equalise(np.array([0, 1, 2]), np.array([0, 1, 2]), 3, np.zeros(3, np.intp), 1, 2)


def test_components_matches_networkx() -> None:
    import networkx as nx

    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 30, 40), rng.integers(30, 60, 40)
    vertices, degree, vertex_label, edge_label, n = components(a, b)
    graph = nx.Graph()
    graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=False))
    assert n == nx.number_connected_components(graph)
    for comp in nx.connected_components(graph):
        labels = {int(vertex_label[np.searchsorted(vertices, v)]) for v in comp}
        assert len(labels) == 1
    assert degree.sum() == 2 * len(a)
    assert np.array_equal(edge_label, vertex_label[np.searchsorted(vertices, a)])


def brute_subgraph(rows: np.ndarray, cols: np.ndarray, cap: np.ndarray, n_a: int) -> int:
    best = 0
    for size in range(len(rows), 0, -1):
        for chosen in itertools.combinations(range(len(rows)), size):
            idx = list(chosen)
            deg = np.concatenate(
                [np.bincount(rows[idx], minlength=n_a), np.bincount(cols[idx], minlength=len(cap) - n_a)]
            )
            if np.all(deg <= cap):
                return size
    return best


@given(meeting_lists(max_a=4, max_b=4, max_meetings=8), st.data())
@settings(max_examples=40)
def test_bounded_subgraph_is_maximum(game: tuple[int, int, np.ndarray], data: st.DataObject) -> None:
    n_a, n_b, pairs = game
    rows, cols = pairs[:, 0], pairs[:, 1]
    cap = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n_a + n_b, max_size=n_a + n_b)))
    keep = bounded_subgraph(rows, cols, n_a, n_b, cap)
    deg = degrees(rows[keep], cols[keep], n_a, n_b)
    assert np.all(deg <= cap)
    assert keep.sum() == brute_subgraph(rows, cols, cap, n_a)


def brute_placement(
    rows: np.ndarray, cols: np.ndarray, n_a: int, allowed: np.ndarray, capacity: int | None
) -> int:
    """Most meetings any clash-free timetable places (every slot choice of every meeting tried)."""
    n_slots = allowed.shape[1]
    options = [[-1, *np.flatnonzero(allowed[e]).tolist()] for e in range(len(rows))]
    best = 0
    for choice in itertools.product(*options):
        slot = np.array(choice, dtype=np.intp)
        placed = int((slot >= 0).sum())
        if placed <= best:
            continue
        cap = None if capacity is None else np.full(n_slots, capacity)
        if not check_timetable(rows, cols, n_a, slot, allowed, cap):
            best = placed
    return best


@st.composite
def constrained_games(draw: st.DrawFn, max_meetings: int = 7, max_slots: int = 3):
    n_a, n_b, pairs = draw(meeting_lists(max_a=3, max_b=3, max_meetings=max_meetings))
    n_slots = draw(st.integers(1, max_slots))
    avail = np.array(
        draw(
            st.lists(
                st.lists(st.booleans(), min_size=n_slots, max_size=n_slots),
                min_size=n_a + n_b,
                max_size=n_a + n_b,
            )
        ),
        dtype=bool,
    ).reshape(n_a + n_b, n_slots)
    allowed = avail[pairs[:, 0]] & avail[n_a + pairs[:, 1]]
    capacity = draw(st.one_of(st.none(), st.integers(1, 3)))
    return n_a, n_b, pairs[:, 0].copy(), pairs[:, 1].copy(), allowed, capacity


@given(constrained_games())
@settings(max_examples=50)
def test_milp_matches_brute_force_and_heuristic_is_valid(game) -> None:
    n_a, n_b, rows, cols, allowed, capacity = game
    n_slots = allowed.shape[1]
    cap = None if capacity is None else np.full(n_slots, capacity)
    best = brute_placement(rows, cols, n_a, allowed, capacity)
    exact = solve_milp(rows, cols, n_a, n_b, allowed, capacity=cap)
    assert exact.optimal
    assert int((exact.slot >= 0).sum()) == best
    assert not check_timetable(rows, cols, n_a, exact.slot, allowed, cap)
    quick = iterated_matchings(rows, cols, n_a, n_b, allowed, capacity=cap)
    assert not check_timetable(rows, cols, n_a, quick, allowed, cap)
    assert int((quick >= 0).sum()) <= best
    # the flow bound is an upper bound
    free = np.zeros((n_a + n_b, n_slots), dtype=bool)
    np.logical_or.at(free, rows, allowed)
    np.logical_or.at(free, n_a + cols, allowed)
    bound = bounded_subgraph(rows, cols, n_a, n_b, free.sum(axis=1), allowed.sum(axis=1)).sum()
    assert bound >= best


def test_milp_keeps_previous_slots_when_it_costs_nothing() -> None:
    rows, cols = np.array([0, 0, 1]), np.array([0, 1, 1])
    allowed = np.ones((3, 3), dtype=bool)
    prefer = np.array([2, 0, 1])
    result = solve_milp(rows, cols, 2, 2, allowed, prefer=prefer)
    assert result.optimal
    assert result.slot.tolist() == prefer.tolist()  # the unique optimum: all three kept
    kept = iterated_matchings(rows, cols, 2, 2, allowed, prefer=prefer)
    assert kept.tolist() == prefer.tolist()


def test_heuristic_repairs_by_kempe_chain() -> None:
    # rows 0,1 × cols 0,1 complete: 4 meetings in 2 slots needs a perfect colouring.
    rows, cols = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    slot = iterated_matchings(rows, cols, 2, 2, np.ones((4, 2), dtype=bool))
    assert (slot >= 0).all()
    assert proper(rows, cols, 2, slot)


def test_heuristic_near_milp_on_a_mission_sized_instance() -> None:
    rng = np.random.default_rng(11)
    n_a, n_b, n_slots = 46, 115, 13
    deg = rng.integers(6, 13, n_a)
    rows = np.repeat(np.arange(n_a), deg)
    cols = rng.integers(0, n_b, len(rows))
    avail = np.ones((n_a + n_b, n_slots), dtype=bool)
    u = rng.random(n_a + n_b)
    avail[u < 0.15, 7:] = False
    avail[(u >= 0.15) & (u < 0.3), :7] = False
    allowed = avail[rows] & avail[n_a + cols]
    exact = solve_milp(rows, cols, n_a, n_b, allowed, time_limit=30)
    quick = iterated_matchings(rows, cols, n_a, n_b, allowed)
    assert exact.optimal
    assert not check_timetable(rows, cols, n_a, quick, allowed, None)
    assert (quick >= 0).sum() >= 0.97 * (exact.slot >= 0).sum()


@given(constrained_games(max_meetings=12, max_slots=5), st.booleans())
@settings(max_examples=40)
def test_compaction_keeps_validity_and_never_adds_stretches(game, nearest_first: bool) -> None:
    n_a, n_b, rows, cols, allowed, capacity = game
    n_slots = allowed.shape[1]
    cap = None if capacity is None else np.full(n_slots, capacity)
    slot = iterated_matchings(rows, cols, n_a, n_b, allowed, capacity=cap)
    movable = np.arange(len(rows)) % 3 != 0
    after = compact(
        rows,
        cols,
        n_a,
        n_b,
        slot,
        n_slots,
        allowed=allowed,
        capacity=cap,
        movable=movable,
        day_start=np.arange(n_slots) % 2 == 0,
        nearest_first=nearest_first,
    )
    assert np.array_equal(after >= 0, slot >= 0)
    assert np.array_equal(after[~movable], slot[~movable])
    assert not check_timetable(rows, cols, n_a, after, allowed, cap)
    # What the search lowers is stretches (runs of meetings within a day); across days
    # that is not always fewer gaps (a swap can empty one day of a participant and split
    # another), so the invariant checked is the stretches'.
    days = np.arange(n_slots) % 2 == 0
    stretches = [runs(busy_matrix(rows, cols, n_a, n_b, s, n_slots), days).sum() for s in (after, slot)]
    assert stretches[0] <= stretches[1]


@pytest.mark.parametrize("seed", range(12))
def test_compaction_keeps_slots_within_tables_that_bind(seed: int) -> None:
    """Tables exactly as many as the fullest slot needs: every swap must keep the counts right.

    The search tracks how many meetings each slot holds as it swaps chains; an error in
    that bookkeeping lets a later pair of slots overfill one.  Small instances rarely
    swap enough for it to show, so these have hundreds of meetings and tight tables.
    """
    rng = np.random.default_rng(seed)
    n_a, n_b = int(rng.integers(20, 60)), int(rng.integers(40, 120))
    key = np.unique(rng.integers(0, n_a, 600) * n_b + rng.integers(0, n_b, 600))
    rows, cols = key // n_b, key % n_b
    k = int(max(np.bincount(rows).max(), np.bincount(cols).max()))
    tables = -(-len(rows) // k)  # de Werra: k slots of this many tables hold every meeting
    slot = edge_colouring(rows, cols, n_a, n_b, capacity=tables)
    n_slots = int(slot.max()) + 1
    cap = np.full(n_slots, tables)
    days = np.arange(n_slots) % max(2, n_slots // 2) == 0
    for nearest_first in (True, False):
        after = compact(
            rows, cols, n_a, n_b, slot, n_slots, capacity=cap, day_start=days, nearest_first=nearest_first
        )
        assert not check_timetable(rows, cols, n_a, after, None, cap)
        assert np.bincount(after, minlength=n_slots).max() <= tables
        assert not np.array_equal(after, slot)  # the search did swap chains here


def test_nearest_first_visits_the_last_neighbouring_slots_first() -> None:
    """Row 0 meets in slots 0 and 2: swapping (0, 1) or (1, 2) closes its gap.  A budget
    of one meeting lets the search examine one pair: with ``nearest_first`` that is the
    last neighbouring pair, (1, 2), so the meeting in slot 2 moves to slot 1; the other
    order starts at (0, 1) and moves the meeting in slot 0."""
    rows, cols = np.array([0, 0]), np.array([0, 1])
    slot = np.array([0, 2])
    nearest = compact(rows, cols, 1, 2, slot, 3, max_work=1, nearest_first=True)
    assert nearest.tolist() == [0, 1]
    assert compact(rows, cols, 1, 2, slot, 3, max_work=1).tolist() == [1, 2]
    assert slot.tolist() == [0, 2]  # the caller's array is not modified


def test_compaction_reduces_gaps_of_a_colouring() -> None:
    rng = np.random.default_rng(5)
    n_a, n_b = 46, 115
    rows = np.repeat(np.arange(n_a), rng.integers(4, 9, n_a))
    cols = rng.integers(0, n_b, len(rows))
    slot = edge_colouring(rows, cols, n_a, n_b)
    n_slots = int(slot.max()) + 1
    after = compact(rows, cols, n_a, n_b, slot, n_slots)
    assert proper(rows, cols, n_a, after)
    before_gaps = gap_counts(rows, cols, n_a, n_b, slot, n_slots)[0].sum()
    assert gap_counts(rows, cols, n_a, n_b, after, n_slots)[0].sum() < before_gaps / 2


def test_gap_counts_per_day() -> None:
    rows, cols = np.array([0, 0, 0]), np.array([0, 1, 2])
    slot = np.array([0, 2, 3])
    gaps, idle = gap_counts(rows, cols, 1, 3, slot, 4)
    assert (gaps[0], idle[0]) == (1, 1)
    gaps, idle = gap_counts(rows, cols, 1, 3, slot, 4, np.array([1, 0, 1, 0], dtype=bool))
    assert (gaps[0], idle[0]) == (0, 0)
    assert busy_matrix(rows, cols, 1, 3, slot, 4)[0].tolist() == [True, False, True, True]


@given(
    st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 5), st.integers(0, 2)), max_size=30),
    st.integers(1, 5),
)
def test_tables_follow_the_claims_by_priority_then_index(
    items: list[tuple[int, int, int]], n_tables: int
) -> None:
    """assign_tables against its rule written out per slot: the first claimant of a table
    (lowest priority, then index) gets it, the others take the free tables in order;
    with and without two claims on one table (the path that skips the sorts)."""
    slot = np.array([s for s, _, _ in items], dtype=np.intp)
    preferred = np.array([p for _, p, _ in items], dtype=np.intp)
    priority = np.array([r for _, _, r in items], dtype=np.intp)
    for s in range(4):
        slot[np.flatnonzero(slot == s)[n_tables:]] = -1
    expected = np.full(len(items), -1, dtype=np.intp)
    for s in range(4):
        members = np.flatnonzero(slot == s).tolist()
        claims = sorted((int(priority[e]), e) for e in members if 0 <= preferred[e] < n_tables)
        for _, e in claims:
            if preferred[e] not in expected[members]:
                expected[e] = preferred[e]
        free = [t for t in range(n_tables) if t not in expected[members]]
        for e in members:
            if expected[e] < 0:
                expected[e] = free.pop(0)
    assert assign_tables(slot, n_tables, preferred, priority).tolist() == expected.tolist()


@given(st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 4)), max_size=30), st.integers(1, 5))
def test_tables_never_double_booked(items: list[tuple[int, int]], n_tables: int) -> None:
    slot = np.array([s for s, _ in items], dtype=np.intp)
    preferred = np.array([p for _, p in items], dtype=np.intp)
    # keep at most n_tables meetings per slot
    for s in range(4):
        extra = np.flatnonzero(slot == s)[n_tables:]
        slot[extra] = -1
    table = assign_tables(slot, n_tables, preferred)
    placed = slot >= 0
    assert np.all((table >= 0) == placed)
    assert np.all(table[placed] < n_tables)
    pairs = list(zip(slot[placed].tolist(), table[placed].tolist(), strict=False))
    assert len(pairs) == len(set(pairs))
    # a preferred table that nobody else claimed first is granted
    for e in np.flatnonzero(placed & (preferred >= 0) & (preferred < n_tables)).tolist():
        first = np.flatnonzero(placed & (slot == slot[e]) & (preferred == preferred[e]))[0]
        if first == e:
            assert table[e] == preferred[e]


@given(
    st.integers(2, 9).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=6),
            st.lists(st.booleans(), min_size=n, max_size=n),
            st.integers(0, n - 2),
            st.integers(1, n - 1),
        )
    )
)
def test_swap_delta_matches_recounting(case: tuple[list[list[bool]], list[bool], int, int]) -> None:
    from matchmaker.scheduling.algorithms._arrays import runs
    from matchmaker.scheduling.algorithms.compaction import _pair_delta

    raw, day, s, t = case
    t = max(t, s + 1)
    busy = np.array(raw, dtype=bool)
    days = np.array(day, dtype=bool)
    days[0] = True
    after = busy.copy()
    after[:, [s, t]] = busy[:, [t, s]]
    padded = np.vstack([busy.T, np.zeros((1, len(busy)), dtype=bool)])  # slot-major, the free row last
    delta = _pair_delta(padded, s, t, days.tolist())
    assert delta.tolist() == (runs(after, days) - runs(busy, days)).tolist()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_both_matching_backends_reach_the_same_maximum_weight(data) -> None:
    pytest.importorskip("ortools")
    n_a, n_b = data.draw(st.integers(1, 7)), data.draw(st.integers(1, 7))
    edges = data.draw(  # repeated pairs allowed: the heaviest edge of a pair counts
        st.lists(st.tuples(st.integers(0, n_a - 1), st.integers(0, n_b - 1), st.integers(1, 9)), max_size=20)
    )
    rows = np.array([a for a, _, _ in edges], dtype=np.intp)
    cols = np.array([b for _, b, _ in edges], dtype=np.intp)
    weight = np.array([w for _, _, w in edges], dtype=np.int64)
    w: dict[tuple[int, int], int] = {}
    for a, b, x in edges:
        w[a, b] = max(w.get((a, b), 0), x)
    pairs = sorted(w)
    best = (
        max(  # brute force over sets of pairs with distinct ends
            sum(w[p] for p in chosen)
            for k in range(min(n_a, n_b, len(pairs)) + 1)
            for chosen in itertools.combinations(pairs, k)
            if len({a for a, _ in chosen}) == k == len({b for _, b in chosen})
        )
        if len(pairs) <= 12
        else None
    )
    totals = []
    for backend in ("scipy", "ortools"):
        r, c = max_weight_matching(rows, cols, weight, backend=backend)
        assert len(set(r.tolist())) == len(r)
        assert len(set(c.tolist())) == len(c)
        totals.append(sum(w[p] for p in zip(r.tolist(), c.tolist(), strict=True)))
    assert totals[0] == totals[1]
    if best is not None:
        assert totals[0] == best


def test_iterated_matchings_with_either_backend_is_valid() -> None:
    pytest.importorskip("ortools")
    rng = np.random.default_rng(5)
    rows, cols = rng.integers(0, 30, 300), rng.integers(0, 60, 300)
    allowed = rng.random((300, 12)) < 0.6
    for backend in ("scipy", "ortools"):
        slot = iterated_matchings(rows, cols, 30, 60, allowed, backend=backend)
        placed = slot >= 0
        assert allowed[np.flatnonzero(placed), slot[placed]].all()
        for ends in (rows, 30 + cols):  # nobody twice in a slot
            keys = ends[placed] * 12 + slot[placed]
            assert len(np.unique(keys)) == placed.sum()


def test_compaction_budget_is_a_count_so_the_result_repeats() -> None:
    rng = np.random.default_rng(11)
    rows, cols = rng.integers(0, 40, 400), rng.integers(0, 120, 400)
    key = np.unique(rows * 120 + cols)
    rows, cols = key // 120, key % 120
    slot = edge_colouring(rows, cols, 40, 120)
    n_slots = int(slot.max()) + 1
    full = compact(rows, cols, 40, 120, slot, n_slots)
    cut = [compact(rows, cols, 40, 120, slot, n_slots, max_work=500) for _ in range(2)]
    assert np.array_equal(cut[0], cut[1])
    gaps = [int(gap_counts(rows, cols, 40, 120, s, n_slots)[0].sum()) for s in (slot, cut[0], full)]
    assert gaps[0] >= gaps[1] >= gaps[2]
    assert gaps[1] > gaps[2]  # the budget really stopped the search early
    assert np.array_equal(compact(rows, cols, 40, 120, slot, n_slots, max_work=0), slot)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_chain_labels_name_every_path_by_its_end(n: int, seed: int) -> None:
    """Meetings of two slots linked through their row and column: paths and cycles of any length."""
    from matchmaker.scheduling.algorithms._arrays import components
    from matchmaker.scheduling.algorithms.compaction import _chain_labels

    rng = np.random.default_rng(seed)
    # A permutation cut into chains, long ones included: along a chain the meetings
    # alternate between the two slots and the links between row and column, as the
    # meetings of two slots do; some chains are closed into (even) cycles.
    order = rng.permutation(n)
    cuts = np.sort(rng.choice(np.arange(1, n + 1), size=rng.integers(1, 4), replace=True))
    link_a, link_b = np.arange(n), np.arange(n)
    in_s = np.zeros(n, dtype=bool)
    start = 0
    for stop in np.unique(cuts).tolist():
        part = order[start:stop]
        in_s[part] = (np.arange(len(part)) + int(rng.integers(2))) % 2 == 0
        first_link = int(rng.integers(2))
        for i in range(len(part) - 1):
            links = (link_a, link_b)[(i + first_link) % 2]
            links[part[i]], links[part[i + 1]] = part[i + 1], part[i]
        if len(part) > 2 and len(part) % 2 == 0 and rng.random() < 0.5:  # close it into a cycle
            links = (link_a, link_b)[(len(part) - 1 + first_link) % 2]
            links[part[-1]], links[part[0]] = part[0], part[-1]
        start = stop
    # "Forward": from a meeting of the first slot through its row, from one of the second
    # through its column (itself at the end of a path).
    forward = np.where(in_s, link_a, link_b)
    label = _chain_labels(forward)
    first = np.arange(n)
    _, _, _, edge_label, _ = components(np.concatenate([first, first]), np.concatenate([link_a, link_b]))
    chain = edge_label[:n]
    # No label leaves its chain, so no two chains share one (cycles may have several).
    assert np.array_equal(chain[label], chain)
    # Every meeting of a path is labelled with the path's forward end.
    at_end = forward == first
    for c in np.unique(chain[at_end]).tolist():
        members = np.flatnonzero(chain == c)
        end = np.flatnonzero(at_end & (chain == c))
        assert len(end) == 1
        assert (label[members] == end[0]).all()


@given(st.lists(st.integers(0, 40), max_size=300), st.integers(0, 3))
def test_stable_order_is_numpys_stable_argsort(keys: list[int], wide: int) -> None:
    """The colouring's packed sort against ``np.argsort(kind="stable")``, with bounds that
    fit the keys and positions in 32 bits, in 64 bits, or not at all."""
    from matchmaker.scheduling.algorithms.colouring import _stable_order

    bound = (41, 1 << 20, 1 << 40, 1 << 62)[wide]
    key = np.array(keys, dtype=np.int64) * (bound // 41)
    expected = np.argsort(key, kind="stable")
    got = _stable_order(key, bound)
    assert got.dtype == np.intp
    assert got.tolist() == expected.tolist()


@given(st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=300), st.booleans())
def test_pair_order_is_numpys_stable_argsort(pairs: list[tuple[int, int]], wide: bool) -> None:
    """Two 16-bit radix passes, or (beyond 2^16 groups) the 64-bit keys' sort, give the order
    of ``u * n + v`` with ties in their given order."""
    from matchmaker.scheduling.algorithms.colouring import _pair_order

    n = (1 << 17) if wide else 71
    scale = (n - 1) // 70
    u = np.array([a for a, _ in pairs], dtype=np.intp) * scale
    v = np.array([b for _, b in pairs], dtype=np.intp) * scale
    expected = np.argsort(u.astype(np.int64) * n + v, kind="stable")
    assert _pair_order(u, v, n).tolist() == expected.tolist()


@given(st.lists(st.integers(0, 12), max_size=200), st.integers(12, 30))
def test_pack_is_first_fit_decreasing(degree_list: list[int], k: int) -> None:
    """Every vertex, largest degree first (lowest number first within a degree), goes into
    the first bin with room for it, else a new bin: what the slices of one sort compute."""
    from matchmaker.scheduling.algorithms.colouring import _pack

    degree = np.array(degree_list, dtype=np.intp)
    group, load = _pack(degree, k)
    expected_group = [0] * len(degree_list)
    bins: list[int] = []
    for vertex in sorted(range(len(degree_list)), key=lambda i: (-degree_list[i], i)):
        d = degree_list[vertex]
        if d == 0:
            continue
        fits = [b for b, used in enumerate(bins) if used + d <= k]
        if fits:
            bins[fits[0]] += d
            expected_group[vertex] = fits[0]
        else:
            bins.append(d)
            expected_group[vertex] = len(bins) - 1
    assert group.tolist() == expected_group
    assert load.tolist() == bins
