"""run(): capacities from the event, floors that can be met, and problems found before any work."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from matchmaker import InfeasibleError, ValidationError
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import DEFAULT_MAX_B, check, default_plan, event_capacities, run
from matchmaker.scheduling.sizing import free_slots
from matchmaker.scoring import DEFAULT_MIN_SCORE, score

DAY = dt.date(2025, 1, 2)


def mission(people: list[Participant]) -> Mission:
    return Mission("m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=DAY)


def seller(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"PT {pid}", "X", "Jatim", offers="10631=1000000000", **kw)  # type: ignore[arg-type]


def buyer(pid: str, **kw: object) -> Participant:
    return Participant(pid, f"CV {pid}", "Y", "Sumsel", needs="10631=500000000", **kw)  # type: ignore[arg-type]


def test_bundled_capacities_respect_free_slots_and_own_bounds(bundled) -> None:
    plan = default_plan().resolved(bundled)
    caps = event_capacities(score(bundled), plan)
    free_a, free_b = free_slots(plan, bundled)
    assert (caps.row_max <= free_a).all()
    assert (caps.col_max <= free_b).all()
    for j, pid in enumerate(bundled.ids("B")):
        own = bundled[pid].max_meetings
        assert caps.col_max[j] == min(own if own is not None else DEFAULT_MAX_B, free_b[j])
    result = run(bundled)
    assert result.schedule.n_placed == len(result.matching.pairs)  # every chosen meeting fits the day
    assert not result.matching.violations


def test_floor_never_overrides_a_maximum_of_zero(bundled) -> None:
    first = bundled.ids("B")[0]
    people = [p.replace(max_meetings=0) if p.id == first else p for p in bundled.participants]
    result = run(bundled.replace(participants=people))
    assert result.capacities.col_min[0] == 0
    assert first not in {b for _, b in result.matching.pair_ids()}


def test_floors_are_sized_to_what_side_a_can_host() -> None:
    """One seller free for 14 slots and 20 buyers: 14 buyers get a floor, not 20 (which is infeasible)."""
    people = [seller("A1"), *[buyer(f"B{j}") for j in range(20)]]
    result = run(mission(people))
    assert result.capacities.col_min.sum() == 14
    assert len(result.matching.pairs) == 14
    assert result.schedule.n_placed == 14


def test_forced_pair_without_a_common_slot_is_diagnosed() -> None:
    people = [
        seller("A1", availability="09:00-12:00", must_meet="B1"),
        buyer("B1", availability="13:00-16:00"),
    ]
    with pytest.raises(InfeasibleError) as exc:
        run(mission(people))
    (p,) = exc.value.problems
    assert p.kind == "forced-no-common-slot"
    assert p.participants == ("A1", "B1")
    assert "09:00-12:00" in p.message
    assert "13:00-16:00" in p.message


def test_availability_on_another_day_is_caught_before_any_work() -> None:
    people = [seller("A1", availability="2025-01-03 09:00-12:00"), buyer("B1")]
    with pytest.raises(ValidationError, match="available only on 2025-01-03, not an event day"):
        run(mission(people))


def test_empty_side_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"side B \(Y\) has no participants"):
        run(mission([seller("A1")]))


def test_plan_problems_come_before_scoring() -> None:
    plan = dataclasses.replace(default_plan(), days=())
    m = mission([seller("A1"), buyer("B1")]).replace(date=None)
    with pytest.raises(ValidationError, match="the plan has no date"):
        run(m, plan)


def test_explicit_bounds_per_side_keep_the_other_default(bundled) -> None:
    plan = default_plan().resolved(bundled)
    caps = event_capacities(score(bundled), plan, max_meetings=(6, None), min_meetings=(1, None))
    assert caps.row_max.max() <= 6
    assert caps.col_max.max() <= max(DEFAULT_MAX_B, max(p.max_meetings or 0 for p in bundled.side("B")))
    assert caps.col_min.sum() > 0  # side B's default floor is kept
    assert np.all(caps.row_min >= np.minimum(1, caps.row_max))


def test_a_pool_of_tables_caps_the_meetings_by_score(bundled) -> None:
    """20 tables × 14 slots hold 280 meetings: the matching keeps the best 280, the timetable places them."""
    plan = dataclasses.replace(default_plan(), hosts=None, tables=20)
    result = run(bundled, plan)
    assert len(result.matching.pairs) <= 14 * 20
    assert result.schedule.n_placed == len(result.matching.pairs)
    free = run(bundled)  # a table per seller: no pool limit
    assert result.matching.objective <= free.matching.objective


def test_max_total_keeps_the_best_meetings() -> None:
    from matchmaker.assignment import match

    scores = np.array([[0.9, 0.8, 0.1], [0.7, 0.6, 0.2]])
    for method in ("flow", "greedy"):
        m = match(scores, method, max_meetings=(3, 2), max_total=3)
        assert len(m.pairs) == 3
        assert m.objective == pytest.approx(0.9 + 0.8 + 0.7)  # the three best pairs fit the other bounds
    with pytest.raises(InfeasibleError, match="at most 1 meetings fit in all"):
        match(scores, "flow", max_meetings=(3, 2), min_meetings=(1, 0), max_total=1)


def test_sparse_run_reaches_the_dense_optimum_when_every_useful_pair_is_a_candidate(bundled) -> None:
    dense = run(bundled, baseline=False)
    sparse = run(bundled, baseline=False, top_k=len(bundled.side("B")))
    assert sparse.matching.objective == pytest.approx(dense.matching.objective, abs=1e-9)
    pruned = run(bundled, baseline=False, top_k=20)  # docs/scale.md: nothing lost at k = 20 here
    assert pruned.matching.objective == pytest.approx(dense.matching.objective, abs=1e-9)
    assert sparse.schedule.n_placed == len(sparse.matching.pairs)
    assert sparse.evaluation.meetings == len(sparse.matching.pairs)


def test_synthetic_missions_can_always_meet_their_must_meet_wishes() -> None:
    from matchmaker.datasets import synthetic_mission
    from matchmaker.scoring.rules import missing_certifications

    for seed in range(4):
        m = synthetic_mission(300, 600, seed=seed)
        for p in m.participants:
            for other_id in p.must_meet:
                other = m[other_id]
                assert p.id not in other.do_not_meet
                assert not missing_certifications(p, other)
                assert not missing_certifications(other, p)
                if p.availability and other.availability:
                    assert {str(w) for w in p.availability} & {str(w) for w in other.availability}
        # every must-meet pair (wished by either side) fits both participants' own caps
        owed: dict[str, set[str]] = {p.id: set() for p in m.participants}
        for p in m.participants:
            for other_id in p.must_meet:
                owed[p.id].add(other_id)
                owed[other_id].add(p.id)
        for p in m.participants:
            assert p.max_meetings is None or len(owed[p.id]) <= p.max_meetings


def test_synthetic_must_meet_wishes_beyond_a_participants_own_cap_are_dropped_in_table_order() -> None:
    from matchmaker.datasets import synthetic_mission
    from matchmaker.datasets.synthetic import _keep_possible_must_meet, _possible_without_certifications
    from matchmaker.scoring.rules import missing_certifications

    m = synthetic_mission(40, 10, seed=3)
    host = next(p for p in m.side("B") if not p.availability and not p.required_certifications)
    wishers = [
        p
        for p in m.side("A")
        if _possible_without_certifications(p, host)
        and not missing_certifications(p, host)
        and not missing_certifications(host, p)
    ][:3]
    assert len(wishers) == 3
    people = [
        host.replace(max_meetings=2, must_meet=())
        if p.id == host.id
        else p.replace(must_meet=(host.id,))
        if p in wishers
        else p.replace(must_meet=())
        for p in m.participants
    ]
    kept = {p.id: p.must_meet for p in _keep_possible_must_meet(people)}
    # the first two wishers in table order keep theirs; the third would exceed the cap of 2
    assert [kept[w.id] for w in wishers] == [(host.id,), (host.id,), ()]
    assert sum(len(v) for v in kept.values()) == 2


def test_sparse_results_are_evaluated_and_exported_with_their_own_scores(bundled, tmp_path) -> None:
    from matchmaker.assignment import blocking_pairs
    from matchmaker.export import export_all, records
    from matchmaker.scheduling.sizing import no_common_slot

    result = run(bundled, baseline=False, top_k=20)
    dense = score(bundled)
    rows = records(result.schedule, result.scores, mission=bundled).meetings
    assert len(rows) == len(result.matching.pairs)
    for row in rows:
        i, j = dense.index(row["a_id"], row["b_id"])
        assert row["score"] == round(float(dense.total[i, j]), 4)
    # a pair never free together was left out of the request: it cannot block the matching
    apart = no_common_slot(result.plan, bundled)
    assert apart.any()
    for a, b in blocking_pairs(result.matching, result.scores):
        assert not apart[dense.index(a, b)]
    written = export_all(result, tmp_path, plots=False)
    assert {"csv", "json", "html"} <= set(written)
    assert all(p.stat().st_size > 0 for paths in written.values() for p in paths)


def test_event_capacities_take_sparse_scores(bundled) -> None:

    plan = default_plan().resolved(bundled)
    dense = event_capacities(score(bundled), plan)
    sparse = event_capacities(score(bundled, top_k=len(bundled.side("B"))), plan)
    for side in ("row_min", "row_max", "col_min", "col_max"):
        assert np.array_equal(getattr(dense, side), getattr(sparse, side))


def test_pair_values_of_no_pairs_from_sparse_scores_is_empty() -> None:
    import scipy.sparse as sp

    from matchmaker.reporting.evaluate import pair_values

    none = np.zeros(0, dtype=np.intp)
    assert pair_values(sp.csr_array((2, 3)), none, none).shape == (0,)
    assert pair_values(np.ones((2, 3)), none, none).shape == (0,)


@pytest.mark.parametrize("top_k", [None, 30])
def test_min_score_keeps_weak_pairs_apart_but_floors_and_wishes_hold(bundled, top_k) -> None:
    result = run(bundled, baseline=False, min_score=0.2, top_k=top_k)
    dense = score(bundled)
    pairs = result.matching.pairs
    forced = {tuple(p) for p in np.asarray(dense.forced).tolist()}
    weak = [(i, j) for i, j in pairs.tolist() if dense.total[i, j] < 0.2 and (i, j) not in forced]
    assert weak == []
    assert len(pairs) < len(run(bundled, baseline=False, top_k=top_k).matching.pairs)
    counts = np.bincount(pairs[:, 1], minlength=dense.shape[1])
    assert (counts >= result.capacities.col_min).all()
    assert result.schedule.n_placed == len(pairs)


def _without_own_minimums(mission: Mission) -> Mission:
    return dataclasses.replace(
        mission, participants=tuple(p.replace(min_meetings=None) for p in mission.participants)
    )


@pytest.mark.parametrize("max_a", [1, 2])
def test_floors_leave_room_for_must_meet_pairs(bundled, max_a) -> None:
    # side A hosts little (a few own maximums aside); the 4 must-meet pairs take theirs first,
    # so the floors plus the must-meet pairs fit what side A can host, and the run is feasible
    result = run(_without_own_minimums(bundled), baseline=False, max_meetings=(max_a, None))
    caps = result.capacities
    assert len(result.matching.pairs) == result.schedule.n_placed
    assert int(caps.col_min.sum()) <= int(caps.row_max.sum()) < 46 * max_a + 20


def test_floors_fit_a_shared_pool_of_tables(bundled) -> None:
    plan = dataclasses.replace(default_plan(), hosts=None, tables=5)  # 5 tables × 14 slots = 70
    result = run(_without_own_minimums(bundled), plan, baseline=False)
    assert int(result.capacities.col_min.sum()) <= 70
    assert result.schedule.n_placed == len(result.matching.pairs) <= 70


def test_must_meet_pairs_meet_below_min_score(bundled) -> None:
    result = run(_without_own_minimums(bundled), baseline=False, min_score=0.5)
    scores, pairs = result.scores, result.matching.pairs
    forced = {tuple(p) for p in np.asarray(scores.forced).tolist()}
    assert any(scores.total[i, j] < 0.5 for i, j in forced)  # the exemption is exercised
    assert forced <= {tuple(p) for p in pairs.tolist()}
    assert all(scores.total[i, j] >= 0.5 for i, j in pairs.tolist() if (i, j) not in forced)


def test_a_bad_min_score_is_refused_before_scoring(bundled) -> None:
    for bad in ("0.2", float("nan"), True, -0.1, 1.5):
        with pytest.raises(ValidationError, match="min_score must be a number from 0 to 1") as exc:
            run(bundled, min_score=bad)
        assert exc.value.problems[0].field == "min_score"


def test_the_default_relevance_floor_keeps_weak_pairs_apart(bundled) -> None:
    result = run(bundled, baseline=False)
    scores, pairs = result.scores, result.matching.pairs
    forced = {tuple(p) for p in np.asarray(scores.forced).tolist()}
    assert all(scores.total[i, j] >= DEFAULT_MIN_SCORE for i, j in pairs.tolist() if (i, j) not in forced)
    assert result.matching.problem.min_score == DEFAULT_MIN_SCORE


@pytest.mark.parametrize("method", ["auto", "hungarian", "flow", "greedy"])
def test_zero_score_pairs_never_meet(method) -> None:
    # a cement seller and a palm-fruit buyer, alone in a file: nothing in common
    people = [
        Participant("A1", "PT Semen", "X", "Jatim", offers="23941=1000000000"),
        Participant("B1", "CV Sawit", "Y", "Sumsel", needs="01262=1000000000"),
    ]
    for floor in (0.0, None, DEFAULT_MIN_SCORE):
        result = run(mission(people), method=method, baseline=False, min_score=floor)
        assert result.scores.total[0, 0] == 0.0
        assert len(result.matching.pairs) == 0


@pytest.mark.parametrize(("n_a", "n_b"), [(101, 46), (80, 120)])
def test_lopsided_missions_give_everyone_with_a_plausible_partner_a_meeting(n_a, n_b) -> None:
    from matchmaker.datasets import synthetic_mission

    m = _without_own_minimums(synthetic_mission(n_a, n_b, seed=3, date=DAY))
    result = run(m, baseline=False)
    scores = result.scores
    allowed = (scores.total >= DEFAULT_MIN_SCORE) & ~scores.forbidden
    got_a = np.bincount(result.matching.pairs[:, 0], minlength=n_a)
    got_b = np.bincount(result.matching.pairs[:, 1], minlength=n_b)
    # everyone with a plausible partner free at a common time gets one (all are free all day but a few)
    plan = result.plan
    from matchmaker.scheduling.sizing import no_common_slot

    allowed &= ~no_common_slot(plan, m)
    assert (got_a[allowed.any(axis=1)] >= 1).mean() >= 0.99
    assert (got_b[allowed.any(axis=0)] >= 1).mean() >= 0.99
    assert result.schedule.n_placed == len(result.matching.pairs)


def test_a_run_resolves_the_event_once(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    """The availability matrix is worked out once per run and handed to matching and scheduling."""
    import sys

    from matchmaker.scheduling import constraints

    original = constraints.availability_matrix
    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    for module in list(sys.modules.values()):
        if (module.__name__ or "").startswith("matchmaker") and getattr(
            module, "availability_matrix", None
        ) is original:
            monkeypatch.setattr(module, "availability_matrix", counted)
    result = run(bundled, baseline=False)
    result.shortfalls  # noqa: B018 - reads the event the run kept
    assert len(calls) == 1
    check(bundled)  # the checks before solving resolve it once too
    assert len(calls) == 2
    assert result.event is not None
    assert result.event.mission is bundled
    assert not result.event.available.flags.writeable
    # what the matching and the timetable got is what the event says
    assert (result.capacities.row_max <= result.event.free_a).all()
    assert dict(result.schedule.availability) == dict(result.event.windows)
    assert result.schedule.n_placed == len(result.matching.pairs) == 405
