"""The heuristic's exact windows (step 4 of ``iterated_matchings``) and the LP bound, by oracle."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.scheduling.algorithms.flow import bounded_subgraph
from matchmaker.scheduling.algorithms.heuristic import iterated_matchings
from matchmaker.scheduling.algorithms.milp import relaxation_bound, solve_milp
from matchmaker.scheduling.constraints import check_timetable
from tests.test_scheduling_algorithms import brute_placement, constrained_games


def event(seed: int, tables: bool, pins: bool) -> tuple[np.ndarray, ...]:
    """A small event with availability windows, too big for brute force but quick for the MILP."""
    rng = np.random.default_rng(seed)
    n_a, n_b, n_slots = int(rng.integers(3, 9)), int(rng.integers(4, 13)), int(rng.integers(3, 8))
    key = np.unique(rng.integers(0, n_a * n_b, int(rng.integers(5, 3 * n_slots + 10))))
    rows, cols = (key // n_b).astype(np.intp), (key % n_b).astype(np.intp)
    avail = np.ones((n_a + n_b, n_slots), dtype=bool)
    for p in np.flatnonzero(rng.random(n_a + n_b) < 0.5).tolist():
        first = int(rng.integers(0, n_slots))
        avail[p, :first] = False
        avail[p, first + int(rng.integers(1, n_slots + 1)) :] = False
    blocked = np.zeros_like(avail)
    if pins:  # a pinned meeting takes some participant's slot
        blocked[rng.integers(0, n_a + n_b, 3), rng.integers(0, n_slots, 3)] = True
    allowed = avail[rows] & avail[n_a + cols] & ~blocked[rows] & ~blocked[n_a + cols]
    capacity = np.full(n_slots, max(1, len(rows) // n_slots)) if tables else None
    return rows, cols, np.array([n_a, n_b]), allowed, capacity, blocked


@given(st.integers(0, 10_000), st.booleans(), st.booleans())
@settings(max_examples=40, deadline=None)
def test_windows_are_valid_never_lose_a_meeting_and_never_beat_the_milp(
    seed: int, tables: bool, pins: bool
) -> None:
    rows, cols, (n_a, n_b), allowed, capacity, blocked = event(seed, tables, pins)
    kwargs = {"capacity": capacity, "blocked": blocked}
    plain = iterated_matchings(rows, cols, n_a, n_b, allowed, window_work=0, **kwargs)
    windows = iterated_matchings(rows, cols, n_a, n_b, allowed, **kwargs)
    exact = solve_milp(rows, cols, n_a, n_b, allowed, capacity=capacity)
    assert exact.optimal
    assert not check_timetable(rows, cols, n_a, windows, allowed, capacity)
    assert (windows >= 0).sum() >= (plain >= 0).sum()
    assert (windows >= 0).sum() <= (exact.slot >= 0).sum()


def test_windows_stop_at_the_upper_bound() -> None:
    # 2 × 2 complete in 2 slots, one meeting allowed only in slot 0: all 4 fit.
    rows, cols = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    allowed = np.ones((4, 2), dtype=bool)
    allowed[0, 1] = False
    slot = iterated_matchings(rows, cols, 2, 2, allowed, upper_bound=4)
    assert (slot >= 0).all()
    assert not check_timetable(rows, cols, 2, slot, allowed, None)


@given(constrained_games())
@settings(max_examples=50, deadline=None)
def test_relaxation_bound_lies_between_the_optimum_and_the_flow_bound(game) -> None:
    n_a, n_b, rows, cols, allowed, capacity = game
    n_slots = allowed.shape[1]
    cap = None if capacity is None else np.full(n_slots, capacity)
    best = brute_placement(rows, cols, n_a, allowed, capacity)
    free = np.zeros((n_a + n_b, n_slots), dtype=bool)
    np.logical_or.at(free, rows, allowed)
    np.logical_or.at(free, n_a + cols, allowed)
    flow = bounded_subgraph(rows, cols, n_a, n_b, free.sum(axis=1), allowed.sum(axis=1)).sum()
    assert best <= relaxation_bound(rows, cols, n_a, n_b, allowed, capacity=cap) <= flow
