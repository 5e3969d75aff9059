"""Maximum flows, built one way for the whole package (like networkx's ``algorithms/flow``).

:func:`max_flow` builds the residual network from arc lists (tails, heads, capacities;
parallel arcs are summed), runs scipy's maximum flow and answers the questions the
package asks of it: the flow value, the flow on given arcs, and the minimum cut (what
the source still reaches in the residual network).  :func:`bipartite_flow` lays out the
network every bipartite question here uses -- source → rows → columns → sink, with an
optional hub that caps the total -- and reads off the flow per pair, row and column.

Used by the scheduling bounds (:func:`matchmaker.scheduling.algorithms.flow.bounded_subgraph`),
the fairness floors of :func:`matchmaker.pipeline.event_capacities` and the infeasibility
diagnosis of :func:`matchmaker.assignment.constraints.explain_infeasible`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

__all__ = ["BipartiteFlow", "MaxFlow", "bipartite_flow", "max_flow"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True, kw_only=True, eq=False)
class MaxFlow:
    """A maximum flow: its ``value``, the ``capacity`` and ``flow`` matrices (``flow`` is
    antisymmetric: ``flow[v, u] == -flow[u, v]``), and its ``source``."""

    value: int
    capacity: sp.csr_array
    flow: sp.csr_array
    source: int

    def between(self, tail: ArrayLike, head: ArrayLike) -> IntArray:
        """Flow from ``tail[k]`` to ``head[k]`` (parallel arcs together), never negative."""
        tail, head = np.asarray(tail, dtype=np.intp), np.asarray(head, dtype=np.intp)
        if tail.size == 0:
            return np.zeros(0, dtype=np.int64)
        out = np.asarray(self.flow[tail, head]).ravel().astype(np.int64)
        return np.maximum(out, 0)

    @functools.cached_property
    def source_side(self) -> NDArray[np.bool_]:
        """Nodes the source reaches in the residual network: the source side of a minimum cut."""
        residual = sp.csr_array(self.capacity - self.flow)
        residual.data = (residual.data > 0).astype(np.int8)
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, self.source, directed=True, return_predecessors=False)
        side = np.zeros(self.capacity.shape[0], dtype=bool)
        side[reached] = True
        return side


def max_flow(
    tail: ArrayLike, head: ArrayLike, capacity: ArrayLike, n_nodes: int, source: int, sink: int
) -> MaxFlow:
    """A maximum flow from ``source`` to ``sink`` over arcs ``tail[k] → head[k]`` of ``capacity[k]``.

    Parallel arcs add up; arcs of capacity 0 are dropped.  scipy's algorithm is
    deterministic: the same network gives the same flow.

    Examples
    --------
    >>> f = max_flow([0, 0, 1, 2], [1, 2, 3, 3], [2, 1, 1, 5], 4, 0, 3)
    >>> f.value, f.between([0, 0], [1, 2]).tolist(), f.source_side.tolist()
    (2, [1, 1], [True, True, False, False])
    """
    graph = sp.csr_array(
        (
            np.asarray(capacity, dtype=np.int32),
            (np.asarray(tail, dtype=np.intp), np.asarray(head, dtype=np.intp)),
        ),
        shape=(n_nodes, n_nodes),
    )
    graph.sum_duplicates()
    graph.eliminate_zeros()
    result = maximum_flow(graph, source, sink)
    return MaxFlow(
        value=int(result.flow_value), capacity=graph, flow=sp.csr_array(result.flow), source=source
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class BipartiteFlow:
    """A maximum flow through rows and columns: its ``value`` and the flow on each given
    pair (``pair``), into each row (``row``) and out of each column (``col``)."""

    value: int
    pair: IntArray
    row: IntArray
    col: IntArray


def bipartite_flow(
    rows: ArrayLike,
    cols: ArrayLike,
    row_cap: ArrayLike,
    col_cap: ArrayLike,
    *,
    pair_cap: ArrayLike | None = None,
    pool: int | None = None,
) -> BipartiteFlow:
    """The largest flow source → row ``i`` (``row_cap[i]``) → column ``j`` (over pair ``k``:
    ``pair_cap[k]``, default 1) → sink (``col_cap[j]``), at most ``pool`` in all.

    Nodes are the rows ``0 .. A-1``, the columns ``A .. A+B-1``, then source, sink and
    (with a ``pool``) the hub that every unit of flow passes through.  Give each pair once
    (a repeated pair's arcs add up and its flow is reported on each copy).

    Examples
    --------
    >>> f = bipartite_flow([0, 0, 1], [0, 1, 1], [2, 1], [1, 1])
    >>> f.value, f.pair.tolist(), f.row.tolist(), f.col.tolist()
    (2, [1, 1, 0], [2, 0], [1, 1])
    >>> bipartite_flow([0, 0, 1], [0, 1, 1], [2, 1], [1, 1], pool=1).value
    1
    """
    rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    row_cap, col_cap = np.asarray(row_cap, dtype=np.int64), np.asarray(col_cap, dtype=np.int64)
    n_a, n_b = row_cap.size, col_cap.size
    source, sink = n_a + n_b, n_a + n_b + 1
    feed = [np.full(n_a, source)] if pool is None else [[source], np.full(n_a, sink + 1)]
    fed = [np.arange(n_a)] if pool is None else [[sink + 1], np.arange(n_a)]
    feed_cap = [row_cap] if pool is None else [[pool], row_cap]
    arcs = np.ones(rows.size, np.int64) if pair_cap is None else np.asarray(pair_cap, dtype=np.int64)
    flow = max_flow(
        np.concatenate([*feed, rows, n_a + np.arange(n_b)]),
        np.concatenate([*fed, n_a + cols, np.full(n_b, sink)]),
        np.concatenate([*feed_cap, arcs, col_cap]),
        sink + 1 + (pool is not None),
        source,
        sink,
    )
    into = np.full(n_a, source if pool is None else sink + 1)
    return BipartiteFlow(
        value=flow.value,
        pair=flow.between(rows, n_a + cols),
        row=flow.between(into, np.arange(n_a)),
        col=flow.between(n_a + np.arange(n_b), np.full(n_b, sink)),
    )
