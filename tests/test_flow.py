"""The one max-flow helper (matchmaker._flow) against networkx: value, conservation, capacities, cut."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker._flow import bipartite_flow, max_flow


@st.composite
def bipartite(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n_a, n_b = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    keys = sorted(draw(st.sets(st.integers(0, n_a * n_b - 1), max_size=12)))
    rows, cols = np.array(keys, dtype=np.intp) // n_b, np.array(keys, dtype=np.intp) % n_b
    row_cap = np.array(draw(st.lists(st.integers(0, 3), min_size=n_a, max_size=n_a)))
    col_cap = np.array(draw(st.lists(st.integers(0, 3), min_size=n_b, max_size=n_b)))
    pair_cap = np.array(draw(st.lists(st.integers(0, 2), min_size=len(keys), max_size=len(keys))))
    pool = draw(st.none() | st.integers(0, 8))
    return rows, cols, row_cap, col_cap, pair_cap, np.array([-1 if pool is None else pool])


@settings(max_examples=150, deadline=None)
@given(bipartite())
def test_bipartite_flow_is_a_maximum_flow(case: tuple[np.ndarray, ...]) -> None:
    rows, cols, row_cap, col_cap, pair_cap, pool_ = case
    pool = None if pool_[0] < 0 else int(pool_[0])
    f = bipartite_flow(rows, cols, row_cap, col_cap, pair_cap=pair_cap, pool=pool)
    g = nx.DiGraph()
    g.add_edge("s", "hub", capacity=float("inf") if pool is None else pool)
    for i, c in enumerate(row_cap.tolist()):
        g.add_edge("hub", ("a", i), capacity=c)
    for j, c in enumerate(col_cap.tolist()):
        g.add_edge(("b", j), "t", capacity=c)
    for r, c, k in zip(rows.tolist(), cols.tolist(), pair_cap.tolist(), strict=True):
        g.add_edge(("a", r), ("b", c), capacity=k)
    assert f.value == nx.maximum_flow_value(g, "s", "t")
    # a feasible flow: within every capacity, conserved at every row and column
    assert (f.pair >= 0).all()
    assert (f.pair <= pair_cap).all()
    assert (f.row <= row_cap).all()
    assert (f.col <= col_cap).all()
    assert np.array_equal(np.bincount(rows, weights=f.pair, minlength=len(row_cap)), f.row)
    assert np.array_equal(np.bincount(cols, weights=f.pair, minlength=len(col_cap)), f.col)
    assert f.row.sum() == f.value
    assert pool is None or f.value <= pool


def test_source_side_is_a_minimum_cut() -> None:
    # s=0 -> 1 (3), s -> 2 (1), 1 -> 3 (1), 2 -> 3 (4), 1 -> 2 (1): max flow 3, cut {0, 1}
    tail, head, cap = [0, 0, 1, 2, 1], [1, 2, 3, 3, 2], [3, 1, 1, 4, 1]
    f = max_flow(tail, head, cap, 4, 0, 3)
    assert f.value == 3
    side = f.source_side
    cut = sum(c for u, v, c in zip(tail, head, cap, strict=True) if side[u] and not side[v])
    assert cut == f.value
    assert side[0]
    assert not side[3]
