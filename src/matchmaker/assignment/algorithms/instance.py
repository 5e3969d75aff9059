"""The array form of a matching problem, shared by every solver, and a solver's answer.

Rows are side A of the mission, columns side B.  A problem is a bipartite graph of
*candidate pairs* (edges), each with a score, plus lower and upper bounds on each
participant's number of meetings and a list of forced pairs.  The graph is given either
as a dense A×B score matrix (every pair a candidate, or those marked in an ``allowed``
mask) or as an edge list (the sparse candidate graphs of large events: top-k candidates
per participant, never a dense A×B array).  Solvers read ``rows``/``cols``/``weights``
(edge list, sorted row-major) and may use ``dense`` when it is there.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Instance", "OptionError", "Solution", "group_rank"]

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]


class OptionError(ValueError):
    """A solver option with a value the solver does not know (``backend="?"``...)."""


def _readonly(a: NDArray[Any]) -> NDArray[Any]:
    a.setflags(write=False)
    return a


def _bounds(value: ArrayLike, n: int, name: str) -> NDArray[np.int64]:
    out = np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy()
    if (out < 0).any():
        raise ValueError(f"{name} must be non-negative")
    return _readonly(out)


class Instance:
    """A matching problem on arrays (no ids): candidate pairs, scores, degree bounds, forced pairs.

    Build one with :meth:`from_dense` or :meth:`from_edges`.  Upper bounds above the size
    of the other side are clipped to it (each pair meets at most once).

    Attributes
    ----------
    n_rows, n_cols : int
        Number of side-A (rows) and side-B (columns) participants.
    rows, cols : ndarray of intp, shape (E,)
        Candidate pairs, sorted by row then column, unique.
    weights : ndarray of float64, shape (E,)
        Score of each candidate pair (to be maximised).
    row_min, row_max, col_min, col_max : ndarray of int64
        Bounds on each participant's number of meetings.
    forced : ndarray of intp, shape (k,)
        Positions in the edge list of the pairs that must meet.
    dense : ndarray of float64, shape (n_rows, n_cols), or None
        The full score matrix when the problem was given densely.
    allowed : ndarray of bool, or None
        With ``dense``: which pairs are candidates (None: every pair).

    Examples
    --------
    >>> allowed = np.array([[1, 1], [0, 1]], dtype=bool)
    >>> inst = Instance.from_dense(np.array([[0.9, 0.1], [0.4, 0.8]]), allowed=allowed)
    >>> inst.rows.tolist(), inst.cols.tolist(), inst.weights.tolist()
    ([0, 0, 1], [0, 1, 1], [0.9, 0.1, 0.8])
    >>> inst.complete, inst.n_edges
    (False, 3)
    """

    def __init__(
        self,
        n_rows: int,
        n_cols: int,
        *,
        dense: FloatArray | None = None,
        allowed: NDArray[np.bool_] | None = None,
        edges: tuple[IntArray, IntArray, FloatArray] | None = None,
        forced: ArrayLike | None = None,
        row_min: ArrayLike = 0,
        row_max: ArrayLike = 1,
        col_min: ArrayLike = 0,
        col_max: ArrayLike = 1,
    ) -> None:
        self.n_rows, self.n_cols = int(n_rows), int(n_cols)
        self.dense = dense
        self.allowed = allowed
        if edges is not None:
            self.__dict__["_edges"] = edges
        self.row_min = _bounds(row_min, self.n_rows, "row_min")
        self.col_min = _bounds(col_min, self.n_cols, "col_min")
        self.row_max = _readonly(np.minimum(_bounds(row_max, self.n_rows, "row_max"), self.n_cols))
        self.col_max = _readonly(np.minimum(_bounds(col_max, self.n_cols, "col_max"), self.n_rows))
        pairs = (
            np.zeros((0, 2), np.intp) if forced is None else np.asarray(forced, dtype=np.intp).reshape(-1, 2)
        )
        self.forced_pairs: IntArray = _readonly(np.unique(pairs, axis=0) if len(pairs) else pairs)

    # ----------------------------------------------------------------- builders
    @classmethod
    def from_dense(cls, weights: ArrayLike, allowed: ArrayLike | None = None, **kwargs: Any) -> Instance:
        """A problem from an A×B score matrix; ``allowed`` marks the candidate pairs (default all)."""
        w = np.asarray(weights, dtype=np.float64)
        if w.ndim != 2:
            raise ValueError(f"weights must be a 2-D array, got shape {w.shape}")
        mask = None
        if allowed is not None:
            mask = np.asarray(allowed, dtype=bool)
            if mask.shape != w.shape:
                raise ValueError(f"allowed has shape {mask.shape}, weights {w.shape}")
            if mask.all():
                mask = None
        return cls(w.shape[0], w.shape[1], dense=w, allowed=mask, **kwargs)

    @classmethod
    def from_edges(
        cls, n_rows: int, n_cols: int, rows: ArrayLike, cols: ArrayLike, weights: ArrayLike, **kwargs: Any
    ) -> Instance:
        """A problem from a candidate edge list (any order; pairs must be unique)."""
        r = np.asarray(rows, dtype=np.intp).ravel()
        c = np.asarray(cols, dtype=np.intp).ravel()
        w = np.asarray(weights, dtype=np.float64).ravel()
        if not r.shape == c.shape == w.shape:
            raise ValueError("rows, cols and weights must have the same length")
        if r.size and (r.min() < 0 or r.max() >= n_rows or c.min() < 0 or c.max() >= n_cols):
            raise ValueError("edge index out of range")
        keys = r.astype(np.int64) * n_cols + c
        step = np.diff(keys)
        if bool(np.all(step > 0)):  # already sorted and unique (a canonical CSR, say): no sort
            return cls(n_rows, n_cols, edges=(r, c, w), **kwargs)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        if keys.size > 1 and (np.diff(keys) == 0).any():
            raise ValueError("duplicate candidate pair in the edge list")
        return cls(n_rows, n_cols, edges=(r[order], c[order], w[order]), **kwargs)

    # ------------------------------------------------------------------- edges
    @property
    def shape(self) -> tuple[int, int]:
        """``(n_rows, n_cols)``."""
        return (self.n_rows, self.n_cols)

    @property
    def complete(self) -> bool:
        """Whether every pair is a candidate and a dense score matrix is at hand."""
        return self.dense is not None and self.allowed is None

    @functools.cached_property
    def _edges(self) -> tuple[IntArray, IntArray, FloatArray]:
        assert self.dense is not None
        if self.allowed is None:
            rows = np.repeat(np.arange(self.n_rows, dtype=np.intp), self.n_cols)
            cols = np.tile(np.arange(self.n_cols, dtype=np.intp), self.n_rows)
            return rows, cols, self.dense.reshape(-1)
        rows, cols = np.nonzero(self.allowed)
        return rows.astype(np.intp), cols.astype(np.intp), self.dense[rows, cols]

    @property
    def rows(self) -> IntArray:
        """Row (side A) index of each candidate pair."""
        return self._edges[0]

    @property
    def cols(self) -> IntArray:
        """Column (side B) index of each candidate pair."""
        return self._edges[1]

    @property
    def weights(self) -> FloatArray:
        """Score of each candidate pair."""
        return self._edges[2]

    @property
    def n_edges(self) -> int:
        """Number of candidate pairs."""
        if self.dense is not None:
            return self.dense.size if self.allowed is None else int(np.count_nonzero(self.allowed))
        return int(self._edges[0].size)

    @functools.cached_property
    def keys(self) -> NDArray[np.int64]:
        """``row * n_cols + col`` of each candidate pair (sorted)."""
        return self.rows.astype(np.int64) * self.n_cols + self.cols

    def edge_index(self, rows: ArrayLike, cols: ArrayLike) -> IntArray:
        """Position of each ``(row, col)`` pair in the edge list, or -1 if it is not a candidate."""
        r = np.asarray(rows, dtype=np.intp).ravel()
        c = np.asarray(cols, dtype=np.intp).ravel()
        if self.complete:
            return r * self.n_cols + c
        want = r.astype(np.int64) * self.n_cols + c
        pos = np.searchsorted(self.keys, want)
        pos = np.minimum(pos, max(self.keys.size - 1, 0))
        hit = self.keys.size > 0 and self.keys[pos] == want
        return np.where(hit, pos, -1).astype(np.intp)

    def pair_weights(self, pairs: ArrayLike) -> FloatArray:
        """Scores of the given (row, col) pairs (which must be candidates)."""
        p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
        if self.dense is not None:
            return np.asarray(self.dense[p[:, 0], p[:, 1]], dtype=np.float64)
        idx = self.edge_index(p[:, 0], p[:, 1])
        if (idx < 0).any():
            raise ValueError("pair_weights: some pairs are not candidates")
        return self.weights[idx]

    @functools.cached_property
    def forced(self) -> IntArray:
        """Positions in the edge list of the forced pairs."""
        idx = self.edge_index(self.forced_pairs[:, 0], self.forced_pairs[:, 1])
        if (idx < 0).any():
            raise ValueError("every forced pair must be a candidate pair")
        return _readonly(idx)

    def degrees(self, pairs: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Number of pairs each row and each column takes part in."""
        p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
        return (
            np.bincount(p[:, 0], minlength=self.n_rows).astype(np.int64),
            np.bincount(p[:, 1], minlength=self.n_cols).astype(np.int64),
        )

    def partner_counts(
        self,
        row_ok: NDArray[np.bool_],
        col_ok: NDArray[np.bool_],
        rows: NDArray[np.intp] | None = None,
        cols: NDArray[np.intp] | None = None,
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Candidate partners of each row among columns ``col_ok``, of each column among rows ``row_ok``.

        ``rows``/``cols`` restrict the answer to those participants (in that order).

        >>> inst = Instance.from_dense(np.ones((2, 3)), allowed=np.array([[1, 1, 0], [0, 1, 1]], bool))
        >>> [x.tolist() for x in inst.partner_counts(np.array([True, False]), np.ones(3, bool))]
        [[2, 2], [1, 1, 0]]
        """
        r = np.arange(self.n_rows) if rows is None else np.asarray(rows, dtype=np.intp)
        c = np.arange(self.n_cols) if cols is None else np.asarray(cols, dtype=np.intp)
        if self.dense is not None:
            if self.allowed is None:
                return (
                    np.full(r.size, np.count_nonzero(col_ok), np.int64),
                    np.full(c.size, np.count_nonzero(row_ok), np.int64),
                )
            return (
                np.count_nonzero(self.allowed[r] & col_ok, axis=1).astype(np.int64),
                np.count_nonzero(self.allowed[:, c] & row_ok[:, None], axis=0).astype(np.int64),
            )
        per_row = np.bincount(self.rows[col_ok[self.cols]], minlength=self.n_rows)
        per_col = np.bincount(self.cols[row_ok[self.rows]], minlength=self.n_cols)
        return per_row[r].astype(np.int64), per_col[c].astype(np.int64)

    def residual(self) -> Instance:
        """The problem left once the forced pairs are fixed: those edges removed, bounds reduced.

        Bounds are reduced by each participant's number of forced pairs (floors not below
        0; a forced pair beyond a capacity is the caller's to diagnose beforehand).
        """
        if self.forced_pairs.size == 0:
            return self
        fr, fc = self.degrees(self.forced_pairs)
        keep = np.ones(self.n_edges, dtype=bool)
        keep[self.forced] = False
        return Instance(
            self.n_rows,
            self.n_cols,
            edges=(self.rows[keep], self.cols[keep], self.weights[keep]),
            row_min=np.maximum(self.row_min - fr, 0),
            row_max=np.maximum(self.row_max - fr, 0),
            col_min=np.maximum(self.col_min - fc, 0),
            col_max=np.maximum(self.col_max - fc, 0),
        )

    def subset(self, edges: IntArray) -> Instance:
        """The same problem on the candidate pairs at positions ``edges`` (sorted); no forced pairs."""
        return Instance(
            self.n_rows,
            self.n_cols,
            edges=(self.rows[edges], self.cols[edges], self.weights[edges]),
            row_min=self.row_min,
            row_max=self.row_max,
            col_min=self.col_min,
            col_max=self.col_max,
        )

    def __repr__(self) -> str:
        kind = "complete" if self.complete else f"{self.n_edges} candidate pairs"
        return f"Instance({self.n_rows}×{self.n_cols}, {kind}, {len(self.forced_pairs)} forced)"


@dataclass(frozen=True)
class Solution:
    """What a solver returns: the chosen pairs and how they were found.

    Parameters
    ----------
    pairs : ndarray of intp, shape (k, 2)
        Chosen (row, col) pairs, forced pairs included.
    optimal : bool or None
        True if proven optimal for the solver's objective, False if not (time limit),
        None for heuristics that make no claim.
    backend : str
        The library/algorithm that ran (``"ortools.SimpleMinCostFlow"``...).
    details : mapping
        Extra facts (integer scale, loss bound, MILP gap...).
    """

    pairs: IntArray
    optimal: bool | None
    backend: str
    details: Mapping[str, Any] = field(default_factory=dict)


def group_rank(groups: NDArray[np.intp], order_key: NDArray[Any], n_groups: int) -> IntArray:
    """Rank (0 = first) of each item within its group, ordering by ``order_key`` ascending.

    Ties in ``order_key`` keep input order.

    >>> group_rank(np.array([1, 0, 1, 1]), np.array([0.5, 0.1, 0.2, 0.9]), 2).tolist()
    [1, 0, 0, 2]
    """
    if order_key.dtype.kind in "iu" and order_key.size:
        # One integer key sorts faster than two (ranks and group ids are small).
        low = int(order_key.min())
        span = int(order_key.max()) - low + 1
        order = np.argsort(groups.astype(np.int64) * span + (order_key - low), kind="stable")
    else:
        order = np.lexsort((order_key, groups))
    g = groups[order]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(groups.size, dtype=np.intp)
    rank[order] = np.arange(groups.size) - starts[g]
    return rank
