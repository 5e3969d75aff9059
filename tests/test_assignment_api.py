"""``match``'s contract: inputs, errors, method choice, the Matching record, optional backends."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.assignment import (
    METHODS,
    Capacities,
    Matching,
    Solution,
    match,
    register_method,
    validate,
)
from matchmaker.errors import InfeasibleError, MissingDependencyError, SolverError, ValidationError
from matchmaker.model import Delegation, Mission, Participant


@dataclass(frozen=True)
class FakeScores:
    """What ``matchmaker.scoring.score`` returns, as far as matching reads it."""

    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    total: np.ndarray
    forbidden: np.ndarray
    forced: np.ndarray
    mission: Mission | None = None


def _mission() -> Mission:
    people = [
        Participant("JT1", "PT Satu", "Jawa Timur", "Jawa Timur", max_meetings=3),
        Participant("JT2", "PT Dua", "Jawa Timur", "Jawa Timur", min_meetings=2),
        Participant("SS1", "CV Satu", "Sumatera Selatan", "Sumatera Selatan"),
        Participant("SS2", "CV Dua", "Sumatera Selatan", "Sumatera Selatan", max_meetings=1),
        Participant("SS3", "CV Tiga", "Sumatera Selatan", "Sumatera Selatan"),
    ]
    return Mission(
        "Test",
        Delegation("Jawa Timur", "Jawa Timur"),
        Delegation("Sumatera Selatan", "Sumatera Selatan"),
        people,
    )


def _fake(mission: Mission, seed: int = 0) -> FakeScores:
    rng = np.random.default_rng(seed)
    a, b = len(mission.ids("A")), len(mission.ids("B"))
    return FakeScores(
        mission.ids("A"),
        mission.ids("B"),
        rng.random((a, b)),
        np.zeros((a, b), bool),
        np.zeros((0, 2), np.intp),
        mission,
    )


# ----------------------------------------------------------------- the record
def test_matching_record_fields() -> None:
    s = np.array([[0.9, 0.8, 0.1], [0.85, 0.2, 0.3]])
    m = match(s, row_ids=["JT1", "JT2"], col_ids=["SS1", "SS2", "SS3"], alternates=2)
    assert isinstance(m, Matching)
    assert m.row_ids == ("JT1", "JT2")
    assert m.col_ids == ("SS1", "SS2", "SS3")
    assert m.pairs.dtype == np.intp
    assert m.pairs.shape == (2, 2)
    assert m.pairs.tolist() == sorted(m.pairs.tolist())
    assert not m.pairs.flags.writeable
    assert not m.scores.flags.writeable
    assert m.scores.tolist() == [s[r, c] for r, c in m.pairs.tolist()]
    assert m.objective == pytest.approx(sum(m.scores))
    assert (m.method, m.backend, m.optimal) == ("hungarian", "scipy.linear_sum_assignment", True)
    assert m.pair_ids() == (("JT1", "SS2"), ("JT2", "SS1"))
    assert m.partners("SS1") == ("JT2",)
    assert m.partners("JT1") == ("SS2",)
    assert set(m.alternates) == {"JT1", "JT2", "SS1", "SS2", "SS3"}
    assert m.alternates["JT1"] == ("SS1", "SS3")  # best first, its own partner excluded
    assert m.alternates["SS3"] == ("JT2", "JT1")
    assert m.mission is None
    assert m.violations == ()
    assert "2 meetings" in str(m)
    assert "SS3" in str(m)
    with pytest.raises(KeyError):
        m.partners("nobody")


def test_plain_arrays_get_distinct_default_ids() -> None:
    m = match(np.eye(2))
    assert m.row_ids == ("A0", "A1")
    assert m.col_ids == ("B0", "B1")


def test_alternates_zero_and_bad_values() -> None:
    m = match(np.eye(3), alternates=0)
    assert all(v == () for v in m.alternates.values())
    with pytest.raises(ValidationError, match="alternates"):
        match(np.eye(3), alternates=-1)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("scores", "words"),
    [
        (np.array([[0.5, np.nan]]), "A0 – B1 is NaN"),
        (np.array([[np.inf, 0.5]]), "forbidden="),
        (np.ones(3), "2-D array"),
        (np.array([["a", "b"]]), "2-D array of numbers"),
    ],
)
def test_bad_scores_are_refused_before_any_work(scores: np.ndarray, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        match(scores)
    assert words in str(info.value)


def test_nan_is_named_by_participant_ids() -> None:
    s = np.zeros((2, 2))
    s[1, 0] = np.nan
    with pytest.raises(ValidationError) as info:
        match(s, row_ids=["JT1", "JT2"], col_ids=["SS1", "SS2"])
    assert info.value.problems[0].participants == ("JT2", "SS1")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"forbidden": np.zeros((3, 3), bool)}, "forbidden mask has shape"),
        ({"forced": [[0, 5]]}, "outside the 2×2 scores"),
        ({"forced": [("A0", "Z9")]}, "unknown id 'Z9'"),
        ({"forced": [("A0", "A1")]}, "same side"),
        ({"row_ids": ["x", "x"]}, "unique"),
        ({"row_ids": ["x"]}, "1 ids for 2"),
        ({"row_ids": ["x", "y"], "col_ids": ["y", "z"]}, "repeated: y"),
        ({"min_score": float("nan")}, "min_score"),
        ({"max_meetings": -1}, "whole number >= 0"),
        ({"max_meetings": 1.5}, "whole number >= 0"),
        ({"max_meetings": ([1, 2, 3], 1)}, "3 values"),
        ({"min_meetings": 2, "max_meetings": 1}, "above max_meetings"),
        ({"capacities": Capacities.build((2, 2)), "max_meetings": 2}, "not both"),
        ({"capacities": Capacities.build((3, 2))}, "capacities are for"),
        ({"objective": "fairest"}, "objective must be"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        match(np.ones((2, 2)), **kwargs)
    assert words in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        match(np.ones((2, 2)), forced=[[0, 9]], forbidden=np.zeros((1, 1), bool), min_score=float("inf"))
    assert len(info.value.problems) == 3


def test_a_participant_whose_own_bounds_conflict_with_the_default_is_named() -> None:
    mission = _mission()
    with pytest.raises(ValidationError) as info:
        match(_fake(mission), max_meetings=1)  # JT2's own min 2 is above the default max 1
    assert info.value.problems[0].participants == ("JT2",)


# ---------------------------------------------------------------- methods
def test_unknown_method_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError) as info:
        match(np.eye(2), "simplex")
    for name in ("auto", "flow", "greedy", "hungarian", "milp", "stable"):
        assert name in str(info.value)


def test_auto_picks_and_records_what_ran() -> None:
    s = np.random.default_rng(0).random((4, 6))
    assert match(s).method == "hungarian"
    flow = match(s, max_meetings=(2, 1))
    assert (flow.method, flow.backend) == ("flow", "ortools.SimpleMinCostFlow")
    assert flow.details["loss_bound"] < 1e-6
    assert match(s, min_meetings=(1, 0)).method == "flow"  # a floor rules out hungarian
    fair = match(s, objective="maximin")
    assert (fair.method, fair.backend) == ("milp", "scipy.milp(HiGHS)")
    assert "worst_off" in fair.details


def test_methods_refuse_what_they_cannot_do() -> None:
    with pytest.raises(ValidationError, match="max_meetings <= 1"):
        match(np.ones((3, 3)), "hungarian", max_meetings=2)
    with pytest.raises(ValidationError, match="min_meetings"):
        match(np.ones((3, 3)), "hungarian", min_meetings=1)
    with pytest.raises(ValidationError, match="does not optimise objective 'maximin'"):
        match(np.ones((3, 3)), "flow", objective="maximin")


def test_options_are_checked() -> None:
    with pytest.raises(ValidationError) as info:
        match(np.eye(2), "flow", backend_name="ortools")
    assert "backend_name" in str(info.value)
    assert "resolution" in str(info.value)
    with pytest.raises(ValidationError, match="unknown flow backend 'cplex'"):
        match(np.eye(2), "flow", backend="cplex")
    with pytest.raises(ValidationError, match="proposing"):
        match(np.eye(2), "stable", proposing="C")


def test_a_callable_method_and_a_registered_one() -> None:
    def diagonal(instance: object) -> np.ndarray:
        return np.array([[0, 0], [1, 1]])

    m = match(np.eye(2) * 0.5, diagonal)
    assert (m.method, m.backend, m.optimal) == ("diagonal", "custom", None)
    assert m.objective == 1.0
    spec = register_method("diagonal", diagonal, exact=False)
    try:
        assert METHODS["diagonal"] is spec
        assert match(np.eye(2), "diagonal").pair_ids() == (("A0", "B0"), ("A1", "B1"))
    finally:
        from matchmaker.assignment.registry import _METHODS

        del _METHODS["diagonal"]


def test_a_method_that_breaks_the_rules_is_a_solver_error() -> None:
    def everyone(instance: object) -> Solution:
        return Solution(np.array([[0, 0], [0, 1]]), True, "bad")

    with pytest.raises(SolverError, match="above its max_meetings"):
        match(np.ones((1, 2)), everyone)
    with pytest.raises(SolverError, match="forbidden"):
        match(np.ones((1, 2)), lambda inst: np.array([[0, 1]]), forbidden=[[0, 1]])


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ([[0, 0], [1, 0]], "above its max_meetings"),  # a column twice
        ([[0, 2]], "forbidden|not an allowed"),  # not a candidate pair
        ([[0, 0], [5, 1]], "outside"),  # out of range
        ([[0, 1], [1, 1]], "above its max_meetings"),
        ([[0, 0], [0, 1]], "above its max_meetings"),  # a row twice
        ([[-1, 0]], "outside"),  # a negative index (bincount's range test refuses it)
        ([[0, 3]], "outside|not an allowed"),  # a column past the end
        ([[0, 10**12]], "outside"),  # huge: caught as outside, not a terabyte bincount
        ([[10**12, 0]], "outside"),
    ],
)
@pytest.mark.parametrize("sparse", [False, True])
def test_a_wrong_hungarian_kernel_answer_is_caught(monkeypatch, answer, message, sparse) -> None:
    """The self-check after the one-to-one solver is cheaper now, and still catches a kernel's
    wrong answer on the dense and the sparse path (issue 15: a check that cannot fail is a defect)."""
    from matchmaker.assignment.algorithms import hungarian

    def wrong(*args: object, **kwargs: object) -> np.ndarray:
        return np.array(answer, dtype=np.intp)

    monkeypatch.setattr(hungarian, "_full_assignment", wrong)
    monkeypatch.setattr(hungarian, "_reserved_sparse", wrong)
    monkeypatch.setattr(hungarian, "_reserved_dense", wrong)
    w = np.array([[0.9, 0.8, 0.0], [0.85, 0.1, 0.3]])
    scores = sp.csr_array(np.where(w > 0, w, 0.0)) if sparse else w
    forbidden = None if sparse else [[0, 2]]
    with pytest.raises(SolverError, match=message):
        match(scores, "hungarian", forbidden=forbidden)
    if not sparse and answer != [[0, 2]]:  # the complete dense shortcut (every pair a candidate)
        with pytest.raises(SolverError, match=message):
            match(w, "hungarian")


# -------------------------------------------------------- scores objects
def test_scores_object_bounds_come_from_the_mission() -> None:
    mission = _mission()
    scores = _fake(mission)
    m = match(scores, max_meetings=2)
    assert m.mission is mission
    assert m.method == "flow"
    caps = m.problem.capacities
    assert caps.row_max.tolist() == [3, 2]  # JT1's own 3; JT2 the default 2
    assert caps.row_min.tolist() == [0, 2]  # JT2's own floor
    assert caps.col_max.tolist() == [2, 1, 2]  # SS2's own 1
    assert validate(m) == ()
    assert len(m.partners("JT2")) == 2
    assert len(m.partners("SS2")) <= 1


def _with_rules(forbidden_cell: tuple[int, int], forced: list[list[int]]) -> FakeScores:
    """The test mission's scores with one forbidden pair and some forced pairs."""
    base = _fake(_mission())
    forbidden = np.zeros_like(base.forbidden)
    forbidden[forbidden_cell] = True
    return FakeScores(base.row_ids, base.col_ids, base.total, forbidden, np.array(forced), base.mission)


def test_scores_object_forbidden_and_forced_are_respected() -> None:
    scores = _with_rules((0, 0), [[1, 2]])
    m = match(scores, max_meetings=3, forbidden=[("JT1", "SS2")])
    assert ("JT1", "SS1") not in m.pair_ids()
    assert ("JT1", "SS2") not in m.pair_ids()
    assert ("JT2", "SS3") in m.pair_ids()
    with pytest.raises(ValidationError, match="come from the scores object"):
        match(scores, row_ids=["x", "y"])


def test_scores_object_with_a_forced_pair_that_is_forbidden() -> None:
    scores = _with_rules((1, 2), [[1, 2]])
    with pytest.raises(InfeasibleError) as info:
        match(scores, max_meetings=3)
    assert info.value.problems[0].participants == ("JT2", "SS3")


def test_bundled_mission_shape_with_synthetic_scores(bundled: Mission) -> None:
    # Until matchmaker.scoring lands: the bundled mission's ids and bounds, random scores.
    scores = _fake(bundled, seed=2020)
    m = match(scores, max_meetings=(8, 4))
    assert m.method == "flow"
    assert validate(m) == ()
    deg = np.bincount(m.pairs[:, 0], minlength=46)
    for pid, d in zip(bundled.ids("A"), deg.tolist(), strict=True):
        own = bundled[pid]
        assert d <= (own.max_meetings if own.max_meetings is not None else 8)
        assert d >= (own.min_meetings or 0)
    g = match(scores, "greedy", max_meetings=(8, 4))
    assert g.objective <= m.objective + 1e-9


# -------------------------------------------------------------- sparse input
def test_sparse_candidates_only_and_explicit_zero_is_a_candidate() -> None:
    rows, cols = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2])
    vals = np.array([0.0, 0.9, 0.8, 0.4])
    scores = sp.coo_array((vals, (rows, cols)), shape=(3, 3))
    m = match(scores, max_meetings=(1, 1))
    assert m.objective == pytest.approx(0.9 + 0.4)
    assert {(r, c) for r, c in m.pairs.tolist()} <= set(zip(rows.tolist(), cols.tolist(), strict=True))
    forced = match(scores, "flow", forced=[[0, 0]], max_meetings=1)
    assert (0, 0) in {tuple(p) for p in forced.pairs.tolist()}
    with pytest.raises(InfeasibleError, match="not an allowed"):
        match(scores, forced=[[2, 0]])


def test_sparse_forbidden_and_forced_masks() -> None:
    s = np.array([[0.9, 0.1], [0.2, 0.8]])
    m = match(s, forbidden=sp.csr_array(np.eye(2, dtype=bool)))
    assert m.pair_ids() == (("A0", "B1"), ("A1", "B0"))
    with pytest.raises(ValidationError, match="shape"):
        match(s, forbidden=sp.csr_array(np.eye(3, dtype=bool)))


@pytest.mark.parametrize("method", ["hungarian", "flow", "greedy", "stable", "milp"])
def test_sparse_and_dense_requests_agree(method: str) -> None:
    rng = np.random.default_rng(5)
    dense = rng.random((8, 11))
    allowed = rng.random(dense.shape) < 0.4
    caps = 1 if method == "hungarian" else (3, 2)
    a = match(dense, method, forbidden=~allowed, max_meetings=caps)
    b = match(sp.csr_array(np.where(allowed, dense, 0)), method, max_meetings=caps)
    assert a.objective == pytest.approx(b.objective)
    assert validate(a) == ()
    assert validate(b) == ()
    assert b.problem.candidates is not None


# ------------------------------------------------------------ unmatched
def test_unmatched_reasons() -> None:
    s = np.array(
        [
            [0.9, 0.8, 0.7, -0.2],
            [0.9, 0.8, 0.7, -0.5],
            [0.1, 0.1, 0.1, 0.0],
            [0.9, 0.9, 0.9, 0.9],
        ]
    )
    forbidden = np.zeros((4, 4), bool)
    forbidden[3] = True  # A3 may meet nobody
    m = match(s, "flow", forbidden=forbidden, min_score=0.05, max_meetings=([1, 1, 1, 1], [1, 1, 0, 1]))
    reasons = {(u.id, u.kind) for u in m.unmatched}
    assert ("A3", "all-forbidden") in reasons
    assert ("B2", "no-capacity") in reasons
    assert ("B3", "below-min-score") in reasons  # its pairs score 0 or less
    assert ("A2", "partners-full") in reasons
    assert all(u.reason for u in m.unmatched)
    neg = match(np.array([[-0.1]]), "flow")
    assert [(u.id, u.kind) for u in neg.unmatched] == [("A0", "not-chosen"), ("B0", "not-chosen")]
    assert "would raise the total" in neg.unmatched[0].reason


# ---------------------------------------------------------- optional extras
def test_missing_lapx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lap", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'matchmaker\[lap\]'"):
        match(np.eye(3), "hungarian", backend="lapx")
    big = np.random.default_rng(0).random((150, 150))
    assert match(big, "hungarian").backend == "scipy.linear_sum_assignment"  # auto without lapx


def test_missing_ortools_names_the_extra_and_auto_uses_highs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "ortools" or m.startswith("ortools.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ortools", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'matchmaker\[ortools\]'"):
        match(np.eye(3), "flow", backend="ortools")
    m = match(np.eye(3), max_meetings=2)
    assert (m.method, m.backend) == ("flow", "scipy.linprog(HiGHS)")


@pytest.mark.parametrize("sparse_input", [False, True])
def test_alternates_are_the_best_unmet_allowed_partners(sparse_input: bool) -> None:
    for seed in range(10):
        rng = np.random.default_rng(seed)
        s = np.round(rng.random((7, 9)), 1) + 0.1  # ties on purpose; no zeros (sparse input)
        allowed = rng.random((7, 9)) < 0.7
        scores = sp.csr_array(np.where(allowed, s, 0)) if sparse_input else s
        m = match(
            scores, "flow", forbidden=None if sparse_input else ~allowed, max_meetings=(2, 2), alternates=4
        )
        met = {tuple(p) for p in m.pairs.tolist()}
        for i in range(7):
            best = sorted((-s[i, j], j) for j in range(9) if allowed[i, j] and (i, j) not in met)[:4]
            assert m.alternates[f"A{i}"] == tuple(f"B{j}" for _, j in best)
        for j in range(9):
            best = sorted((-s[i, j], i) for i in range(7) if allowed[i, j] and (i, j) not in met)[:4]
            assert m.alternates[f"B{j}"] == tuple(f"A{i}" for _, i in best)


def test_bound_extremes_match_the_arrays_they_summarise() -> None:
    """The cached extremes the one-to-one test and the rules' shortcuts read are those of the
    clipped bounds a problem holds, and of the request's own bounds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from matchmaker.assignment.capacities import Capacities
    from matchmaker.assignment.problem import MatchingProblem

    @settings(max_examples=60, deadline=None)
    @given(st.integers(0, 4), st.integers(0, 4), st.data())
    def check(a: int, b: int, data: st.DataObject) -> None:
        lo_r = np.array(data.draw(st.lists(st.integers(0, 2), min_size=a, max_size=a)), np.int64)
        lo_c = np.array(data.draw(st.lists(st.integers(0, 2), min_size=b, max_size=b)), np.int64)
        hi_r = lo_r + np.array(data.draw(st.lists(st.integers(0, 6), min_size=a, max_size=a)), np.int64)
        hi_c = lo_c + np.array(data.draw(st.lists(st.integers(0, 6), min_size=b, max_size=b)), np.int64)
        caps = Capacities(lo_r, hi_r, lo_c, hi_c)
        p = MatchingProblem.from_dense(np.ones((a, b)), capacities=caps)
        for e, (r_min, r_max, c_min, c_max) in (
            (caps.extremes, (lo_r, hi_r, lo_c, hi_c)),
            (p.extremes, (p.row_min, p.row_max, p.col_min, p.col_max)),  # maxima clipped
        ):
            want = [x.max() if x.size else 0 for x in (r_min, c_min, r_max, c_max)]
            want += [x.min() if x.size else 0 for x in (r_max, c_max)]
            got = [e.row_floor, e.col_floor, e.row_most, e.col_most, e.row_least, e.col_least]
            assert got == want
        assert p.one_to_one[0] == bool((p.row_max <= 1).all() and (p.col_max <= 1).all())
        assert p.has_floors == bool(lo_r.any() or lo_c.any())

    check()


def test_forced_missing_rule_names_exactly_the_forced_pairs_absent_from_the_matching() -> None:
    """Against a set of pairs, on sorted, unsorted, repeated and empty matchings."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from matchmaker.assignment.constraints import forced_missing_rule

    pair = st.tuples(st.integers(0, 4), st.integers(0, 5))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(pair, max_size=12), st.lists(pair, max_size=6, unique=True), st.booleans())
    def check(chosen: list[tuple[int, int]], forced: list[tuple[int, int]], ordered: bool) -> None:
        pairs = np.array(sorted(chosen) if ordered else chosen, dtype=np.intp).reshape(-1, 2)
        f = np.array(forced, dtype=np.intp).reshape(-1, 2)
        ids_r, ids_c = [f"a{i}" for i in range(5)], [f"b{j}" for j in range(6)]
        found = [p.data["row"] * 6 + p.data["col"] for p in forced_missing_rule(pairs, f, ids_r, ids_c)]
        assert found == [r * 6 + c for r, c in forced if (r, c) not in set(chosen)]

    check()
