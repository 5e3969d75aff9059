"""evaluate() and compare_methods() on hand-checked cases and on the bundled mission."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from matchmaker.assignment import match
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run
from matchmaker.reporting.evaluate import compare_methods, declared_potential, evaluate
from matchmaker.scheduling import EventPlan, schedule


def small_mission() -> Mission:
    people = [
        Participant("A1", "PT A1", "X", "Jatim", offers="10722=300", must_meet="B2"),
        Participant("A2", "PT A2", "X", "Jatim", offers="01270=1000", needs="05100=50"),
        Participant("B1", "PT B1", "Y", "Sumsel", needs="107=500", would_like="A1"),
        Participant("B2", "PT B2", "Y", "Sumsel", needs="10722=100; 01270=2000", offers="05100"),
        Participant("B3", "PT B3", "Y", "Sumsel"),
    ]
    return Mission("m", Delegation("X"), Delegation("Y"), people, date=dt.date(2025, 1, 2))


def test_matching_figures_by_hand() -> None:
    mission = small_mission()
    scores = np.array([[0.5, 0.9, 0.0], [0.1, 0.6, 0.0]])
    forbidden = np.array([[True, False, True], [False, True, True]])
    m = match(scores, "hungarian", forbidden=forbidden, row_ids=mission.ids("A"), col_ids=mission.ids("B"))
    assert m.pair_ids() == (("A1", "B2"), ("A2", "B1"))  # the only perfect matching left
    e = evaluate(m, scores, mission=mission)
    assert e.meetings == 2
    assert e.total_score == pytest.approx(1.0)
    assert e.mean_score == pytest.approx(0.5)
    assert (e.side_a.with_meetings, e.side_a.coverage) == (2, 1.0)
    assert (e.side_b.with_meetings, e.side_b.coverage) == (2, pytest.approx(2 / 3))
    assert (e.side_b.min_meetings, e.side_b.median_meetings, e.side_b.max_meetings) == (0, 1.0, 1)
    assert e.side_b.gini_meetings == pytest.approx(1 / 3)  # (1, 1, 0): mean abs diff 4/9 over 2·(2/3)
    assert e.side_a.gini_score == pytest.approx(0.4)  # (0.9, 0.1): |0.9-0.1|·2 / (2·2²·0.5)
    assert e.must_meet == (1, 1)
    assert e.would_like == (0, 1)
    assert e.slots_used is None
    # B2 needs 10722 (100) from A1 who offers 300 → 100; B1 met A2, who sells coffee, not sugar → 0;
    # A2 needs coal (50) from B1, who sells nothing → 0.
    assert e.declared_potential_idr == 100


def test_declared_potential_caps_by_supply_and_counts_both_directions() -> None:
    mission = small_mission()
    # B2 meets A1 and A2: needs 10722=100 (A1 offers 300 → 100) and 01270=2000 (A2 offers 1000 → 1000);
    # A2 needs 05100=50 and B2 offers 05100 without a value → 50 (an offer without a value does not cap).
    assert declared_potential(mission, [("A1", "B2"), ("A2", "B2")]) == 100 + 1000 + 50
    assert declared_potential(mission, []) == 0


def test_schedule_figures(bundled) -> None:
    result = run(bundled)
    e = evaluate(result.schedule, result.scores)
    assert e.meetings == result.schedule.n_placed
    assert e.unplaced == len(result.schedule.unplaced)
    assert e.slots_used == result.schedule.slots_used
    assert e.slot_bound == result.schedule.slot_bound <= e.slots_used
    assert e.idle_gaps == result.schedule.gaps
    assert e.max_gaps == max(result.schedule.gaps_of(p) for p in (*bundled.ids("A"), *bundled.ids("B")))
    placed = result.schedule.slot >= 0
    total = result.scores.total[result.schedule.pairs[placed, 0], result.schedule.pairs[placed, 1]].sum()
    assert e.total_score == pytest.approx(total)
    assert e.declared_potential_idr > 0
    assert e.to_dict()["side_a"]["participants"] == 46


def test_unplaced_meetings_do_not_count(bundled) -> None:
    result = run(bundled)
    tight = schedule(result.matching, EventPlan(start="09:00", slots_per_day=3, hosts="A"), mission=bundled)
    e = evaluate(tight, result.scores)
    assert e.meetings == tight.n_placed < len(result.matching.pairs)
    assert e.unplaced == len(result.matching.pairs) - tight.n_placed


def test_compare_methods_on_the_bundled_mission(bundled) -> None:
    result = run(bundled)
    table = compare_methods(result.scores, capacities=result.capacities)
    rows = {r["method"]: r for r in table.rows}
    assert set(rows) == {"flow", "hungarian (1:1)", "stable", "greedy"}
    assert rows["flow"]["gap"] == 0.0  # flow is exact: nothing beats it under the same bounds
    assert all(rows[m]["objective"] <= rows["flow"]["objective"] + 1e-9 for m in ("stable", "greedy"))
    assert rows["stable"]["blocking_pairs"] == 0
    assert rows["hungarian (1:1)"]["meetings"] <= min(len(bundled.side("A")), len(bundled.side("B")))
    assert "hungarian (1:1)" in str(table)
