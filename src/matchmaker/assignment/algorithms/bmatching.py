"""Maximum-score b-matching on a general graph (any number of groups): an exact integer program.

With more than two groups the meeting graph need not be bipartite (three groups that
all meet each other give triangles), so the min-cost flow of :mod:`.flow` does not
apply: its network has one arc per pair from a row to a column, and a triangle has no
such orientation.  The problem solved here, on vertices ``0 .. n-1`` (participants)
and candidate edges ``e = (u_e, v_e)`` of score ``w_e``::

    maximise   Σ_e w_e x_e
    subject to lo_p ≤ Σ_{e ∋ p} x_e ≤ hi_p      for every participant p
               x_e = 1                           for forced edges
               Σ_e x_e ≤ max_total               (optional: a shared pool of tables)
               x_e ∈ {0, 1}

is the *maximum-weight b-matching with lower bounds*.  It is solved exactly as an integer
program by HiGHS (:func:`scipy.optimize.milp`, ``mip_rel_gap = 0``): the LP relaxation
of b-matching has half-integral vertices (odd cycles), and HiGHS closes the gap by
cutting planes and branching, proving optimality.  Edges of score 0 cost a tiny positive
amount, as in :mod:`.flow`, so that worthless pairs meet only when a floor needs them;
on a bipartite graph the optimum is therefore the same as the flow's (tested).

**A faster exact route first: the bipartite double cover.**  Give every participant
``p`` a row copy ``p'`` and a column copy ``p''``, and every edge ``uv`` the two arcs
``u'v''`` and ``v'u''``; bounds ``lo_p``/``hi_p`` hold on both copies, forced edges
force both arcs and ``max_total`` doubles.  A feasible ``x`` gives the feasible
double-cover flow ``y = (x, x)`` of twice its score, and a feasible ``y`` gives the
feasible LP point ``x = (y' + y'')/2`` of half its score, so the double cover's optimum
is twice the LP relaxation's ``LP*``.  The double cover is bipartite, so the min-cost
flow of :mod:`.flow` solves it in integers, and ``x`` is an optimal, half-integral
point of the LP relaxation.  Its half edges are rounded along trails, keeping every other
edge of each trail, whichever half scores more (:func:`_round_trails`).  If the
result meets every bound and scores ``LP*`` (up to the flow's integer-cost rounding,
``details["loss_bound"]``, as for two groups), it is an optimal b-matching, *proven* by
the LP bound, at the cost of one flow.  Otherwise (an odd cycle of half edges that does
not round without loss) the integer program runs.  ``method="milp"`` skips the double
cover.

When the group graph is bipartite (two groups, or e.g. one host group meeting every
visiting group), the caller reduces the problem to :func:`.flow.solve` instead: every
edge then joins side 0 to side 1 of the group two-colouring, and the b-matching is
exactly the flow problem (a different but equal-valued optimum may be returned).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from matchmaker.assignment.algorithms import flow
from matchmaker.assignment.algorithms.milp import raise_if_proven_infeasible
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, Problem, SolverError

__all__ = ["double_cover", "solve_bmatching"]

_ZERO_EDGE = 1e-6  # cost of a score-0 edge, relative to the top score (as flow's _ZERO_PAIR)


def solve_bmatching(
    n: int,
    u: ArrayLike,
    v: ArrayLike,
    w: ArrayLike,
    *,
    lo: ArrayLike = 0,
    hi: ArrayLike = 1,
    forced: ArrayLike | None = None,
    max_total: int | None = None,
    time_limit: float | None = None,
    method: str = "auto",
    extra: Sequence[LinearConstraint] = (),
) -> tuple[NDArray[np.intp], bool, str]:
    """Edges of a maximum-score b-matching of a general graph (see the module docstring).

    Parameters
    ----------
    n : int
        Number of vertices (participants).
    u, v : array_like of int, shape (E,)
        Endpoints of each candidate edge (``u != v``; each pair at most once).
    w : array_like of float, shape (E,)
        Score of each edge (to be maximised).
    lo, hi : int or array_like of int, shape (n,)
        Least and most edges at each vertex.
    forced : array_like of bool, shape (E,), optional
        Edges that must be chosen.
    max_total : int, optional
        Most edges in all.
    time_limit : float, optional
        Seconds for HiGHS; without one the optimum is always proven.
    method : {"auto", "milp"}
        ``"auto"``: the double cover first, the integer program if its rounding does
        not reach the LP bound; ``"milp"``: the integer program only.
    extra : sequence of scipy.optimize.LinearConstraint
        More linear constraints on ``x`` (e.g. quotas); with any, the integer program
        runs (the double cover knows only degree bounds).

    Returns
    -------
    (chosen, optimal, backend)
        Indices of the chosen edges (sorted), whether optimality is proven, and which
        route gave them (``"double-cover <flow backend>"`` or ``"scipy.milp(HiGHS)"``).

    Raises
    ------
    InfeasibleError
        If no b-matching meets every floor and forced edge (the caller diagnoses).
    SolverError
        If HiGHS stops without a solution (time limit).

    Examples
    --------
    A triangle with a pendant edge, one meeting each: the best is 0-1 plus 2-3.

    >>> chosen, optimal, backend = solve_bmatching(4, [0, 1, 0, 2], [1, 2, 2, 3], [0.9, 0.8, 0.7, 0.5])
    >>> chosen.tolist(), optimal
    ([0, 3], True)

    A triangle with room for one meeting each: the double cover's optimum is the
    fractional 1/2 on every edge (1.2), not symmetric, so the integer program decides.

    >>> solve_bmatching(3, [0, 1, 0], [1, 2, 2], [0.4, 0.4, 0.4])[2]
    'scipy.milp(HiGHS)'
    """
    if method not in ("auto", "milp"):
        raise ValueError(f"unknown method {method!r}; known: auto, milp")
    uu = np.asarray(u, dtype=np.intp).ravel()
    vv = np.asarray(v, dtype=np.intp).ravel()
    ww = np.asarray(w, dtype=np.float64).ravel()
    m = len(uu)
    if not len(vv) == len(ww) == m:
        raise ValueError("u, v and w must have the same length")
    if m and (min(uu.min(), vv.min()) < 0 or max(uu.max(), vv.max()) >= n):
        raise ValueError("edge endpoint out of range")
    if (uu == vv).any():
        raise ValueError("an edge joins a participant with itself")
    low = np.broadcast_to(np.asarray(lo, dtype=np.float64), (n,))
    high = np.broadcast_to(np.asarray(hi, dtype=np.float64), (n,))
    fixed = np.zeros(m, dtype=bool) if forced is None else np.asarray(forced, dtype=bool).ravel()
    if m == 0:
        if (low > 0).any():
            raise InfeasibleError(
                Problem("no candidate pairs, but some floors are above 0", kind="solver-infeasible")
            )
        return np.zeros(0, dtype=np.intp), True, "none"
    if method == "auto" and not extra:
        found = double_cover(n, uu, vv, ww, low, high, fixed, max_total)
        if found is not None:
            return found
    e = np.arange(m)
    incidence = sp.csr_array(
        (np.ones(2 * m), (np.concatenate([uu, vv]), np.concatenate([e, e]))), shape=(n, m)
    )
    constraints = [LinearConstraint(incidence, low, high), *extra]
    if max_total is not None:
        constraints.append(LinearConstraint(sp.csr_array(np.ones((1, m))), 0, int(max_total)))
    top = float(np.abs(ww).max(initial=0.0)) or 1.0
    costs = np.where(ww == 0, _ZERO_EDGE * top, -ww)
    options: dict[str, Any] = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = milp(
        costs,
        integrality=np.ones(m),
        bounds=Bounds(fixed.astype(np.float64), np.ones(m)),
        constraints=constraints,
        options=options,
    )
    raise_if_proven_infeasible(res)
    if res.x is None:
        raise SolverError(f"HiGHS found no matching: {res.message}")
    chosen: NDArray[np.intp] = np.flatnonzero(np.rint(res.x) > 0).astype(np.intp)
    return chosen, bool(res.status == 0), "scipy.milp(HiGHS)"


def double_cover(
    n: int,
    u: NDArray[np.intp],
    v: NDArray[np.intp],
    w: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    forced: NDArray[np.bool_],
    max_total: int | None,
) -> tuple[NDArray[np.intp], bool, str] | None:
    """The b-matching from the bipartite double cover's flow if that flow is symmetric, else None.

    Raises ``InfeasibleError`` when the double cover has no feasible flow: then the LP
    relaxation, hence the integer problem, is infeasible too.
    """
    m = len(u)
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    both = np.concatenate([forced, forced])
    inst = MatchingProblem.from_edges(
        n,
        n,
        rows,
        cols,
        np.concatenate([w, w]),
        forced=np.column_stack([rows[both], cols[both]]),
        row_min=lo.astype(np.int64),
        row_max=hi.astype(np.int64),
        col_min=lo.astype(np.int64),
        col_max=hi.astype(np.int64),
    )
    solution = flow.solve(inst, max_total=None if max_total is None else 2 * int(max_total))
    keys = rows.astype(np.int64) * n + cols
    order = np.argsort(keys)
    chosen_keys = solution.pairs[:, 0].astype(np.int64) * n + solution.pairs[:, 1]
    arc = order[np.searchsorted(keys[order], chosen_keys)]
    y = np.zeros(2 * m, dtype=np.int64)
    y[arc] = 1
    twice = y[:m] + y[m:]  # 2x for the optimal half-integral LP point x
    top = float(np.abs(w).max(initial=0.0)) or 1.0
    value = np.where(w == 0, -_ZERO_EDGE * top, w)  # the objective the flow maximised
    chosen_mask = twice == 2
    half = np.flatnonzero(twice == 1)
    if len(half):
        full = np.bincount(np.concatenate([u[chosen_mask], v[chosen_mask]]), minlength=n)
        part = np.bincount(np.concatenate([u[half], v[half]]), minlength=n)
        degree = full + part / 2  # the LP point's degrees
        chosen_mask[_round_trails(u, v, half, value, hi - degree, degree - lo)] = True
    deg = np.bincount(np.concatenate([u[chosen_mask], v[chosen_mask]]), minlength=n)
    bound = float(value @ twice) / 2  # = LP*, an upper bound on any b-matching
    loss = solution.details.get("loss_bound", 0.0)  # a JSON value: a number when the flow scaled
    tolerance = 1e-9 * top * max(m, 1) + 2 * (float(loss) if isinstance(loss, (int, float)) else 0.0)
    feasible = bool((deg >= lo).all() and (deg <= hi).all())
    if max_total is not None:
        feasible = feasible and int(chosen_mask.sum()) <= max_total
    if not feasible or float(value[chosen_mask].sum()) < bound - tolerance:
        return None
    chosen: NDArray[np.intp] = np.flatnonzero(chosen_mask).astype(np.intp)
    return chosen, bool(solution.optimal), f"double-cover {solution.backend}"


def _round_trails(
    u: NDArray[np.intp],
    v: NDArray[np.intp],
    half: NDArray[np.intp],
    value: NDArray[np.float64],
    room: NDArray[np.float64],
    spare: NDArray[np.float64],
) -> NDArray[np.intp]:
    """Round the half edges of an optimal LP point: alternate along trails, the better half each.

    The half edges are split into trails (open ones start at vertices of odd half-degree).
    Each trail keeps every other edge, whichever parity scores more: at least half the
    trail, i.e. its LP share.  A vertex inside a trail keeps its degree (one of each
    consecutive pair).  The ends of an open trail move by 1/2, to the floor or ceiling
    of their half-integral degree, always within integral bounds.  A closed trail of odd
    length cannot alternate all round: the vertex where it starts gets both or neither
    of its two edges there (+1 or -1), so it is started at the vertex with the most
    ``room`` (to ``hi``) or ``spare`` (above ``lo``), tracked as trails are rounded; when
    no vertex has it, the other parity is kept and the caller's bound check decides.
    """
    adjacent: dict[int, list[int]] = {}
    for k, (a, b) in enumerate(zip(u[half].tolist(), v[half].tolist(), strict=True)):
        adjacent.setdefault(a, []).append(k)
        adjacent.setdefault(b, []).append(k)
    used = np.zeros(len(half), dtype=bool)
    room, spare = room.copy(), spare.copy()
    trails: list[tuple[list[int], list[int]]] = []  # (edges, vertices visited: len(edges) + 1)
    left = {x: len(es) for x, es in adjacent.items()}  # unused half edges at each vertex
    odd = [x for x, k in left.items() if k % 2]
    # one walk from each vertex still odd: it ends at another odd vertex, so afterwards every
    # vertex is even and the remaining walks are closed (a second walk from a vertex made even
    # could end at an odd one and make it the end of several trails)
    for start, once in [(x, True) for x in odd] + [(x, False) for x in adjacent]:
        if once and left[start] % 2 == 0:
            continue
        while True:
            edges, path = [], [start]
            here = start
            while True:
                options = adjacent[here]
                while options and used[options[-1]]:
                    options.pop()
                if not options:
                    break
                k = options.pop()
                used[k] = True
                edges.append(k)
                a, b = int(u[half[k]]), int(v[half[k]])
                left[a] -= 1
                left[b] -= 1
                here = b if here == a else a
                path.append(here)
            if not edges:
                break
            trails.append((edges, path))
            if once:
                break
    keep: list[int] = []
    # open trails first: their ends only move by 1/2, within the bounds
    for edges, path in sorted(trails, key=lambda t: t[1][0] == t[1][-1]):
        closed = path[0] == path[-1]
        if closed and len(edges) % 2:
            edges = _rotate(edges, path, value[half], room, spare)
        first = [int(half[k]) for k in edges[0::2]]
        second = [int(half[k]) for k in edges[1::2]]
        take_first = float(value[first].sum()) >= float(value[second].sum())
        if closed and len(edges) % 2:
            x = _start_vertex(edges, u, v, half)
            if take_first and room[x] < 1:
                take_first = False
            elif not take_first and spare[x] < 1:
                take_first = room[x] >= 1
            delta = 1.0 if take_first else -1.0
            room[x] -= delta
            spare[x] += delta
        elif not closed:
            a, b = path[0], path[-1]
            da = 0.5 if take_first else -0.5  # the first edge is in the chosen half or not
            db = da if len(edges) % 2 else -da
            room[a] -= da
            spare[a] += da
            room[b] -= db
            spare[b] += db
        keep += first if take_first else second
    out: NDArray[np.intp] = np.asarray(keep, dtype=np.intp)
    return out


def _start_vertex(edges: list[int], u: NDArray[np.intp], v: NDArray[np.intp], half: NDArray[np.intp]) -> int:
    """The vertex shared by the first and the last edge of a closed trail."""
    first = {int(u[half[edges[0]]]), int(v[half[edges[0]]])}
    last = {int(u[half[edges[-1]]]), int(v[half[edges[-1]]])}
    common = first & last
    if len(edges) > 1 and len(common) == 2:  # pragma: no cover - a simple graph repeats no edge
        raise AssertionError("repeated edge in a trail")
    return common.pop()


def _rotate(
    edges: list[int],
    path: list[int],
    value: NDArray[np.float64],
    room: NDArray[np.float64],
    spare: NDArray[np.float64],
) -> list[int]:
    """Start an odd closed trail at the visit with the most room (or spare) for its +1 (or -1).

    ``value`` is indexed like the trail's ``edges`` (positions among the half edges).
    """
    best, score = 0, -np.inf
    for j in range(len(edges)):
        x = path[j]
        rotated = edges[j:] + edges[:j]
        gain = float(value[rotated[0::2]].sum()) >= float(value[rotated[1::2]].sum())
        fits = room[x] if gain else spare[x]
        if fits > score:
            best, score = j, fits
        if fits >= 1:
            break
    return edges[best:] + edges[:best]
