"""Many-to-many matching of maximum total score: a min-cost circulation.

The network (rows are side A, columns side B)::

    s ──[row_min, row_max]──▶ row i ──[0, 1], cost −w_ij──▶ col j ──[col_min, col_max]──▶ t
    ▲                                                                                 │
    └────────────────────────────── [0, Σ row_max], cost 0 ◀──────────────────────────┘

Each candidate pair is an arc of capacity 1 (a pair meets at most once), forced pairs are
fixed first (bounds reduced, arc removed), and floors are *hard*: an arc ``u→v`` with a
lower bound ``l`` becomes an arc of capacity ``upper − l`` plus a supply of ``−l`` at ``u``
and ``+l`` at ``v`` (the standard lower-bound transformation, node demands).  A circulation
of minimum cost is a matching of maximum total score; if none satisfies the supplies, the
floors cannot all be met.

**Integer scaling.**  OR-Tools and networkx need integer costs: ``cost = −round(w · S)``
with ``S = R / max|w|``.  ``R`` (the *resolution*, default ``2**40``) is lowered if needed
so that nothing overflows int64: ``R ≤ 2**61 / (n_nodes + 1)**2`` (OR-Tools multiplies
costs by ``n_nodes + 1`` and node prices grow to about ``n_nodes`` times that) and
``R ≤ 2**62 / K`` with ``K`` the largest possible number of pairs (the total cost).
Rounding moves each score by at most ``max|w| / (2R)``, and a pair whose cost rounds to 0
costs one unit instead (so that pairs worth nothing are chosen only when a floor needs
them, identically on every backend); the matching returned scores at most
``2 · K · max|w| / R`` below the true optimum in floats (``details["loss_bound"]``; about
``2e-8`` for a thousand pairs of scores in [0, 1]).  The objective is always recomputed in
floats from the chosen pairs.  The HiGHS backend works on the float scores directly.
Without floors, negative pairs are left out (no optimal matching uses one), so a penalty
cannot set the scale; when an extreme score still would (the median non-zero score worth
fewer than 10**6 units), ``auto`` solves with HiGHS instead and an explicit integer backend
reports ``optimal=False``, both with a note in ``details["scaling"]``.

Backends: ``"ortools"`` (OR-Tools ``SimpleMinCostFlow``, cost-scaling push-relabel; the
optional extra ``ortools``; fastest), ``"highs"`` (the same problem as a linear program
through :func:`scipy.optimize.linprog`: the bipartite constraint matrix is totally
unimodular, so the vertex optimum is a matching; solved on a shortlist of each
participant's best pairs and extended by the LP's dual prices until no pair left out
could improve it; needs nothing beyond scipy),
``"networkx"`` (:func:`networkx.network_simplex`, the readable reference, pure Python: only
for a few thousand pairs).  ``"auto"`` = ortools if installed, else highs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from matchmaker._optional import is_available, require
from matchmaker.assignment.algorithms.instance import OptionError, Registration, Solution
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, Problem, SolverError

__all__ = [
    "BACKENDS",
    "DEFAULT_RESOLUTION",
    "Network",
    "build_network",
    "incidence",
    "integer_costs",
    "solve",
]

BACKENDS = ("auto", "ortools", "highs", "networkx")
#: Cost of a pair of score 0 for HiGHS, relative to the top score (above its dual tolerance).
_ZERO_PAIR = 1e-6
DEFAULT_RESOLUTION = 2**40
_INT62 = 2**62


@dataclass(frozen=True)
class Network:
    """The circulation network of a problem, as arc arrays (see the module docstring).

    Node 0 is ``s``, rows are nodes ``1..A``, columns ``A+1..A+B``, ``t`` is ``A+B+1``.
    Arcs: ``A`` source arcs, then one arc per candidate pair (``pair_arcs``), then ``B``
    sink arcs, then ``t→s``.
    """

    n_nodes: int
    tails: NDArray[np.int32]
    heads: NDArray[np.int32]
    capacities: NDArray[np.int64]
    costs: NDArray[np.int64]
    supplies: NDArray[np.int64]
    pair_arcs: slice
    scale: float
    loss_bound: float


def integer_costs(
    weights: NDArray[np.float64], *, n_nodes: int, max_pairs: int, resolution: int | None = None
) -> tuple[NDArray[np.int64], float, float]:
    """``(costs, scale, loss_bound)``: ``costs = −round(weights · scale)`` without overflow.

    >>> costs, scale, loss = integer_costs(np.array([1.0, 0.5, 0.25]), n_nodes=5, max_pairs=2, resolution=8)
    >>> costs.tolist(), scale, loss
    ([-8, -4, -2], 8.0, 0.25)
    """
    top = float(np.abs(weights).max(initial=0.0))
    limit = min(_INT62 // 2 // (n_nodes + 1) ** 2, _INT62 // max(max_pairs, 1))
    res = min(int(resolution or DEFAULT_RESOLUTION), limit)
    if res < 1:
        raise SolverError(f"the problem is too large for exact integer costs ({n_nodes} nodes)")
    if top == 0.0:
        return np.zeros(weights.shape, np.int64), 1.0, 0.0
    # Divide first: with tiny scores res / top alone could overflow to inf.
    costs = -np.rint(weights / top * res).astype(np.int64)
    return costs, res / top, max_pairs * (top / res)


def build_network(
    inst: MatchingProblem, *, resolution: int | None = None, max_total: int | None = None
) -> Network:
    """The circulation network of ``inst`` (forced pairs must have been fixed: see ``residual``).

    ``max_total`` caps the number of meetings (the ``t→s`` arc): an event with a shared
    pool of tables holds at most ``slots × tables``.
    """
    a, b = inst.shape
    n_nodes = a + b + 2
    rows_n = 1 + np.arange(a, dtype=np.int32)
    cols_n = 1 + a + np.arange(b, dtype=np.int32)
    sink = np.int32(a + b + 1)
    max_pairs = int(min(inst.n_edges, inst.row_max.sum(), inst.col_max.sum()))
    pair_costs, scale, loss = integer_costs(
        inst.weights, n_nodes=n_nodes, max_pairs=max_pairs, resolution=resolution
    )
    # A pair worth nothing costs one unit: it is chosen only when a floor needs it, so every
    # backend returns the same number of meetings (free arcs would be used at random).
    pair_costs = np.where(pair_costs == 0, 1, pair_costs)
    loss *= 2  # the unit on such arcs moves the total by at most one more rounding step per pair
    e = inst.n_edges
    tails = np.concatenate([np.zeros(a, np.int32), rows_n[inst.rows], cols_n, [sink]]).astype(np.int32)
    heads = np.concatenate([rows_n, cols_n[inst.cols], np.full(b, sink, np.int32), [0]]).astype(np.int32)
    capacities = np.concatenate(
        [
            inst.row_max - inst.row_min,
            np.ones(e, np.int64),
            inst.col_max - inst.col_min,
            [inst.row_max.sum() if max_total is None else min(int(inst.row_max.sum()), max_total)],
        ]
    ).astype(np.int64)
    costs = np.concatenate([np.zeros(a, np.int64), pair_costs, np.zeros(b + 1, np.int64)])
    supplies = np.zeros(n_nodes, np.int64)
    supplies[0] = -inst.row_min.sum()
    supplies[1 : a + 1] = inst.row_min
    supplies[a + 1 : a + b + 1] = -inst.col_min
    supplies[sink] = inst.col_min.sum()
    return Network(n_nodes, tails, heads, capacities, costs, supplies, slice(a, a + e), scale, loss)


def _pairs_that_matter(inst: MatchingProblem) -> NDArray[np.intp] | None:
    """Positions of the pairs an optimal matching may use, or None for all of them.

    With no floor to meet, dropping a pair of negative score from any matching keeps it
    feasible and raises its score, so such pairs can be left out of the network.
    """
    if inst.row_min.any() or inst.col_min.any() or not bool((inst.weights < 0).any()):
        return None
    return np.flatnonzero(inst.weights >= 0)


def _precise(inst: MatchingProblem, net: Network) -> bool:
    """Whether integer costs keep the scores that decide the matching to 1 part in a million.

    The reference is the median magnitude of the non-zero scores: when one far larger
    magnitude (a penalty, an outlier) sets the scale, ordinary scores round to a few
    units and the rounded optimum can be far from the true one.
    """
    w = np.abs(inst.weights)
    w = w[w > 0]
    return w.size == 0 or float(np.median(w)) * net.scale >= 1e6


def _total_room(inst: MatchingProblem, residual: MatchingProblem, max_total: int) -> int:
    """Meetings left under ``max_total`` once forced pairs are placed; floors must fit in it."""
    if isinstance(max_total, bool) or not isinstance(max_total, (int, np.integer)) or max_total < 0:
        raise OptionError(f"max_total must be a whole number >= 0, got {max_total!r}")
    room = int(max_total) - len(inst.forced_pairs)
    floors = max(int(residual.row_min.sum()), int(residual.col_min.sum()))
    if room < floors:
        raise InfeasibleError(
            Problem(
                f"at most {max_total} meetings fit in all, but {len(inst.forced_pairs)} forced pairs and "
                f"min_meetings of {floors} more need {len(inst.forced_pairs) + floors}",
                kind="total-capacity",
                hint="add slots or tables, or lower some min_meetings",
                data={"max_total": int(max_total), "forced": len(inst.forced_pairs), "floors": floors},
            )
        )
    return room


def _infeasible(backend: str) -> InfeasibleError:
    return InfeasibleError(
        Problem(
            f"{backend} proves that no matching meets every min_meetings and forced pair together",
            kind="solver-infeasible",
            hint="lower some min_meetings, allow more pairs, or raise max_meetings",
        )
    )


def _ortools(net: Network) -> NDArray[np.int64]:
    mcf = require("ortools.graph.python.min_cost_flow", extra="ortools", feature="The ortools flow backend")
    solver = mcf.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.capacities, net.costs)
    solver.set_nodes_supplies(np.arange(net.n_nodes, dtype=np.int32), net.supplies)
    status = solver.solve()
    if status == solver.INFEASIBLE:
        raise _infeasible("OR-Tools")
    if status != solver.OPTIMAL:
        raise SolverError(f"OR-Tools SimpleMinCostFlow stopped with status {status}")
    return np.asarray(solver.flows(np.asarray(arcs)[net.pair_arcs]), dtype=np.int64)


def _networkx(net: Network) -> NDArray[np.int64]:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from((v, {"demand": -int(s)}) for v, s in enumerate(net.supplies))
    graph.add_edges_from(
        (int(u), int(v), {"capacity": int(c), "weight": int(w)})
        for u, v, c, w in zip(net.tails, net.heads, net.capacities, net.costs, strict=True)
    )
    try:
        _, flows = nx.network_simplex(graph)
    except nx.NetworkXUnfeasible:
        raise _infeasible("networkx network simplex") from None
    sel = net.pair_arcs
    return np.array(
        [flows[int(u)][int(v)] for u, v in zip(net.tails[sel], net.heads[sel], strict=True)], dtype=np.int64
    )


def incidence(inst: MatchingProblem) -> tuple[sp.csr_array, sp.csr_array]:
    """Row and column incidence matrices (participant × candidate pair) of ``inst``."""
    e = np.arange(inst.n_edges)
    ones = np.ones(inst.n_edges)
    by_row = sp.csr_array((ones, (inst.rows, e)), shape=(inst.n_rows, inst.n_edges))
    by_col = sp.csr_array((ones, (inst.cols, e)), shape=(inst.n_cols, inst.n_edges))
    return by_row, by_col


def _highs(
    inst: MatchingProblem, time_limit: float | None, max_total: int | None
) -> tuple[NDArray[np.int64], bool, str]:
    """HiGHS on the float scores: the LP of a shortlist of pairs, proven optimal for all pairs.

    The constraint matrix is totally unimodular, so the LP's vertex optimum is a matching.
    Each participant's best pairs (twice its cap, plus a margin) usually hold an optimal
    matching; the LP's duals then price every pair left out, and any pair that would
    improve the matching (negative reduced cost) joins the shortlist and the LP is solved
    again, until none does: the answer is optimal for the whole candidate set.  A
    fractional answer (not expected) is re-solved as an integer program.
    """
    if inst.n_edges == 0:  # nothing to choose (HiGHS needs at least one variable)
        if inst.row_min.any() or inst.col_min.any():
            raise _infeasible("HiGHS")
        return np.zeros(0, np.int64), True, "scipy.linprog(HiGHS)"
    top = float(np.abs(inst.weights).max(initial=0.0)) or 1.0
    costs = np.where(inst.weights == 0, _ZERO_PAIR * top, -inst.weights)  # as in build_network
    options: dict[str, Any] = {} if time_limit is None else {"time_limit": float(time_limit)}
    listed = _shortlist(
        inst, 2 * int(inst.row_max.max(initial=0)) + 8, 2 * int(inst.col_max.max(initial=0)) + 8
    )
    while True:
        edges = np.flatnonzero(listed)
        res = _lp(inst, edges, costs[edges], max_total, options)
        if res.status == 2 and edges.size < inst.n_edges:  # the shortlist cannot meet the floors
            listed[:] = True
            continue
        if res.status == 2:
            raise _infeasible("HiGHS")
        if res.x is None:
            raise SolverError(f"HiGHS found no matching: {res.message}")
        if edges.size == inst.n_edges or res.status != 0:
            break
        y_row, y_col, y_total = _duals(res, inst, max_total)
        reduced = costs - y_row[inst.rows] - y_col[inst.cols] - y_total
        better = ~listed & (reduced < -1e-9 * top)
        if not better.any():
            break
        listed |= better
    x = np.zeros(inst.n_edges)
    x[edges] = res.x
    if np.abs(x - np.rint(x)).max(initial=0.0) > 1e-6:  # pragma: no cover - a vertex is integral
        return (*_highs_milp(inst, costs, time_limit, max_total), "scipy.milp(HiGHS)")
    return np.rint(x).astype(np.int64), res.status == 0, "scipy.linprog(HiGHS)"


def _shortlist(inst: MatchingProblem, k_row: int, k_col: int) -> NDArray[np.bool_]:
    """Candidate pairs among the ``k_row`` best of their row or the ``k_col`` best of their column."""
    if inst.dense is not None:  # partial sorts of the matrix, no edge-list sort
        w = inst.dense if inst.allowed is None else np.where(inst.allowed, inst.dense, -np.inf)
        best = np.zeros(w.shape, dtype=bool)
        for axis, k in ((1, k_row), (0, k_col)):
            if k >= w.shape[axis]:
                best[:] = True
                break
            np.put_along_axis(
                best, np.argpartition(-w, k - 1, axis=axis).take(range(k), axis=axis), True, axis
            )
        return best.reshape(-1) if inst.allowed is None else best[inst.rows, inst.cols]
    rows, cols, w = inst.rows, inst.cols, inst.weights
    keep = np.zeros(inst.n_edges, dtype=bool)
    by_score = np.argsort(-w, kind="stable")
    for owner, k, n in ((rows, k_row, inst.n_rows), (cols, k_col, inst.n_cols)):
        order = by_score[np.argsort(owner[by_score], kind="stable")]  # by owner, best first
        first = np.searchsorted(owner[order], np.arange(n))
        rank = np.arange(order.size) - first[owner[order]]
        keep[order[rank < k]] = True
    return keep


def _lp(
    inst: MatchingProblem,
    edges: NDArray[np.intp],
    costs: NDArray[np.float64],
    max_total: int | None,
    options: dict[str, Any],
) -> Any:
    """``linprog`` (HiGHS) on the pairs ``edges``: rows and columns within their bounds."""
    e = np.arange(edges.size)
    ones = np.ones(edges.size)
    by_row = sp.csr_array((ones, (inst.rows[edges], e)), shape=(inst.n_rows, edges.size))
    by_col = sp.csr_array((ones, (inst.cols[edges], e)), shape=(inst.n_cols, edges.size))
    blocks = [by_row, by_col, -by_row, -by_col]
    bounds = [inst.row_max, inst.col_max, -inst.row_min, -inst.col_min]
    if max_total is not None:
        blocks.append(sp.csr_array(ones[None, :]))
        bounds.append(np.array([max_total]))
    a_ub = sp.vstack(blocks, format="csc")
    b_ub = np.concatenate(bounds).astype(np.float64)
    return linprog(costs, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs-ds", options=options)


def _duals(
    res: Any, inst: MatchingProblem, max_total: int | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """Each row's and column's dual price (caps minus floors) and the total cap's, from ``linprog``."""
    lam = np.asarray(res.ineqlin.marginals, dtype=np.float64)
    a, b = inst.n_rows, inst.n_cols
    y_row = lam[:a] - lam[a + b : 2 * a + b]
    y_col = lam[a : a + b] - lam[2 * a + b : 2 * a + 2 * b]
    y_total = float(lam[-1]) if max_total is not None else 0.0
    return y_row, y_col, y_total


def _highs_milp(
    inst: MatchingProblem, costs: NDArray[np.float64], time_limit: float | None, max_total: int | None
) -> tuple[NDArray[np.int64], bool]:  # pragma: no cover - only for a fractional LP answer
    by_row, by_col = incidence(inst)
    constraints = [
        LinearConstraint(by_row, inst.row_min, inst.row_max),
        LinearConstraint(by_col, inst.col_min, inst.col_max),
    ]
    if max_total is not None:
        constraints.append(LinearConstraint(np.ones((1, inst.n_edges)), 0, max_total))
    options: dict[str, Any] = {} if time_limit is None else {"time_limit": float(time_limit)}
    res = milp(
        costs,
        integrality=np.ones(inst.n_edges),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options=options,
    )
    if res.status == 2:
        raise _infeasible("HiGHS")
    if res.x is None:
        raise SolverError(f"HiGHS found no matching: {res.message}")
    return np.rint(res.x).astype(np.int64), res.status == 0


def solve(
    inst: MatchingProblem,
    *,
    backend: str = "auto",
    resolution: int | None = None,
    time_limit: float | None = None,
    max_total: int | None = None,
) -> Solution:
    """Maximum-score matching with min and max meetings per participant (see the module docstring).

    Parameters
    ----------
    inst : MatchingProblem
        Rows are side A, columns side B.
    backend : {"auto", "ortools", "highs", "networkx"}
        Which solver runs.
    resolution : int, optional
        Integer cost resolution ``R`` (ortools, networkx); default ``2**40``, lowered to
        avoid overflow.
    time_limit : float, optional
        Seconds (highs only).
    max_total : int, optional
        Most meetings in all (e.g. slots × tables of an event with a shared pool of
        tables), forced pairs included: the best ``max_total`` meetings are kept.

    Returns
    -------
    Solution
        ``details`` holds ``scale`` and ``loss_bound`` for the integer backends.

    Raises
    ------
    InfeasibleError
        If no matching meets every floor (the caller adds a diagnosis).

    Examples
    --------
    >>> w = np.array([[0.9, 0.8, 0.1], [0.7, 0.2, 0.3]])
    >>> inst = MatchingProblem.from_dense(w, row_min=[0, 2], row_max=[2, 2], col_max=1)
    >>> solve(inst, backend="networkx").pairs.tolist()
    [[0, 1], [1, 0], [1, 2]]
    """
    if backend not in BACKENDS:
        raise OptionError(f"unknown flow backend {backend!r}; known: {', '.join(BACKENDS)}")
    chosen_backend = backend
    if backend == "auto":
        backend = "ortools" if is_available("ortools.graph.python.min_cost_flow") else "highs"
    residual = inst.residual()
    room = None if max_total is None else _total_room(inst, residual, max_total)
    details: dict[str, Any] = {}
    optimal = True
    chosen = np.zeros(residual.n_edges, dtype=bool)
    # Without floors a pair of negative score is never worth taking: leaving such pairs out
    # keeps them from setting the integer scale (one -1e12 penalty would flatten the rest).
    useful = _pairs_that_matter(residual)
    graph = residual if useful is None else residual.subset(useful)
    net = None if backend == "highs" else build_network(graph, resolution=resolution, max_total=room)
    if net is not None and not _precise(graph, net):
        details["scaling"] = (
            f"integer costs would round scores to steps of {1 / net.scale:.3g} (the score "
            f"{float(np.abs(graph.weights).max()):.3g} sets the scale), too coarse for the others"
        )
        if chosen_backend == "auto" and resolution is None:
            details["scaling"] += ": solved by HiGHS on the float scores instead"
            backend, net = "highs", None
        else:
            details["scaling"] += ": not proven optimal"
            optimal = False
    if net is None:
        flows, proven, name = _highs(graph, time_limit, room)
        optimal = optimal and proven
    else:
        details.update(scale=net.scale, loss_bound=net.loss_bound)
        if backend == "ortools":
            flows, name = _ortools(net), "ortools.SimpleMinCostFlow"
        else:
            flows, name = _networkx(net), "networkx.network_simplex"
    if useful is None:
        chosen = flows > 0
    else:
        chosen[useful] = flows > 0
    pairs = np.concatenate(
        [inst.forced_pairs, np.column_stack([residual.rows[chosen], residual.cols[chosen]])]
    ).astype(np.intp)
    return Solution(pairs, optimal, name, details)


REGISTRATION = Registration(
    name="flow", description="min and max meetings, exact min-cost flow (OR-Tools / HiGHS / networkx)"
)
