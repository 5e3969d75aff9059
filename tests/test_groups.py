"""Missions of more than two delegations (issue 16): model, scoring, matching, timetabling, files.

Oracles: brute force over every edge subset for the b-matching, the two-sided flow on
bipartite group graphs, the exact timetabling integer program for the slot bound.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.assignment.algorithms.bmatching import solve_bmatching
from matchmaker.datasets import synthetic_group_mission, three_delegation_mission
from matchmaker.errors import InfeasibleError, ValidationError
from matchmaker.groups import GroupScores, match_groups, run_groups, schedule_groups, score_groups
from matchmaker.model.groups import GroupMission
from matchmaker.quotas import Quota
from matchmaker.scheduling.algorithms.general import general_bound, general_edge_colouring, misra_gries
from matchmaker.scheduling.algorithms.milp import solve_milp

# ------------------------------------------------------------------------------ helpers


@st.composite
def simple_graphs(draw: st.DrawFn, max_n: int = 8, max_edges: int = 12) -> tuple[int, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, max_n))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(max_edges, len(pairs))))
    flip = draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
    u = np.array([b if f else a for (a, b), f in zip(chosen, flip, strict=False)], dtype=np.intp)
    v = np.array([a if f else b for (a, b), f in zip(chosen, flip, strict=False)], dtype=np.intp)
    return n, u, v


def _proper(u: np.ndarray, v: np.ndarray, colour: np.ndarray) -> bool:
    key = np.concatenate([u, v]).astype(np.int64) * (len(u) + 2) + np.concatenate([colour, colour])
    return len(np.unique(key)) == 2 * len(u)


def _exact_slots(u: np.ndarray, v: np.ndarray, n: int, capacity: int | None) -> int:
    """Fewest slots that hold every meeting, by the exact timetabling integer program."""
    lower, upper = general_bound(u, v, n, capacity)
    for k in range(lower, upper + 1):
        allowed = np.ones((len(u), k), dtype=bool)
        cap = None if capacity is None else np.full(k, capacity, dtype=np.intp)
        result = solve_milp(u, v, 0, n, allowed, capacity=cap, time_limit=30)
        assert result.optimal
        if (result.slot >= 0).all():
            return k
    raise AssertionError("Vizing's bound failed")  # pragma: no cover


def _people(n_groups: int, sizes: list[int]) -> list[mm.Participant]:
    out = []
    for g, size in enumerate(sizes[:n_groups]):
        for i in range(size):
            out.append(mm.Participant(f"G{g}-{i}", f"Co {g}-{i}", f"group {g}", "Jawa Timur"))
    return out


def _graph_scores(
    n_groups: int,
    sizes: list[int],
    u: np.ndarray,
    v: np.ndarray,
    w: np.ndarray,
    allowed: list[tuple[int, int]],
) -> GroupScores:
    """GroupScores for a hand-made candidate list (participants without trade lines)."""
    mission = GroupMission.from_participants(_people(n_groups, sizes), allowed=allowed, date=None)
    return GroupScores(mission=mission, u=u, v=v, total=w, forced=np.zeros(len(u), dtype=bool), blocks={})


def _brute_force(
    n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> float | None:
    best: float | None = None
    for mask in itertools.product((0, 1), repeat=len(u)):
        x = np.array(mask, dtype=bool)
        deg = np.bincount(np.concatenate([u[x], v[x]]), minlength=n)
        if (deg < lo).any() or (deg > hi).any():
            continue
        value = float(w[x].sum())
        if best is None or value > best:
            best = value
    return best


# -------------------------------------------------------------------------------- model


def test_model_reports_every_problem_at_once() -> None:
    people = [
        mm.Participant("A1", "a", "Jawa Timur", "Jatim", must_meet="A2"),
        mm.Participant("A2", "b", "Jawa Timur", "Jatim"),
        mm.Participant("B1", "c", "Bali", "Bali", would_like="C1"),
        mm.Participant("C1", "d", "Papua", "Papua"),
        mm.Participant("X1", "e", "Mars", "Papua"),
    ]
    with pytest.raises(ValidationError) as info:
        GroupMission(
            "m",
            ("Jawa Timur", "Bali", "Papua", "Bali"),
            people,
            allowed=(("Jawa Timur", "Bali"), ("Papua", "Papua"), ("Bali", "Atlantis")),
        )
    kinds = {p.kind for p in info.value.problems}
    assert {
        "duplicate",
        "same-group-pair",
        "unknown-delegation",
        "same-side-wish",
        "disallowed-wish",
    } <= kinds
    wish = next(p for p in info.value.problems if p.kind == "disallowed-wish")
    assert wish.participants == ("B1",)


def test_two_colouring_and_default_allowed() -> None:
    m = synthetic_group_mission({"Jawa Timur": 2, "Bali": 2, "Kalimantan Barat": 2})
    assert m.allowed == ((0, 1), (0, 2), (1, 2))
    assert m.two_colouring() is None
    star = synthetic_group_mission(
        {"Jawa Timur": 2, "Bali": 2, "Kalimantan Barat": 2},
        allowed=[("Jawa Timur", "Bali"), ("Kalimantan Barat", "Jawa Timur")],
    )
    assert star.two_colouring() == (0, 1, 1)


# ------------------------------------------------------------------------------ scoring


def test_blocks_are_the_two_delegation_scores() -> None:
    m = three_delegation_mission()
    s = score_groups(m)
    for (i, j), block in s.blocks.items():
        direct = mm.score(m.pair_mission(i, j))
        assert np.array_equal(block.total, direct.total)
    # every candidate's total is its block's entry, and no same-group pair exists
    assert (m.group_of[s.u] != m.group_of[s.v]).all()
    a, b = m.ids[int(s.u[0])], m.ids[int(s.v[0])]
    assert s.explain(b, a).total == pytest.approx(float(s.total[0]))


def test_foreign_participant_without_province_scores_neutral() -> None:
    buyer = mm.Participant("MY-1", "Sdn Bhd", "Malaysia", None, country="my", needs="10631")  # type: ignore[arg-type]
    seller = mm.Participant("JT-1", "CV", "Jawa Timur", "Jatim", offers="10631")
    mission = mm.Mission.from_participants([seller, buyer], side_a="Jawa Timur")
    s = mm.score(mission)  # no error: the foreign region is the neutral average region
    assert float(s.component("regional")[0, 0]) > 0
    expl = str(s.explain("JT-1", "MY-1"))
    # the buyer's region is the average region: LQ 1, gap 1 / (1 + 1) = 0.5, in every sector
    assert "LQ abroad (neutral, LQ 1) 1.00 → gap 0.50" in expl
    assert buyer.province == ""


def test_participant_time_zones() -> None:
    m = three_delegation_mission(foreign_buyers=2)
    assert m.timezone_of("MY-001") == "Asia/Kuala_Lumpur"
    assert m.timezone_of("JT-001") == "Asia/Jakarta"
    own = m.participants[0].replace(extra=(("timezone", "WITA"),))
    m2 = GroupMission.from_participants([own, *m.participants[1:]], date=m.date)
    assert m2.timezone_of(own.id) == "Asia/Makassar"
    bad = m.participants[0].replace(extra=(("timezone", "Mars/Base"),))
    m3 = GroupMission.from_participants([bad, *m.participants[1:]], date=m.date)
    with pytest.raises(ValidationError, match="unknown time zone"):
        m3.timezone_of(bad.id)


# ----------------------------------------------------------------------------- matching


@given(simple_graphs(max_n=7, max_edges=11), st.data())
def test_bmatching_milp_equals_brute_force(
    graph: tuple[int, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    n, u, v = graph
    w = np.array(data.draw(st.lists(st.integers(1, 20), min_size=len(u), max_size=len(u))), dtype=float) / 20
    hi = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    lo = np.minimum(hi, np.array(data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))))
    best = _brute_force(n, u, v, w, lo, hi)
    for method in ("auto", "milp"):  # the double cover (with the MILP behind it) and the MILP alone
        if best is None:
            with pytest.raises(InfeasibleError):
                solve_bmatching(n, u, v, w, lo=lo, hi=hi, method=method)
            continue
        chosen, optimal, _ = solve_bmatching(n, u, v, w, lo=lo, hi=hi, method=method)
        deg = np.bincount(np.concatenate([u[chosen], v[chosen]]), minlength=n)
        assert optimal
        assert (deg >= lo).all()
        assert (deg <= hi).all()
        assert float(w[chosen].sum()) == pytest.approx(best, abs=1e-9)


def test_double_cover_route_is_taken_and_agrees_with_the_milp() -> None:
    s = score_groups(three_delegation_mission())
    fast = match_groups(s, max_meetings=5)
    assert fast.backend.startswith("double-cover")
    slow_edges, _, backend = solve_bmatching(
        len(s.mission),
        s.u,
        s.v,
        s.total,
        hi=np.minimum(5, [p.max_meetings or 5 for p in s.mission]),
        method="milp",
    )
    assert backend == "scipy.milp(HiGHS)"
    assert fast.total_score == pytest.approx(float(s.total[slow_edges].sum()), rel=1e-9)


@given(st.data())
def test_flow_reduction_equals_milp_on_bipartite_group_graphs(data: st.DataObject) -> None:
    # three groups, group 0 meets 1 and 2 (a star: bipartite), random candidate pairs
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=3, max_size=3))
    start = np.cumsum([0, *sizes])
    pairs = [(a, b) for g in (1, 2) for a in range(start[0], start[1]) for b in range(start[g], start[g + 1])]
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=10))
    u = np.array([p[0] for p in chosen], dtype=np.intp)
    v = np.array([p[1] for p in chosen], dtype=np.intp)
    w = np.array(data.draw(st.lists(st.integers(1, 9), min_size=len(u), max_size=len(u))), dtype=float)
    s = _graph_scores(3, sizes, u, v, w, [(0, 1), (0, 2)])
    k = data.draw(st.integers(1, 3))
    by_flow = match_groups(s, max_meetings=k, method="flow")
    by_milp = match_groups(s, max_meetings=k, method="milp")
    assert by_flow.method == "flow"
    assert match_groups(s, max_meetings=k).method == "flow"
    assert by_flow.total_score == pytest.approx(by_milp.total_score)
    assert int(by_flow.counts().max(initial=0)) <= k


def test_two_groups_agree_with_the_two_delegation_match(bundled: mm.Mission) -> None:
    gm = GroupMission.from_participants(
        bundled.participants, groups=("Jawa Timur", "Sumatera Selatan"), date=bundled.date
    )
    s = score_groups(gm)
    mine = match_groups(s, max_meetings={"Jawa Timur": 8, "Sumatera Selatan": 4})
    theirs = mm.match(mm.score(bundled), max_meetings=(8, 4))
    assert mine.method == "flow"
    assert mine.total_score == pytest.approx(float(theirs.scores.sum()), rel=1e-9)
    assert len(mine.edges) == len(theirs)


def test_infeasible_floor_names_the_participant() -> None:
    u, v, w = np.array([0, 0]), np.array([1, 2]), np.array([0.5, 0.5])
    s = _graph_scores(3, [1, 1, 1], u, v, w, [(0, 1), (0, 2)])
    with pytest.raises(InfeasibleError) as info:
        match_groups(s, min_meetings=2, max_meetings=3)
    found = {p.participants for p in info.value.problems if p.kind == "floor-unreachable"}
    assert ("G1-0",) in found
    assert ("G2-0",) in found


def test_flow_refused_on_a_triangle_of_groups() -> None:
    s = _graph_scores(
        3, [1, 1, 1], np.array([0, 1, 0]), np.array([1, 2, 2]), np.ones(3), [(0, 1), (1, 2), (0, 2)]
    )
    with pytest.raises(ValueError, match="bipartite"):
        match_groups(s, method="flow")
    matching = match_groups(s, max_meetings=2)
    assert matching.method == "bmatching"
    assert len(matching.edges) == 3


# --------------------------------------------------------------------------- scheduling


@given(simple_graphs(max_n=12, max_edges=30), st.one_of(st.none(), st.integers(1, 5)))
def test_misra_gries_proper_within_vizing(
    graph: tuple[int, np.ndarray, np.ndarray], capacity: int | None
) -> None:
    n, u, v = graph
    colour = general_edge_colouring(u, v, n, capacity=capacity)
    lower, upper = general_bound(u, v, n, capacity)
    assert _proper(u, v, colour)
    if len(u):
        assert lower <= int(colour.max()) + 1 <= upper
        if capacity is not None:
            assert int(np.bincount(colour).max()) <= capacity
    assert int(misra_gries(u, v, n).max(initial=-1)) + 1 <= upper


@pytest.mark.slow
@given(simple_graphs(max_n=6, max_edges=9), st.one_of(st.none(), st.integers(1, 3)))
def test_slot_bound_against_the_exact_milp(
    graph: tuple[int, np.ndarray, np.ndarray], capacity: int | None
) -> None:
    n, u, v = graph
    if len(u) == 0:
        return
    exact = _exact_slots(u, v, n, capacity)
    used = int(general_edge_colouring(u, v, n, capacity=capacity).max()) + 1
    lower, upper = general_bound(u, v, n, capacity)
    assert lower <= exact <= used <= upper <= exact + 1


def test_triangle_needs_the_extra_slot() -> None:
    u, v = np.array([0, 1, 0]), np.array([1, 2, 2])
    assert _exact_slots(u, v, 3, None) == 3 == general_bound(u, v, 3)[1]


@given(st.data())
def test_timetable_is_clash_free_for_everyone(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=3, max_size=4))
    n_groups = len(sizes)
    start = np.cumsum([0, *sizes])
    group = np.repeat(np.arange(n_groups), sizes)
    pairs = [(a, b) for a in range(start[-1]) for b in range(a + 1, start[-1]) if group[a] != group[b]]
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=20))
    u = np.array([p[0] for p in chosen], dtype=np.intp)
    v = np.array([p[1] for p in chosen], dtype=np.intp)
    s = _graph_scores(
        n_groups,
        sizes,
        u,
        v,
        np.ones(len(u)),
        [(i, j) for i in range(n_groups) for j in range(i + 1, n_groups)],
    )
    matching = match_groups(s, max_meetings=20)
    tables = data.draw(st.one_of(st.none(), st.integers(1, 4)))
    plan = mm.EventPlan(start="09:00", slots_per_day=12, days="2025-09-29", tables=tables)
    tt = schedule_groups(matching, plan)
    assert tt.check() == ()
    placed = tt.slot >= 0
    assert len(tt.unplaced) == int((~placed).sum())
    if placed.all() and len(u):
        assert tt.n_slots_used <= tt.bound[1]


def test_check_finds_a_clash() -> None:
    import dataclasses

    s = _graph_scores(3, [1, 1, 1], np.array([0, 1]), np.array([1, 2]), np.ones(2), [(0, 1), (1, 2), (0, 2)])
    tt = schedule_groups(match_groups(s), mm.EventPlan(slots_per_day=4, days="2025-09-29"))
    broken = dataclasses.replace(tt, slot=np.array([0, 0]), table=np.array([0, 1]))
    problems = broken.check()
    assert {p.kind for p in problems} == {"clash"}
    assert ("G1-0",) in [p.participants for p in problems]  # the one in both meetings


# ----------------------------------------------------------------------- end to end


def test_run_groups_writes_agendas_in_local_time(tmp_path: Path) -> None:
    m = three_delegation_mission(foreign_buyers=3)
    tt = run_groups(m, max_meetings=6)
    assert tt.check() == ()
    assert tt.unplaced == ()
    assert tt.matching.method == "bmatching"
    assert tt.matching.optimal
    by_pair = tt.matching.by_group_pair()
    assert sum(by_pair.values()) == len(tt.slot)
    assert len(by_pair) == 6
    agenda = tt.agenda("MY-001")
    assert agenda
    # a Malaysian buyer on site: its tables in the event's time (WIB), online ones in its own (UTC+8)
    assert all(
        item.start.utcoffset().total_seconds() == (8 if item.table == "online" else 7) * 3600
        for item in agenda
    )
    files = tt.write(tmp_path / "out")
    assert sorted(p.name for p in files) == ["agendas.csv", "meetings.csv", "summary.json"]
    doc = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert doc["placed"] == len(tt.slot)
    assert doc["groups"][3] == "Pembeli Luar Negeri"
    lines = (tmp_path / "out" / "meetings.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(tt.slot) + 1
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_hosts_plan_is_refused() -> None:
    with pytest.raises(ValidationError, match="hosts"):
        run_groups(three_delegation_mission(), mm.EventPlan(end="16:00", hosts="A"))


def test_tutorial_figures_of_the_three_delegations() -> None:
    tutorial = (Path(__file__).resolve().parent.parent / "docs" / "tutorial.md").read_text(encoding="utf-8")
    plan = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=25)
    mission = three_delegation_mission()
    assert run_groups(mission, plan, max_meetings=6).summary() in tutorial
    free = GroupMission.from_participants(
        [p.replace(availability=()) for p in mission.participants], date=mission.date
    )
    tt = run_groups(free, plan, max_meetings=6)
    assert tt.method == "misra-gries"
    assert (
        f"the meetings chosen then take {tt.n_slots_used} slots (Misra–Gries; at least {tt.bound[0]})"
        in tutorial
    )


# ------------------------------------------------------------------------------- quotas


def _quota_people(umkm: list[bool], cities: list[str]) -> list[mm.Participant]:
    out = []
    for k, (small, city) in enumerate(zip(umkm, cities, strict=True)):
        out.append(
            mm.Participant(f"P{k}", f"Co {k}", f"group {k % 3}", "Jawa Timur", city=city,
                           extra=(("UMKM", "Ya" if small else "tidak"),))
        )  # fmt: skip
    return out


@given(st.data())
def test_quota_matching_equals_brute_force(data: st.DataObject) -> None:
    n = data.draw(st.integers(3, 7))
    umkm = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    cities = data.draw(st.lists(st.sampled_from(["Surabaya", "Malang"]), min_size=n, max_size=n))
    people = _quota_people(umkm, cities)
    mission = GroupMission.from_participants(people, groups=("group 0", "group 1", "group 2"))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if a % 3 != b % 3]
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=10)) if pairs else []
    u = np.array([p[0] for p in chosen], dtype=np.intp)
    v = np.array([p[1] for p in chosen], dtype=np.intp)
    w = np.array(data.draw(st.lists(st.integers(1, 9), min_size=len(u), max_size=len(u))), dtype=float)
    scores = GroupScores(mission=mission, u=u, v=v, total=w, forced=np.zeros(len(u), dtype=bool), blocks={})
    share = data.draw(st.sampled_from([0.3, 0.5, 0.8]))
    cap = data.draw(st.integers(0, 3))
    quotas = [Quota("umkm", "ya", min_share=share), Quota("city", max_count=cap)]
    small = np.array(umkm)
    city = np.array(cities)
    best = None
    for mask in itertools.product((0, 1), repeat=len(u)):
        x = np.array(mask, dtype=bool)
        deg = np.bincount(np.concatenate([u[x], v[x]]), minlength=n)
        involved = (small[u] | small[v])[x]
        per_city = [int(((city[u] == c) | (city[v] == c))[x].sum()) for c in ("Surabaya", "Malang")]
        if (deg > 2).any() or involved.sum() < share * x.sum() - 1e-9 or max(per_city) > cap:
            continue
        if best is None or w[x].sum() > best:
            best = float(w[x].sum())
    assert best is not None  # the empty matching meets every quota
    matching = match_groups(scores, max_meetings=2, quotas=quotas)
    assert matching.method == "milp"
    assert matching.total_score == pytest.approx(best)
    assert all(r.met for r in matching.quota_report())


def test_quota_infeasible_is_diagnosed() -> None:
    people = _quota_people([True, False, False, False], ["Surabaya"] * 4)
    mission = GroupMission.from_participants(people, groups=("group 0", "group 1", "group 2"))
    u, v, w = np.array([0, 1, 2]), np.array([1, 2, 3]), np.ones(3)
    scores = GroupScores(mission=mission, u=u, v=v, total=w, forced=np.zeros(3, dtype=bool), blocks={})
    with pytest.raises(InfeasibleError) as info:
        match_groups(scores, min_meetings={"group 1": 2}, max_meetings=2,
                     quotas=[Quota("umkm", "ya", min_share=0.6)])  # fmt: skip
    problem = info.value.problems[0]
    assert problem.kind == "quota-infeasible"
    assert problem.data["most_meetings"] == 1  # P0 meets once; P1's floor forces a second meeting
    with pytest.raises(ValidationError, match="no participant has the attribute"):
        match_groups(scores, quotas=[Quota("gender", "f", min_count=1)])


def test_quotas_reported_in_summary_and_files(tmp_path: Path) -> None:
    m = three_delegation_mission()
    people = [p.replace(extra=(*p.extra, ("umkm", "ya" if k % 4 == 0 else "tidak"))) for k, p in enumerate(m)]
    m2 = GroupMission.from_participants(people, date=m.date)
    quota = Quota("umkm", "ya", min_share=0.5)
    tt = run_groups(m2, max_meetings=6, quotas=[quota])
    free = run_groups(m2, max_meetings=6)
    report = tt.matching.quota_report()
    assert report[0].met
    assert report[0].share >= 0.5
    assert tt.matching.total_score <= free.matching.total_score + 1e-9  # a quota costs score, never adds
    assert "quota: meetings involving umkm = ya: at least 50 %" in tt.summary()
    tt.write(tmp_path)
    doc = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert doc["quotas"][0]["met"] is True


def test_foreign_participant_from_a_file_runs_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "id,name,delegation,province,country,offers,needs\n"
        "JT-1,CV Tani,Jawa Timur,Jatim,,10631,\n"
        "MY-1,Johor Trading Sdn Bhd,Malaysia,,MY,,10631\n",
        encoding="utf-8",
    )
    mission = mm.load_mission(path, date="2025-09-29")
    assert (mission["MY-1"].province, mission["MY-1"].country) == ("", "MY")
    result = mm.run(mission)  # the two-delegation pipeline, foreign buyer included
    assert len(result.matching.pairs) == 1


def test_sparse_scoring_keeps_dense_totals() -> None:
    m = three_delegation_mission()
    dense = score_groups(m)
    sparse = score_groups(m, top_k=6)
    key = dict(zip(zip(dense.u.tolist(), dense.v.tolist(), strict=True), dense.total.tolist(), strict=True))
    found = [key.get((a, b)) for a, b in zip(sparse.u.tolist(), sparse.v.tolist(), strict=True)]
    assert None not in found  # every sparse candidate is a dense candidate ...
    assert np.allclose(found, sparse.total)  # ... with the same total
    assert 0 < sparse.n_pairs < dense.n_pairs
    # top_k is shared among the two delegations each meets: 3 per block
    assert all(s.top_k == (3, 3) for s in sparse.blocks.values())


# -------------------------------------------------------------------------------- teams


@given(st.data())
def test_teams_hold_parallel_meetings_up_to_head_count(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=3, max_size=3))
    teams = data.draw(st.lists(st.integers(1, 3), min_size=sum(sizes), max_size=sum(sizes)))
    people = [
        p.replace(extra=(("team_size", str(h)),)) for p, h in zip(_people(3, sizes), teams, strict=True)
    ]
    mission = GroupMission.from_participants(people)
    n = len(people)
    group = mission.group_of
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if group[a] != group[b]]
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=20))
    u = np.array([p[0] for p in chosen], dtype=np.intp)
    v = np.array([p[1] for p in chosen], dtype=np.intp)
    scores = GroupScores(
        mission=mission, u=u, v=v, total=np.ones(len(u)), forced=np.zeros(len(u), dtype=bool), blocks={}
    )
    plan = mm.EventPlan(start="09:00", slots_per_day=12, days="2025-09-29")
    tt = schedule_groups(match_groups(scores, max_meetings=20), plan)
    assert tt.check() == ()
    placed = tt.slot >= 0
    assert placed.all()
    # per participant and slot: at most its head count; a team of 1 never has two at once
    key = np.concatenate([tt.matching.u, tt.matching.v]) * 100 + np.concatenate([tt.slot, tt.slot])
    values, counts = np.unique(key, return_counts=True)
    assert (counts <= mission.team_sizes[values // 100]).all()
    # teams shorten the event: never more slots than with single representatives
    single = GroupMission.from_participants(_people(3, sizes))
    alone = schedule_groups(match_groups(dataclasses.replace(scores, mission=single), max_meetings=20), plan)
    assert tt.n_slots_used <= max(alone.n_slots_used, tt.bound[1])


def test_bad_team_size_is_named() -> None:
    people = _people(2, [1, 1])
    people[0] = people[0].replace(extra=(("team_size", "dua"),))
    with pytest.raises(ValidationError) as info:
        GroupMission.from_participants(people)
    assert info.value.problems[0].participants == ("G0-0",)
    assert info.value.problems[0].field == "team_size"


# ----------------------------------------------------------------------- online meetings


def test_online_meetings_take_no_table_and_carry_a_link(tmp_path: Path) -> None:
    m = three_delegation_mission(foreign_buyers=3)
    people = []
    for p in m:
        extra = dict(p.extra)
        if p.country != "ID":
            extra |= {"mode": "daring", "meeting_link": f"https://meet.example/{p.id}"}
        elif p.id.startswith("KB"):
            extra |= {"mode": "onsite"}
        else:
            extra |= {"mode": "hybrid"}
        people.append(p.replace(extra=tuple(extra.items())))
    mission = GroupMission.from_participants(people, date=m.date)
    scores = score_groups(mission)
    mode = np.array(mission.modes)
    # online-only buyers and onsite-only Kalimantan Barat never become candidates
    assert not ((mode[scores.u] == "online") & (mode[scores.v] == "onsite")).any()
    assert not ((mode[scores.u] == "onsite") & (mode[scores.v] == "online")).any()
    plan = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=3)
    tt = run_groups(mission, plan, max_meetings=6)
    assert tt.check() == ()
    online = tt.matching.online & (tt.slot >= 0)
    assert online.any()
    assert (tt.table[online] == -1).all()
    onsite = (tt.slot >= 0) & ~tt.matching.online
    assert np.bincount(tt.slot[onsite]).max() <= 3  # the 3 tables hold only on-site meetings
    rows = [r for r in tt.records() if r["mode"] == "online"]
    assert rows
    assert all(r["link"].startswith("https://meet.example/MY-") and r["table"] == "online" for r in rows)


def test_availability_is_read_in_the_participants_own_time_zone() -> None:
    # a Malaysian buyer free 09:00-10:00 its time (08:00-09:00 WIB) meets only in the 08:xx WIB slots
    jt = mm.Participant("JT-1", "CV", "Jawa Timur", "Jatim", offers="10631")
    my = mm.Participant("MY-1", "Sdn Bhd", "Malaysia", "", country="MY", needs="10631",
                        availability="09:00-10:00")  # fmt: skip
    mission = GroupMission.from_participants([jt, my], date=dt.date(2025, 9, 29))
    plan = mm.EventPlan(start="08:00", end="12:00", meeting=25, buffer=5)
    tt = run_groups(mission, plan)
    assert len(tt.slot) == 1
    start = tt.plan.slots[int(tt.slot[0])].start
    assert start.astimezone(dt.timezone(dt.timedelta(hours=7))).hour == 8
    (item,) = tt.agenda("MY-1")
    assert item.start.astimezone(ZoneInfo("Asia/Kuala_Lumpur")).hour == 9  # in the buyer's own hours
    assert (item.start.hour, str(item.start.tzinfo)) == (8, "Asia/Jakarta")  # shown in the venue's time
    bad = mm.Participant("X", "x", "Malaysia", "", country="MY", extra=(("mode", "zoom"),))
    with pytest.raises(ValidationError, match="mode must be"):
        GroupMission.from_participants([jt, bad])


def test_group_results_are_frozen_keyword_only_with_read_only_arrays() -> None:
    tt = run_groups(three_delegation_mission(), max_meetings=4)
    for obj, arrays in (
        (tt, ("slot", "table", "representative", "panel_slot", "panel_table")),
        (tt.matching, ("edges",)),
        (tt.matching.scores, ("u", "v", "total", "forced")),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.method = "x"  # type: ignore[misc]
        for name in arrays:
            with pytest.raises(ValueError, match="read-only"):
                getattr(obj, name)[:1] = 0
        with pytest.raises(TypeError):
            type(obj)(*[getattr(obj, f.name) for f in dataclasses.fields(obj)])  # positional: refused
    # a caller's writeable array is copied, never frozen in place
    s = tt.matching.scores
    u = np.array(s.u)
    again = GroupScores(mission=s.mission, u=u, v=s.v, total=s.total, forced=s.forced, blocks={})
    assert u.flags.writeable
    assert not again.u.flags.writeable
    item = next(items[0] for items in tt.agendas().values() if items)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.score = 1.0  # type: ignore[misc]


@pytest.mark.parametrize("top_k", [None, 20])
def test_the_group_floor_keeps_a_pair_scoring_exactly_min_score(top_k: int | None) -> None:
    """``min_score`` is a floor a pair must reach ("at least"), as on the two-delegation path
    and in the docs; the group path kept only pairs scoring above it, so a pair at exactly
    the floor met on one path and not on the other.  A score of 0 still never makes a pair."""
    mission = three_delegation_mission()
    every = score_groups(mission, top_k=top_k)
    floor = float(np.sort(every.total)[every.total.size // 2])  # a score some pair has
    at = every.total == floor
    assert at.any()
    cut = score_groups(mission, top_k=top_k, min_score=floor)
    kept = set(zip(cut.u.tolist(), cut.v.tolist(), strict=True))
    assert set(zip(every.u[at].tolist(), every.v[at].tolist(), strict=True)) <= kept
    assert (cut.total >= floor).all() or cut.forced[cut.total < floor].all()
    assert cut.min_score == floor
    assert (score_groups(mission, top_k=top_k, min_score=0.0).total > 0).all()
