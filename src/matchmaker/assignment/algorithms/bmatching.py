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

When the group graph is bipartite (two groups, or e.g. one host group meeting every
visiting group), the caller reduces the problem to :func:`.flow.solve` instead: every
edge then joins side 0 to side 1 of the group two-colouring, and the b-matching is
exactly the flow problem (a different but equal-valued optimum may be returned).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from matchmaker.errors import InfeasibleError, Problem, SolverError

__all__ = ["solve_bmatching"]

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
) -> tuple[NDArray[np.intp], bool]:
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

    Returns
    -------
    (chosen, optimal)
        Indices of the chosen edges (sorted) and whether HiGHS proved optimality.

    Raises
    ------
    InfeasibleError
        If no b-matching meets every floor and forced edge (the caller diagnoses).
    SolverError
        If HiGHS stops without a solution (time limit).

    Examples
    --------
    A triangle with a pendant edge, one meeting each: the best is 0-1 plus 2-3.

    >>> chosen, optimal = solve_bmatching(4, [0, 1, 0, 2], [1, 2, 2, 3], [0.9, 0.8, 0.7, 0.5])
    >>> chosen.tolist(), optimal
    ([0, 3], True)
    """
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
        return np.zeros(0, dtype=np.intp), True
    e = np.arange(m)
    incidence = sp.csr_array(
        (np.ones(2 * m), (np.concatenate([uu, vv]), np.concatenate([e, e]))), shape=(n, m)
    )
    constraints = [LinearConstraint(incidence, low, high)]
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
    if res.status == 2:
        raise InfeasibleError(
            Problem(
                "HiGHS proves that no matching meets every min_meetings and forced pair together",
                kind="solver-infeasible",
            )
        )
    if res.x is None:
        raise SolverError(f"HiGHS found no matching: {res.message}")
    chosen: NDArray[np.intp] = np.flatnonzero(np.rint(res.x) > 0).astype(np.intp)
    return chosen, bool(res.status == 0)
