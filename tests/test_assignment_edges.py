"""API edge cases: empty candidate sets with forced pairs, integer masks, ties in blocking pairs."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.assignment import blocking_pairs, diagnose, validate
from matchmaker.assignment.capacities import Capacities
from matchmaker.assignment.constraints import Constraints
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, ValidationError


def test_an_empty_candidate_set_with_a_forced_pair_is_infeasible() -> None:
    empty = sp.csr_array((1, 1))
    with pytest.raises(InfeasibleError) as info:
        mm.match(empty, forced=np.array([[0, 0]]))
    assert info.value.problems[0].kind == "forced-forbidden"
    (found,) = diagnose(empty, forced=np.array([[0, 0]]))
    assert found.kind == "forced-forbidden"


def test_validate_against_an_empty_candidate_set() -> None:
    matching = mm.match(np.ones((1, 1)))
    nothing = MatchingProblem.from_rules(Capacities.build((1, 1)), candidates=np.zeros(0, np.int64))
    kinds = [p.kind for p in validate(matching, nothing)]
    assert "forbidden" in kinds


def test_the_former_names_of_the_problem_still_work_and_warn() -> None:
    matching = mm.match(np.ones((1, 1)))
    with pytest.warns(DeprecationWarning, match="Constraints"):
        nothing = Constraints(
            Capacities.build((1, 1)), np.zeros((0, 2), np.intp), candidates=np.zeros(0, np.int64)
        )
    assert "forbidden" in [p.kind for p in validate(matching, nothing)]
    with pytest.warns(DeprecationWarning, match="Matching.problem"):
        assert matching.constraints is matching.problem
    with pytest.warns(DeprecationWarning, match="Matching.problem"):
        assert matching.instance is matching.problem
    with pytest.warns(DeprecationWarning, match="MatchingProblem"):
        from matchmaker.assignment import Instance
    assert Instance is mm.MatchingProblem
    with pytest.warns(DeprecationWarning, match="problem="):
        assert validate(matching, constraints=nothing) == validate(matching, nothing)


def test_a_zero_one_integer_mask_of_the_scores_shape_is_a_mask() -> None:
    s = np.ones((2, 3))
    mask = np.array([[1, 0, 0], [0, 1, 0]])
    got = mm.match(s, forbidden=mask)
    assert not any(mask[r, c] for r, c in got.pairs.tolist())
    same = mm.match(s, forbidden=mask.astype(bool))
    assert got.pair_ids() == same.pair_ids()


def test_a_zero_one_integer_array_that_could_be_pairs_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        mm.match(np.ones((3, 2)), forbidden=np.array([[1, 0], [0, 1], [1, 1]]))
    assert info.value.problems[0].kind == "ambiguous"


def test_index_pairs_are_still_pairs() -> None:
    got = mm.match(np.ones((3, 2)), forbidden=np.array([[0, 0], [2, 1]]))  # 2 rows of 3: not the A×B shape
    assert {(0, 0), (2, 1)}.isdisjoint(map(tuple, got.pairs.tolist()))


def _strict_blocking(s: np.ndarray, pairs: set[tuple[int, int]], cap: int) -> set[tuple[int, int]]:
    """Brute force: (i, j) blocks when both have room or strictly prefer the other to their worst."""
    out = set()
    for i, j in itertools.product(range(s.shape[0]), range(s.shape[1])):
        if (i, j) in pairs:
            continue
        mine = [s[i, q] for p, q in pairs if p == i]
        theirs = [s[p, j] for p, q in pairs if q == j]
        wants_i = len(mine) < cap or s[i, j] > min(mine)
        wants_j = len(theirs) < cap or s[i, j] > min(theirs)
        if wants_i and wants_j:
            out.add((i, j))
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 2), st.data())
def test_blocking_pairs_match_brute_force_with_ties(
    n_a: int, n_b: int, cap: int, data: st.DataObject
) -> None:
    values = data.draw(st.lists(st.sampled_from([0.25, 0.5, 0.75]), min_size=n_a * n_b, max_size=n_a * n_b))
    s = np.array(values).reshape(n_a, n_b)
    method = data.draw(st.sampled_from(["flow", "greedy", "stable"]))
    m = mm.match(s, method, max_meetings=cap)
    found = {(m.row_ids.index(a), m.col_ids.index(b)) for a, b in blocking_pairs(m)}
    assert found == _strict_blocking(s, {tuple(p) for p in m.pairs.tolist()}, cap)
    if method == "stable":
        assert found == set()


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 6), st.data())
def test_milp_with_a_meeting_cap_agrees_with_flow(n_a: int, n_b: int, cap: int, data: st.DataObject) -> None:
    values = data.draw(st.lists(st.floats(0.01, 1), min_size=n_a * n_b, max_size=n_a * n_b))
    s = np.array(values).reshape(n_a, n_b)
    flow = mm.match(s, "flow", max_meetings=2, max_total=cap)
    milp = mm.match(s, "milp", max_meetings=2, max_total=cap)
    assert len(milp.pairs) <= cap
    # flow solves on integer-scaled scores: it is exact up to the loss bound it reports
    assert milp.objective == pytest.approx(
        flow.objective, abs=1e-6 + float(flow.details.get("loss_bound", 0))
    )


def test_the_matching_problem_example_in_the_docs_runs() -> None:
    import doctest
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "matching.md").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("```"))
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/matching.md", None, 0)
    assert test.examples, "docs/matching.md lost its MatchingProblem example"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("layout", ["csr", "csr-unsorted", "coo-shuffled", "coo-repeats"])
def test_every_sparse_layout_gives_the_dense_optimum(layout: str) -> None:
    # The sparse reader skips its checks for canonical CSR and sorted COO input; every other
    # layout must still be sorted and its repeated entries summed (scipy's convention).
    rng = np.random.default_rng(11)
    dense = rng.random((9, 12))
    allowed = rng.random(dense.shape) < 0.35
    r, c = np.nonzero(allowed)
    v = dense[r, c]
    if layout == "csr":
        scores = sp.csr_array((v, (r, c)), shape=dense.shape)
    elif layout == "csr-unsorted":
        scores = sp.csr_array((v, (r, c)), shape=dense.shape)
        scores.indices[:] = scores.indices.copy()  # same entries, flags say nothing
        scores.has_sorted_indices = False
        for i in range(scores.shape[0]):  # reverse each row's entries
            lo, hi = scores.indptr[i], scores.indptr[i + 1]
            scores.indices[lo:hi] = scores.indices[lo:hi][::-1].copy()
            scores.data[lo:hi] = scores.data[lo:hi][::-1].copy()
        assert not scores.has_canonical_format
    elif layout == "coo-shuffled":
        order = rng.permutation(r.size)
        scores = sp.coo_array((v[order], (r[order], c[order])), shape=dense.shape)
    else:  # each score stored as two halves
        scores = sp.coo_array((np.r_[v / 2, v / 2], (np.r_[r, r], np.r_[c, c])), shape=dense.shape)
    for method, caps in (("hungarian", 1), ("flow", (3, 2))):
        want = mm.match(dense, method, forbidden=~allowed, max_meetings=caps)
        got = mm.match(scores, method, max_meetings=caps)
        assert got.objective == pytest.approx(want.objective)
        assert validate(got) == ()
        assert got.problem is not None
        assert got.problem.n_edges == int(allowed.sum())


def test_a_new_method_is_one_file_the_architecture_example(tmp_path: Path) -> None:
    """docs/architecture.md's example, dropped into the algorithms folder, is registered and runs."""
    from matchmaker.assignment import algorithms, registry

    text = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = text.split("# src/matchmaker/assignment/algorithms/best_first.py\n")[1].split("```")[0]
    (tmp_path / "best_first.py").write_text(code, encoding="utf-8")
    algorithms.__path__.append(str(tmp_path))
    try:
        registry._register_algorithms()
        assert registry.METHODS["best_first"].exact is False
        rng = np.random.default_rng(3)
        s = rng.random((6, 8))
        for request in ({}, {"max_total": 2}, {"forced": [[2, 1]]}):
            m = mm.match(s, "best_first", **request)  # type: ignore[arg-type]
            assert m.method == "best_first"
            assert validate(m) == ()
            assert 0 < len(m) <= 6
        with pytest.raises(ValidationError, match="takes no option"):
            mm.match(s, "best_first", backend="x")
    finally:
        algorithms.__path__.remove(str(tmp_path))
        registry._METHODS.pop("best_first", None)
        sys.modules.pop("matchmaker.assignment.algorithms.best_first", None)
