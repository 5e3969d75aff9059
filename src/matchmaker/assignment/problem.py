"""One matching request, built once: :class:`MatchingProblem`.

Rows are side A of the mission, columns side B.  A request is a bipartite graph of
*candidate pairs* (edges), each with a score, plus lower and upper bounds on each
participant's number of meetings, the pairs that must meet (forced) and the rules it was
built from (forbidden pairs, the sparse candidate set, ``min_score``).  The graph is given
either as a dense A×B score matrix (every pair a candidate, or those marked in an
``allowed`` mask) or as an edge list (the sparse candidate graphs of large events: top-k
candidates per participant, never a dense A×B array).

The same object is handed to every solver of the registry, to the rules that diagnose a
request before solving and validate a result after it (:mod:`~matchmaker.assignment.constraints`),
to :func:`~matchmaker.assignment.blocking_pairs`, and is carried by the result
(``Matching.problem``).  Solvers read ``rows``/``cols``/``weights`` (edge list, sorted
row-major) and may use ``dense`` when it is there.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from dataclasses import dataclass, field
from typing import TypeVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.assignment.capacities import Capacities, Extremes, bound_extremes

try:  # scipy's C lookup of (row, col) samples in a CSR structure, each within its own row
    from scipy.sparse._sparsetools import csr_sample_offsets as _csr_sample_offsets
except ImportError:  # pragma: no cover - the search of the sorted keys is used instead
    _csr_sample_offsets = None

__all__ = ["MatchingProblem"]

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Edges = tuple[IntArray, IntArray, FloatArray]
#: A canonical CSR input's ``(indptr, indices, data)``: both index arrays of one integer type
#: (int32, LAPJVsp's own, whenever the shape allows it; else intp), data float64.
Compressed = tuple[NDArray[np.signedinteger], NDArray[np.signedinteger], FloatArray]


_T = TypeVar("_T", bound=np.generic)


def _readonly(a: NDArray[_T]) -> NDArray[_T]:
    a.setflags(write=False)
    return a


def _bounds(value: ArrayLike, n: int, name: str) -> NDArray[np.int64]:
    out: NDArray[np.int64] = np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy()
    if (out < 0).any():
        raise ValueError(f"{name} must be non-negative")
    return _readonly(out)


_NO_PAIRS = np.zeros((0, 2), np.intp)
_NO_PAIRS.setflags(write=False)
#: The largest int32 (``np.iinfo`` builds an object on each call: a visible share of a cold call).
INT32_MAX = 2**31 - 1


class _Derived(enum.Enum):
    """What ``candidates`` holds until it is read when the candidates are the edges themselves
    (an enum member: pickled and copied by reference)."""

    EDGE_KEYS = "the keys of the edge list"


class _Candidates:
    """The ``candidates`` field: its value, or the edge list's keys built on first read.

    When every stored entry of a canonical CSR input is a candidate, the rule is the edge
    list itself, and its sorted keys (8 bytes a candidate, a pass over all of them) are built
    only if a rule check reads them: the default one-to-one call reads none (issue 15: on a
    candidate graph that does not fit in L2, each pass over the edges is a visible share of
    the call).  A data descriptor: the frozen dataclass's ``__init__`` sets the field through
    ``__set__``; ``dataclasses.replace``, pickle and deepcopy see the same values as before.
    """

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> None: ...
    @overload
    def __get__(self, obj: MatchingProblem, owner: type | None = None) -> NDArray[np.int64] | None: ...
    def __get__(self, obj: MatchingProblem | None, owner: type | None = None) -> NDArray[np.int64] | None:
        if obj is None:
            return None  # the dataclass reads its default here
        value: NDArray[np.int64] | _Derived | None = obj.__dict__["_candidates"]
        if value is _Derived.EDGE_KEYS:
            value = obj.__dict__["_candidates"] = obj.keys
        assert not isinstance(value, _Derived)
        return value

    def __set__(self, obj: MatchingProblem, value: NDArray[np.int64] | _Derived | None) -> None:
        obj.__dict__["_candidates"] = value


def _own(a: NDArray[np.integer], dtype: type[np.signedinteger]) -> NDArray[np.signedinteger]:
    """``a`` as ``dtype``: the caller's array itself when it has that type (read, never written),
    else a read-only copy."""
    if a.dtype == dtype:
        return a.view(dtype)  # a view: the same memory, typed as asked
    return _readonly(a.astype(dtype))


def _pairs(value: ArrayLike | None) -> IntArray:
    """(k, 2) unique sorted pairs, read-only."""
    if value is None or (isinstance(value, np.ndarray) and value.size == 0):
        return _NO_PAIRS  # read-only, so one empty serves every problem (no array calls)
    p = np.asarray(value, dtype=np.intp).reshape(-1, 2)
    if p.size == 0:
        return _NO_PAIRS  # read-only, so one empty serves every problem
    p = np.unique(p, axis=0) if len(p) > 1 else p.copy()
    p.setflags(write=False)
    return p


@dataclass(frozen=True, kw_only=True, eq=False)
class MatchingProblem:
    """A matching request on arrays (no ids): candidate pairs, scores, bounds, forced pairs, rules.

    Build one with :meth:`from_dense`, :meth:`from_edges` or :meth:`from_csr` (``match``
    builds it from the caller's input once).  Upper bounds above the size of the other side
    are clipped to it (each pair meets at most once).  Arrays are read-only.

    Parameters
    ----------
    n_rows, n_cols : int
        Number of side-A (rows) and side-B (columns) participants.
    row_min, row_max, col_min, col_max : ndarray of int64
        Bounds on each participant's number of meetings (max clipped to the other side).
    forced : ndarray of intp, shape (k, 2)
        Every (row, col) pair that must meet, as asked (unique, sorted).
    dense : ndarray of float64, shape (n_rows, n_cols), optional
        The full score matrix when the problem is given densely.
    allowed : ndarray of bool, shape (n_rows, n_cols), optional
        With ``dense``: which pairs are candidates (None: every pair).
    edge_list : (rows, cols, weights), optional
        The candidate pairs when the problem is given as an edge list (sorted row-major).
    csr : (indptr, indices, data), optional
        The same, compressed: a canonical CSR input's arrays (built by :meth:`from_csr`;
        ``rows``, ``cols`` and ``keys`` are derived from them on first use).
    forbidden : ndarray of bool, shape (n_rows, n_cols), optional
        Rule of a dense request: pairs that may not meet.
    candidates : ndarray of int64, optional
        Rule of a sparse request: sorted keys ``row * n_cols + col`` of the only pairs
        that may meet (before ``min_score``).
    min_score : float, optional
        The request's ``min_score`` (a preference: pairs below it are not candidates,
        but ``validate`` does not report them).
    capacities : Capacities, optional
        The bounds as the request gave them, before clipping (None: the arrays above).
        The builders take either ``capacities`` or ``row_min``/``row_max``/``col_min``/``col_max``.

    Examples
    --------
    >>> allowed = np.array([[1, 1], [0, 1]], dtype=bool)
    >>> p = MatchingProblem.from_dense(np.array([[0.9, 0.1], [0.4, 0.8]]), allowed=allowed)
    >>> p.rows.tolist(), p.cols.tolist(), p.weights.tolist()
    ([0, 0, 1], [0, 1, 1], [0.9, 0.1, 0.8])
    >>> p.complete, p.n_edges, p.shape
    (False, 3, (2, 2))
    >>> q = MatchingProblem.from_edges(2, 3, [0, 1], [2, 0], [0.5, 0.7], forced=[[1, 0]], row_max=2)
    >>> q.forced.tolist(), q.forced_edges.tolist(), q.row_max.tolist()
    ([[1, 0]], [1], [2, 2])
    """

    n_rows: int
    n_cols: int
    row_min: NDArray[np.int64]
    row_max: NDArray[np.int64]
    col_min: NDArray[np.int64]
    col_max: NDArray[np.int64]
    forced: IntArray = field(default_factory=lambda: _pairs(None))
    dense: FloatArray | None = field(default=None, repr=False)
    allowed: BoolArray | None = field(default=None, repr=False)
    edge_list: Edges | None = field(default=None, repr=False)
    csr: Compressed | None = field(default=None, repr=False)
    forbidden: BoolArray | None = field(default=None, repr=False)
    candidates: _Candidates = _Candidates()  # a descriptor: its default is None (see _Candidates)
    min_score: float | None = None
    capacities: Capacities | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.dense is None and self.edge_list is None and self.csr is None:
            raise ValueError("a MatchingProblem needs a dense score matrix or an edge list")

    # ----------------------------------------------------------------- builders
    @classmethod
    def _build(
        cls,
        n_rows: int,
        n_cols: int,
        *,
        forced: ArrayLike | None,
        row_min: ArrayLike,
        row_max: ArrayLike,
        col_min: ArrayLike,
        col_max: ArrayLike,
        dense: FloatArray | None = None,
        allowed: BoolArray | None = None,
        edge_list: Edges | None = None,
        csr: Compressed | None = None,
        forbidden: BoolArray | None = None,
        candidates: NDArray[np.int64] | _Derived | None = None,
        min_score: float | None = None,
        capacities: Capacities | None = None,
    ) -> MatchingProblem:
        n_rows, n_cols = int(n_rows), int(n_cols)
        if capacities is not None and capacities.shape == (n_rows, n_cols):
            # The request's own bounds: read-only int64, checked when they were built, their
            # extremes known (computed once per Capacities).
            r_min, r_max = capacities.row_min, capacities.row_max
            c_min, c_max = capacities.col_min, capacities.col_max
            most_r, most_c = capacities.extremes.row_most, capacities.extremes.col_most
        else:
            r_min, r_max = _bounds(row_min, n_rows, "row_min"), _bounds(row_max, n_rows, "row_max")
            c_min, c_max = _bounds(col_min, n_cols, "col_min"), _bounds(col_max, n_cols, "col_max")
            most_r = int(r_max.max()) if r_max.size else 0
            most_c = int(c_max.max()) if c_max.size else 0
        if most_r > n_cols:
            r_max = _readonly(np.minimum(r_max, n_cols))
        if most_c > n_rows:
            c_max = _readonly(np.minimum(c_max, n_rows))
        return cls(
            n_rows=n_rows,
            n_cols=n_cols,
            row_min=r_min,
            row_max=r_max,
            col_min=c_min,
            col_max=c_max,
            forced=_pairs(forced),
            dense=dense,
            allowed=allowed,
            edge_list=edge_list,
            csr=csr,
            forbidden=forbidden,
            candidates=candidates,
            min_score=min_score,
            capacities=capacities,
        )

    @classmethod
    def from_dense(
        cls,
        weights: ArrayLike,
        allowed: ArrayLike | None = None,
        *,
        forced: ArrayLike | None = None,
        row_min: ArrayLike = 0,
        row_max: ArrayLike = 1,
        col_min: ArrayLike = 0,
        col_max: ArrayLike = 1,
        forbidden: BoolArray | None = None,
        min_score: float | None = None,
        capacities: Capacities | None = None,
        weight_range: tuple[float, float] | None = None,
    ) -> MatchingProblem:
        """A problem from an A×B score matrix; ``allowed`` marks the candidate pairs (default all).

        ``weight_range``: the caller's ``(min, max)`` of the candidates' scores, when it has them
        (spares :attr:`weight_range` its pass).
        """
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
        built = cls._build(
            w.shape[0],
            w.shape[1],
            dense=w,
            allowed=mask,
            forced=forced,
            row_min=row_min,
            row_max=row_max,
            col_min=col_min,
            col_max=col_max,
            forbidden=forbidden,
            min_score=min_score,
            capacities=capacities,
        )
        if weight_range is not None:
            built.__dict__["weight_range"] = weight_range
        return built

    @classmethod
    def from_edges(
        cls,
        n_rows: int,
        n_cols: int,
        rows: ArrayLike,
        cols: ArrayLike,
        weights: ArrayLike,
        *,
        forced: ArrayLike | None = None,
        row_min: ArrayLike = 0,
        row_max: ArrayLike = 1,
        col_min: ArrayLike = 0,
        col_max: ArrayLike = 1,
        candidates: NDArray[np.int64] | None = None,
        min_score: float | None = None,
        capacities: Capacities | None = None,
        sorted_keys: NDArray[np.int64] | None = None,
        weight_range: tuple[float, float] | None = None,
        row_starts: IntArray | None = None,
    ) -> MatchingProblem:
        """A problem from a candidate edge list (any order; pairs must be unique).

        ``sorted_keys``: the caller's proof that the edges are in range, unique and sorted,
        as their strictly increasing ``row * n_cols + col`` (skips those checks).
        ``weight_range``: the caller's ``(min, max)`` of ``weights`` (spares a pass).
        ``row_starts``: with ``sorted_keys``, the edges' CSR row pointers (a CSR input's
        ``indptr``; spares :attr:`row_starts` its search).
        """
        r = np.asarray(rows, dtype=np.intp).ravel()
        c = np.asarray(cols, dtype=np.intp).ravel()
        w = np.asarray(weights, dtype=np.float64).ravel()
        if not r.shape == c.shape == w.shape:
            raise ValueError("rows, cols and weights must have the same length")
        if sorted_keys is not None and sorted_keys.shape == r.shape:
            keys = sorted_keys
        elif r.size and (r.min() < 0 or r.max() >= n_rows or c.min() < 0 or c.max() >= n_cols):
            raise ValueError("edge index out of range")
        else:
            keys = r.astype(np.int64) * n_cols + c
        if sorted_keys is None and not bool(np.all(np.diff(keys) > 0)):  # not sorted and unique
            order = np.argsort(keys, kind="stable")
            keys = keys[order]
            if keys.size > 1 and (np.diff(keys) == 0).any():
                raise ValueError("duplicate candidate pair in the edge list")
            r, c, w = r[order], c[order], w[order]
        built = cls._build(
            n_rows,
            n_cols,
            edge_list=(r, c, w),
            forced=forced,
            row_min=row_min,
            row_max=row_max,
            col_min=col_min,
            col_max=col_max,
            candidates=candidates,
            min_score=min_score,
            capacities=capacities,
        )
        built.__dict__["keys"] = keys  # computed anyway: spare edge_index the work
        if weight_range is not None:
            built.__dict__["weight_range"] = weight_range
        if sorted_keys is not None and row_starts is not None and np.shape(row_starts) == (built.n_rows + 1,):
            # a copy (n_rows + 1 entries): the caller's array is neither kept nor made read-only
            built.__dict__["row_starts"] = _readonly(np.array(row_starts, dtype=np.intp))
        return built

    @classmethod
    def from_csr(
        cls,
        n_rows: int,
        n_cols: int,
        indptr: ArrayLike,
        indices: ArrayLike,
        data: ArrayLike,
        *,
        forced: ArrayLike | None = None,
        capacities: Capacities | None = None,
        weight_range: tuple[float, float] | None = None,
    ) -> MatchingProblem:
        """A sparse request whose candidates are all stored entries of a canonical CSR matrix.

        ``indptr``/``indices`` must be a canonical CSR structure (each row's columns sorted,
        without repeats, in range): the caller's proof, not checked here.  The arrays are
        kept as given when their index type is LAPJVsp's int32 (read, never written; ``data``
        as float64), else cast to int32 once, here, when the shape allows it (the sparse
        solver would cast them on every call, and the lookups of :meth:`edge_index` read half
        the bytes).  The edge list's rows, columns and keys, 8 bytes a candidate each, are
        built only when something reads them: the default one-to-one call reads none of them
        (issue 15: on a candidate graph that does not fit in L2, each pass over the edges is a
        visible share of the call).  ``weight_range``: the caller's ``(min, max)`` of ``data``
        (spares a pass).

        >>> import scipy.sparse as sp
        >>> m = sp.csr_array(np.array([[0.0, 2.0], [3.0, 0.5]]))
        >>> p = MatchingProblem.from_csr(2, 2, m.indptr, m.indices, m.data)
        >>> p.rows.tolist(), p.cols.tolist(), p.candidates.tolist(), p.edge_index([1, 0], [1, 0]).tolist()
        ([0, 1, 1], [1, 0, 1], [1, 2, 3], [2, -1])
        """
        n_rows, n_cols = int(n_rows), int(n_cols)
        w = np.asarray(data, dtype=np.float64).ravel()
        ptr, idx = np.asarray(indptr), np.asarray(indices)
        if not (ptr.shape == (n_rows + 1,) and idx.shape == w.shape):
            raise ValueError("indptr must hold n_rows + 1 row pointers, indices one column per value")
        if ptr.dtype.kind not in "iu" or idx.dtype.kind not in "iu":
            raise ValueError("indptr and indices must be integer arrays")
        index = np.int32 if max(n_rows, n_cols, w.size) <= INT32_MAX else np.intp
        compressed = (_own(ptr, index), _own(idx, index), w)
        built = cls._build(
            n_rows,
            n_cols,
            csr=compressed,
            forced=forced,
            row_min=0,
            row_max=1,
            col_min=0,
            col_max=1,
            candidates=_Derived.EDGE_KEYS,
            capacities=capacities,
        )
        if weight_range is not None:
            built.__dict__["weight_range"] = weight_range
        return built

    @classmethod
    def from_rules(
        cls,
        capacities: Capacities,
        *,
        forced: ArrayLike | None = None,
        forbidden: BoolArray | None = None,
        candidates: NDArray[np.int64] | None = None,
        min_score: float | None = None,
    ) -> MatchingProblem:
        """A problem holding only a request's rules (every allowed pair a candidate of score 0).

        For checking a matching against rules given by hand (``validate(m, problem)``).
        """
        n_rows, n_cols = capacities.shape
        if candidates is not None:
            keys = np.asarray(candidates, dtype=np.int64)
            width = max(n_cols, 1)
            return cls.from_edges(
                n_rows, n_cols, keys // width, keys % width, np.zeros(keys.size),
                forced=forced, candidates=keys, min_score=min_score, capacities=capacities,
            )  # fmt: skip
        mask = None if forbidden is None else ~np.asarray(forbidden, dtype=bool)
        return cls.from_dense(
            np.zeros((n_rows, n_cols)), mask,
            forced=forced, forbidden=forbidden, min_score=min_score, capacities=capacities,
        )  # fmt: skip

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
    def _edges(self) -> Edges:
        if self.edge_list is not None:
            return self.edge_list
        if self.csr is not None:  # each row's index repeated over its entries
            indptr, indices, data = self.csr
            rows = np.repeat(np.arange(self.n_rows, dtype=np.intp), np.diff(indptr))
            return _readonly(rows), _readonly(indices.astype(np.intp)), data  # a copy: ours
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
        if self.edge_list is None and self.csr is not None:
            return self.csr[2]  # without building the rows and columns
        return self._edges[2]

    @property
    def n_edges(self) -> int:
        """Number of candidate pairs."""
        if self.edge_list is not None:
            return int(self.edge_list[0].size)
        if self.csr is not None:
            return int(self.csr[1].size)
        assert self.dense is not None
        return self.dense.size if self.allowed is None else int(np.count_nonzero(self.allowed))

    @functools.cached_property
    def row_starts(self) -> IntArray:
        """Where each row's candidate pairs start in the edge list, then ``n_edges``: the CSR
        row pointers (``indptr``) of the edge list, of length ``n_rows + 1``."""
        if self.edge_list is None and self.csr is not None:  # a copy: the caller's stays his
            return _readonly(np.array(self.csr[0], dtype=np.intp))
        return _readonly(np.searchsorted(self.rows, np.arange(self.n_rows + 1)).astype(np.intp, copy=False))

    @functools.cached_property
    def keys(self) -> NDArray[np.int64]:
        """``row * n_cols + col`` of each candidate pair (sorted)."""
        if self.edge_list is None and self.csr is not None and "_edges" not in self.__dict__:
            # each row's first key repeated, plus the columns: no rows array built for it
            indptr, indices, _ = self.csr
            keys = np.repeat(np.arange(self.n_rows, dtype=np.int64) * self.n_cols, np.diff(indptr))
            keys += indices
            return _readonly(keys)
        return self.rows.astype(np.int64) * self.n_cols + self.cols

    def edge_index(self, rows: ArrayLike, cols: ArrayLike) -> IntArray:
        """Position of each ``(row, col)`` pair in the edge list, or -1 if it is not a candidate."""
        r = np.asarray(rows, dtype=np.intp).ravel()
        c = np.asarray(cols, dtype=np.intp).ravel()
        if self.complete:
            return r * self.n_cols + c
        if _csr_sample_offsets is not None and r.size:
            found = None
            if self.edge_list is None and self.csr is not None:  # the input's own structure
                found = self._row_local_index(self.csr[0], self.csr[1], r, c)
            elif "row_starts" in self.__dict__:  # only when known: finding them is a search too
                found = self._row_local_index(self.row_starts, self.cols, r, c)
            if found is not None:
                return found
        # a pair outside the problem is no candidate, though its key may equal one's
        ok = (r.view(np.uintp) < self.n_rows) & (c.view(np.uintp) < self.n_cols)  # negatives: huge
        want = r.astype(np.int64) * self.n_cols + c
        pos = np.searchsorted(self.keys, want)
        pos = np.minimum(pos, max(self.keys.size - 1, 0))
        hit = ok & (self.keys.size > 0 and self.keys[pos] == want)  # no keys: no candidate
        return np.where(hit, pos, -1).astype(np.intp)

    def _row_local_index(
        self, starts: NDArray[np.signedinteger], columns: NDArray[np.signedinteger], r: IntArray, c: IntArray
    ) -> IntArray | None:
        """:meth:`edge_index` by a lookup within each pair's row (None: the sorted keys are searched).

        ``starts``/``columns``: the edge list as a CSR structure of one index type, int32 or
        intp (row pointers, each row's columns sorted, without repeats).  A search of the
        sorted keys reads about 17 cache lines a pair spread over the whole edge list, and
        needs the keys built (a pass over every edge); after a solver has run they are cold,
        and the check of a one-to-one answer on a candidate graph that does not fit in L2
        spent more there than in any other step of ``match`` besides the kernel (issue 15,
        assignp800: 0.2 ms cold).  scipy's C routine reads only each pair's row of
        ``columns``.  It scans a row from end to end when given few pairs, so it is used only
        while the rows it would scan hold at most ``n_edges`` pairs, one pass in C (over int32
        columns for a CSR input: half the bytes).  Every array call here runs cold after the
        kernel, so the common case (all pairs inside the problem) takes as few as it can: two
        reductions for the range, three calls for the rows' lengths.
        """
        if columns.size == 0:  # no row to look in (n_rows may be 0)
            return np.full(r.size, -1, np.intp)
        # a pair outside the problem is no candidate; as unsigned, a negative index is huge
        # (argmax: a far shorter code path than a ufunc reduction's, which runs cold here)
        ru, cu = r.view(np.uintp), c.view(np.uintp)
        inside = ru[ru.argmax()] < self.n_rows and cu[cu.argmax()] < self.n_cols
        ok: BoolArray | None = None
        if not inside:  # the C routine would wrap negative indices and read past the rows
            ok = (r.view(np.uintp) < self.n_rows) & (c.view(np.uintp) < self.n_cols)
            r, c = np.where(ok, r, 0), np.where(ok, c, 0)
        scanned = starts.take(r + 1)
        scanned -= starts.take(r)
        if int(np.add.reduce(scanned)) > columns.size:
            return None
        index = columns.dtype
        out = np.empty(r.size, index)
        try:  # a private routine: a changed signature falls back to the search of the keys
            repeats = _csr_sample_offsets(
                self.n_rows,
                self.n_cols,
                starts,
                columns,
                r.size,
                r.astype(index, copy=False),
                c.astype(index, copy=False),
                out,
            )
        except (TypeError, ValueError):  # pragma: no cover - scipy's own signature changed
            return None
        if repeats:  # it stops early on a row with a repeated column (never ours): not trusted
            return None
        found = out.astype(np.intp, copy=False)
        return found if ok is None else np.where(ok, found, -1)

    def _index_inside(self, pairs: IntArray, one_per_row: bool) -> NDArray[np.signedinteger]:
        """:meth:`edge_index` of ``(k, 2)`` pairs known to be inside the problem (``one_per_row``:
        no row appears twice), as int32 or intp.

        For the check of a solver's answer (``match``), which proved the pairs in range while
        counting the participants' meetings: on a CSR input the pairs are cast to the CSR's
        index type in one call and handed to scipy's row-local lookup, without the range test
        and, when no row repeats (the rows it scans then hold at most ``n_edges`` entries),
        without the rows' lengths.  Three array calls instead of about fifteen, on a step that
        runs right after the kernel, when each of them is several times slower than warm
        (issue 15, assignp800).  Other problems, and answers with repeated rows, take
        :meth:`edge_index`.
        """
        compressed = self.csr if self.edge_list is None else None
        if compressed is None or not one_per_row or _csr_sample_offsets is None or not pairs.size:
            return self.edge_index(pairs[:, 0], pairs[:, 1])
        starts, columns, _ = compressed
        if columns.size == 0:
            return np.full(len(pairs), -1, np.intp)
        index = columns.dtype
        both = pairs.T.astype(index, order="C")  # rows then columns, each contiguous
        out = np.empty(len(pairs), index)
        try:  # a private routine: a changed signature falls back to edge_index
            repeats = _csr_sample_offsets(
                self.n_rows, self.n_cols, starts, columns, out.size, both[0], both[1], out
            )
        except (TypeError, ValueError):  # pragma: no cover - scipy's own signature changed
            repeats = 1
        if repeats:  # it stops early on a row with a repeated column (never ours): not trusted
            return self.edge_index(pairs[:, 0], pairs[:, 1])
        return out

    def pair_weights(self, pairs: ArrayLike) -> FloatArray:
        """Scores of the given (row, col) pairs (which must be candidates)."""
        p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
        if self.dense is not None:
            return np.asarray(self.dense[p[:, 0], p[:, 1]], dtype=np.float64)
        idx = self.edge_index(p[:, 0], p[:, 1])
        if (idx < 0).any():
            raise ValueError("pair_weights: some pairs are not candidates")
        return self.weights[idx]

    # ------------------------------------------------------------------- rules
    def may_meet(self, rows: ArrayLike, cols: ArrayLike) -> BoolArray:
        """Whether each (row, col) pair may meet under the request's rules.

        Not forbidden and, for sparse requests, a candidate; ``min_score`` is a
        preference and not a rule here.

        >>> p = MatchingProblem.from_dense(np.ones((2, 2)), forbidden=np.eye(2, dtype=bool))
        >>> p.may_meet([0, 0], [0, 1]).tolist()
        [False, True]
        """
        r = np.asarray(rows, dtype=np.intp)
        c = np.asarray(cols, dtype=np.intp)
        ok = np.ones(r.shape, dtype=bool)
        if self.forbidden is not None:
            ok &= ~self.forbidden[r, c]
        if self.candidates is not None:
            if self.candidates.size == 0:  # no candidate at all: nothing is allowed
                return np.zeros(r.shape, dtype=bool)
            keys = r.astype(np.int64) * self.n_cols + c
            pos = np.minimum(np.searchsorted(self.candidates, keys), self.candidates.size - 1)
            ok &= self.candidates[pos] == keys
        return ok

    @functools.cached_property
    def forced_pairs(self) -> IntArray:
        """The forced pairs the rules allow: those the solvers fix (the others are diagnosed)."""
        if self.forced.size == 0 or (self.forbidden is None and self.candidates is None):
            return self.forced
        return _readonly(self.forced[self.may_meet(self.forced[:, 0], self.forced[:, 1])])

    @functools.cached_property
    def forced_edges(self) -> IntArray:
        """Positions in the edge list of :attr:`forced_pairs`."""
        idx = self.edge_index(self.forced_pairs[:, 0], self.forced_pairs[:, 1])
        if (idx < 0).any():
            raise ValueError("every forced pair must be a candidate pair")
        return _readonly(idx)

    @functools.cached_property
    def one_to_one(self) -> tuple[bool, bool]:
        """``(every max <= 1, every min met by the forced pairs alone)``: what a one-to-one solver needs.

        Cached (the bounds are read-only): ``match`` asks when choosing the method and the
        solver asks again, and each answer costs several passes over the bounds.

        >>> p = MatchingProblem.from_dense(np.ones((2, 2)), row_min=[1, 0], forced=[[0, 1]])
        >>> p.one_to_one
        (True, True)
        """
        e = self.extremes
        at_most_one = e.row_most <= 1 and e.col_most <= 1
        if not self.has_floors:
            return at_most_one, True
        fr, fc = self.degrees(self.forced_pairs)
        return bool(at_most_one), not bool((self.row_min > fr).any() or (self.col_min > fc).any())

    @functools.cached_property
    def extremes(self) -> Extremes:
        """Each side's largest minimum and smallest and largest maximum (of the clipped bounds).

        Read from the request's :class:`~matchmaker.assignment.capacities.Capacities` when the
        bounds are its arrays unclipped (computed there once), else computed here once.
        """
        c = self.capacities
        if (
            c is not None
            and self.row_max is c.row_max
            and self.col_max is c.col_max
            and self.row_min is c.row_min
            and self.col_min is c.col_min
        ):
            return c.extremes
        return bound_extremes(self.row_min, self.row_max, self.col_min, self.col_max)

    @property
    def has_floors(self) -> bool:
        """Whether anyone has a ``min`` above 0."""
        return self.extremes.row_floor > 0 or self.extremes.col_floor > 0

    @functools.cached_property
    def weight_range(self) -> tuple[float, float]:
        """The smallest and largest score of a candidate pair (``(0.0, 0.0)`` without candidates)."""
        w = self.dense if self.complete else self.weights  # complete: no edge list built
        assert w is not None
        return (float(w.min()), float(w.max())) if w.size else (0.0, 0.0)

    @property
    def bounds(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """``(row_min, row_max, col_min, col_max)`` as the request gave them (before clipping)."""
        c = self.capacities
        if c is None:
            return self.row_min, self.row_max, self.col_min, self.col_max
        return c.row_min, c.row_max, c.col_min, c.col_max

    # ------------------------------------------------------------ derived problems
    def degrees(self, pairs: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Number of pairs each row and each column takes part in."""
        p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
        return (
            np.bincount(p[:, 0], minlength=self.n_rows).astype(np.int64, copy=False),
            np.bincount(p[:, 1], minlength=self.n_cols).astype(np.int64, copy=False),
        )

    def partner_counts(
        self,
        row_ok: BoolArray,
        col_ok: BoolArray,
        rows: IntArray | None = None,
        cols: IntArray | None = None,
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Candidate partners of each row among columns ``col_ok``, of each column among rows ``row_ok``.

        ``rows``/``cols`` restrict the answer to those participants (in that order).

        >>> p = MatchingProblem.from_dense(np.ones((2, 3)), allowed=np.array([[1, 1, 0], [0, 1, 1]], bool))
        >>> [x.tolist() for x in p.partner_counts(np.array([True, False]), np.ones(3, bool))]
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

    def residual(self) -> MatchingProblem:
        """The problem left once the forced pairs are fixed: those edges removed, bounds reduced.

        Bounds are reduced by each participant's number of forced pairs (floors not below
        0; a forced pair beyond a capacity is the caller's to diagnose beforehand).
        """
        if self.forced_pairs.size == 0:
            return self
        fr, fc = self.degrees(self.forced_pairs)
        keep = np.ones(self.n_edges, dtype=bool)
        keep[self.forced_edges] = False
        return MatchingProblem._build(
            self.n_rows,
            self.n_cols,
            edge_list=(self.rows[keep], self.cols[keep], self.weights[keep]),
            forced=None,
            row_min=np.maximum(self.row_min - fr, 0),
            row_max=np.maximum(self.row_max - fr, 0),
            col_min=np.maximum(self.col_min - fc, 0),
            col_max=np.maximum(self.col_max - fc, 0),
        )

    def subset(self, edges: IntArray) -> MatchingProblem:
        """The same problem on the candidate pairs at positions ``edges`` (sorted); no forced pairs."""
        return MatchingProblem._build(
            self.n_rows,
            self.n_cols,
            edge_list=(self.rows[edges], self.cols[edges], self.weights[edges]),
            forced=None,
            row_min=self.row_min,
            row_max=self.row_max,
            col_min=self.col_min,
            col_max=self.col_max,
        )

    def restricted(self, keep: BoolArray) -> MatchingProblem:
        """The same request with only the candidate pairs ``keep`` (a mask over the edge list)."""
        if bool(keep.all()):
            return self
        return dataclasses.replace(
            self,
            dense=None,
            allowed=None,
            edge_list=(self.rows[keep], self.cols[keep], self.weights[keep]),
            csr=None,
        )

    def __repr__(self) -> str:
        kind = "complete" if self.complete else f"{self.n_edges} candidate pairs"
        return f"MatchingProblem({self.n_rows}×{self.n_cols}, {kind}, {len(self.forced)} forced)"
