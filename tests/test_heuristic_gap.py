"""The timetabling heuristic against the exact MILP on a few of ``benchmarks/heuristic_gap.py``'s events.

The benchmark runs all 80 seeded events; here six of them (two that the heuristic
solves exactly, four where it is short) check the comparison itself: both timetables
are valid, the heuristic never places more than the proved MILP optimum nor more than
the flow bound, a heuristic count that meets the bound equals the optimum, and the
shortfall stays within what the benchmark last measured (2 %; the issue's target is
1 %, not met yet on these four).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from heuristic_gap import compare


@pytest.mark.parametrize("k", [0, 2, 3, 11, 19, 41])
def test_heuristic_against_milp(k: int) -> None:
    heuristic, exact, _, _ = compare(k)
    assert exact.optimal is True
    assert exact.n_placed <= exact.placed_bound
    assert heuristic.n_placed <= exact.n_placed
    if heuristic.n_placed == heuristic.placed_bound:
        assert heuristic.n_placed == exact.n_placed
    assert exact.n_placed - heuristic.n_placed <= 0.02 * exact.n_placed
