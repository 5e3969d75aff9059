"""The scoring kernel: pure functions on arrays (no ids, no Mission), computed in row blocks.

Axis convention: rows are side A, columns side B.  :func:`block_components` computes
any component of rows ``start:stop`` against every column; :func:`score_dense` fills
the whole matrix block by block (optionally on several threads), so that no
intermediate larger than a block is ever held.  A sparse top-k candidate pipeline can
call :func:`block_components` the same way and keep what it needs of each block.

How a block is computed
-----------------------
Each direction of trade (rows sell to columns, columns sell to rows) is a
:class:`Direction`: a dense table per *seller* (``tables``, one column per seller) and
a sparse matrix of coefficients per *buyer line* (``coef``).  For a seller ``s`` and
a buyer ``b`` the three per-direction quantities are sums over the buyer's need lines
of a coefficient times a seller-table entry::

    q[b, s] = Σ_t coef[b, q, t] · tables[t, s]      q = 0 fit, 1 regional, 2 scale

— one sparse × dense product per direction and block, a few multiply-adds per pair.
The tables and coefficients are built by :mod:`matchmaker.scoring.engine`; the
formulas are in :mod:`~matchmaker.scoring.fit`, :mod:`~matchmaker.scoring.regional` and
:mod:`~matchmaker.scoring.scale`.  Certifications cost nothing per pair: for "rows sell
to columns" the rows' holdings mask the small per-block dense operand, for "columns
sell to rows" the few requiring rows are computed apart and masked by the columns'
holdings.

Only the *sums* of the two directions enter the total, so the product for "rows sell
to columns" (whose buyers are the columns: it comes out transposed) is transposed
once into the block buffer and the product for "columns sell to rows" is accumulated
on top of it.  The three sums are then combined elementwise, tile by tile so that the
temporaries stay in cache.  With ``c`` the fit's share (:attr:`PairArrays.fit_scale`)
folded into the fit coefficients, and ``w = ω · fit`` a need line's fit weight::

    den    = c · Σ w                      g = min(den, c) = c · fit
    total  = g + g · (regional_q / den + den / scale_q) + pairwise + custom + wishes

where ``regional_q = s_r · Σ w · potential`` and
``scale_q = c² · (Σ w + Σ w d²) / s_s`` (see :mod:`~matchmaker.scoring.scale`), so
that the two ratios are ``s_r · R / c`` and ``s_s · S / c`` and the gated
parts ``s_r · fit · R`` and ``s_s · fit · S``: regional potential and scale
count only as far as the pair fits (``docs/scoring.md``).  With a fit share of 0,
``c = 1`` and the first ``g`` is left out.
Sums and temporaries are float32 (:data:`DTYPE`); the totals are written as float64.
"""

from __future__ import annotations

import dataclasses
import functools
import mmap
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matchmaker.scoring import compiled
from matchmaker.scoring.components import BUILTIN_SPECS, DERIVED_NAMES, PairFunction

try:  # the kernel of scipy's sparse × dense product, which can add into a given buffer
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - the public product is used instead
    _csr_matvecs = None

__all__ = [
    "BLOCK_ROWS",
    "COMPONENTS_OF_BLOCK",
    "DTYPE",
    "TILE_PAIRS",
    "Direction",
    "PairArrays",
    "block_components",
    "block_rows",
    "compiled_agrees",
    "compiled_problem",
    "dense_outputs",
    "kernel_of",
    "score_dense",
    "threaded",
]

#: What :func:`block_components` can return besides registered components (by name) and
#: custom components (``"custom:<k>"``).
COMPONENTS_OF_BLOCK = (*(s.name for s in BUILTIN_SPECS), *DERIVED_NAMES)
#: Position of each built-in kernel slot in :attr:`PairArrays.shares` (the components' table order).
_SLOT = {s.slot: k for k, s in enumerate(BUILTIN_SPECS)}
FIT, REGIONAL, SCALE, WISHES = _SLOT["fit"], _SLOT["regional"], _SLOT["scale"], _SLOT["wishes"]
#: Rows per block of the dense driver (more when the matrix is narrow, see :func:`block_rows`).
#: The "rows sell" product runs one sparse entry over BLOCK_ROWS floats: 32 spreads its cost
#: per entry (and the Python per block) over twice the pairs of 16 (one thread, 10k x 10k
#: kernel, 4 interleaved runs: 0.647 s CPU median against 0.731)
BLOCK_ROWS = 32
#: Pairs per tile of the elementwise combination.  A tile is whole rows of the block (or,
#: past this many columns, part of one row), so that every operand of the tile's ufuncs is
#: one contiguous run: a (16, 2048) tile of a (16, 10,000) block is 16 runs that each start a
#: new stretch of memory, and its eight ufuncs ran at half the speed (one thread, 10k x 10k:
#: 471 against 228 us per block, the same bits).  2**17, not the 2**15 whose temporaries
#: fit L2: on two threads each ufunc call hands the GIL over, and a quarter of the calls
#: took the 10k x 10k kernel from 708 / 671 to 610 / 595 ms wall and the default dense call
#: from 1,035 / 1,025 to 897 / 940 ms (median, interleaved in one process, idle); one thread
#: is unchanged (786 / 786 ms), the sparse top-k too (benchmarks/profiles/score-10k-round21.txt)
TILE_PAIRS = 1 << 17
_BLOCK_PAIRS = 1 << 15
_TRANSPOSE_CHUNK = 256  # (256 × 3r) float32: the chunk and its transposed target stay in L1/L2
#: Precision of the kernel's sums and temporaries (the output is float64).
DTYPE = np.float32
_TINY = float(np.finfo(DTYPE).tiny)
_CLIP_MARGIN = 1e-9


@dataclass(frozen=True, eq=False)
class Direction:
    """One direction of trade between the two sides, as arrays.

    Attributes
    ----------
    tables : ndarray, shape (n_terms, n_sellers)
        Per-seller tables (fit, fit × regional supply, scale terms per need code).
    coef : scipy.sparse.csr_array
        The buyers' coefficients of quantity ``q`` (0 fit, 1 regional, 2 scale) on the
        tables: see :func:`matchmaker.scoring.engine.rows_sell` and
        :func:`~matchmaker.scoring.engine.cols_sell` for the layout of each direction.
    holds : ndarray of bool, shape (n_sets, n_sellers)
        Whether each seller holds each set of certifications some buyer requires.
    buyer_set : ndarray of intp, shape (n_buyers,)
        The set each buyer requires (-1: none).
    requiring : ndarray of intp
        The buyers with a requirement, ascending.
    req_coef : scipy.sparse.csr_array
        The requiring buyers' coefficients used apart from ``coef``.
    """

    tables: NDArray[Any]
    coef: sparse.csr_array
    holds: NDArray[np.bool_]
    buyer_set: NDArray[np.intp]
    requiring: NDArray[np.intp]
    req_coef: sparse.csr_array


@dataclass(frozen=True, eq=False)
class Pairwise:
    """A ``"pairwise"`` component (:mod:`matchmaker.scoring.components`) as the kernel needs it.

    ``rows`` and ``cols`` are the two sides' features (one row per participant);
    ``pair(rows[i0:i1], cols[j0:j1])`` gives the component of that block of pairs.
    """

    name: str
    rows: NDArray[np.float64]
    cols: NDArray[np.float64]
    pair: PairFunction


@dataclass(frozen=True, eq=False)
class PairArrays:
    """Everything the kernel needs, as arrays (rows: side A, columns: side B).

    Attributes
    ----------
    n_rows, n_cols : int
        Sizes of the two sides.
    ab, ba : Direction
        Rows selling to columns (sellers are rows), columns selling to rows.
    shares : ndarray of float64
        Normalised weights of the components in the order of their table
        (:func:`matchmaker.scoring.components.component_specs`: the built-ins at
        :data:`FIT`, :data:`REGIONAL`, :data:`SCALE`, :data:`WISHES`, then the pairwise
        ones), then the custom components (the regional and scale coefficients of ``ab``
        and ``ba`` are scaled by their shares).
    custom : tuple of ndarray, each (n_rows, n_cols)
        The custom components, in the order of their shares.
    liked, liked_values : ndarray
        (k, 2) pairs with a wish and their ``wishes`` value, sorted by row.
    banned : ndarray of intp, shape (k, 2)
        Pairs forbidden by a rule other than certifications, sorted by row.
    penalised : ndarray of intp, shape (k, 2)
        Pairs whose total is multiplied by ``1 - penalty``, sorted by row.
    penalty : float
        The met-before penalty.
    fit_scale : float
        The factor on every coefficient: the fit's share (1 when it is 0).
    pairwise : tuple of Pairwise
        The registered components, in the order of their shares (after the built-ins).
    """

    n_rows: int
    n_cols: int
    ab: Direction
    ba: Direction
    shares: NDArray[np.float64]
    custom: tuple[NDArray[np.float64], ...]
    liked: NDArray[np.intp]
    liked_values: NDArray[np.float64]
    banned: NDArray[np.intp]
    penalised: NDArray[np.intp]
    penalty: float
    fit_scale: float = 1.0
    pairwise: tuple[Pairwise, ...] = ()

    @property
    def custom_offset(self) -> int:
        """Where the custom components' shares start."""
        return len(BUILTIN_SPECS) + len(self.pairwise)


def block_rows(n_rows: int, n_cols: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` row ranges of the dense driver: :data:`BLOCK_ROWS` rows, more for narrow matrices.

    >>> list(block_rows(70, 10_000))
    [(0, 32), (32, 64), (64, 70)]
    >>> list(block_rows(46, 115))
    [(0, 46)]
    """
    rows = max(BLOCK_ROWS, _BLOCK_PAIRS // max(n_cols, 1))
    for start in range(0, n_rows, rows):
        yield start, min(start + rows, n_rows)


def _add_product(a: sparse.csr_array, lo: int, hi: int, x: NDArray[Any], out: NDArray[Any]) -> None:
    """``out += a[lo:hi] @ x`` into the C-contiguous ``out`` (no temporary of its size)."""
    if hi <= lo:
        return
    if _csr_matvecs is None:  # pragma: no cover
        out += a[lo:hi] @ x
        return
    indptr = a.indptr[lo : hi + 1]
    first, last = int(indptr[0]), int(indptr[-1])
    _csr_matvecs(
        hi - lo,
        a.shape[1],
        x.shape[1],
        indptr - indptr[0],
        a.indices[first:last],
        a.data[first:last],
        np.ascontiguousarray(x, dtype=a.dtype).ravel(),
        out.ravel(),  # a view: ``out`` is C-contiguous
    )


def csr_product(
    indptr: NDArray[np.intp], indices: NDArray[np.intp], data: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``A @ x`` for the CSR matrix ``A`` given by its three arrays, without building it.

    The kernel scipy's ``csr_array @ dense`` runs, on the same entries in the same
    order, so the same numbers; building a ``csr_array`` costs more than the product
    for the small matrices of a bundled-size mission.

    >>> csr_product(np.array([0, 1, 3]), np.array([1, 0, 1]), np.array([2.0, 1.0, 3.0]), np.eye(2)).tolist()
    [[0.0, 2.0], [1.0, 3.0]]
    """
    n_rows = indptr.size - 1
    x = np.ascontiguousarray(x, dtype=np.float64)
    if _csr_matvecs is None:  # pragma: no cover
        out_: NDArray[np.float64] = sparse.csr_array((data, indices, indptr), shape=(n_rows, x.shape[0])) @ x
        return out_
    out = np.zeros((n_rows, x.shape[1]))
    _csr_matvecs(n_rows, x.shape[0], x.shape[1], indptr, indices, data, x.ravel(), out.ravel())
    return out


class _Workspace:
    """Buffers of one thread, reused from block to block."""

    def __init__(self, n_cols: int, rows: int) -> None:
        self.rows = rows
        self._q = np.empty(3 * n_cols * rows, dtype=DTYPE)
        self._sums = np.empty(3 * n_cols * rows, dtype=DTYPE)
        self._size = min(TILE_PAIRS, max(n_cols * rows, 1))
        self._tmp = np.empty((4, self._size), dtype=DTYPE)
        self._constants: dict[float, NDArray[Any]] = {}

    def q(self, n_cols: int, r: int) -> NDArray[Any]:
        """(3 n_cols, r), C-contiguous."""
        return self._q[: 3 * n_cols * r].reshape(3 * n_cols, r)

    def sums(self, n_cols: int, r: int) -> NDArray[Any]:
        """(3, r, n_cols), C-contiguous."""
        return self._sums[: 3 * n_cols * r].reshape(3, r, n_cols)

    def tmp(self, shape: tuple[int, int]) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any], NDArray[Any]]:
        """Four C-contiguous temporaries of a tile's shape."""
        size = shape[0] * shape[1]
        return tuple(self._tmp[k, :size].reshape(shape) for k in range(4))  # type: ignore[return-value]

    def constant(self, value: float, shape: tuple[int, int]) -> NDArray[Any]:
        """A tile of ``value`` in :data:`DTYPE`, C-contiguous, made once per value.

        ``np.minimum(x, c)`` with a scalar ``c`` takes NumPy's scalar loop, three times slower
        than with an array of ``c`` (16 x 2048 float32: 12.9 against 4.2 us); the array holds
        ``c`` rounded to :data:`DTYPE` as the scalar is, so the results are the same bits.
        """
        full = self._constants.get(value)
        if full is None:
            full = self._constants[value] = np.full(self._size, value, dtype=DTYPE)
        return full[: shape[0] * shape[1]].reshape(shape)


def _tiles(r: int, n: int) -> Iterator[tuple[slice, slice]]:
    """(rows, columns) of the tiles of an (r, n) block: whole rows, at most :data:`TILE_PAIRS` pairs.

    >>> [(a.start, a.stop, b.start, b.stop) for a, b in _tiles(16, 10_000)]
    [(0, 13, 0, 10000), (13, 16, 0, 10000)]
    >>> [(a.start, a.stop, b.start, b.stop) for a, b in _tiles(1, 200_000)]
    [(0, 1, 0, 131072), (0, 1, 131072, 200000)]
    """
    rows, width = max(1, TILE_PAIRS // max(n, 1)), min(n, TILE_PAIRS)
    for i0 in range(0, r, rows):
        for c0 in range(0, n, max(width, 1)):
            yield slice(i0, min(i0 + rows, r)), slice(c0, min(c0 + width, n))


def _row_direction(
    pa: PairArrays, start: int, stop: int, out: NDArray[Any], ws: _Workspace, blocked: bool
) -> NDArray[Any] | None:
    """Write into ``out`` (3, r, n) the quantities of "rows sell to columns" for rows ``start:stop``.

    The rows' certifications mask the small stacked operand, so that a requirement
    costs nothing per pair.  With ``blocked``, also return the fit each requiring
    column's requirement blocks, shape (r, len(requiring)).
    """
    ab, r, n = pa.ab, stop - start, pa.n_cols
    x, holds, stacked = _row_operands(pa, start, stop)
    q = ws.q(n, r)
    q.fill(0.0)
    _add_product(ab.coef, 0, 3 * n, stacked, q)  # row 3j + k: column j, quantity k
    by_column, target = q.reshape(n, 3 * r), out.reshape(3 * r, n)
    for j in range(0, n, _TRANSPOSE_CHUNK):  # transposed in chunks that stay in cache
        target[:, j : j + _TRANSPOSE_CHUNK] = by_column[j : j + _TRANSPOSE_CHUNK].T
    return _lacked(pa, x, holds) if blocked else None


def _row_operands(
    pa: PairArrays, start: int, stop: int
) -> tuple[NDArray[Any], NDArray[np.bool_], NDArray[Any]]:
    """The rows' tables (n_terms, r), holdings (n_sets, 1, r) and stacked operand ``[x; x·holds_0; ...]``."""
    r = stop - start
    x = np.ascontiguousarray(pa.ab.tables[:, start:stop])  # (n_terms, r)
    holds = pa.ab.holds[:, None, start:stop]  # (n_sets, 1, r)
    stacked = np.concatenate([x[None], x[None] * holds]).reshape(-1, r) if holds.shape[0] else x
    return x, holds, stacked


def _lacked(pa: PairArrays, x: NDArray[Any], holds: NDArray[np.bool_]) -> NDArray[Any]:
    """The fit each requiring column's requirement blocks for the rows of ``x``, shape (r, len(requiring))."""
    ab, r = pa.ab, x.shape[1]
    lacked = np.zeros((ab.requiring.size, r), dtype=DTYPE)
    _add_product(ab.req_coef, 0, ab.requiring.size, (x[None] * ~holds).reshape(-1, r), lacked)
    blocked_fit: NDArray[Any] = lacked.T
    return blocked_fit


def _add_col_direction(
    pa: PairArrays, start: int, stop: int, out: NDArray[Any], blocked: bool
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Add into ``out`` (3, r, n) the quantities of "columns sell to rows" for rows ``start:stop``.

    Rows whose participant requires certifications are computed apart and masked by
    the columns' holdings.  Returns those block-local rows and (with ``blocked``)
    where their requirement blocked a positive fit, shape (k, n).
    """
    ba, m, n = pa.ba, pa.n_rows, pa.n_cols
    for q in range(3):
        _add_product(ba.coef, q * m + start, q * m + stop, ba.tables, out[q])
    lo, hi = (int(v) for v in np.searchsorted(ba.requiring, [start, stop]))
    rows = ba.requiring[lo:hi] - start
    if not rows.size:
        return rows, np.zeros((0, n), dtype=bool)
    k = ba.requiring.size
    part = np.zeros((3, hi - lo, n), dtype=DTYPE)
    for q in range(3):
        _add_product(ba.req_coef, q * k + lo, q * k + hi, ba.tables, part[q])
    holds = ba.holds[ba.buyer_set[ba.requiring[lo:hi]]]  # (k, n)
    had_fit = (part[0] > 0) & ~holds if blocked else np.zeros((0, n), dtype=bool)
    part *= holds[None]
    out[:, rows] += part
    return rows, had_fit


def _in_rows(pairs: NDArray[np.intp], start: int, stop: int) -> tuple[NDArray[np.intp], slice]:
    """The (row, col) pairs with ``start <= row < stop`` (rows made block-local) and their slice."""
    lo, hi = np.searchsorted(pairs[:, 0], [start, stop])
    out: NDArray[np.intp] = pairs[lo:hi] - np.array([start, 0], dtype=np.intp)
    return out, slice(int(lo), int(hi))


def block_components(
    pa: PairArrays,
    start: int,
    stop: int,
    want: Sequence[str] = ("total", "forbidden"),
    *,
    total: NDArray[np.float64] | None = None,
    forbidden: NDArray[np.bool_] | None = None,
    workspace: _Workspace | None = None,
    kernel: compiled.Kernel = "numpy",
) -> dict[str, NDArray[Any]]:
    """Components of rows ``start:stop`` against every column, shape (r, n_cols) each.

    ``want`` names what to return: any of :data:`COMPONENTS_OF_BLOCK`, a pairwise
    component's name and ``"custom:<k>"`` for the k-th custom component.  ``total`` and ``forbidden``, if
    given, are written in place (the block's slices of the output).  ``kernel="numba"``
    computes the totals and the certification flags in one compiled pass
    (:mod:`matchmaker.scoring.compiled`, the same bits) when nothing else is wanted and
    no registered or custom component has a weight; otherwise, and with ``"numpy"``,
    in NumPy passes.
    """
    r, n = stop - start, pa.n_cols
    wanted = set(want)
    if "total" in wanted and total is None:
        total = np.empty((r, n))
    if "forbidden" in wanted and forbidden is None:
        forbidden = np.empty((r, n), dtype=bool)
    if kernel_of(pa, kernel) == "numba" and total is not None and wanted <= {"total", "forbidden"}:
        out: dict[str, NDArray[Any]] = {}
        _fused(pa, start, stop, total, forbidden)
    else:
        ws = workspace if workspace is not None and workspace.rows >= r else _Workspace(n, r)
        out = _numpy_block(pa, start, stop, wanted, total, forbidden, ws)
    liked, at = _in_rows(pa.liked, start, stop)
    if "wishes" in wanted:
        wishes = np.zeros((r, n))
        wishes[liked[:, 0], liked[:, 1]] = pa.liked_values[at]
        out["wishes"] = wishes
    shares = pa.shares
    if total is not None:
        total[liked[:, 0], liked[:, 1]] += shares[WISHES] * pa.liked_values[at]
        if shares[WISHES] < _CLIP_MARGIN:
            np.minimum(total, 1.0, out=total)
        else:  # without a wish a total is at most 1 - s_wishes: only wished pairs can round above 1
            total[liked[:, 0], liked[:, 1]] = np.minimum(total[liked[:, 0], liked[:, 1]], 1.0)
        penalised, _ = _in_rows(pa.penalised, start, stop)
        total[penalised[:, 0], penalised[:, 1]] *= 1.0 - pa.penalty
        out["total"] = total
    if forbidden is not None:
        banned, _ = _in_rows(pa.banned, start, stop)
        forbidden[banned[:, 0], banned[:, 1]] = True
        out["forbidden"] = forbidden
    return out


def kernel_of(pa: PairArrays, kernel: compiled.Kernel) -> compiled.Kernel:
    """The kernel :func:`block_components` runs on ``pa``'s totals when asked for ``kernel``.

    ``"numba"`` only while no registered or custom component has a weight (their terms
    are NumPy's); a result records this one.  :func:`block_components` decides by it too.
    """
    return "numba" if kernel == "numba" and not _extra(pa) else "numpy"


_CHECK_LOCK = threading.Lock()


def compiled_problem() -> str | None:
    """Why the compiled kernel cannot stand in for NumPy's in this process, or None when it can.

    Checked once per process, under a lock (two threads scoring at once check once):
    numba's JIT must be on (``NUMBA_DISABLE_JIT`` runs the loop nest as plain Python), and
    both kernels must give the same bits on a fixed set of arrays (:func:`_check`).  Raises
    :class:`~matchmaker.errors.MissingDependencyError` when numba cannot be imported.
    """
    with _CHECK_LOCK:
        return _check()


def compiled_agrees() -> bool:
    """Whether the compiled kernel may stand in for NumPy's here: numba imports, compiles and
    :func:`compiled_problem` finds nothing.  Any failure is ``False``, never an error: the
    callers (``kernel="auto"``, ``widen``) then take NumPy's kernel, whose numbers are the same.
    """
    try:
        return compiled_problem() is None
    except Exception:  # numba missing, or broken since it was installed (ImportError, OSError, ...)
        return False


@functools.cache
def _check() -> str | None:
    """:func:`compiled_problem`, uncached: numba's JIT, then both kernels on fixed arrays.

    The arrays: 70 x 600 pairs in two blocks, three chunks and two row groups, most rows of
    the products with several entries, buyers requiring certifications on both sides;
    built as the engine builds them (int64 indices, the dtype :func:`_csr_parts` passes),
    so that the compiled specialisation is the one real calls use.  The kernels differ
    where the build of scipy's product fuses multiply-adds and numba does not (see
    :mod:`matchmaker.scoring.compiled`).
    """
    if compiled.jit_disabled():
        return "numba's JIT is switched off (NUMBA_DISABLE_JIT), which would run the kernel as plain Python"
    compiled.load()
    rng = np.random.default_rng(15)

    def values(*shape: int) -> NDArray[np.float32]:
        return (rng.random(shape) * 10.0 ** rng.integers(-3, 3, shape)).astype(DTYPE)

    def half(rows: int, cols: int) -> sparse.csr_array:  # about half the entries, none of them 0
        a = sparse.csr_array(values(rows, cols) * (rng.random((rows, cols)) < 0.5))
        a.indptr, a.indices = a.indptr.astype(np.int64), a.indices.astype(np.int64)
        return a

    def direction(n_sellers: int, n_buyers: int, terms: int, coef_rows: int, coef_cols: int) -> Direction:
        buyer_set = np.where(rng.random(n_buyers) < 0.2, 0, -1).astype(np.intp)
        requiring = np.flatnonzero(buyer_set >= 0)
        return Direction(
            tables=values(terms, n_sellers),
            coef=half(coef_rows, coef_cols),
            holds=rng.random((1, n_sellers)) < 0.5,
            buyer_set=buyer_set,
            requiring=requiring,
            req_coef=half(3 * requiring.size, coef_cols),
        )

    n_rows, n_cols, none = 70, 600, np.zeros((0, 2), dtype=np.intp)
    ab = direction(n_rows, n_cols, 6, 3 * n_cols, 12)
    ab = dataclasses.replace(ab, req_coef=ab.req_coef[: ab.requiring.size, :6])
    pa = PairArrays(
        n_rows=n_rows,
        n_cols=n_cols,
        ab=ab,
        ba=direction(n_cols, n_rows, 5, 3 * n_rows, 5),
        shares=np.array([0.55, 0.1, 0.15, 0.2]),
        custom=(),
        liked=none,
        liked_values=np.zeros(0),
        banned=none,
        penalised=none,
        penalty=0.5,
        fit_scale=0.55,
    )
    # random sums overflow and meet 0 x inf where real ones do not (a pair without fit has no
    # regional part): the kernels must agree there too (a NaN with any NaN), without a warning
    with np.errstate(all="ignore"):
        fast, plain = score_dense(pa, kernel="numba"), score_dense(pa, kernel="numpy")
    same = (fast[0].view(np.int64) == plain[0].view(np.int64)) | (np.isnan(fast[0]) & np.isnan(plain[0]))
    if same.all() and np.array_equal(fast[1], plain[1]):
        return None
    return (
        "it does not give the NumPy kernel's numbers on this machine (scipy built with fused multiply-adds?)"
    )


def _extra(pa: PairArrays) -> bool:
    """Whether a registered or custom component adds to the totals after the built-in ones."""
    shares = pa.shares
    return any(shares[len(BUILTIN_SPECS) + k] > 0 for k in range(len(pa.pairwise))) or any(
        shares[pa.custom_offset + k] > 0 for k in range(len(pa.custom))
    )


def _fused(
    pa: PairArrays, start: int, stop: int, total: NDArray[np.float64], forbidden: NDArray[np.bool_] | None
) -> None:
    """:func:`block_components`' totals and certification flags, by :func:`.compiled.fused_block`."""
    ab, ba, r = pa.ab, pa.ba, stop - start
    x, holds, stacked = _row_operands(pa, start, stop)
    check = forbidden is not None
    flags = np.zeros((1, 1), dtype=bool) if forbidden is None else forbidden
    lacked = check and ab.requiring.size > 0 and r > 0
    if check:
        flags[...] = False
        if lacked:
            flags[:, ab.requiring] = _lacked(pa, x, holds) > 0
    lo, hi = (int(v) for v in np.searchsorted(ba.requiring, [start, stop]))
    shares = pa.shares
    compiled.fused_block(
        (_csr_parts(ab.coef), np.ascontiguousarray(stacked, dtype=DTYPE)),
        (_csr_parts(ba.coef), np.ascontiguousarray(ba.tables, dtype=DTYPE), pa.n_rows, start),
        (
            _csr_parts(ba.req_coef),
            ba.requiring.size,
            ba.requiring[lo:hi] - start,
            np.arange(lo, hi, dtype=np.intp),
            np.ascontiguousarray(ba.holds[ba.buyer_set[ba.requiring[lo:hi]]]),
        ),
        (
            bool(shares[FIT] > 0),
            bool(shares[REGIONAL] > 0),
            bool(shares[SCALE] > 0),
            float(pa.fit_scale),
            _TINY,
            check,
            check and (lacked or hi > lo),
        ),
        total,
        flags,
    )


def _csr_parts(a: sparse.csr_array) -> compiled.Sparse:
    """``(indptr, indices, data)`` of ``a``: int64 indices (scipy gives int32 to small matrices;
    one dtype is one compiled specialisation), data in :data:`DTYPE`."""
    return (
        a.indptr.astype(np.int64, copy=False),
        a.indices.astype(np.int64, copy=False),
        np.ascontiguousarray(a.data, dtype=DTYPE),
    )


def _numpy_block(
    pa: PairArrays,
    start: int,
    stop: int,
    wanted: set[str],
    total: NDArray[np.float64] | None,
    forbidden: NDArray[np.bool_] | None,
    ws: _Workspace,
) -> dict[str, NDArray[Any]]:
    """:func:`block_components`' components in NumPy passes: all but wishes, and the certification flags."""
    r, n = stop - start, pa.n_cols
    out: dict[str, NDArray[Any]] = {}
    sums = ws.sums(n, r)
    check = forbidden is not None
    lacked = _row_direction(pa, start, stop, sums, ws, check)
    if "fit_ab" in wanted:
        out["fit_ab"] = sums[0].astype(np.float64)
    if "fit_ba" in wanted:
        alone = np.zeros((3, r, n), dtype=DTYPE)
        _add_col_direction(pa, start, stop, alone, False)
        out["fit_ba"] = alone[0].astype(np.float64)
    rows_req, had_fit = _add_col_direction(pa, start, stop, sums, check)
    den, num, spread = sums  # scaled by pa.fit_scale as the module docstring says
    shares, scale = pa.shares, pa.fit_scale
    computed = {s.name for s in BUILTIN_SPECS if s.slot != "wishes"} | {p.name for p in pa.pairwise}
    for name in wanted & {*computed, *(f"custom:{k}" for k in range(len(pa.custom)))}:
        out[name] = np.empty((r, n))
    for name in ("fit_ab", "fit_ba"):
        if name in out:
            np.minimum(out[name] / scale, 1.0, out=out[name])
    want_regional, want_scale = "regional" in out or shares[REGIONAL] > 0, "scale" in out or shares[SCALE] > 0
    extra = _extra(pa)  # terms added to the total after the built-in ones
    for rows, cols in _tiles(r, n):
        tile = (rows, cols)
        shape = (rows.stop - rows.start, cols.stop - cols.start)
        u, v, t, g = ws.tmp(shape)
        d = den[tile]
        np.minimum(d, ws.constant(scale, shape), out=g)  # c · fit, the gate of regional and scale (c = scale)
        if "fit" in out:
            np.divide(g, scale, out=out["fit"][tile])
        if want_regional or want_scale:
            tiny = ws.constant(_TINY, shape)
        if want_regional:
            np.maximum(d, tiny, out=u)
            np.divide(num[tile], u, out=u)  # s_r · regional mean / c
        else:
            u.fill(0.0)
        if want_scale:
            np.maximum(spread[tile], tiny, out=v)
            np.divide(d, v, out=v)  # s_s · 1 / (1 + M²) / c
        else:
            v.fill(0.0)
        if "regional" in out:
            np.multiply(u, g, out=out["regional"][tile])
            out["regional"][tile] /= shares[REGIONAL]
        if "scale" in out:
            np.multiply(v, g, out=out["scale"][tile])
            out["scale"][tile] /= shares[SCALE]
            np.minimum(out["scale"][tile], 1.0, out=out["scale"][tile])
        np.add(u, v, out=u)
        np.multiply(u, g, out=u)  # s_r · fit · regional + s_s · fit · scale
        # with nothing to add after it, the last sum goes straight into the float64 output:
        # NumPy adds in float32 (the inputs' loop) and casts on the way out, the same bits
        # as summing into t and copying t, one pass over the tile fewer
        last = total[tile] if total is not None and not extra else t
        if shares[FIT] > 0:
            np.add(g, u, out=last)  # shares[0] · fit + the gated parts
        else:
            last[...] = u
        for k, comp in enumerate(pa.pairwise):
            share = shares[len(BUILTIN_SPECS) + k]
            if comp.name in out or share > 0:
                part = comp.pair(comp.rows[start + rows.start : start + rows.stop], comp.cols[cols])
                if comp.name in out:
                    out[comp.name][tile] = part
                if share > 0:
                    np.multiply(part, share, out=u)
                    t += u
        for k, values in enumerate(pa.custom):
            part = values[start + rows.start : start + rows.stop, cols]
            if f"custom:{k}" in out:
                out[f"custom:{k}"][tile] = part
            if shares[pa.custom_offset + k] > 0:
                np.multiply(part, shares[pa.custom_offset + k], out=u)
                t += u
        if total is not None and extra:
            total[tile] = t
    if forbidden is not None:
        # a certification forbids a pair when it blocked a fit and no direction with a fit is left
        forbidden[...] = False
        if lacked is not None and lacked.size:
            forbidden[:, pa.ab.requiring] = lacked > 0
        if rows_req.size:
            forbidden[rows_req] |= had_fit
        if (lacked is not None and lacked.size) or rows_req.size:
            forbidden &= den == 0  # ... and no direction with a fit is left
    return out


def threaded(n_rows: int, n_cols: int, workers: int) -> bool:
    """Whether :func:`score_dense` shares the blocks of an (n_rows, n_cols) matrix among ``workers`` threads.

    >>> threaded(10_000, 10_000, 2), threaded(46, 115, 2), threaded(10_000, 10_000, 1)
    (True, False, False)
    """
    return workers > 1 and sum(1 for _ in block_rows(n_rows, n_cols)) >= 2 * workers


def dense_outputs(
    n_rows: int, n_cols: int, workers: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The outputs :func:`score_dense` fills, left uninitialised; with threads, their pages mapped.

    The threads of :func:`score_dense` would otherwise page-fault into one address space
    together and contend for it (10k x 10k, two threads: 1.3-1.4 s CPU with the pages
    mapped before, 1.5-2.1 s without).  One write per page maps it (the kernel zeroes the
    page); every entry is written again by its block.  ``score`` calls this on a thread of
    its own while it prepares the arrays, a pass of ~0.08 s taken off the call's wall time.
    """
    total = np.empty((n_rows, n_cols))
    forbidden = np.empty((n_rows, n_cols), dtype=bool)
    if threaded(n_rows, n_cols, workers):
        for out in (total, forbidden):
            out.reshape(-1)[:: max(1, mmap.PAGESIZE // out.itemsize)] = 0
    return total, forbidden


def score_dense(
    pa: PairArrays,
    *,
    workers: int = 1,
    outputs: tuple[NDArray[np.float64], NDArray[np.bool_]] | None = None,
    kernel: compiled.Kernel = "numpy",
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The full (n_rows, n_cols) totals and forbidden mask, computed block by block.

    With ``workers > 1`` the blocks are shared among that many threads (NumPy, the
    sparse product and the compiled kernel release the GIL); the result does not depend
    on ``workers``, nor on ``kernel`` (``"numpy"`` or ``"numba"``, see
    :func:`block_components`; ``score()`` asks :func:`compiled_problem` first, this does
    not).  ``outputs``, from :func:`dense_outputs` with the same ``workers``, are filled
    and returned (default: made here).
    """
    blocks = list(block_rows(pa.n_rows, pa.n_cols))
    parallel = threaded(pa.n_rows, pa.n_cols, workers)
    total, forbidden = outputs if outputs is not None else dense_outputs(pa.n_rows, pa.n_cols, workers)
    shape = (pa.n_rows, pa.n_cols)
    # the blocks write whole rows of float64 totals: another shape, a narrower float or a
    # strided view would fail late or lose the totals' bits
    for out, dtype in ((total, np.float64), (forbidden, np.bool_)):
        if out.shape != shape or out.dtype != dtype or not out.flags.c_contiguous:
            raise ValueError(
                f"outputs must be C-contiguous {np.dtype(dtype).name} arrays of shape {shape}, as "
                f"dense_outputs makes them; got {out.dtype.name} of shape {out.shape}"
            )
    rows = max((b - a for a, b in blocks), default=0)

    queue, lock, failed = iter(blocks), threading.Lock(), threading.Event()

    def run() -> None:
        # every thread takes the next block as it finishes one, so the threads finish within a
        # block of each other; fixed shares of ~80 blocks left one thread working alone at the
        # end for up to a share's time whenever the machine slowed the other (10k x 10k, two
        # threads on a loaded machine, 8 runs: alone 1-84 ms before, 0-7 ms with the queue)
        ws = _Workspace(pa.n_cols, rows)
        # an error in one thread (or Ctrl-C in the caller) stops the others at their next
        # block: the queue would otherwise let them score every remaining block first
        try:
            while not failed.is_set():
                with lock:
                    block = next(queue, None)
                if block is None:
                    return
                start, stop = block
                block_components(
                    pa,
                    start,
                    stop,
                    (),
                    total=total[start:stop],
                    forbidden=forbidden[start:stop],
                    workspace=ws,
                    kernel=kernel,
                )
        except BaseException:
            failed.set()
            raise

    if not parallel:
        run()
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                for done in [pool.submit(run) for _ in range(workers)]:
                    done.result()
            except BaseException:
                failed.set()
                raise
    return total, forbidden
