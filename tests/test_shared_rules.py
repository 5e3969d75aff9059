"""Rules and steps that two call sites share (issue 11: nothing in ``src/`` written twice).

Each test checks the shared helper against its definition and that both call sites give
the same record, so a second copy creeping back in shows up as a disagreement.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.assignment.capacities import Capacities
from matchmaker.errors import ValidationError
from matchmaker.model.groups import GroupMission
from matchmaker.scheduling.algorithms.general import fill_free, first_fit


@st.composite
def _placements(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(2, 6))
    n_slots = draw(st.integers(1, 4))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs), unique=True))
    u = np.array([a for a, _ in chosen], dtype=np.intp)
    v = np.array([b for _, b in chosen], dtype=np.intp)
    m = len(chosen)
    allowed = np.array(draw(st.lists(st.lists(st.booleans(), min_size=n_slots, max_size=n_slots),
                                     min_size=m, max_size=m)), dtype=bool)  # fmt: skip
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_slots, max_size=n_slots)), dtype=np.intp)
    table = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)), dtype=bool)
    # a valid partial placement to start from: first-fit of a random subset
    subset = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)), dtype=bool)
    start = first_fit(u, v, n, allowed & subset[:, None], capacity, table)
    return u, v, np.array(n), allowed, capacity, table, start


@settings(max_examples=150, deadline=None)
@given(_placements())
def test_fill_free_keeps_the_placed_breaks_no_rule_and_leaves_out_only_what_fits_nowhere(
    case: tuple[np.ndarray, ...],
) -> None:
    u, v, n_arr, allowed, capacity, table, start = case
    n, n_slots = int(n_arr), allowed.shape[1]
    rest = np.flatnonzero(start < 0)
    slot = fill_free(start, u, v, n, allowed, capacity, rest, table)
    assert (slot[start >= 0] == start[start >= 0]).all()  # placed meetings stay
    placed = np.flatnonzero(slot >= 0)
    assert allowed[placed, slot[placed]].all()
    for s in range(n_slots):
        here = placed[slot[placed] == s]
        ends = np.concatenate([u[here], v[here]])
        assert len(np.unique(ends)) == len(ends)  # nobody twice in a slot
    load = np.bincount(slot[placed][table[placed]], minlength=n_slots)
    assert (load <= capacity).all()  # the start is a first fit too, within the tables
    # first fit is maximal: an unplaced meeting has no slot where it is allowed, both are free
    # and (if it needs one) a table is left
    for e in np.flatnonzero(slot < 0).tolist():
        for s in range(n_slots):
            here = placed[slot[placed] == s]
            busy = set(np.concatenate([u[here], v[here]]).tolist())
            free = int(u[e]) not in busy and int(v[e]) not in busy
            assert not (allowed[e, s] and free and (not table[e] or load[s] < capacity[s]))


def test_first_fit_is_fill_free_from_nothing_fewest_slots_first() -> None:
    rng = np.random.default_rng(7)
    u = rng.integers(0, 10, 60)
    v = (u + rng.integers(1, 10, 60)) % 10
    allowed = rng.random((60, 6)) < 0.6
    cap = np.full(6, 4)
    order = np.argsort(allowed.sum(axis=1), kind="stable")
    expected = fill_free(np.full(60, -1, np.intp), u, v, 10, allowed, cap, order)
    assert (first_fit(u, v, 10, allowed, cap) == expected).all()


def test_unknown_delegation_is_one_rule_for_two_and_for_more_delegations() -> None:
    people = [
        mm.Participant("A1", "a", "Jawa Timur", "Jawa Timur"),
        mm.Participant("B1", "b", "Sumatera Selatan", "Sumatera Selatan"),
        mm.Participant("X1", "x", "Bali", "Bali"),
    ]
    with pytest.raises(ValidationError) as two:
        mm.Mission("m", mm.Delegation("Jawa Timur"), mm.Delegation("Sumatera Selatan"), people)
    with pytest.raises(ValidationError) as groups:
        GroupMission("m", ("Jawa Timur", "Sumatera Selatan"), people)
    found = [next(p for p in e.value.problems if p.kind == "unknown-delegation") for e in (two, groups)]
    assert found[0] == found[1]
    assert found[0].participants == ("X1",)
    assert found[0].hint == "use one of 'Jawa Timur', 'Sumatera Selatan'"


def test_min_above_max_is_one_rule_for_bare_arrays_and_for_build() -> None:
    with pytest.raises(ValidationError) as bare:
        Capacities([0, 3], [1, 2], [0], [1])
    with pytest.raises(ValidationError) as built:
        Capacities.build((1, 1), (3, 0), (2, 1), row_ids=["a"])
    (p,), (q,) = bare.value.problems, built.value.problems
    assert p.kind == q.kind == "min-above-max"
    assert p.hint == q.hint
    assert p.data == q.data == {"side": "A", "min_meetings": 3, "max_meetings": 2}
    assert p.message == "side A participant #1: min_meetings (3) is above max_meetings (2)"
    assert q.message == "min_meetings (3) is above max_meetings (2)"
    assert q.participants == ("a",)


def test_a_group_timetable_words_a_table_overflow_with_the_shared_capacity_rule() -> None:
    """``GroupTimetable.check`` runs ``capacity_rule`` (kind ``slot-full``, one wording); it had
    its own record of kind ``capacity``, the kind the matching uses for a participant above
    its ``max_meetings``."""
    import dataclasses

    from matchmaker.datasets import synthetic_group_mission
    from matchmaker.groups import run_groups
    from matchmaker.scheduling.constraints import capacity_rule

    mission = synthetic_group_mission({"Jawa Timur": 8, "Sumatera Selatan": 8}, seed=0)
    plan = mm.EventPlan(start="09:00", slots_per_day=4, days="2025-09-29", tables=2)
    tt = run_groups(mission, plan=plan, max_meetings=1, min_score=0.0)  # each meets once: disjoint
    assert tt.check() == ()
    n = len(tt.slot)
    assert n > 2
    crowded = dataclasses.replace(tt, slot=np.zeros(n, np.intp), table=np.arange(n, dtype=np.intp))
    problems = crowded.check()
    expected = capacity_rule(np.zeros(n, np.intp), np.full(len(plan.slots), 2, np.intp), slots=plan.slots)
    assert list(problems) == expected
    assert [p.kind for p in problems] == ["slot-full"]
    assert problems[0].data == {"slot": 0, "meetings": n, "tables": 2}
    assert str(plan.slots[0]) in problems[0].message
