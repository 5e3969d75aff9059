"""Sparse scoring for large missions: each participant's top-k candidates, never the A×B matrix.

:func:`matchmaker.scoring.score` with ``top_k`` returns :class:`SparseScores`, whose ``total`` is a
``scipy.sparse.csr_array`` (rows side A, columns side B, input order) holding only the
**candidate pairs**: each participant's ``k`` best partners in both directions (rows'
top-k over columns, columns' top-k over rows), plus every wished-for and forced pair.
Pairs that are not stored are not candidates: ``matchmaker.match`` (``flow``, and the
sparse one-to-one solver) and ``matchmaker.schedule`` take the object as they take
dense scores.

How (details in :mod:`matchmaker.scoring.candidates`):

1. The request is checked and turned into the kernel's arrays exactly as
   :func:`matchmaker.scoring.score` does (:func:`~matchmaker.scoring.api.prepare_scoring`).
2. An inverted index of the code tree generates rectangles of pairs that share a
   specific node (an exact product, then its group, ...), band by band; each
   rectangle is cut into tiles, and each tile is scored by the same kernel as the
   dense matrix (:func:`~matchmaker.scoring.algorithms.block_components` on the
   tile's rows and columns, :func:`restrict`), hard rules included: forbidden pairs
   are dropped inside the tile and never stored.  A tile returns the top-k of each of
   its rows and columns.
3. The tiles' lists are merged into each participant's running top-k; after each
   band, a bound on every pair not yet scored certifies the participants whose lists
   are final; the next band only scores pairs of the others.

The result is **exact**: the stored scores are bit-for-bit those of the dense
:func:`~matchmaker.scoring.score`, and the stored pairs are exactly each participant's
top-k by score (ties broken by the partner's index), wished and forced pairs — the
same for any tile size, thread count or executor.  Pairs with no fit at all (total 0)
are never candidates unless wished or forced.  Tiles run on an executor
(:mod:`matchmaker.scoring.distributed`): serially, on threads, or on a Dask cluster.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matchmaker.errors import JSONValue, Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.scoring.algorithms import (
    Direction,
    PairArrays,
    _Workspace,
    block_components,
    block_rows,
    compiled_agrees,
    kernel_of,
)
from matchmaker.scoring.candidates import EPSILON, Block, CandidateIndex
from matchmaker.scoring.compiled import Kernel
from matchmaker.scoring.distributed import Executor, SerialExecutor, ThreadExecutor, resolve_executor
from matchmaker.scoring.prepare import (
    LEVELS,
    TILE,
    ScoreOptions,
    ScoringInputs,
    chosen_kernel,
    prepare_options,
    resolve_options,
)
from matchmaker.scoring.scores import ScoresBase
from matchmaker.scoring.weights import Weights

__all__ = [
    "DEFAULT_TOP_K",
    "TILE",
    "SparseScores",
    "TileResult",
    "TopLists",
    "restrict",
    "score_pairs",
    "score_sparse",
    "score_tile",
    "widen",
]

#: The executors that score tiles in this process, where the kernel chosen here runs; a
#: cluster's workers (or an executor of the caller's) get the NumPy kernel.
LOCAL = (SerialExecutor, ThreadExecutor)

#: Default number of candidates kept per participant, in each direction.
DEFAULT_TOP_K = 50
_PAIR_ROWS = 64  # rows per tile when scoring a list of pairs
_MERGE_ENTRIES = 1_000_000  # tile entries collected before merging into the lists

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------- sub-problems
def _select(pairs: IntArray, rows: IntArray, cols: IntArray) -> tuple[NDArray[np.bool_], IntArray]:
    """Which (row, col) ``pairs`` (sorted by row) fall in ``rows × cols``, and their local indices."""
    lo, hi = np.searchsorted(pairs[:, 0], [rows[0], rows[-1] + 1]) if rows.size else (0, 0)
    inside = np.zeros(pairs.shape[0], dtype=bool)
    local = np.zeros((pairs.shape[0], 2), dtype=np.intp)
    part = pairs[lo:hi]
    r = np.searchsorted(rows, part[:, 0])
    c = np.minimum(np.searchsorted(cols, part[:, 1]), max(cols.size - 1, 0))
    hit = (rows[np.minimum(r, rows.size - 1)] == part[:, 0]) & (cols[c] == part[:, 1]) & (cols.size > 0)
    inside[lo:hi] = hit
    local[lo:hi, 0], local[lo:hi, 1] = r, c
    return inside, local[inside]


def _rows3(index: IntArray, n: int, interleaved: bool) -> IntArray:
    """Rows ``3i + q`` (interleaved) or ``q·n + i`` of a coefficient matrix, for q = 0, 1, 2."""
    if interleaved:
        return (3 * index[:, None] + np.arange(3)).ravel()
    return np.concatenate([q * n + index for q in range(3)])


def _restrict_direction(d: Direction, sellers: IntArray, buyers: IntArray, rows_sell: bool) -> Direction:
    """One direction of :func:`restrict` (layouts: ``rows_sell``/``cols_sell`` of the engine)."""
    buyer_set = d.buyer_set[buyers]
    requiring = np.flatnonzero(buyer_set >= 0).astype(np.intp)
    old = np.searchsorted(d.requiring, buyers[requiring]).astype(np.intp)
    if rows_sell:
        coef = d.coef[_rows3(buyers, 0, True)]
        req_coef = d.req_coef[old]
    else:
        coef = d.coef[_rows3(buyers, d.buyer_set.size, False)]
        req_coef = d.req_coef[_rows3(old, d.requiring.size, False)]
    return Direction(
        tables=np.ascontiguousarray(d.tables[:, sellers]),
        coef=sp.csr_array(coef),
        holds=d.holds[:, sellers],
        buyer_set=buyer_set,
        requiring=requiring,
        req_coef=sp.csr_array(req_coef),
    )


def restrict(pa: PairArrays, rows: IntArray, cols: IntArray) -> PairArrays:
    """The kernel's arrays for the sub-problem ``rows × cols`` (ascending, unique global indices).

    :func:`~matchmaker.scoring.algorithms.block_components` on the result gives, for
    every pair of the sub-problem, exactly the numbers it gives on the whole problem.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.scoring import score
    >>> from matchmaker.scoring.api import ScoringInputs, prepare_scoring
    >>> mission = east_java_south_sumatra_2020()
    >>> pa = prepare_scoring(mission).arrays
    >>> rows, cols = np.array([2, 7, 30]), np.array([0, 5, 6, 99])
    >>> sub = block_components(restrict(pa, rows, cols), 0, 3, ("total",))["total"]
    >>> bool((sub == score(mission).total[np.ix_(rows, cols)]).all())
    True
    """
    rows = np.asarray(rows, dtype=np.intp)
    cols = np.asarray(cols, dtype=np.intp)
    keep_l, liked = _select(pa.liked, rows, cols)
    _, banned = _select(pa.banned, rows, cols)
    _, penalised = _select(pa.penalised, rows, cols)
    return PairArrays(
        n_rows=int(rows.size),
        n_cols=int(cols.size),
        ab=_restrict_direction(pa.ab, rows, cols, True),
        ba=_restrict_direction(pa.ba, cols, rows, False),
        shares=pa.shares,
        custom=tuple(np.ascontiguousarray(v[np.ix_(rows, cols)]) for v in pa.custom),
        liked=liked,
        liked_values=pa.liked_values[keep_l],
        banned=banned,
        penalised=penalised,
        penalty=pa.penalty,
        fit_scale=pa.fit_scale,
        pairwise=tuple(dataclasses.replace(p, rows=p.rows[rows], cols=p.cols[cols]) for p in pa.pairwise),
    )


# ------------------------------------------------------------------------- top-k
def _distinct(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """Sorted distinct values (``np.unique`` by sorting: much faster on large integer arrays)."""
    out = np.sort(keys)
    if out.size > 1:
        out = out[np.r_[True, out[1:] != out[:-1]]]
    return out


def _levels(values: FloatArray) -> tuple[FloatArray, IntArray]:
    """Sorted distinct values and each value's index among them (``np.unique(..., return_inverse=True)``)."""
    order = np.argsort(values)
    ranked = values[order]
    new = np.r_[True, ranked[1:] != ranked[:-1]] if ranked.size else np.zeros(0, dtype=bool)
    index = np.empty(values.size, dtype=np.intp)
    index[order] = np.cumsum(new) - 1
    return ranked[new], index


def _top(values: FloatArray, k: int, axis: int) -> NDArray[np.bool_]:
    """Mask of the ``k`` largest finite values along ``axis``, ties to the lowest position.

    >>> v = np.array([[0.2, 0.5, 0.5, -np.inf], [0.1, 0.3, 0.9, 0.7]])
    >>> _top(v, 2, axis=1).astype(int).tolist()
    [[0, 1, 1, 0], [0, 0, 1, 1]]
    >>> _top(v, 1, axis=0).astype(int).tolist()
    [[1, 1, 0, 0], [0, 0, 1, 1]]
    """
    lines = values if axis == 1 else values.T  # one line per participant, a view
    finite: NDArray[np.bool_] = lines > -np.inf
    if k == 0:
        finite[...] = False
    many = np.flatnonzero(finite.sum(axis=1) > k) if k else np.zeros(0, np.intp)
    if many.size:  # only these lines need a selection
        part = lines[many]
        n = part.shape[1]
        kth = np.partition(part, n - k, axis=1)[:, n - k : n - k + 1]
        above = part > kth
        tie = part == kth
        need = k - above.sum(axis=1, keepdims=True)
        extra = np.flatnonzero((tie.sum(axis=1, keepdims=True) > need).ravel())
        if extra.size:  # more ties than places: the first ones along the line
            tie[extra] &= np.cumsum(tie[extra], axis=1) <= need[extra]
        finite[many] = (above | tie) & (part > -np.inf)
    return finite if axis == 1 else finite.T


@dataclass(frozen=True)
class TileResult:
    """A tile's top-k lists, as global indices.

    ``row_lists`` holds ``(row, col, total)`` of each row's best columns in the tile,
    ``col_lists`` ``(col, row, total)`` of each column's best rows; ``pairs`` is the
    number of pairs scored.
    """

    row_lists: tuple[IntArray, IntArray, FloatArray]
    col_lists: tuple[IntArray, IntArray, FloatArray]
    pairs: int


def _masked_totals(sub: PairArrays, kernel: Kernel = "numpy") -> FloatArray:
    """Totals of every pair of ``sub``; forbidden pairs and pairs of total 0 are -inf."""
    total = np.empty((sub.n_rows, sub.n_cols))
    forbidden = np.empty((sub.n_rows, sub.n_cols), dtype=bool)
    chunks = list(block_rows(sub.n_rows, sub.n_cols))
    ws = _Workspace(sub.n_cols, max((b - a for a, b in chunks), default=1))
    for a, b in chunks:
        block_components(
            sub, a, b, (), total=total[a:b], forbidden=forbidden[a:b], workspace=ws, kernel=kernel
        )
    total[forbidden | (total <= 0.0)] = -np.inf
    return total


def score_tile(
    pa: PairArrays,
    block: Block,
    k_rows: int,
    k_cols: int,
    row_floor: FloatArray | None = None,
    col_floor: FloatArray | None = None,
    kernel: Kernel = "numpy",
) -> TileResult:
    """Score the pairs ``block.rows × block.cols`` and keep each row's and column's top-k.

    Forbidden pairs and pairs of total 0 are left out, and so are pairs below a row's
    ``row_floor`` (or a column's ``col_floor``): a score some ``k`` pairs already found
    beat, which cannot enter the participant's top-k.  Ties are broken by the
    partner's index, so that merging the lists of any set of tiles gives the top-k of
    their union.  ``kernel`` is :func:`~matchmaker.scoring.algorithms.block_components`'
    (the same numbers either way).
    """
    sub = restrict(pa, block.rows, block.cols)
    total = _masked_totals(sub, kernel)
    lists = []
    for k, floor, axis in ((k_rows, row_floor, 1), (k_cols, col_floor, 0)):
        values = total
        if floor is not None and k:
            values = np.where(total >= (floor[:, None] if axis == 1 else floor[None, :]), total, -np.inf)
        rr, cc = np.nonzero(_top(values, k, axis))
        lists.append((rr, cc, total[rr, cc]))
    (r1, c1, v1), (r2, c2, v2) = lists
    return TileResult(
        (block.rows[r1], block.cols[c1], v1),
        (block.cols[c2], block.rows[r2], v2),
        sub.n_rows * sub.n_cols,
    )


def score_pairs(pa: PairArrays, pairs: IntArray) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Totals and forbidden flags of the given (row, col) pairs, by the same kernel.

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.scoring import score
    >>> from matchmaker.scoring.api import ScoringInputs, prepare_scoring
    >>> mission = east_java_south_sumatra_2020()
    >>> pairs = np.array([[0, 3], [45, 0], [2, 114]])
    >>> total, forbidden = score_pairs(prepare_scoring(mission).arrays, pairs)
    >>> bool((total == score(mission).total[pairs[:, 0], pairs[:, 1]]).all())
    True
    """
    pairs = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
    total = np.zeros(pairs.shape[0])
    forbidden = np.zeros(pairs.shape[0], dtype=bool)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    sorted_rows = pairs[order, 0]
    rows_all = np.unique(sorted_rows)
    for r0 in range(0, rows_all.size, _PAIR_ROWS):
        rows = rows_all[r0 : r0 + _PAIR_ROWS]
        lo, hi = np.searchsorted(sorted_rows, [rows[0], rows[-1] + 1])
        part = order[lo:hi]
        cols = np.unique(pairs[part, 1])
        out = block_components(restrict(pa, rows, cols), 0, rows.size, ("total", "forbidden"))
        r = np.searchsorted(rows, pairs[part, 0])
        c = np.searchsorted(cols, pairs[part, 1])
        total[part] = out["total"][r, c]
        forbidden[part] = out["forbidden"][r, c]
    return total, forbidden


class TopLists:
    """Each participant's best ``k`` partners found so far: by score, then partner index.

    Merging is idempotent (a pair met twice counts once), so the lists of overlapping
    tiles can be merged in any order with the same result.

    >>> lists = TopLists(2, 2)
    >>> lists.add(np.array([0, 0, 0, 1]), np.array([5, 3, 9, 5]), np.array([0.5, 0.5, 0.7, 0.1]))
    >>> lists.add(np.array([0]), np.array([9]), np.array([0.7]))  # seen before
    >>> lists.partner.tolist(), lists.threshold().tolist()
    ([[9, 3], [5, -1]], [0.5, -inf])
    """

    def __init__(self, n: int, k: int) -> None:
        self.k = k
        self.value = np.full((n, k), -np.inf)
        self.partner = np.full((n, k), -1, dtype=np.intp)

    def floor(self, owners: IntArray) -> FloatArray:
        """The current ``k``-th best score of ``owners`` (see :meth:`threshold`)."""
        if self.k == 0:
            return np.full(owners.size, np.inf)
        out: FloatArray = self.value[owners, -1]
        return out

    def threshold(self) -> FloatArray:
        """The ``k``-th best score of each participant (-inf while fewer than ``k`` are known)."""
        if self.k == 0:
            return np.full(self.value.shape[0], np.inf)
        out: FloatArray = self.value[:, -1].copy()
        return out

    def add(self, owner: IntArray, partner: IntArray, value: FloatArray) -> None:
        """Merge entries ``(owner, partner, value)`` (a pair seen twice has the same value)."""
        if self.k == 0 or owner.size == 0:
            return
        keep = value >= self.value[owner, -1]  # below the k-th best: cannot enter
        if not keep.any():
            return
        own = np.unique(owner[keep])
        held = self.partner[own] >= 0
        owner = np.concatenate([np.broadcast_to(own[:, None], held.shape)[held], owner[keep]])
        partner = np.concatenate([self.partner[own][held], partner[keep]])
        value = np.concatenate([self.value[own][held], value[keep]])
        # one integer key orders by (owner, value descending, partner); equal keys are one pair
        levels, rank = _levels(-value)
        bits_p = max(int(partner.max()), 1).bit_length()
        bits_r = max(levels.size - 1, 1).bit_length()
        if bits_p + bits_r + max(int(own[-1]), 1).bit_length() < 63:
            key = _distinct(
                (owner.astype(np.int64) << (bits_r + bits_p)) | (rank.astype(np.int64) << bits_p) | partner
            )
            owner = (key >> (bits_r + bits_p)).astype(np.intp)
            partner = (key & ((1 << bits_p) - 1)).astype(np.intp)
            value = -levels[(key >> bits_p) & ((1 << bits_r) - 1)]
        else:  # pragma: no cover - more than 2**63 combinations
            order = np.lexsort((partner, -value, owner))
            owner, partner, value = owner[order], partner[order], value[order]
            fresh = np.r_[True, (owner[1:] != owner[:-1]) | (partner[1:] != partner[:-1])]
            owner, partner, value = owner[fresh], partner[fresh], value[fresh]
        starts = np.searchsorted(owner, own)
        rank = np.arange(owner.size) - np.repeat(starts, np.diff(np.append(starts, owner.size)))
        top = rank < self.k
        self.value[own] = -np.inf
        self.partner[own] = -1
        self.value[owner[top], rank[top]] = value[top]
        self.partner[owner[top], rank[top]] = partner[top]

    def entries(self) -> tuple[IntArray, IntArray, FloatArray]:
        """``(owner, partner, value)`` of every listed entry."""
        owner, rank = np.nonzero(self.partner >= 0)
        return owner.astype(np.intp), self.partner[owner, rank], self.value[owner, rank]


# ------------------------------------------------------------------------ result
@dataclass(frozen=True, eq=False, kw_only=True)
class SparseScores(ScoresBase):
    """Scores of a mission's candidate pairs only: rows side A, columns side B.

    Shares :class:`~matchmaker.scoring.scores.ScoresBase` with the dense
    :class:`~matchmaker.scoring.Scores`: ``index``, ``explain``, ``is_forbidden``, the
    component names, and ``forbidden`` as an (A, B) boolean mask (here a
    ``scipy.sparse`` array with no entry: forbidden pairs are never stored).

    Attributes
    ----------
    row_ids, col_ids : tuple of str
        Side-A ids (rows) and side-B ids (columns), in ``mission.ids`` order.
    total : scipy.sparse.csr_array, shape (A, B)
        The total of every candidate pair (bit-for-bit as :func:`~matchmaker.scoring.score`
        computes it); pairs not stored are not candidates.  Explicit zeros are wished
        or forced pairs of total 0.
    forbidden : scipy.sparse.csr_array of bool, shape (A, B)
        No entry (see above).
    forced : ndarray of intp, shape (k, 2)
        Must-meet pairs (row, col); those that are forbidden are not stored, so that
        ``match`` reports the conflict.
    mission : Mission or None
        The mission scored.
    weights : mapping
        The normalised weight of each component.
    top_k : (int, int)
        Candidates kept per side-A participant (over side B) and per side-B participant.
    stats : mapping
        How the work went: ``pairs_scored``, ``tiles``, per-round ``rounds`` records
        (level, pairs, participants still open), ``executor``, ``kernel`` (what scored
        the tiles; the wished and forced pairs are scored by NumPy's), ``seconds``.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.scoring import score
    >>> s = score(east_java_south_sumatra_2020(), top_k=5, executor="serial")
    >>> s.shape, s.total.format, s.n_candidates <= 5 * (46 + 115) + len(s.forced) + 200
    ((46, 115), 'csr', True)
    >>> a, b, value = s.top_pairs(1)[0]
    >>> s.explain(a, b).total == value
    True
    """

    total: sp.csr_array
    top_k: tuple[int, int] = (DEFAULT_TOP_K, DEFAULT_TOP_K)
    stats: Mapping[str, JSONValue] = field(default_factory=dict)
    inputs: ScoringInputs | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # frozen like Scores: a caller cannot change the stored totals in place
        for part in (self.total.data, self.total.indices, self.total.indptr, self.forced):
            part.setflags(write=False)

    @property
    def forbidden(self) -> sp.csr_array:
        """The (A, B) mask of forbidden pairs among those stored: none (``match`` reads "nothing more")."""
        return sp.csr_array(self.shape, dtype=bool)

    @property
    def n_candidates(self) -> int:
        """Number of candidate pairs stored."""
        return int(self.total.nnz)

    @property
    def pairs(self) -> IntArray:
        """(k, 2) ``(row, col)`` of the candidate pairs, sorted by row then column."""
        rows = np.repeat(np.arange(self.shape[0], dtype=np.intp), np.diff(self.total.indptr))
        return np.column_stack([rows, self.total.indices.astype(np.intp)])

    def _pair(self, i: int, j: int) -> tuple[float, bool]:
        total, forbidden = score_pairs(self._ctx().arrays, np.array([[i, j]]))
        return float(total[0]), bool(forbidden[0])

    def candidates_of(self, participant_id: str) -> list[tuple[str, float]]:
        """The candidate partners of one participant, best first: ``[(partner id, score), ...]``."""
        if self.mission is None:
            raise ValueError("these scores carry no mission")
        side, i = self.mission.locate(participant_id)
        matrix = self.total if side == "A" else sp.csr_array(self.total.T)
        ids = self.col_ids if side == "A" else self.row_ids
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        partners, values = matrix.indices[lo:hi], matrix.data[lo:hi]
        order = np.lexsort((partners, -values))
        return [(ids[int(p)], float(v)) for p, v in zip(partners[order], values[order], strict=True)]

    def top_pairs(self, k: int) -> list[tuple[str, str, float]]:
        """The ``k`` best candidate pairs as ``(a_id, b_id, score)``: by score, then row, then column."""
        pairs = self.pairs
        order = np.lexsort((pairs[:, 1], pairs[:, 0], -self.total.data))[: max(k, 0)]
        return [
            (self.row_ids[int(pairs[e, 0])], self.col_ids[int(pairs[e, 1])], float(self.total.data[e]))
            for e in order.tolist()
        ]

    def component(self, name: str) -> sp.csr_array:
        """One component at the candidate pairs (same sparsity as ``total``), computed now.

        Names as :meth:`matchmaker.scoring.Scores.component`.
        """
        ctx = self._ctx()
        key = self._component_key(name)
        pairs = self.pairs
        values = np.zeros(pairs.shape[0])
        for r0 in range(0, self.shape[0], _PAIR_ROWS):
            lo, hi = self.total.indptr[r0], self.total.indptr[min(r0 + _PAIR_ROWS, self.shape[0])]
            if hi == lo:
                continue
            rows = np.unique(pairs[lo:hi, 0])
            cols = np.unique(pairs[lo:hi, 1])
            out = block_components(restrict(ctx.arrays, rows, cols), 0, rows.size, (key,))[key]
            values[lo:hi] = out[
                np.searchsorted(rows, pairs[lo:hi, 0]), np.searchsorted(cols, pairs[lo:hi, 1])
            ]
        return sp.csr_array((values, self.total.indices.copy(), self.total.indptr.copy()), shape=self.shape)

    def to_dense(self, fill: float = 0.0) -> FloatArray:
        """The scores as a dense A×B array, ``fill`` where no candidate is stored (small missions only)."""
        out = np.full(self.shape, fill)
        pairs = self.pairs
        out[pairs[:, 0], pairs[:, 1]] = self.total.data
        return out


# ------------------------------------------------------------------------ driver
def _options_problems(top_k: Any, levels: Any, tile: Any) -> tuple[list[Problem], tuple[int, int]]:
    problems: list[Problem] = []
    ks = top_k if isinstance(top_k, tuple) else (top_k, top_k)
    if len(ks) != 2 or any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0 for k in ks):
        problems.append(
            Problem(
                f"top_k must be a whole number >= 0 or a pair of them (side A, side B), got {top_k!r}",
                kind="invalid",
                field="top_k",
            )
        )
        ks = (DEFAULT_TOP_K, DEFAULT_TOP_K)
    try:
        lv = [float(x) for x in levels]
    except (TypeError, ValueError):
        lv = []
    if (
        not lv
        or lv[-1] != 0.0
        or any(not math.isfinite(x) or x < 0 for x in lv)
        or bool(np.any(np.diff(lv) >= 0))
    ):
        problems.append(
            Problem(
                f"levels must be finite, strictly decreasing and end with 0, got {levels!r}",
                kind="invalid",
                field="levels",
                hint=f"the default is {LEVELS}",
            )
        )
    if (
        not isinstance(tile, tuple)
        or len(tile) != 2
        or any(isinstance(t, bool) or not isinstance(t, int) or t < 1 for t in tile)
    ):
        problems.append(
            Problem(
                f"tile must be (rows, columns), two positive whole numbers, got {tile!r}",
                kind="invalid",
                field="tile",
            )
        )
    return problems, (int(ks[0]), int(ks[1]))


@dataclass
class _Run:
    """The state of one sparse scoring: the lists, the pending tile results, the counters."""

    rows: TopLists
    cols: TopLists
    pending: list[TileResult] = field(default_factory=list)
    pending_entries: int = 0
    pairs: int = 0
    tiles: int = 0

    def collect(self, result: TileResult) -> None:
        self.pending.append(result)
        self.pending_entries += result.row_lists[0].size + result.col_lists[0].size
        self.pairs += result.pairs
        self.tiles += 1
        if self.pending_entries >= _MERGE_ENTRIES:
            self.merge()

    def merge(self) -> None:
        if self.pending:
            for lists, part in ((self.rows, 0), (self.cols, 1)):
                got = [r.row_lists if part == 0 else r.col_lists for r in self.pending]
                owner, partner, value = (np.concatenate([g[i] for g in got]) for i in range(3))
                lists.add(owner, partner, value)
        self.pending, self.pending_entries = [], 0


def _score_tile_task(
    shared: tuple[PairArrays, int, int, Kernel], item: tuple[Block, FloatArray, FloatArray]
) -> TileResult:
    pa, k_rows, k_cols, kernel = shared
    block, row_floor, col_floor = item
    return score_tile(pa, block, k_rows, k_cols, row_floor, col_floor, kernel)


def _tiles(
    blocks: Iterable[Block], tile: tuple[int, int], state: _Run
) -> Iterator[tuple[Block, FloatArray, FloatArray]]:
    """The tiles of ``blocks``, each with its participants' current floors (read when submitted)."""
    for block in blocks:
        for part in block.tiles(*tile):
            yield part, state.rows.floor(part.rows), state.cols.floor(part.cols)


def _still_open(
    lists: TopLists, bound: FloatArray | None, was: NDArray[np.bool_] | None
) -> NDArray[np.bool_]:
    """Participants whose top-k is not final yet: their k-th best does not beat ``bound``.

    ``bound`` None: pairs with everyone were scored, so every list is final.
    """
    if bound is None:
        return np.zeros(lists.value.shape[0], dtype=bool)
    done = (bound == 0.0) | (bound + EPSILON < lists.threshold())
    still: NDArray[np.bool_] = ~done if was is None else was & ~done
    return still


def _search(
    state: _Run,
    index: CandidateIndex,
    shared: tuple[PairArrays, int, int, Kernel],
    run_on: Executor,
    tile: tuple[int, int],
    progress: Callable[[str], None] | None,
    open_rows: NDArray[np.bool_] | None = None,
    open_cols: NDArray[np.bool_] | None = None,
) -> list[dict[str, Any]]:
    """Score the bands round by round until every open participant's list is final; returns the rounds.

    ``open_rows``/``open_cols`` (None: everyone) are the participants whose lists are wanted.
    """
    rounds: list[dict[str, Any]] = []
    n_levels = len(index.levels)
    for r in range(n_levels + (1 if index.custom_share > 0 else 0)):
        t0, pairs_before = time.perf_counter(), state.pairs
        for result in run_on.run(
            _score_tile_task, shared, _tiles(index.blocks(r, open_rows, open_cols), tile, state)
        ):
            state.collect(result)
        state.merge()
        bound_rows, bound_cols = index.bound(index.levels[r]) if r < n_levels else (None, None)
        open_rows = _still_open(state.rows, bound_rows, open_rows)
        open_cols = _still_open(state.cols, bound_cols, open_cols)
        rounds.append(
            {
                "level": index.levels[r] if r < n_levels else "all",
                "pairs": state.pairs - pairs_before,
                "open_rows": int(open_rows.sum()),
                "open_cols": int(open_cols.sum()),
                "seconds": time.perf_counter() - t0,
            }
        )
        if progress is not None:
            progress(
                f"round {r + 1}: level {rounds[-1]['level']}, {rounds[-1]['pairs']:,} pairs, "
                f"{rounds[-1]['open_rows']:,} + {rounds[-1]['open_cols']:,} participants open"
            )
        if not open_rows.any() and not open_cols.any():
            break
    return rounds


def _candidates(
    state: _Run, known: IntArray, known_total: FloatArray, shape: tuple[int, int]
) -> sp.csr_array:
    """The candidate matrix: both sides' lists and the ``known`` (wished, forced) pairs, each pair once."""
    row_o, row_p, row_v = state.rows.entries()
    col_o, col_p, col_v = state.cols.entries()
    n_cols = max(shape[1], 1)
    keys = np.concatenate([row_o, col_p, known[:, 0]]).astype(np.int64) * n_cols
    keys += np.concatenate([row_p, col_o, known[:, 1]])
    values = np.concatenate([row_v, col_v, known_total])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    distinct = np.r_[True, keys[1:] != keys[:-1]] if keys.size else np.zeros(0, dtype=bool)
    keys, first = keys[distinct], order[distinct]
    counts = np.bincount((keys // n_cols).astype(np.intp), minlength=shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return sp.csr_array((values[first], keys % n_cols, indptr), shape=shape)


def score_sparse(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    top_k: int | tuple[int, int] = DEFAULT_TOP_K,
    options: ScoreOptions | None = None,
    **keywords: object,
) -> SparseScores:
    """Deprecated: use ``score(mission, weights, top_k=...)`` (:func:`matchmaker.scoring.score`).

    The same call, the same result; kept for one release.
    """
    warnings.warn(
        "score_sparse(mission, ...) is deprecated: use score(mission, ..., top_k=k)",
        DeprecationWarning,
        stacklevel=2,
    )
    opts, problems = resolve_options(weights, options, keywords)
    return score_top_k(mission, top_k, opts, problems)


def score_top_k(
    mission: Mission, top_k: int | tuple[int, int], opts: ScoreOptions, problems: Sequence[Problem] = ()
) -> SparseScores:
    """The sparse scores of :func:`matchmaker.scoring.score` with ``top_k`` (options resolved).

    The scores are those of the dense matrix (same options, same kernel); only the pairs
    that are some participant's top-k (see the module docstring), wished for or forced
    are stored, so the matching loses only what the restriction to top-k candidates
    loses (measured in ``docs/scale.md``).  Custom components are dense (A, B) arrays;
    with one of positive weight (or a pairwise component), pairs without fit can score,
    and the participants not certified by then are scored against everyone.

    Examples
    --------
    >>> from matchmaker.datasets import synthetic_mission
    >>> from matchmaker.scoring import score
    >>> mission = synthetic_mission(60, 80, seed=1)
    >>> s = score(mission, top_k=10, executor="serial")
    >>> dense = score(mission).total
    >>> r, c = s.pairs.T
    >>> bool((s.total.data == dense[r, c]).all())  # the same numbers, bit for bit
    True
    """
    found, ks = _options_problems(top_k, opts.levels, opts.tile)
    found = [*problems, *found]
    try:
        run_on = resolve_executor(opts.executor, opts.workers)
    except ValidationError as exc:
        found += exc.problems
    asked = chosen_kernel(mission, opts, found)
    try:
        inputs = prepare_options(mission, opts, found)
    except ValidationError as exc:
        raise ValidationError(exc.problems) from None
    # a cluster's workers are other processes, whose numba (if any) was not checked here
    kernel = kernel_of(inputs.arrays, asked) if isinstance(run_on, LOCAL) else "numpy"
    levels, tile, progress = opts.levels, opts.tile, opts.progress
    started = time.perf_counter()
    pa = inputs.arrays
    index = CandidateIndex.build(inputs, levels)
    state = _Run(TopLists(pa.n_rows, ks[0]), TopLists(pa.n_cols, ks[1]))
    # wished and forced pairs: always candidates (unless forbidden), and they seed the lists
    known = np.unique(np.concatenate([pa.liked, inputs.forced]).reshape(-1, 2), axis=0).astype(np.intp)
    known_total, known_forbidden = score_pairs(pa, known)
    good = ~known_forbidden & (known_total > 0)
    state.rows.add(known[good, 0], known[good, 1], known_total[good])
    state.cols.add(known[good, 1], known[good, 0], known_total[good])
    rounds = _search(state, index, (pa, ks[0], ks[1], kernel), run_on, tile, progress) if ks != (0, 0) else []
    keep = ~known_forbidden
    total = _candidates(state, known[keep], known_total[keep], (pa.n_rows, pa.n_cols))
    stats: dict[str, JSONValue] = {
        "pairs_scored": state.pairs + int(known.shape[0]),
        "tiles": state.tiles,
        "rounds": tuple(rounds),
        "executor": run_on.name,
        "kernel": kernel,
        "seconds": time.perf_counter() - started,
        "candidates": int(total.nnz),
    }
    return SparseScores(
        row_ids=mission.ids("A"),
        col_ids=mission.ids("B"),
        total=total,
        forced=np.asarray(inputs.forced, dtype=np.intp),
        mission=mission,
        weights=MappingProxyType(dict(inputs.weights)),
        top_k=ks,
        stats=MappingProxyType(stats),
        context=inputs.context,
        inputs=inputs,
    )


def widen(
    scores: SparseScores,
    participants: Iterable[str],
    top_k: int,
    *,
    executor: Executor | str | object = None,
    workers: int | None = None,
    levels: Sequence[float] = LEVELS,
    tile: tuple[int, int] = TILE,
) -> SparseScores:
    """More candidates for some participants: their exact top-``top_k``, added to ``scores``.

    Use it after a matching left participants below their ``max_meetings`` although
    they have partners with a positive score: with fixed caps, many participants of
    the same profile compete for the same best partners, and those who lose need
    partners further down their lists (``docs/scale.md``, *Choosing k*).  Only pairs
    with one of ``participants`` are scored; every other candidate is kept.

    Parameters
    ----------
    scores : SparseScores
        From :func:`~matchmaker.scoring.score` with ``top_k``; not changed.
    participants : iterable of str
        Ids of either side.
    top_k : int
        Candidates to keep for each of them (over the other side).
    executor, workers, levels, tile
        As :class:`~matchmaker.scoring.ScoreOptions`.

    Returns
    -------
    SparseScores
        ``stats["widened"]`` records the participants, ``top_k`` and the pairs scored.

    Raises
    ------
    ValidationError
        An unknown id, a bad ``top_k``, or scores without their mission's inputs.

    Examples
    --------
    >>> from matchmaker.datasets import synthetic_mission
    >>> from matchmaker.scoring import score
    >>> s = score(synthetic_mission(60, 80, seed=1), top_k=3, executor="serial")
    >>> wide = widen(s, ["JT-001", "SS-002"], 20, executor="serial")
    >>> len(wide.candidates_of("JT-001")) >= 20 > len(s.candidates_of("JT-001"))
    True
    """
    ids = list(participants)
    problems, (k, _) = _options_problems(top_k, levels, tile)
    requested: Any = top_k  # typed int, but callers are not type-checked
    if isinstance(requested, tuple):
        problems.append(
            Problem(
                f"widen takes one top_k for every chosen participant, got {top_k!r}",
                kind="invalid",
                field="top_k",
            )
        )
    try:
        run_on = resolve_executor(executor, workers)
    except ValidationError as exc:
        problems += exc.problems
    inputs, mission = scores.inputs, scores.mission
    if inputs is None or mission is None:
        raise ValidationError(
            Problem("these scores carry no mission inputs; use score(mission, top_k=k)", kind="missing")
        )
    open_rows = np.zeros(scores.shape[0], dtype=bool)
    open_cols = np.zeros(scores.shape[1], dtype=bool)
    for pid in ids:
        if pid not in mission:
            problems.append(Problem(f"no participant {pid!r} in the mission", kind="unknown-participant"))
            continue
        side, i = mission.locate(pid)
        (open_rows if side == "A" else open_cols)[i] = True
    if problems:
        raise ValidationError(problems)
    started = time.perf_counter()
    pa = inputs.arrays
    state = _Run(TopLists(pa.n_rows, k), TopLists(pa.n_cols, k))
    old = sp.coo_array(scores.total)
    state.rows.add(old.row.astype(np.intp), old.col.astype(np.intp), old.data)  # genuine pairs: seed floors
    state.cols.add(old.col.astype(np.intp), old.row.astype(np.intp), old.data)
    # the kernel the scores were made with, if it still runs here (the same numbers either way)
    again = scores.stats.get("kernel") == "numba" and isinstance(run_on, LOCAL) and compiled_agrees()
    kernel: Kernel = "numba" if again else "numpy"
    shared = (pa, k if open_rows.any() else 0, k if open_cols.any() else 0, kernel)
    index = CandidateIndex.build(inputs, levels)
    rounds = _search(state, index, shared, run_on, tile, None, open_rows, open_cols)
    row_o, row_p, row_v = state.rows.entries()
    col_o, col_p, col_v = state.cols.entries()
    mine_r, mine_c = open_rows[row_o], open_cols[col_o]
    pairs = np.column_stack(
        [
            np.concatenate([old.row, row_o[mine_r], col_p[mine_c]]),
            np.concatenate([old.col, row_p[mine_r], col_o[mine_c]]),
        ]
    ).astype(np.intp)
    values = np.concatenate([old.data, row_v[mine_r], col_v[mine_c]])
    empty = _Run(TopLists(pa.n_rows, 0), TopLists(pa.n_cols, 0))
    total = _candidates(empty, pairs, values, scores.shape)
    widened: dict[str, JSONValue] = {
        "participants": len(ids),
        "top_k": k,
        "pairs": state.pairs,
        "rounds": tuple(rounds),
        "kernel": kernel,
    }
    widened["seconds"] = time.perf_counter() - started
    stats: dict[str, JSONValue] = {
        **scores.stats,
        "candidates": int(total.nnz),
        "widened": MappingProxyType(widened),
    }
    return dataclasses.replace(scores, total=total, stats=MappingProxyType(stats))
