"""The dense kernel's sums and their combination as one compiled pass (numba, the ``fast`` extra).

:func:`matchmaker.scoring.algorithms.block_components` computes a block of rows in NumPy
passes over the whole block: the "rows sell" product into a (3 x columns, rows) buffer,
its transpose into the (3, rows, columns) sums, the "columns sell" products on top,
then eight elementwise passes into the totals.  At 10,000 columns the block's sums
(3.8 MB) do not stay in a core's cache, so every pass goes out to memory and back; a
profile of the 10k x 10k call put more than half of the kernel there (the transpose
alone 166 of 880 ms, one thread; ``benchmarks/profiles/score-10k-round22.txt``).
:func:`fused_block` does the same arithmetic chunk of columns by chunk of columns, so
that a chunk's sums never leave the cache, and the elementwise part is one loop.

**Same bits.**  Every number is computed as the NumPy kernel computes it: float32
products and sums in the order of the sparse matrices' entries (as scipy's
``csr_matvecs`` adds them), the elementwise operations one by one in float32 (numba
without ``fastmath`` contracts nothing into fused multiply-adds and reorders nothing),
NumPy's ``minimum``/``maximum`` with their NaN rule, and the last sum rounded to
float32 before it is widened to the float64 total.  The scores, and so every matching
and timetable, do not depend on whether numba is installed
(``tests/test_compiled_kernel.py`` compares the two kernels bit for bit).

What stays in NumPy, before and after the call: the rows' stacked operand and the
certifications they lack, wishes, the met-before penalty, and the banned pairs.  The
blocks with registered or custom components, and the requests for single components
(``explain``), take the NumPy kernel.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["KERNELS", "MIN_PAIRS", "available", "choose", "fused_block"]

#: The values of ``score(..., kernel=)``: ``"auto"`` takes numba when it is installed and
#: the call is large enough (:data:`MIN_PAIRS`), else NumPy.
KERNELS = ("auto", "numpy", "numba")
#: Fewest pairs for which ``kernel="auto"`` takes numba.  Its first use in a process
#: imports it (~0.4 s, and the first use on a machine compiles the kernel, ~3 s, cached
#: after), which a call of fewer pairs would not win back (the NumPy kernel does
#: 4,096 x 4,096 pairs in ~0.2 s).
MIN_PAIRS = 1 << 24
#: Columns per chunk: a chunk's sums and the product's buffer, 2 x (3 x 512 x 32) float32,
#: stay in a core's 1 MB L2 cache.
CHUNK = 256
GROUP = 32


def available() -> bool:
    """Whether numba can be imported (without importing it)."""
    return importlib.util.find_spec("numba") is not None


def choose(kernel: str, n_pairs: int) -> str:
    """The kernel a call of ``n_pairs`` pairs runs: ``"numpy"`` or ``"numba"``.

    ``kernel`` is one of :data:`KERNELS`, checked by :class:`ScoreOptions`; ``"numba"``
    without numba raises :class:`~matchmaker.errors.MissingDependencyError`.

    >>> choose("numpy", 10**10), choose("auto", 46 * 115)
    ('numpy', 'numpy')
    """
    if kernel == "numba":
        _compiled()  # raises, naming the extra, when numba is missing
        return "numba"
    if kernel == "auto" and n_pairs >= MIN_PAIRS and available():
        return "numba"
    return "numpy"


@functools.cache
def _compiled() -> Callable[..., None]:
    """The compiled :func:`_fused_block` (numba imported on first use)."""
    from matchmaker._optional import require

    numba = require("numba", extra="fast", feature="The compiled scoring kernel (kernel='numba')")
    options: dict[str, Any] = {"nogil": True, "boundscheck": False, "error_model": "numpy"}
    try:
        return numba.njit(cache=True, **options)(_fused_block)  # type: ignore[no-any-return]
    except RuntimeError:  # pragma: no cover - no folder numba may write its cache to
        return numba.njit(**options)(_fused_block)  # type: ignore[no-any-return]


#: A CSR matrix's ``indptr``, ``indices`` and ``data`` (scipy picks int32 or int64 indices).
Sparse = tuple[
    NDArray[np.int32] | NDArray[np.int64], NDArray[np.int32] | NDArray[np.int64], NDArray[np.float32]
]


def fused_block(
    rows_sell: tuple[Sparse, NDArray[np.float32]],
    cols_sell: tuple[Sparse, NDArray[np.float32], int, int],
    required: tuple[Sparse, int, NDArray[np.intp], NDArray[np.intp], NDArray[np.bool_]],
    gates: tuple[bool, bool, bool, float, float, bool, bool],
    total: NDArray[np.float64],
    forbidden: NDArray[np.bool_],
) -> None:
    """Write a block's totals (and, with ``check``, fold its certification flags into ``forbidden``).

    ``rows_sell``: the "rows sell" coefficients (``indptr, indices, data``) and the
    block's stacked operand (terms, r).  ``cols_sell``: the "columns sell" coefficients,
    the sellers' tables (terms, n), the number of rows of the whole matrix and the
    block's first row.  ``required``: the requiring buyers' coefficients of "columns
    sell", their count, the block-local rows that require, their positions among the
    requiring and the columns' holdings of their sets, (k, n).  ``gates``: whether the
    fit, regional and scale shares are positive, the fit scale ``c``, float32's
    ``tiny``, ``check`` (compute the forbidden flags) and ``mask`` (flags present:
    keep a pair's flag only where no direction fits).
    """
    (ab, stacked), (ba, tables, n_rows, start), (req, n_req, rows, pos, holds) = (
        rows_sell,
        cols_sell,
        required,
    )
    _compiled()(
        *ab,
        stacked,
        *ba,
        tables,
        n_rows,
        start,
        *req,
        n_req,
        rows,
        pos,
        holds,
        *gates,
        total,
        forbidden,
        CHUNK,
        GROUP,
    )


def _fused_block(
    ab_ptr: Any,
    ab_idx: Any,
    ab_val: Any,
    stacked: Any,
    ba_ptr: Any,
    ba_idx: Any,
    ba_val: Any,
    tables: Any,
    n_rows: int,
    start: int,
    req_ptr: Any,
    req_idx: Any,
    req_val: Any,
    n_req: int,
    req_rows: Any,
    req_pos: Any,
    req_holds: Any,
    fit_on: bool,
    regional_on: bool,
    scale_on: bool,
    c: float,
    tiny: float,
    check: bool,
    mask: bool,
    total: Any,
    forbidden: Any,
    chunk: int,
    group: int,
) -> None:
    """The loop nest :func:`fused_block` compiles (plain Python otherwise: slow, same numbers)."""
    r, n = total.shape
    f32 = np.float32
    cap, low, zero, one = f32(c), f32(tiny), f32(0.0), f32(1.0)
    buf = np.empty((3 * chunk, group), dtype=np.float32)
    sums = np.empty((3, group, chunk), dtype=np.float32)
    part = np.empty(chunk, dtype=np.float32)
    # Inner loops run over 1-d views (a row of a buffer, a stretch of a table's row): with
    # plain indices the compiler vectorises them, which it did not for 2-d indexing.  The
    # block is done ``group`` rows by ``chunk`` columns at a time, so that the buffers stay in
    # a core's caches
    for j0 in range(0, n, chunk):
        w = min(chunk, n - j0)
        for i0 in range(0, r, group):
            h = min(group, r - i0)
            # rows sell: row 3j + k of the product is column j's quantity k for the h rows
            for b in range(3 * w):
                row = 3 * j0 + b
                acc = buf[b]
                for i in range(h):
                    acc[i] = zero
                for p in range(ab_ptr[row], ab_ptr[row + 1]):
                    a, x = ab_val[p], stacked[ab_idx[p], i0:]
                    for i in range(h):
                        acc[i] += a * x[i]
            for k in range(3):
                for i in range(h):
                    dst, col = sums[k, i], buf[k::3, i]
                    for jj in range(w):
                        dst[jj] = col[jj]
            # columns sell, added on top: row q · n_rows + (start + i0 + i) of the coefficients
            for q in range(3):
                for i in range(h):
                    row, dst = q * n_rows + start + i0 + i, sums[q, i]
                    for p in range(ba_ptr[row], ba_ptr[row + 1]):
                        a, x = ba_val[p], tables[ba_idx[p], j0:]
                        for jj in range(w):
                            dst[jj] += a * x[jj]
            # the rows that require certifications: summed apart, masked by the columns' holdings
            for s in range(req_rows.size):
                i = req_rows[s] - i0
                if i < 0 or i >= h:
                    continue
                held, flag = req_holds[s, j0:], forbidden[i0 + i if check else 0, j0 if check else 0 :]
                for q in range(3):
                    for jj in range(w):
                        part[jj] = zero
                    row = q * n_req + req_pos[s]
                    for p in range(req_ptr[row], req_ptr[row + 1]):
                        a, x = req_val[p], tables[req_idx[p], j0:]
                        for jj in range(w):
                            part[jj] += a * x[jj]
                    if q == 0 and check:
                        for jj in range(w):
                            if part[jj] > zero and not held[jj]:
                                flag[jj] = True
                    dst = sums[q, i]
                    for jj in range(w):
                        dst[jj] += part[jj] * (one if held[jj] else zero)
            # the totals: algorithms.block_components' elementwise passes, in the same order.
            # The gates are selects, not branches, so that the loop stays one vector loop (a
            # switched-off quantity is computed and dropped: the same bits as never computing it)
            for i in range(h):
                den, num, spread = sums[0, i], sums[1, i], sums[2, i]
                out, flag = total[i0 + i, j0:], forbidden[i0 + i if mask else 0, j0 if mask else 0 :]
                for jj in range(w):
                    d = den[jj]
                    g = d if (d < cap or d != d) else cap  # np.minimum: a NaN wins
                    u = num[jj] / (d if (d > low or d != d) else low)  # np.maximum: a NaN wins
                    u = u if regional_on else zero
                    sp = spread[jj]
                    v = d / (sp if (sp > low or sp != sp) else low)
                    v = v if scale_on else zero
                    u = (u + v) * g
                    out[jj] = np.float64(g + u if fit_on else u)
                if mask:
                    for jj in range(w):
                        flag[jj] = flag[jj] and den[jj] == zero
