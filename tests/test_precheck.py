"""``check``: run's checks before solving, with the bound's origin; shared table pools for every method."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

import matchmaker as mm
from matchmaker.errors import InfeasibleError
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import check
from matchmaker.scheduling import EventPlan

DAY = dt.date(2025, 9, 29)


def _mission(*people: Participant) -> Mission:
    return Mission("t", Delegation("X", "Jawa Timur"), Delegation("Y", "Sumatera Selatan"), people, date=DAY)


def _a(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", "X", "Jatim", offers="10631", **kw)  # type: ignore[arg-type]


def _b(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", "Y", "Sumsel", needs="10631", **kw)  # type: ignore[arg-type]


def _both(m: Mission, **kw: object) -> tuple[InfeasibleError, InfeasibleError]:
    """The error of check() and of run(): the same, before any solving."""
    with pytest.raises(InfeasibleError) as checked:
        check(m, **kw)  # type: ignore[arg-type]
    with pytest.raises(InfeasibleError) as ran:
        mm.run(m, baseline=False, **kw)  # type: ignore[arg-type]
    return checked.value, ran.value


def test_min_meetings_above_possible_partners_names_the_file_and_the_count() -> None:
    m = _mission(_a("A1"), _a("A2"), _b("B1"), _b("B2", min_meetings=9))
    checked, ran = _both(m)
    assert [str(p) for p in checked.problems] == [str(p) for p in ran.problems]
    (p,) = [p for p in checked.problems if p.participants == ("B2",)]
    assert p.message == "your file's min_meetings 9 for B2; B2 has 2 possible partners"
    assert p.data["origin"] == "file"
    assert "above max_meetings" not in str(checked)  # a default maximum the user never wrote


def test_a_run_wide_minimum_is_traced_to_the_run() -> None:
    m = _mission(_a("A1"), _b("B1"), _b("B2"))
    checked, _ = _both(m, min_meetings=(0, 2))
    assert any("the run's min_meetings 2 for side B" in p.message for p in checked.problems)


def test_min_meetings_above_free_slots_names_the_window() -> None:
    m = _mission(_a("A1"), _a("A2"), _a("A3"), _b("B1", min_meetings=3, availability="09:00-09:30"))
    checked, ran = _both(m)
    assert [str(p) for p in checked.problems] == [str(p) for p in ran.problems]
    assert checked.problems[0].message == (
        "your file's min_meetings 3 for B1; B1 is free for 1 slot of the plan (09:00-09:30)"
    )


@pytest.mark.parametrize(
    ("a1", "b1", "because"),
    [
        ({"do_not_meet": "B1"}, {"must_meet": "A1"}, "A1 does not want to meet B1"),
        ({}, {"must_meet": "A1", "required_certifications": "halal"}, "B1 requires halal of its sellers"),
    ],
)
def test_must_meet_with_a_veto_is_caught_before_solving(a1: dict, b1: dict, because: str) -> None:
    m = _mission(_a("A1", **a1), _a("A2"), _b("B1", **b1), _b("B2"))
    checked, ran = _both(m)
    assert [str(p) for p in checked.problems] == [str(p) for p in ran.problems]
    (p,) = checked.problems  # one cause, one message (no derived floor problem)
    assert p.kind == "forced-forbidden"
    assert because in p.message


def test_check_warns_of_foreseeable_shortfalls_and_passes_otherwise() -> None:
    m = _mission(_a("A1"), _a("A2", availability="18:00-20:00"), _b("B1"), _b("B2"))
    warnings = check(m)
    assert [(s.participant, s.reason) for s in warnings] == [("A2", "availability")]


def _pool_mission() -> tuple[Mission, EventPlan]:
    people = [_a(f"A{i}") for i in range(3)] + [_b(f"B{j}") for j in range(4)]
    plan = EventPlan(
        start="09:00", end="09:50", meeting=dt.timedelta(minutes=20), buffer=dt.timedelta(minutes=5)
    )
    return _mission(*people), dataclasses.replace(plan, tables=1)


@pytest.mark.parametrize("method", ["flow", "greedy", "milp", "stable"])
def test_a_shared_pool_of_tables_caps_every_method(method: str) -> None:
    m, plan = _pool_mission()
    result = mm.run(m, plan, method=method, baseline=False)
    assert len(result.matching.pairs) <= 2  # two slots, one table
    assert result.schedule.n_placed == len(result.matching.pairs)  # nothing silently unplaced
    if method == "stable":
        (cut,) = [p for p in result.matching.violations if p.kind == "table-pool-full"]
        assert cut.data["pool"] == 2
        assert cut.data["left_out"] == cut.data["chosen"] - 2
        kept = np.asarray(result.matching.scores)
        assert kept.size == 2


def test_the_stable_cut_keeps_the_best_scores() -> None:
    m, plan = _pool_mission()
    full = mm.run(m, dataclasses.replace(plan, tables=None, hosts="A"), method="stable", baseline=False)
    cut = mm.run(m, plan, method="stable", baseline=False)
    best = np.sort(np.asarray(full.matching.scores))[::-1][:2]
    assert np.allclose(np.sort(np.asarray(cut.matching.scores))[::-1], best)
