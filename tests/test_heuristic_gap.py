"""The timetabling heuristic against the exact MILP on a few of ``benchmarks/heuristic_gap.py``'s events.

The benchmark runs all 80 seeded events; here a few of them check the comparison
itself: both timetables are valid, the heuristic never places more than the proved
MILP optimum nor more than the bound, it reports itself optimal exactly when its
count meets the bound (and then equals the optimum), it is at most 1 % short of
the optimum (the issue's target), and on these events it is proven optimal (on event
33 the flow bound is one above the optimum; the linear relaxation proves it).
Events 3, 11, 18 and 19 were 1.1-2.0 % short before the exact windows (step 4 of
``iterated_matchings``); events 0 and 2 are solved exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from heuristic_gap import compare


@pytest.mark.parametrize("k", [0, 2, 3, 11, 18, 19, 33])
def test_heuristic_against_milp(k: int) -> None:
    heuristic, exact, _, _ = compare(k)
    assert exact.optimal is True
    assert exact.n_placed <= exact.placed_bound
    assert heuristic.n_placed <= exact.n_placed
    assert (heuristic.optimal is True) == (heuristic.n_placed == heuristic.placed_bound)
    if heuristic.n_placed == heuristic.placed_bound:
        assert heuristic.n_placed == exact.n_placed
    assert exact.n_placed - heuristic.n_placed <= 0.01 * exact.n_placed
    assert heuristic.optimal is True
