"""One-to-one matching of maximum total score (the linear assignment problem).

Every participant meets at most one partner (``row_max``, ``col_max`` ≤ 1), forced pairs
are fixed first, non-candidate (forbidden) pairs are ``+inf`` costs — never a big-M — and
a participant may stay unmatched: *reservation columns* of cost 0 (score 0 for staying
alone) are added whenever leaving someone out could be better or necessary, i.e. when
some pair is not a candidate or some score is negative.  On a complete graph with
non-negative scores a maximum-cardinality assignment is also of maximum score, so the
bare solver runs on the caller's matrix without a copy.

Backends: ``"scipy"`` (:func:`scipy.optimize.linear_sum_assignment`, dense),
``"sparse"`` (:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`, LAPJVsp on
the candidate edge list, for sparse candidate graphs), ``"lapx"`` (``lap.lapjvs`` of the
optional ``lapx`` package, exact float64 kernel; faster than scipy on large dense
matrices).  ``"auto"`` picks ``sparse`` for edge-list input or sparse masks, ``lapx`` for
large dense problems when it is installed, else ``scipy``.
"""

from __future__ import annotations

import sys

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matchmaker._optional import is_available, require
from matchmaker.assignment.algorithms.instance import OptionError, Registration, Solution
from matchmaker.assignment.problem import INT32_MAX, MatchingProblem

__all__ = ["BACKENDS", "LAPX_MIN_SIZE", "SPARSE_DENSITY", "check_one_to_one", "solve"]

BACKENDS = ("auto", "scipy", "sparse", "lapx")
#: ``auto`` uses lapx (when installed) from this many rows and columns on (measured in
#: ``benchmarks/bench_assignment.py``: below it the call overhead dominates).
LAPX_MIN_SIZE = 100
#: ``auto`` uses the sparse solver when fewer than this share of pairs are candidates.
SPARSE_DENSITY = 0.1


def check_one_to_one(inst: MatchingProblem) -> None:
    """Raise ``ValueError`` unless every bound allows a one-to-one solver.

    Every ``max`` must be ≤ 1 and every ``min`` must be met by the forced pairs alone.
    """
    at_most_one, floors_met = inst.one_to_one  # cached: match asks before the solver asks again
    if not at_most_one:
        raise ValueError("one-to-one matching needs max_meetings <= 1 for everyone; use method='flow'")
    if not floors_met:
        raise ValueError("one-to-one matching does not enforce min_meetings; use method='flow'")


def _choose_backend(inst: MatchingProblem, backend: str) -> str:
    if backend not in BACKENDS:
        raise OptionError(f"unknown hungarian backend {backend!r}; known: {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    if inst.dense is None:
        return "sparse"
    if inst.allowed is not None and inst.n_edges < SPARSE_DENSITY * inst.dense.size:
        return "sparse"
    if min(inst.shape) >= LAPX_MIN_SIZE and (sys.modules.get("lap") is not None or is_available("lap")):
        return "lapx"
    return "scipy"


def _dense_solve(cost: NDArray[np.float64], backend: str) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Minimum-cost assignment of all rows of ``cost`` (rows <= cols, +inf = not allowed)."""
    if backend == "lapx":
        lap = require("lap", extra="lap", feature="The lapx backend", package="lapx")
        r, c = lap.lapjvs(cost, return_cost=False, prefer_float32=False)
        return np.asarray(r, dtype=np.intp), np.asarray(c, dtype=np.intp)
    r, c = linear_sum_assignment(cost)
    return np.asarray(r, dtype=np.intp), np.asarray(c, dtype=np.intp)


def _reserved_dense(
    inst: MatchingProblem, rows: NDArray[np.intp], cols: NDArray[np.intp], backend: str
) -> NDArray[np.intp]:
    """Solve on the sub-matrix ``rows × cols`` with a zero-cost reservation column per row."""
    if inst.dense is not None:
        cost = -inst.dense[np.ix_(rows, cols)]
        if inst.allowed is not None:
            cost[~inst.allowed[np.ix_(rows, cols)]] = np.inf
    else:  # an edge list solved densely on request
        where_r = np.full(inst.n_rows, -1, np.intp)
        where_c = np.full(inst.n_cols, -1, np.intp)
        where_r[rows], where_c[cols] = np.arange(rows.size), np.arange(cols.size)
        er, ec = where_r[inst.rows], where_c[inst.cols]
        keep = (er >= 0) & (ec >= 0)
        cost = np.full((rows.size, cols.size), np.inf)
        cost[er[keep], ec[keep]] = -inst.weights[keep]
    transpose = cost.shape[0] > cost.shape[1]
    if transpose:
        cost = cost.T
    k = cost.shape[0]
    augmented = np.hstack([cost, np.zeros((k, k))])
    r, c = _dense_solve(augmented, backend)
    real = c < cost.shape[1]
    r, c = r[real], c[real]
    if transpose:
        r, c = c, r
    return np.column_stack([rows[r], cols[c]])


def _reserved_sparse(inst: MatchingProblem, keep: NDArray[np.bool_] | None) -> NDArray[np.intp]:
    """LAPJVsp on the candidate edges ``keep`` (None: all), with one reservation node per row of the
    smaller side."""
    n_r, n_c = inst.shape
    by_row = n_r <= n_c  # the edge list is sorted by row: a CSR array needs no conversion
    r: NDArray[np.intp] | None = None
    indptr: NDArray[np.signedinteger] | None
    compressed = inst.csr if keep is None and by_row and inst.edge_list is None else None
    if compressed is not None:  # a canonical CSR input's arrays: no rows or columns built
        indptr, c, w = compressed
    elif keep is None:  # nobody fixed: the problem's own arrays, without copies
        r, c, w = inst.rows, inst.cols, inst.weights
        indptr = inst.row_starts if by_row else None
    else:
        r, c, w = inst.rows[keep], inst.cols[keep], inst.weights[keep]
        indptr = np.searchsorted(r, np.arange(n_r + 1)) if by_row else None
    if w.size == 0:
        return np.zeros((0, 2), np.intp)
    if not by_row:
        assert r is not None
        r, c, n_r, n_c = c, r, n_c, n_r
    # All costs must be non-zero (scipy drops explicit zeros); a constant added to every
    # edge of a full matching of the rows does not change which matching is cheapest.
    # Every candidate's score is known to the problem already (prepare reads them once).
    w_min, w_max = inst.weight_range if keep is None else (float(w.min()), float(w.max()))
    top = max(w_max, 0.0)
    # (top + 1) - w is one pass and positive while top + 1 > top; from 2**53 on, top + 1
    # rounds to top and the best pairs would cost 0 and be dropped: (top - w) + 1 then.
    cost = (top + 1.0) - w if top + 1.0 > top else (top - w) + 1.0
    if w_min > 0 and n_r * w_min > (n_r - 1) * w_max:
        # Every matching of k + 1 pairs outscores every one of k (k < n_r), so when the rows
        # can all be matched the best matching is the best full one: LAPJVsp on the candidate
        # graph alone, without the reservation nodes that make it several times slower.
        try:
            if indptr is not None:  # rows are sorted: the problem's row pointers
                graph = _csr32(cost, c, indptr, (n_r, n_c))
            else:
                graph = sp.csr_array((cost, (r, c)), shape=(n_r, n_c))
            mr, mc = min_weight_full_bipartite_matching(graph)
        except ValueError:  # no full matching: some row must stay alone
            pass
        else:
            return _oriented(inst, mr, mc)
    if r is None:  # the reservation nodes need the edge list's rows
        r, c = inst.rows, inst.cols
    data = np.concatenate([cost, np.full(n_r, top + 1.0)])
    graph = sp.csr_array(
        (data, (np.concatenate([r, np.arange(n_r)]), np.concatenate([c, n_c + np.arange(n_r)]))),
        shape=(n_r, n_c + n_r),
    )
    mr, mc = min_weight_full_bipartite_matching(graph)
    real = mc < n_c
    return _oriented(inst, mr[real], mc[real])


def _csr32(
    data: NDArray[np.float64],
    indices: NDArray[np.signedinteger],
    indptr: NDArray[np.signedinteger],
    shape: tuple[int, int],
) -> sp.csr_array:
    """A CSR array of ``data`` with int32 index arrays, LAPJVsp's own index type.

    Handed int64 indices, ``min_weight_full_bipartite_matching`` copies them (``astype``) and
    then casts the copy to int32 itself; handed int32 ones it copies half the bytes and casts
    nothing.  On assignp800 the kernel call is about 0.2 ms faster, our cast costs about
    0.05 ms (issue 15: the overhead on the sparse OR-Library instances).  Index arrays that
    are int32 already (those a CSR input's problem keeps) are passed on as they are: LAPJVsp
    only reads them.
    """
    if max(shape[1], indices.size) > INT32_MAX:
        return sp.csr_array((data, indices, indptr), shape=shape)
    return sp.csr_array(
        (data, indices.astype(np.int32, copy=False), indptr.astype(np.int32, copy=False)),
        shape=shape,
        copy=False,
    )


def _oriented(inst: MatchingProblem, mr: NDArray[np.integer], mc: NDArray[np.integer]) -> NDArray[np.intp]:
    """(k, 2) pairs, side A first, from a matching solved with the smaller side as rows.

    Written into one intp array (any integer input): no casts or ``column_stack`` (a few
    array calls fewer right after the kernel, when every one of them runs cold).
    """
    if inst.n_rows > inst.n_cols:
        mr, mc = mc, mr
    pairs = np.empty((len(mr), 2), np.intp)
    pairs[:, 0] = mr
    pairs[:, 1] = mc
    return pairs


_NAMES = {"scipy": "scipy.linear_sum_assignment", "lapx": "lapx.lapjvs", "sparse": "scipy.csgraph.lapjvsp"}


def _full_assignment(dense: NDArray[np.float64], backend: str) -> NDArray[np.intp]:
    """(k, 2) pairs of a maximum-score assignment of every row (or column) of ``dense``.

    The default call on a small dense matrix spends as long here as in the kernel, so a
    square matrix asks lapx for its row-to-column map (no aligned index arrays to rebuild)
    and the pairs are written into one array (issue 15: the fixed overhead on assign100).
    """
    n_r, n_c = dense.shape
    if backend == "lapx" and n_r == n_c:
        # _choose_backend saw lap imported or importable; sys.modules spares importlib's lookup
        lap = sys.modules.get("lap") or require(
            "lap", extra="lap", feature="The lapx backend", package="lapx"
        )
        x, _ = lap.lapjvs(-dense, return_cost=False, prefer_float32=False, jvx_like=False)
        pairs = np.empty((n_r, 2), np.intp)
        pairs[:, 0] = np.arange(n_r)
        pairs[:, 1] = x
        return pairs
    if backend == "lapx":
        r, c = _dense_solve(-dense, "lapx")
    else:
        r, c = linear_sum_assignment(dense, maximize=True)
    return np.column_stack([r, c]).astype(np.intp)


def solve(inst: MatchingProblem, *, backend: str = "auto") -> Solution:
    """Maximum-score one-to-one matching of ``inst`` (see the module docstring).

    Parameters
    ----------
    inst : MatchingProblem
        Rows are side A, columns side B; every ``row_max``/``col_max`` must be ≤ 1.
    backend : {"auto", "scipy", "sparse", "lapx"}
        Which solver runs (see the module docstring).

    Returns
    -------
    Solution
        ``optimal=True``: all three backends are exact.

    Examples
    --------
    >>> w = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> solve(MatchingProblem.from_dense(w)).pairs.tolist()
    [[0, 1], [1, 0]]
    >>> solve(MatchingProblem.from_dense(w, allowed=w > 0.5), backend="sparse").pairs.tolist()
    [[0, 1], [1, 0]]
    """
    check_one_to_one(inst)
    chosen = _choose_backend(inst, backend)
    forced = inst.forced_pairs
    dense = inst.dense
    e = inst.extremes  # known from the request's bounds: no pass over them
    if (
        dense is not None
        and inst.allowed is None
        and chosen != "sparse"
        and forced.size == 0
        and (e.row_least > 0 or inst.n_rows == 0)  # everyone may meet someone
        and (e.col_least > 0 or inst.n_cols == 0)
        and inst.weight_range[0] >= 0.0
    ):
        # Complete graph, nobody fixed, no negative score: a full assignment is best.
        return Solution(_full_assignment(dense, chosen), True, _NAMES[chosen])
    if chosen == "sparse" and forced.size == 0 and e.row_least > 0 and e.col_least > 0:
        # Everyone free (no fixed pair, no max of 0): the whole candidate graph, without the
        # masks and index lists below (array calls that cost more than they compute on a
        # default call whose data the kernel evicts; issue 15, assignp800).
        return Solution(_reserved_sparse(inst, None), True, _NAMES[chosen] + "+reservation")
    row_free = inst.row_max > 0
    col_free = inst.col_max > 0
    row_free[forced[:, 0]] = False
    col_free[forced[:, 1]] = False
    rows, cols = np.flatnonzero(row_free), np.flatnonzero(col_free)
    if rows.size == 0 or cols.size == 0:
        found = np.zeros((0, 2), np.intp)
    elif chosen == "sparse":
        everyone = rows.size == inst.n_rows and cols.size == inst.n_cols
        found = _reserved_sparse(inst, None if everyone else row_free[inst.rows] & col_free[inst.cols])
    else:
        found = _reserved_dense(inst, rows, cols, chosen)
    pairs = np.concatenate([forced, found]).astype(np.intp)
    return Solution(pairs, True, _NAMES[chosen] + "+reservation")


REGISTRATION = Registration(
    name="hungarian",
    one_to_one=True,
    description="one-to-one, exact (scipy linear_sum_assignment / LAPJVsp / lapx)",
)
