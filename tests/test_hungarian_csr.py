"""The sparse hungarian path on a canonical CSR input (issue 15, assignp800 overhead).

A canonical CSR hands the problem its own row pointers (``MatchingProblem.row_starts``) and
LAPJVsp gets int32 index arrays; the same scores as a COO array take the other path (row
pointers searched, as before).  Both must give the same pairs and scores, equal to the dense
solver's optimum, and the caller's arrays must stay as they were.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.assignment import match
from matchmaker.assignment.inputs import prepare
from matchmaker.assignment.problem import MatchingProblem


@st.composite
def sparse_scores(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """(scores, candidate mask): positive integer scores, some rows or columns possibly empty."""
    n_r = draw(st.integers(1, 7))
    n_c = draw(st.integers(1, 7))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mask = rng.random((n_r, n_c)) < draw(st.sampled_from([0.3, 0.6, 1.0]))
    # narrow ranges make ties, wide ones make the "every row matched" shortcut fail
    top = draw(st.sampled_from([2, 5, 1000]))
    scores = rng.integers(1, top + 1, size=(n_r, n_c)).astype(float)
    return scores, mask


def _csr(scores: np.ndarray, mask: np.ndarray | None, index: type) -> sp.csr_array:
    rows, cols = np.nonzero(scores != 0 if mask is None else mask)
    out = sp.csr_array((scores[rows, cols], (rows, cols)), shape=scores.shape)
    out.sort_indices()
    out.indices = out.indices.astype(index)
    out.indptr = out.indptr.astype(index)
    return out


@settings(max_examples=150, deadline=None)
@given(sparse_scores())
def test_csr_and_coo_inputs_give_the_same_matching(case: tuple[np.ndarray, np.ndarray]) -> None:
    scores, mask = case
    rows, cols = np.nonzero(mask)
    coo = sp.coo_array((scores[rows, cols], (rows, cols)), shape=scores.shape)
    assert "row_starts" not in prepare(coo).problem.__dict__  # the other path: rows searched
    reference = match(coo, "hungarian")
    dense = match(np.where(mask, scores, 0.0), "hungarian", forbidden=~mask, backend="scipy")
    for index in (np.int32, np.int64):
        csr = _csr(scores, mask, index)
        kept = prepare(csr).problem
        assert kept.csr is not None  # the input's arrays, not an edge list
        assert kept.row_starts.tolist() == csr.indptr.tolist()
        m = match(csr, "hungarian")
        assert m.pairs.tolist() == reference.pairs.tolist()
        assert m.scores.tolist() == reference.scores.tolist()
        assert m.objective == dense.objective


def test_row_starts_are_the_edge_lists_row_pointers_and_the_callers_stay_his() -> None:
    scores = np.array([[3.0, 0.0, 2.0], [0.0, 0.0, 0.0], [1.0, 4.0, 0.0], [0.0, 5.0, 6.0]])
    csr = _csr(scores, scores > 0, np.int32)
    indptr_before = csr.indptr.copy()
    problem = prepare(csr).problem
    starts = problem.row_starts
    assert starts.tolist() == [0, 2, 2, 4, 6] == indptr_before.tolist()
    assert starts.dtype == np.intp
    assert not starts.flags.writeable
    assert csr.indptr.flags.writeable
    assert not np.shares_memory(starts, csr.indptr)
    # computed from the rows when no CSR input gave them
    alone = MatchingProblem.from_edges(4, 3, problem.rows, problem.cols, problem.weights)
    assert "row_starts" not in alone.__dict__
    assert alone.row_starts.tolist() == starts.tolist()
    m = match(csr, "hungarian")
    assert m.pairs.tolist() == [[0, 0], [2, 1], [3, 2]]
    assert csr.indptr.tolist() == indptr_before.tolist()
    assert csr.indices.dtype == np.int32


def test_rules_drop_edges_so_the_inputs_row_pointers_are_not_used() -> None:
    """A forbidden pair removes an edge: the CSR's ``indptr`` no longer describes the candidates."""
    scores = np.array([[3.0, 1.0], [2.0, 4.0]])
    csr = _csr(scores, scores > 0, np.int32)
    assert "row_starts" not in prepare(csr, forbidden=[[1, 1]]).problem.__dict__
    assert "row_starts" not in prepare(csr, min_score=2.5).problem.__dict__
    m = match(csr, "hungarian", forbidden=[[1, 1]])
    assert m.pairs.tolist() == [[0, 1], [1, 0]]


@settings(max_examples=150, deadline=None)
@given(sparse_scores(), st.integers(0, 2**32 - 1), st.integers(0, 40))
def test_row_local_lookup_agrees_with_the_key_search(
    case: tuple[np.ndarray, np.ndarray], seed: int, k: int
) -> None:
    """``edge_index`` with known row pointers (scipy's row-by-row C lookup) answers as the search
    of the sorted keys does for candidates and non-candidates; pairs outside the problem (which
    the key search may alias to another pair's key) are not handed to the C routine."""
    scores, mask = case
    n_r, n_c = scores.shape
    rows, cols = np.nonzero(mask)
    plain = MatchingProblem.from_edges(n_r, n_c, rows, cols, scores[rows, cols])
    assert "row_starts" not in plain.__dict__  # the key search
    keys = rows.astype(np.int64) * n_c + cols
    with_starts = MatchingProblem.from_edges(
        n_r, n_c, rows, cols, scores[rows, cols], sorted_keys=keys, row_starts=plain.row_starts
    )
    assert "row_starts" in with_starts.__dict__  # the edge list's own rows, looked up row by row
    compressed = [prepare(_csr(scores, mask, index)).problem for index in (np.int32, np.int64)]
    assert all(p.csr is not None and p.csr[1].dtype == np.int32 for p in compressed)
    rng = np.random.default_rng(seed)
    r = rng.integers(-2, n_r + 2, size=k)
    c = rng.integers(-2, n_c + 2, size=k)
    inside = (r >= 0) & (r < n_r) & (c >= 0) & (c < n_c)
    every = plain.edge_index(rows, cols)
    assert (plain.edge_index(r, c)[~inside] == -1).all()  # the key search too: no alias
    for row_local in (with_starts, *compressed):
        found = row_local.edge_index(r, c)
        assert found.dtype == np.intp
        assert found[inside].tolist() == plain.edge_index(r[inside], c[inside]).tolist()
        assert (found[~inside] == -1).all()
        assert row_local.edge_index(rows, cols).tolist() == every.tolist() == list(range(rows.size))


def test_row_local_lookup_runs_and_handles_empty_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    """The C path is the one taken for a few pairs of a CSR input (a spy counts its calls),
    a problem with no rows or no edges answers -1 without it, and an answer the routine
    flags (a repeated column, which it stops at) falls back to the key search."""
    import matchmaker.assignment.problem as problem_module

    real = problem_module._csr_sample_offsets
    assert real is not None
    calls: list[int] = []

    def spy(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(problem_module, "_csr_sample_offsets", spy)
    scores = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 4.0]])
    problem = prepare(_csr(scores, scores > 0, np.int64)).problem
    assert problem.edge_index([1, 0], [2, 1]).tolist() == [3, -1]
    assert problem.edge_index([-1, 1], [0, 1]).tolist() == [-1, 2]  # outside: never looked up
    assert calls == [1, 1]
    # rows to scan longer than the edge list: the key search, with the same answers
    assert problem.edge_index([1, 0, 1, -1, 2], [2, 1, 1, 0, 0]).tolist() == [3, -1, 2, -1, -1]
    assert calls == [1, 1]
    for n_r, n_c in ((0, 3), (3, 0), (2, 2)):
        empty = MatchingProblem.from_edges(n_r, n_c, [], [], [], row_starts=np.zeros(n_r + 1, np.intp))
        assert empty.edge_index([0, 1, -1], [1, 0, 0]).tolist() == [-1, -1, -1]
    monkeypatch.setattr(problem_module, "_csr_sample_offsets", lambda *args: 1)  # "repeats"
    fresh = prepare(_csr(scores, scores > 0, np.int64)).problem
    assert fresh.edge_index([1, 0], [2, 1]).tolist() == [3, -1]


@settings(max_examples=150, deadline=None)
@given(sparse_scores(), st.integers(0, 2**32 - 1), st.sampled_from([np.int32, np.int64]))
def test_a_csr_problem_answers_as_its_edge_list_does(
    case: tuple[np.ndarray, np.ndarray], seed: int, index: type
) -> None:
    """``from_csr`` keeps the input's arrays and derives the rest on demand: every lookup (the
    row-local ``edge_index``, the lazily built rows, columns, keys and candidates) must agree
    with the same problem built from its edge list, also after pickle, deepcopy and replace."""
    import copy
    import dataclasses
    import pickle

    scores, mask = case
    lazy = prepare(_csr(scores, mask, index)).problem
    assert lazy.csr is not None
    assert {"_edges", "keys", "row_starts"}.isdisjoint(lazy.__dict__)
    rows, cols = np.nonzero(mask)
    plain = MatchingProblem.from_edges(*scores.shape, rows, cols, scores[rows, cols])
    rng = np.random.default_rng(seed)
    # every pair, plus some outside the problem (-1 expected, as the keys' search gives)
    qr = np.concatenate([np.repeat(np.arange(scores.shape[0]), scores.shape[1]), rng.integers(-2, 9, 20)])
    qc = np.concatenate([np.tile(np.arange(scores.shape[1]), scores.shape[0]), rng.integers(-2, 9, 20)])
    inside = (qr >= 0) & (qr < scores.shape[0]) & (qc >= 0) & (qc < scores.shape[1])
    expected = np.where(inside, plain.edge_index(np.where(inside, qr, 0), np.where(inside, qc, 0)), -1)
    assert lazy.edge_index(qr, qc).tolist() == expected.tolist()
    assert lazy.may_meet(rows, cols).all()
    assert lazy.n_edges == plain.n_edges
    assert lazy.weights.tolist() == plain.weights.tolist()
    assert lazy.weight_range == plain.weight_range
    for again in (lazy, pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy), dataclasses.replace(lazy)):
        assert again.candidates is not None
        assert again.candidates.tolist() == plain.keys.tolist()
        assert again.keys.tolist() == plain.keys.tolist()
    assert not lazy.keys.flags.writeable
    assert lazy.rows.tolist() == plain.rows.tolist()
    assert lazy.cols.tolist() == plain.cols.tolist()
    assert lazy.rows.dtype == lazy.cols.dtype == np.intp
    assert not lazy.rows.flags.writeable
    assert not lazy.cols.flags.writeable
    assert lazy.row_starts.tolist() == plain.row_starts.tolist()
    keep = lazy.weights > 2
    narrowed = lazy.restricted(keep)
    assert narrowed.candidates is not None
    assert narrowed.candidates.tolist() == plain.keys.tolist()
    assert narrowed.rows.tolist() == plain.rows[keep].tolist()
    assert narrowed.csr is None or bool(keep.all())


def test_a_csr_problem_keeps_int32_arrays_and_copies_others_read_only() -> None:
    """int32 index arrays (LAPJVsp's type) are kept as they are and never written; int64 ones
    are cast once into read-only copies; the caller's arrays stay as they were."""
    scores = np.array([[3.0, 0.0, 2.0], [0.0, 0.0, 0.0], [1.0, 4.0, 0.0], [0.0, 5.0, 6.0]])
    narrow = _csr(scores, scores > 0, np.int32)
    kept = prepare(narrow).problem.csr
    assert kept is not None
    assert kept[0].base is narrow.indptr  # a view: no copy
    assert kept[1].base is narrow.indices
    assert narrow.indptr.flags.writeable
    assert narrow.indices.flags.writeable
    wide = _csr(scores, scores > 0, np.int64)
    before = wide.indices.copy()
    cast = prepare(wide).problem.csr
    assert cast is not None
    assert cast[0].dtype == cast[1].dtype == np.int32
    assert not cast[0].flags.writeable
    assert not cast[1].flags.writeable
    assert not np.shares_memory(cast[1], wide.indices)
    m = match(wide, "hungarian")
    assert m.pairs.tolist() == [[0, 0], [2, 1], [3, 2]]
    assert not m.pairs.flags.writeable
    assert not m.scores.flags.writeable
    # scores close enough that the best matching of all rows is the best one (LAPJVsp alone),
    # everyone matched: the default call reads no edge list or keys, and still checks its answer
    close = _csr(np.array([[10.0, 11.0, 0.0], [10.5, 10.0, 10.2], [0.0, 10.9, 10.1]]), None, np.int64)
    full = match(close, "hungarian")
    assert full.pairs.tolist() == [[0, 1], [1, 0], [2, 2]]
    assert full.unmatched == ()
    assert {"_edges", "keys", "row_starts"}.isdisjoint(full.problem.__dict__)
    assert wide.indices.dtype == np.int64
    assert wide.indices.tolist() == before.tolist()
    with pytest.raises(ValueError, match="row pointers"):
        MatchingProblem.from_csr(3, 3, narrow.indptr, narrow.indices, narrow.data)
    with pytest.raises(ValueError, match="integer"):
        MatchingProblem.from_csr(4, 3, narrow.indptr.astype(float), narrow.indices, narrow.data)


def test_non_finite_scores_of_a_csr_input_are_named_where_they_are() -> None:
    """The CSR path builds no keys unless a score is not finite: then they name its place."""
    from matchmaker.errors import ValidationError

    scores = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 4.0]])
    csr = _csr(scores, scores > 0, np.int32)
    csr.data[[1, 3]] = [np.nan, -np.inf]
    with pytest.raises(ValidationError) as caught:
        match(csr, "hungarian")
    assert [p.data for p in caught.value.problems] == [{"row": 0, "col": 2}, {"row": 1, "col": 2}]


@settings(max_examples=150, deadline=None)
@given(sparse_scores(), st.integers(0, 2**32 - 1), st.sampled_from([np.int32, np.int64]))
def test_the_answer_checks_lookup_agrees_with_edge_index(
    case: tuple[np.ndarray, np.ndarray], seed: int, index: type
) -> None:
    """``_index_inside`` (match's check of an answer: pairs in range, maybe one per row) finds
    what ``edge_index`` of the edge-list-built problem finds, candidates or not, for pairs
    with distinct rows (the C lookup without the range test) and with repeated ones."""
    scores, mask = case
    n_r, n_c = scores.shape
    problem = prepare(_csr(scores, mask, index)).problem
    rows, cols = np.nonzero(mask)
    plain = MatchingProblem.from_edges(n_r, n_c, rows, cols, scores[rows, cols])
    rng = np.random.default_rng(seed)
    distinct = rng.permutation(n_r)[: rng.integers(1, n_r + 1)]
    for r in (np.sort(distinct), distinct, rng.integers(0, n_r, size=rng.integers(1, 12))):
        pairs = np.column_stack([r, rng.integers(0, n_c, size=r.size)]).astype(np.intp)
        one_per_row = np.unique(r).size == r.size
        found = problem._index_inside(pairs, one_per_row=one_per_row)
        assert found.tolist() == plain.edge_index(pairs[:, 0], pairs[:, 1]).tolist()
        assert found.tolist() == problem.edge_index(pairs[:, 0], pairs[:, 1]).tolist()
