"""The heuristic's priority matching (slot graphs above ``EXACT_EDGES``), by oracle."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.scheduling.algorithms import heuristic
from matchmaker.scheduling.algorithms.flow import bounded_subgraph
from matchmaker.scheduling.algorithms.heuristic import _matched_edges, iterated_matchings
from matchmaker.scheduling.algorithms.milp import solve_milp
from matchmaker.scheduling.constraints import check_timetable


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_priority_matching_is_a_maximum_matching_level_by_level(data: st.DataObject) -> None:
    n_a, n_b = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 8))
    edges = data.draw(  # repeated pairs allowed, few levels so that levels have many edges
        st.lists(st.tuples(st.integers(0, n_a - 1), st.integers(0, n_b - 1), st.integers(1, 4)), max_size=30)
    )
    rows = np.array([a for a, _, _ in edges], dtype=np.intp)
    cols = np.array([b for _, b, _ in edges], dtype=np.intp)
    weight = np.array([w for _, _, w in edges], dtype=np.int64)
    chosen = _matched_edges(rows, cols, weight, "scipy", exact=False)
    assert len(set(rows[chosen].tolist())) == len(chosen) == len(set(cols[chosen].tolist()))
    # level by level (heaviest first), the level's matching is a maximum matching of the
    # level's edges between participants not matched on a heavier level (networkx oracle)
    taken: set[tuple[str, int]] = set()
    for level in sorted(set(weight.tolist()), reverse=True):
        graph = nx.Graph()
        ends = {(("a", a), ("b", b)) for a, b, w in edges if w == level}
        graph.add_edges_from((u, v) for u, v in ends if u not in taken and v not in taken)
        a_side = {u for u in graph if u[0] == "a"}
        best = len(nx.bipartite.hopcroft_karp_matching(graph, a_side)) // 2 if len(graph) else 0
        mine = chosen[weight[chosen] == level]
        assert len(mine) == best
        taken |= {("a", int(a)) for a in rows[mine]} | {("b", int(b)) for b in cols[mine]}
    # maximal: no edge between two participants left unmatched
    free_a, free_b = (
        set(range(n_a)) - set(rows[chosen].tolist()),
        set(range(n_b)) - set(cols[chosen].tolist()),
    )
    assert not any(a in free_a and b in free_b for a, b, _ in edges)


@pytest.fixture
def priority_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heuristic, "EXACT_EDGES", 0)  # every slot takes the priority matching


def _event(seed: int, n_a: int, n_b: int, n_slots: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    deg = rng.integers(6, 13, n_a)
    rows = np.repeat(np.arange(n_a), deg)
    cols = rng.integers(0, n_b, len(rows))
    avail = np.ones((n_a + n_b, n_slots), dtype=bool)
    u = rng.random(n_a + n_b)
    avail[u < 0.15, n_slots // 2 :] = False
    avail[(u >= 0.15) & (u < 0.3), : n_slots // 2] = False
    return rows, cols, avail[rows] & avail[n_a + cols]


@pytest.mark.usefixtures("priority_always")
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_priority_path_is_valid_and_near_the_milp(seed: int) -> None:
    n_a, n_b = 46, 115
    rows, cols, allowed = _event(seed, n_a, n_b, 13)
    cap = np.full(13, 30)
    exact = solve_milp(rows, cols, n_a, n_b, allowed, capacity=cap, time_limit=30)
    quick = iterated_matchings(rows, cols, n_a, n_b, allowed, capacity=cap, window_work=0)
    assert exact.optimal
    assert not check_timetable(rows, cols, n_a, quick, allowed, cap)
    assert (quick >= 0).sum() >= 0.97 * (exact.slot >= 0).sum()


def test_priority_path_reaches_the_flow_bound_on_a_large_event_with_half_day_windows() -> None:
    # 35,801 meetings: the first slots' graphs exceed EXACT_EDGES, so this runs the real path
    n_a, n_b, n_slots = 4_000, 16_000, 28
    rows, cols, allowed = _event(3, n_a, n_b, n_slots)
    assert allowed[:, 0].sum() > heuristic.EXACT_EDGES
    slot = iterated_matchings(rows, cols, n_a, n_b, allowed, window_work=0)
    assert not check_timetable(rows, cols, n_a, slot, allowed, None)
    free = np.zeros((n_a + n_b, n_slots), dtype=bool)
    np.logical_or.at(free, rows, allowed)
    np.logical_or.at(free, n_a + cols, allowed)
    bound = bounded_subgraph(rows, cols, n_a, n_b, free.sum(axis=1), allowed.sum(axis=1)).sum()
    assert (slot >= 0).sum() == bound == 34_195  # the exact path places as many (measured)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=3), min_size=1, max_size=8))
def test_slot_counts_without_bitwise_count_match_numpy_2(rows: list[list[int]]) -> None:
    """numpy < 2.0 (allowed by the project) has no ``bitwise_count``: the byte-table
    fallback counts the same bits as numpy 2's popcount and as Python's ``bin``."""
    width = max(len(r) for r in rows)
    words = np.array([r + [0] * (width - len(r)) for r in rows], dtype=np.uint64)
    expected = [sum(bin(w).count("1") for w in r) for r in rows]
    assert heuristic._count_bytes(words).tolist() == expected
    assert heuristic._count(words).tolist() == expected
