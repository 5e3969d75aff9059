"""Group meetings (issue 16 item 3): one participant with several others at one table for a longer slot.

Oracles: brute force over every placement of every item on small events (the exact
integer program must reach it, first-fit must be feasible and never above it), and an
independent checker of the timetable (loads, representatives, tables, consecutive slots,
hours) on whole runs.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.datasets import three_delegation_mission
from matchmaker.errors import ValidationError
from matchmaker.export.groups import grid_rows
from matchmaker.groups import match_groups, run_groups, schedule_groups, score_groups
from matchmaker.model.groups import GroupMission, Panel
from matchmaker.model.participant import Participant
from matchmaker.scheduling.algorithms.general import first_fit_items, interval_colouring, solve_items_milp


# ------------------------------------------------------------------ the algorithms
@st.composite
def item_events(draw: st.DrawFn) -> dict[str, object]:
    n_people = draw(st.integers(3, 5))
    n_slots = draw(st.integers(2, 4))
    items: list[np.ndarray] = []
    length: list[int] = []
    for _ in range(draw(st.integers(0, 2))):  # group meetings: 3 people, 1-3 slots
        items.append(np.array(draw(st.permutations(range(n_people)))[:3], dtype=np.intp))
        length.append(draw(st.integers(1, 3)))
    pairs = [(a, b) for a in range(n_people) for b in range(a + 1, n_people)]
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4)):
        items.append(np.array([a, b], dtype=np.intp))
        length.append(1)
    starts = np.array(
        draw(
            st.lists(
                st.lists(st.booleans(), min_size=n_slots, max_size=n_slots),
                min_size=len(items),
                max_size=len(items),
            )
        ),
        dtype=bool,
    ).reshape(len(items), n_slots)
    return {
        "members": items,
        "length": np.array(length, dtype=np.intp),
        "starts": starts,
        "team": np.array(draw(st.lists(st.integers(1, 2), min_size=n_people, max_size=n_people)), np.intp),
        "tables": np.full(n_slots, draw(st.integers(1, 3)), dtype=np.intp),
        "needs_table": np.array(
            draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items))), dtype=bool
        ),
    }


def _feasible(ev: dict[str, object], start: np.ndarray) -> bool:
    members, length, starts = ev["members"], ev["length"], ev["starts"]
    team, tables, needs_table = ev["team"], ev["tables"], ev["needs_table"]
    assert isinstance(starts, np.ndarray)
    assert isinstance(team, np.ndarray)
    assert isinstance(tables, np.ndarray)
    assert isinstance(length, np.ndarray)
    assert isinstance(needs_table, np.ndarray)
    assert isinstance(members, list)
    n_slots = starts.shape[1]
    load = np.zeros((len(team), n_slots), dtype=int)
    table_load = np.zeros(n_slots, dtype=int)
    for i, k in enumerate(start.tolist()):
        if k < 0:
            continue
        if not starts[i, k] or k + length[i] > n_slots:
            return False
        load[members[i], k : k + length[i]] += 1
        table_load[k : k + length[i]] += int(needs_table[i])
    return bool((load <= team[:, None]).all() and (table_load <= tables).all())


def _brute_force(ev: dict[str, object], weight: np.ndarray) -> float:
    starts = ev["starts"]
    assert isinstance(starts, np.ndarray)
    choices = [[-1, *np.flatnonzero(row).tolist()] for row in starts]
    best = 0.0
    for combo in itertools.product(*choices):
        start = np.array(combo, dtype=np.intp)
        if _feasible(ev, start):
            best = max(best, float(weight[start >= 0].sum()))
    return best


@settings(max_examples=60, deadline=None)
@given(item_events())
def test_items_milp_equals_brute_force_and_first_fit_is_feasible(ev: dict[str, object]) -> None:
    members = ev["members"]
    assert isinstance(members, list)
    n_groups = sum(len(x) > 2 for x in members)
    weight = np.array([len(members) + 1.0 if len(x) > 2 else 1.0 for x in members])
    args = (ev["members"], ev["length"], ev["starts"], ev["team"], ev["tables"], ev["needs_table"])
    start, optimal = solve_items_milp(*args, weight)  # type: ignore[arg-type]
    assert optimal
    assert _feasible(ev, start)
    assert float(weight[start >= 0].sum()) == pytest.approx(_brute_force(ev, weight))
    greedy = first_fit_items(*args, np.arange(len(members), dtype=np.intp))  # type: ignore[arg-type]
    assert _feasible(ev, greedy)
    assert float(weight[greedy >= 0].sum()) <= float(weight[start >= 0].sum()) + 1e-9
    assert n_groups <= len(members)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(1, 3)), max_size=12))
def test_interval_colouring_uses_the_most_overlap_colours(spec: list[tuple[int, int, int]]) -> None:
    owner = np.array([o for o, _, _ in spec], dtype=np.intp)
    start = np.array([s for _, s, _ in spec], dtype=np.intp)
    length = np.array([n for _, _, n in spec], dtype=np.intp)
    colour = interval_colouring(owner, start, length)
    for o in set(owner.tolist()):
        mine = np.flatnonzero(owner == o)
        cover = np.zeros(12, dtype=int)
        cells = set()
        for x in mine.tolist():
            cover[start[x] : start[x] + length[x]] += 1
            for t in range(start[x], start[x] + length[x]):
                assert (t, colour[x]) not in cells  # two overlapping intervals never share a colour
                cells.add((t, colour[x]))
        assert colour[mine].max() < cover.max()  # no more colours than the most overlap


# ------------------------------------------------------------------ end to end
def _with_panels(extra: dict[str, dict[str, str]]) -> GroupMission:
    m = three_delegation_mission()
    people = [
        p.replace(extra={**dict(p.extra), **extra[p.id]}) if p.id in extra else p for p in m.participants
    ]
    return GroupMission.from_participants(people, name=m.name, date=m.date)


PLAN = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=25)


def test_group_meetings_are_placed_clash_free_on_consecutive_slots_at_one_table() -> None:
    mission = _with_panels(
        {
            "JT-001": {"group_meeting": "SS-001; SS-002; KB-003", "group_meeting_slots": "3"},
            "KB-001": {"Pertemuan Kelompok": "JT-004; JT-005"},  # Indonesian header, default length 2
        }
    )
    assert mission.panels == (
        Panel(host="JT-001", members=("SS-001", "SS-002", "KB-003"), slots=3),
        Panel(host="KB-001", members=("JT-004", "JT-005"), slots=2),
    )
    tt = run_groups(mission, PLAN, max_meetings=6)
    assert tt.check() == ()
    assert (tt.panel_slot >= 0).all()
    assert (tt.panel_table >= 0).all()
    slots = tt.plan.slots
    for g, panel in enumerate(tt.panels):
        k = int(tt.panel_slot[g])
        start, end = tt.panel_times(g) or (None, None)
        assert start == slots[k].start
        assert end == slots[k + panel.slots - 1].end
        assert all(slots[j].day == slots[k].day for j in range(k, k + panel.slots))
        for pid in panel.everyone:  # in everyone's agenda, once, at the same time
            entries = [a for a in tt.agenda(pid) if a.kind == "group" and a.start == start]
            assert len(entries) == 1
            others = set(panel.everyone) - {pid}
            assert set(entries[0].partner.split("; ")) == others
        # the host meets each member at the group meeting, not again one to one
        pairs = {frozenset(p) for p in tt.matching.pairs}
        assert not any(frozenset((panel.host, x)) in pairs for x in panel.members)
    groups = [r for r in tt.records() if r["kind"] == "group"]
    assert sorted(r["id_1"] for r in groups) == ["JT-001", "KB-001"]
    assert "group meetings placed" in tt.summary()


def test_a_group_meeting_s_row_and_grid_cell_name_each_team_s_representative() -> None:
    """The host and one member are teams: meetings.csv's representative_1 is the host's,
    representative_2 has an entry per member of id_2 (empty for a company of one), each the
    one the participant's own agenda names; the grid's cell says the same in each slot."""
    mission = _with_panels(
        {
            "JT-001": {
                "group_meeting": "SS-001; SS-002; KB-003",
                "group_meeting_slots": "3",
                "team_size": "2",
            },
            "SS-002": {"team_size": "3"},
        }
    )
    tt = run_groups(mission, PLAN, max_meetings=6)
    assert tt.check() == ()
    (row,) = [r for r in tt.records() if r["kind"] == "group"]
    times = tt.panel_times(0)
    assert times is not None
    start = times[0]
    own = {  # each one's agenda: which of its representatives goes (1, 2, ...)
        pid: next(a.representative + 1 for a in tt.agenda(pid) if a.kind == "group" and a.start == start)
        for pid in ("JT-001", "SS-002")
    }
    assert row["id_2"] == "SS-001; SS-002; KB-003"
    assert row["representative_1"] == str(own["JT-001"])
    assert row["representative_2"] == f"; {own['SS-002']}; "
    # a team's one-to-one meetings name its representative on their side only
    for r in tt.records():
        if r["kind"] == "meeting":
            assert bool(r["representative_1"]) == (r["id_1"] in own)
            assert bool(r["representative_2"]) == (r["id_2"] in own)
    _, grid = grid_rows(tt)
    cell = (
        f"JT-001 (representative {own['JT-001']}) – SS-001; SS-002 (representative {own['SS-002']}); KB-003"
    )
    assert sum(cell in r.values() for r in grid) == 3  # in each of its three slots


def test_auto_places_as_many_as_the_exact_model_on_small_events() -> None:
    mission = _with_panels(
        {
            "JT-001": {"group_meeting": "SS-001; SS-002; KB-003", "group_meeting_slots": "3"},
            "JT-002": {"group_meeting": "SS-001; KB-001"},
            "SS-003": {"group_meeting": "JT-003; KB-002; KB-004", "group_meeting_slots": "2"},
        }
    )
    small = mm.EventPlan(start="09:00", end="11:00", tables=4)
    matching = match_groups(score_groups(mission), max_meetings=3)
    auto = schedule_groups(matching, small)
    exact = schedule_groups(matching, small, method="milp")
    assert auto.check() == ()
    assert exact.check() == ()
    placed = ((auto.panel_slot >= 0).sum(), (auto.slot >= 0).sum())
    best = ((exact.panel_slot >= 0).sum(), (exact.slot >= 0).sum())
    assert placed == best
    # what is left out is reported, each with its reason
    assert len(auto.unplaced) == int((auto.slot < 0).sum() + (auto.panel_slot < 0).sum())


def test_a_group_meeting_that_cannot_fit_is_reported_not_dropped() -> None:
    window = {"availability": "09:00-09:30"}
    people = [
        Participant("K1", "Koperasi Susu", "Jawa Timur", "Jatim", needs="10631",
                    extra={"group_meeting": "B1; B2", "group_meeting_slots": "2"}),
        Participant("B1", "PT B1", "Sumatera Selatan", "Sumsel", offers="10631",
                    availability=window["availability"]),
        Participant("B2", "PT B2", "Sumatera Selatan", "Sumsel", offers="10631"),
    ]  # fmt: skip
    mission = GroupMission.from_participants(people, date=three_delegation_mission().date)
    tt = run_groups(mission, mm.EventPlan(start="09:00", end="12:00"))
    assert tt.panel_slot.tolist() == [-1]
    reasons = [p for p in tt.unplaced if p.kind == "unplaced-group-meeting"]
    assert len(reasons) == 1
    assert "2 consecutive slots" in reasons[0].message
    assert reasons[0].participants == ("K1", "B1", "B2")


def test_online_group_meeting_takes_no_table_and_carries_the_link() -> None:
    link = "https://meet.example/koperasi"
    mission = _with_panels(
        {
            "JT-001": {"group_meeting": "SS-001; SS-002", "mode": "online", "meeting_link": link},
            "SS-001": {"mode": "hybrid"},
            "SS-002": {"mode": "daring"},
        }
    )
    tt = run_groups(mission, PLAN, max_meetings=4)
    assert tt.check() == ()
    assert tt.panel_table.tolist() == [-1]
    row = next(r for r in tt.records() if r["kind"] == "group")
    assert row["mode"] == "online"
    assert row["link"] == link
    assert row["table"] == "online"
    entry = next(a for a in tt.agenda("SS-002") if a.kind == "group")
    assert entry.link == link
    assert entry.table == "online"


def test_bad_group_meeting_requests_are_all_reported_at_once() -> None:
    people = [
        Participant("K1", "Koperasi", "Jawa Timur", "Jatim",
                    extra={"group_meeting": "B1; X9; J2; B1", "group_meeting_slots": "0"}),
        Participant("J2", "CV J2", "Jawa Timur", "Jatim",
                    extra={"group_meeting": "B1; B2", "mode": "online"}),
        Participant("J3", "CV J3", "Jawa Timur", "Jatim", extra={"group_meeting": "B1"}),
        Participant("B1", "PT B1", "Sumatera Selatan", "Sumsel"),
        Participant("B2", "PT B2", "Sumatera Selatan", "Sumsel", extra={"mode": "hybrid"}),
    ]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        GroupMission.from_participants(people)
    messages = [(p.participants, p.field, p.message) for p in caught.value.problems]
    text = "\n".join(m for _, _, m in messages)
    assert "group_meeting_slots must be a whole number >= 1, got '0'" in text
    assert "names 'B1' twice" in text
    assert "'X9', who is not a participant" in text
    assert "'J2' of the same delegation" in text
    assert "a group meeting joins several participants, got 1" in text  # J3's request
    assert "joins J2 (online only) and B1 (on site only)" in text
    assert all(field in ("group_meeting", "group_meeting_slots") for _, field, _ in messages)


def test_the_column_guide_lists_the_optional_columns_and_both_headers_are_read() -> None:
    from matchmaker.model.groups import EXTRA_COLUMNS, extra_column
    from matchmaker.starter import _guide_markdown

    guide = _guide_markdown()
    for column, indonesian in EXTRA_COLUMNS.items():
        assert f"| `{column}` | `{indonesian}` |" in guide
        assert extra_column(column) == column
        assert extra_column(indonesian.replace("_", " ").title()) == column


def test_all_agendas_in_one_pass_are_each_participants_agenda() -> None:
    mission = _with_panels({"JT-001": {"group_meeting": "SS-001; SS-002; KB-003", "team_size": "2"}})
    tt = run_groups(mission, PLAN, max_meetings=6)
    every = tt.agendas()
    assert list(every) == list(mission.ids)
    for pid in mission.ids:
        assert [str(a) for a in every[pid]] == [str(a) for a in tt.agenda(pid)]


def test_a_remote_online_participant_meets_within_its_own_local_hours() -> None:
    # SS-001 meets online from Jayapura (WIT, UTC+9) and gives no hours: the event's 09:00-16:00
    # in its own time is 07:00-14:00 WIB, so every meeting of its ends by 14:00 WIB
    mission = _with_panels(
        {
            "SS-001": {"mode": "online", "timezone": "Asia/Jayapura", "availability": ""},
            **{f"JT-{k:03d}": {"mode": "hybrid"} for k in range(1, 21)},
        }
    )
    people = [p.replace(availability=()) if p.id == "SS-001" else p for p in mission.participants]
    mission = GroupMission.from_participants(people, name=mission.name, date=mission.date)
    tt = run_groups(mission, PLAN, max_meetings=8)
    assert tt.check() == ()
    mine = tt.agenda("SS-001")
    assert mine
    for item in mine:
        assert item.start.utcoffset() == dt.timedelta(hours=9)
        assert dt.time(9) <= item.start.time()
        assert item.end.time() <= dt.time(16)
    # the rule itself: free exactly in the slots inside 09:00-16:00 WIT (07:00-14:00 WIB)
    from matchmaker.scheduling import resolve_event

    free = resolve_event(tt.plan, mission).available[mission.index("SS-001")]
    wit = dt.timezone(dt.timedelta(hours=9))
    inside = [dt.time(9) <= s.start.astimezone(wit).time() and s.end.astimezone(wit).time() <= dt.time(16)
              for s in tt.plan.slots]  # fmt: skip
    assert free.tolist() == inside
    assert not all(inside)  # the afternoon slots (after 14:00 WIB) are out
