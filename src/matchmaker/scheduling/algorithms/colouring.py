"""Bipartite edge colouring: König's Δ colours, and de Werra's equitable ``max(Δ, ⌈E/T⌉)``.

A timetable without availability limits is an edge colouring of the bipartite
multigraph of meetings (rows = side A, columns = side B): a colour is a slot, and
meetings of one participant must get different colours.  König's edge-colouring
theorem says Δ colours suffice (Δ = most meetings of any participant); with ``T``
tables a slot holds at most ``T`` meetings, and de Werra's theorem says the
colouring can be made *equitable* -- class sizes differing by at most one -- so
``max(Δ, ⌈E/T⌉)`` slots always suffice.  Both bounds are also necessary, so the
colouring here uses the fewest slots possible.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from matchmaker.scheduling.algorithms._arrays import IntArray, components, degrees

__all__ = ["colour_bound", "edge_colouring", "equalise"]


def colour_bound(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, capacity: int | None = None
) -> int:
    """The fewest colours (slots) any timetable needs: ``max(Δ, ⌈E/capacity⌉)``.

    Parameters
    ----------
    rows, cols : ndarray of intp
        Meeting ``e`` joins row ``rows[e]`` (side A) and column ``cols[e]`` (side B).
    n_rows, n_cols : int
        Number of side-A and side-B participants.
    capacity : int, optional
        Meetings one slot can hold (tables); ``None`` for no limit.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1])
    >>> colour_bound(rows, cols, 3, 2), colour_bound(rows, cols, 3, 2, capacity=1)
    (3, 4)
    """
    if len(rows) == 0:
        return 0
    delta = int(degrees(rows, cols, n_rows, n_cols).max())
    if capacity is None:
        return delta
    return max(delta, -(-len(rows) // capacity))


def edge_colouring(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, *, capacity: int | None = None
) -> IntArray:
    """A proper edge colouring of a bipartite multigraph with ``colour_bound`` colours.

    Algorithm (iterated perfect matchings of a regular supergraph, as in the proof of
    König's theorem via Hall's theorem; see Schrijver, *Combinatorial Optimization*,
    2003, §20.1, and Alon, "A simple algorithm for edge-coloring bipartite
    multigraphs", *Information Processing Letters* 85 (2003) 301-302, for the
    merge-and-pad regularisation):

    1. With ``k = max(Δ, ⌈E/T⌉)``, merge the vertices of each side into groups whose
       degrees sum to at most ``k`` (first-fit decreasing packing), and pad both
       sides to the same number of groups and every group to degree ``k`` with dummy
       edges.  The result is a ``k``-regular bipartite multigraph, and a proper
       colouring of it is a proper colouring of the original (a group meets each
       colour once, so each of its vertices does).
    2. A regular bipartite multigraph has a perfect matching (Hall); remove one
       (Hopcroft-Karp, :func:`scipy.sparse.csgraph.maximum_bipartite_matching`) as
       a colour class and repeat: ``k`` matchings colour every edge.
    3. With a capacity ``T``, make the classes equitable by swapping colours along
       alternating paths (de Werra, "Equitable colorations of graphs", *Revue
       française d'informatique et de recherche opérationnelle* 5 (1971) 3-8; see
       :func:`equalise`).

    Parameters
    ----------
    rows, cols : ndarray of intp
        Meeting ``e`` joins row ``rows[e]`` (side A) and column ``cols[e]`` (side B);
        repeated pairs are allowed (a multigraph).
    n_rows, n_cols : int
        Number of side-A and side-B participants.
    capacity : int, optional
        Most meetings per colour (tables); ``None`` for no limit.

    Returns
    -------
    ndarray of intp
        ``colour[e]`` in ``0 .. k-1``; every participant's meetings get distinct colours
        and no colour is used more than ``capacity`` times.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 1, 0])
    >>> colour = edge_colouring(rows, cols, 3, 2)
    >>> int(colour.max()) + 1      # Δ = 3 (column 0 meets rows 0, 1 and 2)
    3
    >>> bool(np.all(np.bincount(edge_colouring(rows, cols, 3, 2, capacity=1)) <= 1))
    True
    """
    rows = np.asarray(rows, dtype=np.intp)
    cols = np.asarray(cols, dtype=np.intp)
    k = colour_bound(rows, cols, n_rows, n_cols, capacity)
    if k == 0:
        return np.zeros(0, dtype=np.intp)
    colour = _peel_regular(rows, cols, n_rows, n_cols, k)
    if capacity is not None:
        colour = equalise(rows, cols, n_rows, colour, k, capacity)
    return colour


def equalise(
    rows: IntArray, cols: IntArray, n_rows: int, colour: IntArray, k: int, capacity: int
) -> IntArray:
    """Recolour a proper ``k``-edge-colouring so that no class has more than ``capacity`` edges.

    Take the largest class ``s`` and the smallest ``t``.  The edges coloured ``s`` or
    ``t`` form paths and even cycles; a path with one more ``s``-edge than ``t``-edges
    moves one edge from ``s`` to ``t`` when its two colours are swapped, and there are
    at least ``|s| - |t|`` such paths (de Werra 1971).  Each round fills ``t`` or
    empties ``s`` down to ``capacity``, so at most ``k`` rounds are needed; every
    round is vectorised (connected components of the two classes).

    Requires ``k * capacity >= len(colour)``; returns a new array.

    >>> rows, cols = np.array([0, 1, 2]), np.array([0, 1, 2])
    >>> equalise(rows, cols, 3, np.array([0, 0, 0]), 3, 1).tolist()
    [1, 2, 0]
    """
    colour = np.array(colour, dtype=np.intp)
    if k * capacity < len(colour):
        raise ValueError(f"{len(colour)} meetings cannot fit in {k} slots of {capacity} tables")
    counts = np.bincount(colour, minlength=k)
    while counts.max() > capacity:
        s, t = int(np.argmax(counts)), int(np.argmin(counts))
        move = int(min(counts[s] - capacity, capacity - counts[t]))
        idx = np.flatnonzero((colour == s) | (colour == t))
        _, _, _, label, n_comp = components(rows[idx], n_rows + cols[idx])
        surplus = np.bincount(label, weights=np.where(colour[idx] == s, 1.0, -1.0), minlength=n_comp)
        chosen = np.flatnonzero(surplus > 0.5)[:move]
        flip = idx[np.isin(label, chosen)]
        colour[flip] = np.where(colour[flip] == s, t, s)
        counts[s] -= len(chosen)
        counts[t] += len(chosen)
    return colour


def _pack(degree: IntArray, k: int) -> tuple[IntArray, IntArray]:
    """Group vertices into bins of total degree ``<= k`` (first fit, largest first).

    Returns ``(bin_of_vertex, load_of_bin)``.  Vertices of one degree are placed
    together: first into the room left in earlier bins, then into new bins.
    """
    group = np.zeros(len(degree), dtype=np.intp)
    load = np.zeros(0, dtype=np.intp)
    for d in np.unique(degree[degree > 0])[::-1]:
        members = np.flatnonzero(degree == d)
        room = np.cumsum((k - load) // d)
        fit = min(len(members), int(room[-1]) if len(room) else 0)
        old = np.searchsorted(room, np.arange(fit), side="right")
        per_bin = k // int(d)
        new = len(load) + np.arange(len(members) - fit) // per_bin
        where = np.concatenate([old, new]).astype(np.intp)
        load = np.concatenate([load, np.zeros(int(new[-1]) + 1 - len(load) if len(new) else 0, np.intp)])
        load += d * np.bincount(where, minlength=len(load))
        group[members] = where
    return group, load


def _peel_regular(rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, k: int) -> IntArray:
    """Steps 1-2 of :func:`edge_colouring`: regularise to degree ``k`` and peel ``k`` perfect matchings."""
    group_r, load_r = _pack(np.bincount(rows, minlength=n_rows), k)
    group_c, load_c = _pack(np.bincount(cols, minlength=n_cols), k)
    n = max(len(load_r), len(load_c))
    load_r = np.concatenate([load_r, np.zeros(n - len(load_r), np.intp)])
    load_c = np.concatenate([load_c, np.zeros(n - len(load_c), np.intp)])
    u = np.concatenate([group_r[rows], np.repeat(np.arange(n), k - load_r)])
    v = np.concatenate([group_c[cols], np.repeat(np.arange(n), k - load_c)])
    # Parallel edges share one matrix entry: group them and hand them out one per matching.
    key = u.astype(np.int64) * n + v
    order = np.argsort(key, kind="stable")
    keys, first, count = np.unique(key[order], return_index=True, return_counts=True)
    key_row = (keys // n).astype(np.intp)
    key_col = (keys % n).astype(np.intp)
    used = np.zeros(len(keys), dtype=np.intp)
    colour = np.empty(len(u), dtype=np.intp)
    for c in range(k):
        alive = np.flatnonzero(used < count)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(key_row[alive], minlength=n))])
        graph = csr_matrix((np.ones(len(alive), dtype=np.int8), key_col[alive], indptr), shape=(n, n))
        mate = maximum_bipartite_matching(graph, perm_type="column")
        if np.any(mate < 0):  # pragma: no cover - impossible for a regular bipartite multigraph
            raise RuntimeError("regular bipartite multigraph without a perfect matching")
        chosen = np.searchsorted(keys, np.arange(n, dtype=np.int64) * n + mate)
        colour[order[first[chosen] + used[chosen]]] = c
        used[chosen] += 1
    return colour[: len(rows)]
