"""Array helpers shared by the timetabling algorithms (no ids, no Mission).

Conventions of every function in :mod:`matchmaker.scheduling.algorithms`: a meeting
``e`` joins row ``rows[e]`` (side A, ``0 <= rows[e] < n_rows``) and column
``cols[e]`` (side B).  Participants are numbered rows first, then columns:
vertex ``rows[e]`` and vertex ``n_rows + cols[e]``.  ``slot[e] == -1`` means
unplaced.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

__all__ = ["BoolArray", "IntArray", "any_by", "busy_matrix", "components", "degrees", "runs"]


def degrees(rows: IntArray, cols: IntArray, n_rows: int, n_cols: int) -> IntArray:
    """Number of meetings of every participant (rows first, then columns)."""
    return np.concatenate([np.bincount(rows, minlength=n_rows), np.bincount(cols, minlength=n_cols)]).astype(
        np.intp
    )


def any_by(owner: IntArray, values: BoolArray, n: int) -> BoolArray:
    """``out[p] = OR of values[i] over i with owner[i] == p`` ((n, columns); False where none).

    Sorted by owner and reduced per group: ``np.logical_or.at`` would take a slow path
    per row.

    >>> any_by(np.array([2, 0, 2]), np.array([[1, 0], [0, 0], [0, 1]], dtype=bool), 3).tolist()
    [[False, False], [False, False], [True, True]]
    """
    out = np.zeros((n, values.shape[1]), dtype=bool)
    if len(owner) == 0:
        return out
    order = np.argsort(owner, kind="stable")
    first = np.flatnonzero(np.diff(owner[order], prepend=-1))
    out[owner[order[first]]] = np.logical_or.reduceat(values[order], first, axis=0)
    return out


def busy_matrix(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, slot: IntArray, n_slots: int
) -> BoolArray:
    """``(n_rows + n_cols, n_slots)`` booleans: participant ``p`` meets someone in slot ``s``."""
    busy = np.zeros((n_rows + n_cols, n_slots), dtype=bool)
    placed = slot >= 0
    busy[rows[placed], slot[placed]] = True
    busy[n_rows + cols[placed], slot[placed]] = True
    return busy


def runs(busy: BoolArray, day_start: BoolArray) -> IntArray:
    """Number of stretches of consecutive busy slots in each row of ``busy``.

    A stretch ends at a free slot or at the end of a day (``day_start[s]`` marks the
    first slot of a day), so a participant's gaps on a day are its stretches minus one.

    >>> busy = np.array([[1, 1, 0, 1], [0, 1, 1, 0]], dtype=bool)
    >>> runs(busy, np.array([1, 0, 0, 0], dtype=bool)).tolist()
    [2, 1]
    >>> runs(busy, np.array([1, 0, 1, 0], dtype=bool)).tolist()
    [2, 2]
    """
    if busy.shape[1] == 0:
        return np.zeros(busy.shape[0], dtype=np.intp)
    starts = busy.copy()
    starts[:, 1:] &= ~busy[:, :-1] | day_start[1:]
    out: IntArray = starts.sum(axis=1).astype(np.intp)
    return out


def components(a: IntArray, b: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray, int]:
    """Connected components of the graph with edges ``(a[i], b[i])`` over vertex ids.

    Returns ``(vertices, degree, vertex_label, edge_label, n_components)``: the
    distinct vertex ids touched (sorted), their degree in this graph, the component
    of each, and the component of each edge.

    >>> v, deg, vl, el, n = components(np.array([0, 1, 5]), np.array([1, 2, 6]))
    >>> v.tolist(), deg.tolist(), el.tolist(), n
    ([0, 1, 2, 5, 6], [1, 2, 1, 1, 1], [0, 0, 1], 2)
    """
    vertices, inverse, degree = np.unique(np.concatenate([a, b]), return_inverse=True, return_counts=True)
    m = len(a)
    u, v = inverse[:m].astype(np.intp), inverse[m:].astype(np.intp)
    # Hook roots onto the smaller root across every edge, then compress paths fully
    # (Shiloach-Vishkin style); a few rounds of vectorised work, no per-call graph set-up.
    parent = np.arange(len(vertices), dtype=np.intp)
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            break
        low = np.minimum(pu[differ], pv[differ])
        np.minimum.at(parent, pu[differ], low)
        np.minimum.at(parent, pv[differ], low)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    roots, label = np.unique(parent, return_inverse=True)
    label = label.astype(np.intp)
    return vertices.astype(np.intp), degree.astype(np.intp), label, label[u], len(roots)
