"""Fast paths taken for speed give the same answers as the general ones (issue 15)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matchmaker.assignment import match


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.floats(0.05, 0.9),
    st.sampled_from([1.0, 10.0, 1000.0]),
    st.integers(0, 2**32 - 1),
)
def test_sparse_hungarian_shortcut_is_exact(
    n_a: int, n_b: int, density: float, level: float, seed: int
) -> None:
    """Scores close together (every bigger matching outscores every smaller one) take LAPJVsp
    without reservation nodes; with or without a full matching the optimum is the dense one."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n_a, n_b)) < density
    weights = level + rng.integers(0, 5, (n_a, n_b)) / 10  # spread 0.4: the shortcut holds for level >= 10
    scores = sp.coo_array((weights[mask], np.nonzero(mask)), shape=(n_a, n_b))
    got = match(scores, "hungarian", alternates=0)
    # Oracle: dense assignment with a zero-score reservation per row, forbidden pairs at -inf.
    cost = np.where(mask, -weights, np.inf)
    augmented = np.hstack([cost, np.where(np.eye(n_a, dtype=bool), 0.0, np.inf)])
    r, c = linear_sum_assignment(augmented)
    best = -augmented[r, c].sum()
    assert np.isclose(got.objective, best)
    assert all(mask[i, j] for i, j in got.pairs.tolist())
    assert len(set(got.pairs[:, 0].tolist())) == len(got.pairs) == len(set(got.pairs[:, 1].tolist()))


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_sparse_scores_with_repeated_and_unsorted_entries(seed: int) -> None:
    """Repeated entries add up and any entry order reads the same, as scipy's sum_duplicates."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    k = int(rng.integers(1, 3 * n))
    r, c, w = rng.integers(0, n, k), rng.integers(0, n, k), rng.random(k) + 0.1
    order = rng.permutation(k)
    coo = sp.coo_array((w[order], (r[order], c[order])), shape=(n, n))
    reference = sp.coo_array((w, (r, c)), shape=(n, n)).tocsr()
    reference.sum_duplicates()
    a = match(coo, "hungarian", alternates=0)
    b = match(reference, "hungarian", alternates=0)
    assert np.isclose(a.objective, b.objective)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([-1e12, -1e8, 1e12]),
    st.booleans(),
)
def test_flow_integer_scaling_is_exact_or_says_so(seed: int, extreme: float, floors: bool) -> None:
    """Issue 12: one extreme score must not flatten the others while optimal=True is claimed."""
    rng = np.random.default_rng(seed)
    scores = rng.random((8, 14))
    scores[rng.integers(0, 8), rng.integers(0, 14)] = extreme
    kw = {"max_meetings": (3, 2), "min_meetings": (1, 0) if floors else None}
    exact = match(scores, "flow", backend="highs", **kw)
    got = match(scores, "flow", **kw)  # the default call
    assert got.optimal
    assert np.isclose(got.objective, exact.objective, rtol=1e-9)
    forced_integer = match(scores, "flow", backend="ortools", **kw)
    if forced_integer.optimal:
        bound = forced_integer.details["loss_bound"]
        assert exact.objective - bound - 1e-9 * abs(exact.objective) <= forced_integer.objective
    else:
        assert "not proven optimal" in forced_integer.details["scaling"]


def test_flow_reports_the_fallback_to_highs() -> None:
    rng = np.random.default_rng(0)
    scores = rng.random((30, 60))
    scores[3, 7] = -1e12
    floors = {"max_meetings": (4, 2), "min_meetings": (1, 0)}
    got = match(scores, "flow", **floors)
    assert got.backend == "scipy.linprog(HiGHS)"
    assert got.optimal
    assert "solved by HiGHS" in got.details["scaling"]
    # Without floors the penalised pair is left out and the integer backend stays exact.
    free = match(scores, "flow", max_meetings=(4, 2))
    assert "scaling" not in free.details
    assert np.isclose(free.objective, got.objective)
    assert not match(scores, "flow", backend="ortools", **floors).optimal


@settings(max_examples=40, deadline=None)
@given(
    st.integers(12, 30),
    st.integers(12, 30),
    st.integers(1, 2),
    st.integers(1, 2),
    st.sampled_from(["none", "rows", "both"]),
    st.booleans(),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_core_flow_equals_ortools(
    n_a: int, n_b: int, cap_a: int, cap_b: int, floors: str, sparse: bool, total: bool, seed: int
) -> None:
    """The scipy-only flow (an LP of each participant's best pairs, priced by its duals) is
    exact: the same optimum as OR-Tools, with floors, forced pairs, a total cap, sparse input."""
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((n_a, n_b)), 3)
    scores[rng.random((n_a, n_b)) < 0.1] = 0.0
    mins = {"none": None, "rows": (1, 0), "both": (1, 1 if n_b <= n_a * cap_a else 0)}[floors]
    kw: dict = {"max_meetings": (cap_a, cap_b), "min_meetings": mins, "alternates": 0}
    if total:
        kw["max_total"] = int(rng.integers(n_a, n_a * cap_a + 1))
    given_scores = sp.csr_array(np.where(rng.random((n_a, n_b)) < 0.6, scores, 0.0)) if sparse else scores
    kw["forced"] = np.array([[0, int(np.argmax(scores[0]))]])
    try:
        reference = match(given_scores, "flow", backend="ortools", **kw)
    except Exception as exc:  # infeasible requests must be infeasible for both
        with pytest.raises(type(exc)):
            match(given_scores, "flow", backend="highs", **kw)
        return
    got = match(given_scores, "flow", backend="highs", **kw)
    assert got.optimal
    assert abs(got.objective - reference.objective) <= reference.details["loss_bound"] + 1e-9
    assert len(got.pairs) == len(reference.pairs)


def test_export_records_follow_the_schedule_objects() -> None:
    """records() builds rows from the schedule's arrays; they must say what its objects say,
    with unplaced meetings, a repeated pair and participants the mission does not know."""
    from matchmaker.export import records
    from matchmaker.scheduling import EventPlan, schedule

    pairs = [("A0", "B0"), ("A0", "B1"), ("A1", "B0"), ("A1", "B1"), ("A2", "B0"), ("A2", "B2"), ("A0", "B0")]
    plan = EventPlan(start="09:00", slots_per_day=2, tables=2, days="2020-12-02", timezone="WIB")
    s = schedule(pairs, plan, allow_repeats=True)
    assert s.unplaced  # B0 has four meetings for two slots
    rec = records(s, np.arange(9.0).reshape(3, 3))
    placed = [(m.a, m.b, m.start.isoformat(), m.table) for m in s.meetings]
    assert [(r["a_id"], r["b_id"], r["start"], r["table"]) for r in rec.meetings[: len(placed)]] == placed
    assert [(r["a_id"], r["b_id"], r["reason"]) for r in rec.meetings[len(placed) :]] == [
        (u.a, u.b, u.reason.message) for u in s.unplaced
    ]
    number = {(r["a_id"], r["b_id"], r["start"]): r["meeting"] for r in rec.meetings}
    expected = [
        (pid, m.partner(pid), m.start.isoformat(), m.table, number[(m.a, m.b, m.start.isoformat())])
        for pid in (*s.row_ids, *s.col_ids)
        for m in s.agenda(pid)
    ]
    rows = [(r["participant"], r["partner"], r["start"], r["table"], r["meeting"]) for r in rec.agendas]
    assert rows == expected
    scores = {(r["a_id"], r["b_id"]): r["score"] for r in rec.meetings}
    assert scores[("A1", "B1")] == 4.0
    assert scores[("A2", "B2")] == 8.0


def test_xlsx_is_summarised_above_its_documented_size(tmp_path, monkeypatch) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from matchmaker.datasets import east_java_south_sumatra_2020
    from matchmaker.export import files, records
    from matchmaker.pipeline import run

    result = run(east_java_south_sumatra_2020())
    rec = records(result.schedule, result.scores, mission=result.mission)
    full = openpyxl.load_workbook(files.write_xlsx(result, rec, tmp_path / "full.xlsx"))
    assert {"overview", "grid", "meetings", "outcomes"} <= set(full.sheetnames)
    monkeypatch.setattr(files, "XLSX_FULL_MEETINGS", len(rec.meetings) - 1)
    small = openpyxl.load_workbook(files.write_xlsx(result, rec, tmp_path / "small.xlsx"))
    assert small.sheetnames == ["overview"]
    notes = [row for row in small["overview"].iter_rows(values_only=True) if row[0] == "tables"]
    assert "CSV files and result.json" in notes[0][1]
