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
(``tests/test_compiled_kernel.py`` compares the two kernels bit for bit).  One thing is
the build's, not ours: scipy's product compiled where fused multiply-adds are the
baseline (arm64) may contract ``y += a * x``.  So the first use in a process checks the
two kernels on a fixed set of arrays (:func:`matchmaker.scoring.algorithms.compiled_problem`);
where they differ, ``"auto"`` takes NumPy and ``"numba"`` is refused.

What stays in NumPy, before and after the call: the rows' stacked operand and the
certifications they lack, wishes, the met-before penalty, and the banned pairs.  The
blocks with registered or custom components, and the requests for single components
(``explain``), take the NumPy kernel.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["CHUNK", "GROUP", "KERNELS", "MIN_PAIRS", "Kernel", "fused_block", "jit_disabled", "load"]

#: The values of ``score(..., kernel=)``: ``"auto"`` takes numba when it can be imported,
#: gives NumPy's numbers on this machine and the mission is large enough (:data:`MIN_PAIRS`),
#: else NumPy.
KERNELS = ("auto", "numpy", "numba")
#: What a block is computed with, once chosen.
Kernel = Literal["numpy", "numba"]
#: Fewest pairs for which ``kernel="auto"`` takes numba.  The first use in a process
#: imports numba and loads the compiled kernel from numba's cache (~0.4 s; the first use
#: on a machine compiles it, ~3-8 s, once); each later call of a 10,000 x 10,000 mission
#: is ~0.3 s faster.  So one call alone wins it back only from ~1.4e8 pairs on, and the
#: second call from 2**24 pairs (4,096 x 4,096) on: a size an analyst scores again and
#: again (new weights, new rules), where NumPy's ~0.2 s a call is already felt.
MIN_PAIRS = 1 << 24
#: Columns per chunk: a chunk's sums and the product's buffer, 2 x (3 x 256 x 32) float32
#: (192 kB), stay in a core's 1 MB L2 cache (128-1,024 columns measured, 256 kept).
CHUNK = 256
#: Rows per group within a block: the product's vector.  32 rows, the dense driver's block,
#: run 1.2-1.6x faster than groups of 16 or 8 (profiles/score-10k-round22.txt); narrower
#: matrices have blocks of more rows, done 32 at a time so the buffers stay this size.
GROUP = 32


def jit_disabled() -> bool:
    """Whether numba is told to run compiled functions as plain Python (``NUMBA_DISABLE_JIT``)."""
    return bool(_numba().config.DISABLE_JIT)


def _numba() -> Any:
    from matchmaker._optional import require

    return require("numba", extra="fast", feature="Compiled scoring kernels (kernel='numba')")


@functools.cache
def load() -> Callable[..., None]:
    """The compiled :func:`_fused_block`, numba imported on first use.

    Raises :class:`~matchmaker.errors.MissingDependencyError` (an ``ImportError``) when
    numba cannot be imported, installed or not.
    """
    numba = _numba()
    options: dict[str, Any] = {"nogil": True, "boundscheck": False, "error_model": "numpy"}
    try:
        return numba.njit(cache=True, **options)(_fused_block)  # type: ignore[no-any-return]
    except RuntimeError:  # pragma: no cover - no folder numba may write its cache to
        return numba.njit(**options)(_fused_block)  # type: ignore[no-any-return]


#: A CSR matrix's ``indptr``, ``indices`` and ``data`` (the callers pass int64 indices: one
#: compiled specialisation).
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
    load()(
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
    """The loop nest :func:`load` compiles (numba types its arguments on the first call)."""
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
