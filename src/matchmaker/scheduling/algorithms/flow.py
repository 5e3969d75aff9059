"""Degree-bounded subgraphs by maximum flow: what fits in too few slots, and upper bounds.

If every participant ``p`` can attend at most ``cap[p]`` meetings, the largest set of
meetings respecting those limits is a maximum flow (a bipartite *b-matching*):
source → row ``p`` (capacity ``cap[p]``) → column ``q`` (capacity: the meetings of
the pair, at most ``pair_cap``) → sink (capacity ``cap[q]``).  Without availability
limits and with ``S`` slots, that set with ``cap = S`` (cut to ``S·T`` meetings) is
exactly what an optimal timetable places (König's theorem colours it with ``S``
colours); with availability, its size is an upper bound on any timetable.
"""

from __future__ import annotations

import numpy as np

from matchmaker._flow import bipartite_flow
from matchmaker.scheduling.algorithms._arrays import IntArray

__all__ = ["bounded_subgraph"]


def bounded_subgraph(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    vertex_cap: IntArray,
    pair_cap: IntArray | None = None,
) -> np.ndarray:
    """The largest set of meetings giving no participant more than ``vertex_cap`` of them.

    Parameters
    ----------
    rows, cols, n_rows, n_cols
        The meetings, rows = side A, columns = side B (see
        :mod:`matchmaker.scheduling.algorithms._arrays`).
    vertex_cap : ndarray of int
        ``(n_rows + n_cols,)``: most meetings of each participant (rows first).
    pair_cap : ndarray of int, optional
        ``(E,)``: most meetings of the pair of meeting ``e`` (the first meeting of a
        pair gives the pair's limit); default: no limit.

    Returns
    -------
    ndarray of bool
        ``keep[e]``: meeting ``e`` is in the subgraph (earlier meetings of a pair first).

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 0, 1]), np.array([0, 1, 2, 2])
    >>> bounded_subgraph(rows, cols, 2, 3, np.array([2, 2, 1, 1, 1])).sum()
    np.int64(3)
    """
    n_edges = len(rows)
    keep = np.zeros(n_edges, dtype=bool)
    if n_edges == 0:
        return keep
    key = rows.astype(np.int64) * n_cols + cols
    order = np.argsort(key, kind="stable")
    keys, first, count = np.unique(key[order], return_index=True, return_counts=True)
    arc_cap = count if pair_cap is None else np.minimum(count, pair_cap[order[first]])
    flow = bipartite_flow(
        keys // n_cols, keys % n_cols, vertex_cap[:n_rows], vertex_cap[n_rows:], pair_cap=arc_cap
    )
    rank = np.arange(n_edges) - np.repeat(first, count)
    keep[order] = rank < np.repeat(flow.pair, count)
    return keep
