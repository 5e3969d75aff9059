"""Experiment (issue 15, round 19): the compact colouring's rounds as compiled kernels (numba).

Not part of the package and not run by CI: it needs ``pip install numba``.  It answers
one question for the project's decision on a compiled dependency: how much of the
default ``schedule()`` call (``_peel_compact``, 39 rounds at 50,106 meetings) a compiled
version of each round's array passes saves, with the same timetables.

Each round does what ``_peel_compact`` does, in four kernels: every pair of groups
offers its first live edge of the best score (``_offer``); the both-ends edges' lists
(``_both_lists``, then scipy's Hopcroft-Karp, then ``_mark_both``); the greedy's lists
by a counting sort of the groups and of each group's edges by score (``_greedy_lists``,
then scipy's Hopcroft-Karp); the edges taken, with the coloured edges compacted away
(``_take``).  The matchings stay scipy's, so the colourings are the same bit for bit
(a matching of our own would pick other perfect matchings and so other timetables, and
a timetable must not depend on whether an optional package is installed).

    python benchmarks/compiled_colouring.py       # identity, timings, a fresh process's cost

The findings are in ``benchmarks/profiles/schedule-default-round19.txt``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numba as nb
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matchmaker.scheduling.algorithms.colouring import (
    _matching,
    _pair_order,
    _peel_compact,
    _regularise,
    colour_bound,
)

IntArray = NDArray[np.intp]


@nb.njit(cache=True, nogil=True)
def _offer(m_live, au, av, mu, mv, was_u, was_v, n, pick, ps, pv, count):  # type: ignore[no-untyped-def]
    """Each pair of groups (a run of equal ``(au, av)``) offers its first edge of the best score."""
    for g in range(n):
        count[g] = 0
    m = 0
    i = 0
    while i < m_live:
        g, h = au[i], av[i]
        best = np.int8(was_u[mu[i]]) + np.int8(was_v[mv[i]])
        chosen = i
        j = i + 1
        while j < m_live and av[j] == h and au[j] == g:
            s = np.int8(was_u[mu[j]]) + np.int8(was_v[mv[j]])
            if s > best:
                best, chosen = s, j
            j += 1
        pick[m], ps[m], pv[m] = chosen, best, h
        count[g] += 1
        m += 1
        i = j
    return m


@nb.njit(cache=True, nogil=True)
def _both_lists(ps, pv, bounds, n, indptr, bcol, bidx):  # type: ignore[no-untyped-def]
    """Each group's edges of score 2, in order: the both-ends matching's lists."""
    k = 0
    indptr[0] = 0
    for g in range(n):
        for i in range(bounds[g], bounds[g + 1]):
            if ps[i] == 2:
                bcol[k], bidx[k] = pv[i], i
                k += 1
        indptr[g + 1] = k
    return k


@nb.njit(cache=True, nogil=True)
def _mark_both(mate, indptr, bcol, bidx, ps, n):  # type: ignore[no-untyped-def]
    """The both-ends matching's edges score 3."""
    for g in range(n):
        for j in range(indptr[g], indptr[g + 1]):
            if bcol[j] == mate[g]:
                ps[bidx[j]] = 3


@nb.njit(cache=True, nogil=True)
def _greedy_lists(ps, pv, bounds, count, n, indptr, col, order, by_rank, key, per):  # type: ignore[no-untyped-def]
    """The groups by (best score, edges offered), each group's edges by score: counting sorts."""
    hist = np.zeros(257, dtype=np.int64)
    tally = np.zeros(4, dtype=np.int64)
    for g in range(n):
        tally[:] = 0
        for i in range(bounds[g], bounds[g + 1]):
            tally[ps[i]] += 1  # by index, not by branches: scores are unpredictable
        best = 3 if tally[3] else (2 if tally[2] else (1 if tally[1] else 0))
        per[g, 0], per[g, 1], per[g, 2] = tally[3], tally[2], tally[1]
        key[g] = ((3 - best) << 6) + (63 - min(count[g], 63))
        hist[key[g] + 1] += 1
    for b in range(256):
        hist[b + 1] += hist[b]
    for g in range(n):  # stable: groups of one key by number
        by_rank[hist[key[g]]] = g
        hist[key[g]] += 1
    k = 0
    indptr[0] = 0
    at = np.empty(4, dtype=np.int64)
    for r in range(n):
        g = by_rank[r]
        lo, hi = bounds[g], bounds[g + 1]
        at[3] = k
        at[2] = k + per[g, 0]
        at[1] = at[2] + per[g, 1]
        at[0] = at[1] + per[g, 2]
        for i in range(lo, hi):
            p = at[ps[i]]
            at[ps[i]] = p + 1
            col[p], order[p] = pv[i], i
        k += hi - lo
        indptr[r + 1] = k


@nb.njit(cache=True, nogil=True)
def _take(mate, indptr, col, order, pick, m_live, au, av, mu, mv, eid, was_u, was_v, colour, c, n, dead):  # type: ignore[no-untyped-def]
    """Colour the edge each row took; drop the coloured edges from the live arrays."""
    was_u[:] = False
    was_v[:] = False
    taken = 0
    for r in range(n):
        for j in range(indptr[r], indptr[r + 1]):
            if col[j] == mate[r]:
                e = pick[order[j]]
                colour[eid[e]] = c
                was_u[mu[e]] = True
                was_v[mv[e]] = True
                dead[e] = True
                taken += 1
                break
    w = 0
    for i in range(m_live):
        if dead[i]:
            dead[i] = False
            continue
        au[w], av[w], mu[w], mv[w], eid[w] = au[i], av[i], mu[i], mv[i], eid[i]
        w += 1
    return taken, w


def peel_compact_compiled(rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, k: int) -> IntArray:
    """``_peel_compact`` with each round's array passes compiled; the same colouring."""
    u, v, member_u, member_v, n = _regularise(rows, cols, n_rows, n_cols, k)
    edge = _pair_order(u, v, n)
    au = np.repeat(np.arange(n, dtype=np.int32), k)
    av = v.take(edge).astype(np.int32)
    mu, mv, eid = member_u.take(edge), member_v.take(edge), edge.copy()
    was_u, was_v = np.zeros(n_rows + n, dtype=bool), np.zeros(n_cols + n, dtype=bool)
    colour = np.empty(len(u), dtype=np.intp)
    graph, ones = csr_matrix((n, n), dtype=np.int8), np.ones(len(u), dtype=np.int8)
    size = len(au)
    pick, ps, pv = np.empty(size, np.intp), np.empty(size, np.int8), np.empty(size, np.int32)
    count, bounds = np.empty(n, np.intp), np.zeros(n + 1, np.intp)
    indptr, bcol, bidx = np.empty(n + 1, np.int32), np.empty(size, np.int32), np.empty(size, np.intp)
    col, order, by_rank = np.empty(size, np.int32), np.empty(size, np.intp), np.empty(n, np.intp)
    key, per, dead = np.empty(n, np.int64), np.empty((n, 3), np.intp), np.zeros(size, bool)
    live = size
    for c in range(k):
        if c == k - 1:  # one edge left per group: the last perfect matching
            colour[eid[:live]] = c
            break
        m = _offer(live, au, av, mu, mv, was_u, was_v, n, pick, ps, pv, count)
        np.cumsum(count, out=bounds[1:])
        n_both = _both_lists(ps, pv, bounds, n, indptr, bcol, bidx)
        if n_both:
            mate = _matching(graph, indptr.copy(), bcol[:n_both].copy(), ones)
            _mark_both(mate, indptr, bcol, bidx, ps, n)
        _greedy_lists(ps, pv, bounds, count, n, indptr, col, order, by_rank, key, per)
        mate = _matching(graph, indptr.copy(), col[:m].copy(), ones)
        taken, live = _take(
            mate, indptr, col, order, pick, live, au, av, mu, mv, eid, was_u, was_v, colour, c, n, dead
        )
        if taken < n:
            raise RuntimeError("regular bipartite multigraph without a perfect matching")
    return colour[: len(rows)]


FRESH = """
import time, numpy as np
from bench_scheduling import generate
from matchmaker.scheduling.algorithms.colouring import _peel_compact, colour_bound
p = np.asarray(generate(2000, 10000, 10, 40, seed=2)); r, c = p[:, 0].astype(np.intp), p[:, 1].astype(np.intp)
k = colour_bound(r, c, 2000, 10000)
t = time.perf_counter(); _peel_compact(r, c, 2000, 10000, k); a = time.perf_counter() - t
t = time.perf_counter(); from compiled_colouring import peel_compact_compiled; b = time.perf_counter() - t
t = time.perf_counter(); peel_compact_compiled(r, c, 2000, 10000, k); d = time.perf_counter() - t
print(f"fresh process: numpy first call {a * 1e3:.0f} ms;", end=" ")
print(f"numba import {b * 1e3:.0f} ms + first call {d * 1e3:.0f} ms")
"""


def main() -> None:
    from bench_scheduling import generate

    pairs = np.asarray(generate(2000, 10000, 10, 40, seed=2))
    rows, cols = pairs[:, 0].astype(np.intp), pairs[:, 1].astype(np.intp)
    k = colour_bound(rows, cols, 2000, 10000)
    start = time.perf_counter()
    same = np.array_equal(
        peel_compact_compiled(rows, cols, 2000, 10000, k), _peel_compact(rows, cols, 2000, 10000, k)
    )
    print(f"50,106 meetings: the same colouring: {same} (first call {time.perf_counter() - start:.2f} s)")
    rng = np.random.default_rng(0)
    differ = 0
    for _ in range(300):
        n_r, n_c = (int(x) for x in rng.integers(1, 30, 2))
        e = int(rng.integers(1, 120))
        r, c = rng.integers(0, n_r, e), rng.integers(0, n_c, e)
        kk = colour_bound(r, c, n_r, n_c)
        differ += not np.array_equal(
            _peel_compact(r, c, n_r, n_c, kk), peel_compact_compiled(r, c, n_r, n_c, kk)
        )
    print(f"300 random multigraphs: {differ} differ")
    for _ in range(3):
        ours = compiled = float("inf")
        for _ in range(9):
            t = time.perf_counter()
            _peel_compact(rows, cols, 2000, 10000, k)
            ours = min(ours, time.perf_counter() - t)
            t = time.perf_counter()
            peel_compact_compiled(rows, cols, 2000, 10000, k)
            compiled = min(compiled, time.perf_counter() - t)
        print(f"best of 9: numpy {ours * 1e3:.1f} ms, compiled {compiled * 1e3:.1f} ms")
    here = str(Path(__file__).resolve().parent)
    for _ in range(3):
        subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = [{here!r}]\n{FRESH}"], check=True)


if __name__ == "__main__":
    main()
