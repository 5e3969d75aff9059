"""Matching as an integer program (HiGHS through :func:`scipy.optimize.milp`): fairness.

``objective="maximin"`` maximises the *worst-off participant's total score* (the sum of
the scores of its meetings), then — among matchings that reach that level — the total
score.  It is solved lexicographically in two integer programs over binary variables
``x_e`` (one per candidate pair) with the same constraints as ``flow`` (min/max meetings,
forced pairs fixed to 1):

1. maximise ``t`` subject to ``Σ_{e ∋ p} w_e x_e ≥ t`` for every participant ``p``
   counted (``sides``); gives ``t*``;
2. maximise ``Σ w_e x_e`` subject to ``Σ_{e ∋ p} w_e x_e ≥ t* − tol`` for those ``p``.

Participants who cannot have a meeting at all (``max`` 0 or no candidate pair) are not
counted, else ``t*`` would be 0 for everyone.  The second step never lowers ``t*``
beyond ``tol`` (``1e-9`` times the largest score).  Each step runs with a time limit;
``optimal`` is True only if HiGHS proved both steps optimal.  ``objective="total"`` is a
single integer program, the exact cross-check of ``flow`` (its constraint matrix is
totally unimodular).  Integer programs grow hard with size: fine for a mission of a few
hundred participants, use ``flow`` for total score beyond.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from matchmaker.assignment.algorithms.flow import incidence
from matchmaker.assignment.algorithms.instance import OptionError, Registration, Solution
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, Problem, SolverError

__all__ = ["raise_if_proven_infeasible", "solve"]


def raise_if_proven_infeasible(res: Any) -> None:
    """Raise :class:`InfeasibleError` when HiGHS (``scipy.optimize.milp``) proved the model infeasible.

    Shared by every matching MILP (this module's and the b-matching's), so they say it alike.
    """
    if res.status == 2:
        raise InfeasibleError(
            Problem(
                "HiGHS proves that no matching meets every min_meetings and forced pair together",
                kind="solver-infeasible",
            )
        )


def _run(
    c: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    integrality: NDArray[np.float64],
    constraints: list[LinearConstraint],
    time_limit: float,
) -> Any:
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=constraints,
        options={"time_limit": float(time_limit)},
    )
    raise_if_proven_infeasible(res)
    if res.x is None:
        raise SolverError(f"HiGHS found no matching within {time_limit} s: {res.message}; raise time_limit")
    return res


def solve(
    inst: MatchingProblem,
    *,
    objective: Literal["total", "maximin"] = "total",
    sides: Literal["both", "A", "B"] = "both",
    time_limit: float = 30.0,
    max_total: int | None = None,
) -> Solution:
    """Total-score or maximin matching of ``inst`` as integer programs (see the module docstring).

    Parameters
    ----------
    inst : MatchingProblem
        Rows are side A, columns side B.
    objective : {"total", "maximin"}
        What to maximise.
    sides : {"both", "A", "B"}
        Whose worst-off total counts for ``maximin``.
    time_limit : float
        Seconds per integer program.
    max_total : int, optional
        Most meetings in all (a shared pool of tables), forced pairs included.

    Returns
    -------
    Solution
        ``details["worst_off"]`` is ``t*`` for maximin.

    Examples
    --------
    >>> w = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> solve(MatchingProblem.from_dense(w)).pairs.tolist()
    [[0, 1], [1, 0]]
    >>> p = MatchingProblem.from_dense(np.array([[1.0, 0.6], [0.7, 0.0]]))
    >>> solve(p, objective="maximin").pairs.tolist()
    [[0, 1], [1, 0]]
    """
    if objective not in ("total", "maximin"):
        raise OptionError(f"objective must be 'total' or 'maximin', got {objective!r}")
    if sides not in ("both", "A", "B"):
        raise OptionError(f"sides must be 'both', 'A' or 'B', got {sides!r}")
    if max_total is not None and (
        isinstance(max_total, bool) or not isinstance(max_total, (int, np.integer)) or max_total < 0
    ):
        raise OptionError(f"max_total must be a whole number >= 0, got {max_total!r}")
    e = inst.n_edges
    w = inst.weights
    if e == 0:  # nothing to choose (HiGHS needs at least one variable)
        if inst.row_min.any() or inst.col_min.any():
            raise InfeasibleError(
                Problem("no pair may meet, but some participants have floors", kind="solver-infeasible")
            )
        return Solution(np.zeros((0, 2), np.intp), True, "scipy.milp(HiGHS)")
    by_row, by_col = incidence(inst)
    lower = np.zeros(e)
    lower[inst.forced_edges] = 1.0
    base = [
        LinearConstraint(by_row, inst.row_min, inst.row_max),
        LinearConstraint(by_col, inst.col_min, inst.col_max),
    ]
    if max_total is not None:
        base.append(LinearConstraint(sp.csr_array(np.ones((1, e))), 0, int(max_total)))
    if objective == "total":
        res = _run(-w, lower, np.ones(e), np.ones(e), base, time_limit)
        x = np.rint(res.x).astype(bool)
        return Solution(_pairs(inst, x), res.status == 0, "scipy.milp(HiGHS)")

    # Participants who can meet someone; their score totals as rows of a matrix over x.
    blocks = []
    if sides in ("both", "A"):
        blocks.append(by_row[(np.bincount(inst.rows, minlength=inst.n_rows) > 0) & (inst.row_max > 0)])
    if sides in ("both", "B"):
        blocks.append(by_col[(np.bincount(inst.cols, minlength=inst.n_cols) > 0) & (inst.col_max > 0)])
    totals = sp.vstack(blocks).tocsr() @ sp.diags_array(w)
    k = totals.shape[0]
    if k == 0:  # nobody can meet anyone: the total-score program says so
        return solve(inst, objective="total", time_limit=time_limit, max_total=max_total)
    # Step 1: variables (x, t); maximise t with totals - t >= 0.
    with_t = sp.hstack([totals, -np.ones((k, 1))]).tocsr()
    base_t = [
        LinearConstraint(sp.hstack([m, sp.csr_array((m.shape[0], 1))]).tocsr(), lo, hi)
        for m, lo, hi in ((by_row, inst.row_min, inst.row_max), (by_col, inst.col_min, inst.col_max))
    ]
    if max_total is not None:
        base_t.append(LinearConstraint(sp.csr_array(np.append(np.ones(e), 0.0)[None, :]), 0, int(max_total)))
    c1 = np.zeros(e + 1)
    c1[-1] = -1.0
    top = float(np.abs(w).max(initial=0.0))
    res1 = _run(
        c1,
        np.append(lower, -np.inf),
        np.append(np.ones(e), np.inf),
        np.append(np.ones(e), 0.0),
        [*base_t, LinearConstraint(with_t, 0.0, np.inf)],
        time_limit,
    )
    # The level reached, recomputed from the rounded matching (exactly feasible in step 2).
    worst = float((totals @ np.rint(res1.x[:-1])).min())
    tol = 1e-9 * max(top, 1.0)
    # Step 2: maximise the total while every counted participant keeps >= worst - tol.
    res2 = _run(
        -w,
        lower,
        np.ones(e),
        np.ones(e),
        [*base, LinearConstraint(totals, worst - tol, np.inf)],
        time_limit,
    )
    x = np.rint(res2.x).astype(bool)
    details = {"worst_off": worst, "counted": k}
    return Solution(
        _pairs(inst, x), bool(res1.status == 0 and res2.status == 0), "scipy.milp(HiGHS)", details
    )


def _pairs(inst: MatchingProblem, x: NDArray[np.bool_]) -> NDArray[np.intp]:
    return np.column_stack([inst.rows[x], inst.cols[x]]).astype(np.intp)


REGISTRATION = Registration(
    name="milp",
    objectives=("total", "maximin"),
    description="integer program (HiGHS): total or maximin (worst-off participant first)",
)
