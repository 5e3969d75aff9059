"""The exact timetabling model: an integer program solved by HiGHS (``scipy.optimize.milp``).

Variables ``x[e, s] ∈ {0, 1}`` for every slot ``s`` meeting ``e`` may be held in
(both participants available, not blocked by a pinned meeting).  Constraints:

* each meeting at most once: ``Σ_s x[e, s] <= 1``;
* each participant in at most one meeting per slot: ``Σ_{e ∋ p} x[e, s] <= 1``;
* each slot within its tables: ``Σ_e x[e, s] <= capacity[s]``.

Objective: maximise the number of meetings placed and, when re-scheduling, among
those the number kept in their previous slot (``W·placed + kept`` with ``W`` larger
than any possible ``kept``, so the order is strict).  The relative MIP gap is 0, so
``optimal`` means proven.

Compact agendas (few idle gaps) are the secondary objective, left to
:func:`~matchmaker.scheduling.algorithms.compaction.compact` afterwards: a
stretch-counting model (``z[p, s] >= y[p, s] - y[p, s-1]``) was tried as a second
phase and HiGHS could not close it within 20 s even at 46 × 115, while the Kempe-chain
local search keeps the proven number of meetings and halves the gaps in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, vstack

from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray

__all__ = ["MilpResult", "relaxation_bound", "solve_milp"]


@dataclass(frozen=True)
class MilpResult:
    """What :func:`solve_milp` found.

    Attributes
    ----------
    slot : ndarray of intp
        Slot of each meeting, ``-1`` if unplaced.
    optimal : bool
        Whether the objective (meetings placed, then kept) is proven optimal.
    status : str
        What HiGHS said.
    """

    slot: IntArray
    optimal: bool
    status: str


def solve_milp(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    allowed: BoolArray,
    *,
    capacity: IntArray | None = None,
    prefer: IntArray | None = None,
    time_limit: float = 10.0,
    incumbent: IntArray | None = None,
    upper_bound: int | None = None,
    node_limit: int | None = None,
) -> MilpResult:
    """Solve the timetabling integer program (see the module docstring).

    Parameters
    ----------
    rows, cols, n_rows, n_cols, allowed, capacity
        As for :func:`~matchmaker.scheduling.algorithms.heuristic.iterated_matchings`.
    prefer : ndarray of intp, optional
        ``(E,)``: previous slot of each meeting (``-1``: none), kept where possible.
    time_limit : float
        Seconds HiGHS may use.
    incumbent : ndarray of intp, optional
        A feasible timetable (e.g. from the heuristic), returned if HiGHS finds nothing
        better in time.
    upper_bound : int, optional
        A proven upper bound on the meetings placed; if ``incumbent`` reaches it and
        nothing is preferred, HiGHS is not run.
    node_limit : int, optional
        Branch-and-bound nodes HiGHS may solve (a work budget that, unlike
        ``time_limit``, does not depend on the machine's speed); default no limit.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1]), np.array([0, 1, 1])
    >>> allowed = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1]], dtype=bool)
    >>> result = solve_milp(rows, cols, 2, 2, allowed)
    >>> result.slot.tolist(), result.optimal
    ([1, 0, 1], True)
    """
    n_edges, n_slots = allowed.shape
    edge, when = np.nonzero(allowed)
    n_x = len(edge)
    if n_x == 0:
        return MilpResult(np.full(n_edges, -1, dtype=np.intp), True, "nothing to place")
    base = _constraints(rows, cols, n_rows, edge, when, n_slots, capacity)
    weight = 1.0
    bonus = np.zeros(n_x)
    if prefer is not None:
        bonus = (prefer[edge] == when).astype(float)
        weight = float(bonus.sum() + 1)
    primary = weight + bonus

    def value(slot: IntArray) -> float:
        placed = slot >= 0
        kept = int((prefer[placed] == slot[placed]).sum()) if prefer is not None else 0
        return weight * int(placed.sum()) + kept

    statuses: list[str] = []
    best = incumbent.copy() if incumbent is not None else np.full(n_edges, -1, dtype=np.intp)
    optimal = False
    if prefer is None and upper_bound is not None and int((best >= 0).sum()) >= upper_bound:
        optimal = True
        statuses.append("not solved: the incumbent reaches the upper bound")
    else:
        options: dict[str, float] = {"time_limit": max(time_limit, 0.01), "mip_rel_gap": 0.0}
        if node_limit is not None:
            options["node_limit"] = node_limit
        res = milp(
            -primary,
            integrality=np.ones(n_x),
            bounds=Bounds(0, 1),
            constraints=base,
            options=options,
        )
        statuses.append(str(res.message))
        if res.x is not None:
            found = _slots(res.x, edge, when, n_edges)
            if value(found) >= value(best):
                best = found
            optimal = res.status == 0
    return MilpResult(best, optimal, "; ".join(statuses))


def relaxation_bound(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    allowed: BoolArray,
    *,
    capacity: IntArray | None = None,
) -> int:
    """Most meetings any timetable can place, by the model's linear relaxation (rounded down).

    At least as tight as the flow bound on participants' free slots (the relaxation
    implies it), and often equal to the optimum where that is not: on the events of
    ``benchmarks/heuristic_gap.py`` it proves every heuristic timetable optimal.

    >>> rows, cols = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    >>> allowed = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=bool)  # three in slot 0
    >>> relaxation_bound(rows, cols, 2, 2, allowed)  # (0, 1) and (1, 0) at once, (1, 1) in slot 1
    3
    """
    edge, when = np.nonzero(allowed)
    if len(edge) == 0:
        return 0
    res = milp(
        -np.ones(len(edge)),
        bounds=Bounds(0, 1),
        constraints=_constraints(rows, cols, n_rows, edge, when, allowed.shape[1], capacity),
    )
    if res.x is None:  # pragma: no cover - the relaxation is feasible (all zero) and bounded
        return len(rows)
    # a little slack: the LP optimum is found in floating point
    return int(np.floor(-res.fun + 1e-6))


def _constraints(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    edge: IntArray,
    when: IntArray,
    n_slots: int,
    capacity: IntArray | None,
) -> LinearConstraint:
    """Once per meeting, once per participant and slot, tables per slot."""
    n_x = len(edge)
    column = np.arange(n_x)
    _, once = np.unique(edge, return_inverse=True)
    keys = np.concatenate([rows[edge] * n_slots + when, (n_rows + cols[edge]) * n_slots + when])
    _, person, count = np.unique(keys, return_inverse=True, return_counts=True)
    shared = count[person] > 1
    _, person = np.unique(person[shared], return_inverse=True)
    n_once = int(once.max()) + 1
    n_person = int(person.max(initial=-1)) + 1
    blocks = [
        coo_matrix((np.ones(n_x), (once, column)), shape=(n_once, n_x)),
        coo_matrix(
            (np.ones(int(shared.sum())), (person, np.concatenate([column, column])[shared])),
            shape=(n_person, n_x),
        ),
    ]
    upper = [np.ones(blocks[0].shape[0]), np.ones(blocks[1].shape[0])]
    if capacity is not None:
        per_slot = np.bincount(when, minlength=n_slots)
        tight = np.flatnonzero(per_slot > capacity)
        if len(tight):
            pick = np.isin(when, tight)
            row = np.searchsorted(tight, when[pick])
            blocks.append(
                coo_matrix((np.ones(int(pick.sum())), (row, column[pick])), shape=(len(tight), n_x))
            )
            upper.append(capacity[tight].astype(float))
    matrix = vstack([csr_matrix(b) for b in blocks]).tocsr()
    return LinearConstraint(matrix, -np.inf, np.concatenate(upper))


def _slots(x: np.ndarray, edge: IntArray, when: IntArray, n_edges: int) -> IntArray:
    slot = np.full(n_edges, -1, dtype=np.intp)
    on = x > 0.5
    slot[edge[on]] = when[on]
    return slot
