"""Each scheduling rule (scheduling/constraints.py) catches its violation on a hand-made bad timetable,
says nothing about a good one, and agrees with a brute-force check on generated timetables."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.errors import Problem
from matchmaker.model.availability import TimeWindow
from matchmaker.scheduling import EventPlan
from matchmaker.scheduling.constraints import (
    allowed_rule,
    availability_matrix,
    availability_rule,
    bookkeeping_rule,
    capacity_rule,
    check_timetable,
    double_booking_rule,
    plan_rule,
    table_rule,
)

# Two side-A participants (A0, A1) and two side-B (B0, B1); meetings A0-B0, A0-B1, A1-B0, A1-B1.
IDS = ("A0", "A1", "B0", "B1")
ROWS = np.array([0, 0, 1, 1])
COLS = np.array([0, 1, 0, 1])
GOOD = np.array([0, 1, 1, 0])  # a proper timetable in two slots
PLAN = EventPlan(start="09:00", slots_per_day=3, meeting=20, buffer=5, days="2020-12-02", timezone="WIB")


def kinds(problems: list[Problem]) -> list[str]:
    return [p.kind for p in problems]


def test_a_good_timetable_breaks_no_rule() -> None:
    slots = PLAN.slots
    assert double_booking_rule(ROWS, COLS, GOOD, 2, ids=IDS, slots=slots) == []
    assert capacity_rule(GOOD, np.array([2, 2, 2])) == []
    assert allowed_rule(ROWS, COLS, GOOD, np.ones((4, 3), bool), 2) == []
    available = availability_matrix(slots, [()] * 4, PLAN.zone)
    windows: list[tuple[TimeWindow, ...]] = [()] * 4
    assert availability_rule(ROWS, COLS, GOOD, available, 2, ids=IDS, windows=windows, slots=slots) == []
    table = np.array([0, 0, 1, 1])
    assert table_rule(ROWS, COLS, GOOD, table, 2, ids=IDS, table_labels=("1", "2"), slots=slots) == []
    assert plan_rule(ROWS, COLS, GOOD, 2, ids=IDS, plan=PLAN) == []
    assert bookkeeping_rule(ROWS, COLS, GOOD, {}, 2, ids=IDS) == []
    assert check_timetable(ROWS, COLS, 2, GOOD, np.ones((4, 3), bool), np.array([2, 2, 2])) == []


def test_double_booking_names_each_participant_and_slot() -> None:
    slot = np.array([0, 0, 1, 1])  # A0 twice in slot 0, A1 twice in slot 1
    found = double_booking_rule(ROWS, COLS, slot, 2, ids=IDS, slots=PLAN.slots)
    assert [(p.kind, p.participants, p.data["slot"]) for p in found] == [
        ("participant-double-booked", ("A0",), 0),
        ("participant-double-booked", ("A1",), 1),
    ]
    assert found[0].data["meetings"] == [0, 1]
    assert "09:00" in found[0].message
    # side B too: B0 meets A0 and A1 in slot 2
    found = double_booking_rule(ROWS, COLS, np.array([2, -1, 2, -1]), 2, ids=IDS)
    assert [p.participants for p in found] == [("B0",)]


def test_capacity_counts_meetings_per_slot() -> None:
    found = capacity_rule(GOOD, np.array([1, 2, 2]))
    assert kinds(found) == ["slot-full"]
    assert dict(found[0].data) == {"slot": 0, "meetings": 2, "tables": 1}


def test_allowed_rule_names_the_meeting_in_a_forbidden_slot() -> None:
    allowed = np.ones((4, 3), bool)
    allowed[2, 1] = False  # A1-B0 may not meet in slot 1
    found = allowed_rule(ROWS, COLS, GOOD, allowed, 2, ids=IDS)
    assert [(p.kind, p.participants, dict(p.data)) for p in found] == [
        ("outside-availability", ("A1", "B0"), {"meeting": 2, "slot": 1})
    ]


def test_availability_rule_names_who_is_out_of_their_window() -> None:
    slots = PLAN.slots
    windows = [(), (), (TimeWindow.parse("09:00-09:20"),), ()]  # B0 only in slot 0
    available = availability_matrix(slots, windows, PLAN.zone)
    found = availability_rule(ROWS, COLS, GOOD, available, 2, ids=IDS, windows=windows, slots=slots)
    assert [(p.kind, p.participants, p.data["meeting"]) for p in found] == [
        ("outside-availability", ("B0",), 2)
    ]
    assert "09:00-09:20" in found[0].message


def test_table_rule_finds_shared_and_unknown_tables() -> None:
    table = np.array([0, 1, 1, 5])  # slot 1: A0-B1 and A1-B0 at table 1; table 5 does not exist
    found = table_rule(ROWS, COLS, GOOD, table, 2, ids=IDS, table_labels=("1", "2"), slots=PLAN.slots)
    assert sorted(kinds(found)) == ["table-double-booked", "table-out-of-plan"]
    shared = next(p for p in found if p.kind == "table-double-booked")
    assert shared.participants == ("A0", "B1", "A1", "B0")
    assert next(p for p in found if p.kind == "table-out-of-plan").data["meeting"] == 3


def test_plan_rule_finds_slots_off_the_plan_and_in_breaks() -> None:
    slot = np.array([0, 1, 2, 7])  # slot 7: the plan has 3
    found = plan_rule(ROWS, COLS, slot, 2, ids=IDS, plan=PLAN)
    assert [(p.kind, p.data["meeting"]) for p in found] == [("slot-out-of-plan", 3)]
    # a later plan with a break over the second slot (09:25-09:45) and 30-minute meetings
    later = EventPlan(
        start="09:00", slots_per_day=2, meeting=30, breaks="09:30-09:40", days="2020-12-02", timezone="WIB"
    )
    found = plan_rule(ROWS, COLS, slot[:3], 2, ids=IDS, plan=PLAN, target=later)
    assert ("in-break", 1) in [(p.kind, p.data["meeting"]) for p in found]
    # none of the old 20-minute slots is a slot of the new plan
    assert {p.data["meeting"] for p in found if p.kind == "slot-out-of-plan"} == {0, 1, 2}


def test_bookkeeping_rule_finds_lost_and_double_counted_meetings() -> None:
    slot = np.array([0, -1, 1, 0])
    reason = Problem("no slot", kind="crowded")
    found = bookkeeping_rule(ROWS, COLS, slot, {2: reason}, 2, ids=IDS)
    assert [(p.kind, p.participants) for p in found] == [
        ("meeting-lost", ("A0", "B1")),
        ("placed-and-unplaced", ("A1", "B0")),
    ]


@st.composite
def timetables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]:
    n_a, n_b, n_s = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    n_e = draw(st.integers(0, 8))
    rows = np.array(draw(st.lists(st.integers(0, n_a - 1), min_size=n_e, max_size=n_e)), dtype=np.intp)
    cols = np.array(draw(st.lists(st.integers(0, n_b - 1), min_size=n_e, max_size=n_e)), dtype=np.intp)
    slot = np.array(draw(st.lists(st.integers(-1, n_s - 1), min_size=n_e, max_size=n_e)), dtype=np.intp)
    allowed = np.array(draw(st.lists(st.booleans(), min_size=n_e * n_s, max_size=n_e * n_s)), bool)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_s, max_size=n_s)), dtype=np.intp)
    return rows, cols, n_a, slot, allowed.reshape(n_e, n_s), capacity


@settings(max_examples=200, deadline=None)
@given(timetables())
def test_check_timetable_agrees_with_brute_force(
    case: tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    rows, cols, n_a, slot, allowed, capacity = case
    placed = [e for e in range(len(rows)) if slot[e] >= 0]
    seen_a = [(rows[e], slot[e]) for e in placed]
    seen_b = [(cols[e], slot[e]) for e in placed]
    clash = len(set(seen_a)) < len(seen_a) or len(set(seen_b)) < len(seen_b)
    outside = any(not allowed[e, slot[e]] for e in placed)
    full = any(sum(1 for e in placed if slot[e] == s) > capacity[s] for s in range(len(capacity)))
    found = set(kinds(check_timetable(rows, cols, n_a, slot, allowed, capacity)))
    assert ("participant-double-booked" in found) == clash
    assert ("outside-availability" in found) == outside
    assert ("slot-full" in found) == full
