"""Stable matching with capacities: deferred acceptance, many-to-many, either side proposing.

Each participant ranks its *acceptable* partners (the candidate pairs; by default best
score first, ties to the lower index) and may hold up to its ``max`` meetings.  In each
round every proposer with room proposes to its best partners not yet asked, as many as
it has room for; every receiver keeps the best proposals up to its capacity (those it
held before included) and rejects the rest.  Rounds end when nobody with room has
anyone left to ask.  The order of proposals does not change the outcome (Gale and
Shapley 1962; Roth 1984 for the many-to-many case with responsive preferences), so all
proposals of a round are handled at once, vectorised.  The result is *pairwise stable*
(no blocking pair) and *proposer-optimal*: every proposer gets, among all stable
matchings, its best set of partners.

Forced pairs are fixed first and count against capacity; they are never dropped, so a
blocking pair needs a participant with room or a worse *non-forced* partner to drop.
Floors (``min``) cannot be enforced by a stable matching; they are ignored here.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment.algorithms.instance import OptionError, Registration, Solution, group_rank
from matchmaker.assignment.problem import MatchingProblem

__all__ = ["blocking", "deferred_acceptance", "score_ranks", "solve"]


def score_ranks(inst: MatchingProblem) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Preference ranks of each candidate pair from the scores (0 = best).

    Returns ``(row_rank, col_rank)``: how the row ranks the column of each pair, and how
    the column ranks the row.  Ties go to the lower index.

    >>> inst = MatchingProblem.from_dense(np.array([[0.2, 0.9], [0.5, 0.5]]))
    >>> [r.tolist() for r in score_ranks(inst)]
    [[1, 0, 0, 1], [1, 0, 0, 1]]
    """
    w = inst.weights
    return group_rank(inst.rows, -w, inst.n_rows), group_rank(inst.cols, -w, inst.n_cols)


def tied_ranks(inst: MatchingProblem) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Like :func:`score_ranks`, but pairs of equal score share a rank (the number of
    partners scoring strictly higher): the preferences as the scores state them, for
    telling who strictly prefers whom.

    >>> inst = MatchingProblem.from_dense(np.array([[0.5, 0.5], [0.2, 0.9]]))
    >>> [r.tolist() for r in tied_ranks(inst)]
    [[0, 0, 1, 0], [0, 1, 1, 0]]
    """
    w = inst.weights
    return _shared(inst.rows, -w, inst.n_rows), _shared(inst.cols, -w, inst.n_cols)


def _shared(owner: NDArray[np.intp], key: NDArray[np.float64], n: int) -> NDArray[np.intp]:
    order = np.lexsort((key, owner))
    o, k = owner[order], key[order]
    idx = np.arange(o.size)
    group_start = np.r_[True, o[1:] != o[:-1]] if o.size else np.zeros(0, bool)
    run_start = group_start | np.r_[True, k[1:] != k[:-1]] if o.size else group_start
    first_of_group = np.maximum.accumulate(np.where(group_start, idx, 0))
    first_of_run = np.maximum.accumulate(np.where(run_start, idx, 0))
    out = np.empty(o.size, np.intp)
    out[order] = first_of_run - first_of_group
    return out


def deferred_acceptance(
    proposer: NDArray[np.intp],
    receiver: NDArray[np.intp],
    proposer_rank: NDArray[np.intp],
    receiver_rank: NDArray[np.intp],
    proposer_cap: NDArray[np.int64],
    receiver_cap: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Which pairs deferred acceptance (proposer side proposing) ends up holding.

    ``proposer``/``receiver`` give each acceptable pair's two ends; the ranks are each
    end's preference for the pair (lower is better; distinct within a participant).

    >>> held = deferred_acceptance(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]),
    ...                            np.array([0, 1, 0, 1]), np.array([1, 0, 0, 1]),
    ...                            np.array([1, 1]), np.array([1, 1]))
    >>> held.tolist()
    [False, True, True, False]
    """
    n_p, n_r = proposer_cap.size, receiver_cap.size
    lists = np.lexsort((proposer_rank, proposer))  # each proposer's list, best first
    counts = np.bincount(proposer, minlength=n_p)
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    asked = np.zeros(n_p, dtype=np.int64)
    held = np.zeros(0, dtype=np.intp)  # positions of the pairs held so far
    held_count = np.zeros(n_p, dtype=np.int64)
    while True:
        k = np.maximum(np.minimum(proposer_cap - held_count, counts - asked), 0)
        total = int(k.sum())
        if total == 0:
            out = np.zeros(proposer.size, dtype=bool)
            out[held] = True
            return out
        offsets = np.repeat(start + asked - np.cumsum(k) + k, k) + np.arange(total)
        asked += k
        pool = np.concatenate([held, lists[offsets]])
        keep = group_rank(receiver[pool], receiver_rank[pool], n_r) < receiver_cap[receiver[pool]]
        held = pool[keep]
        held_count = np.bincount(proposer[held], minlength=n_p).astype(np.int64)


def blocking(
    inst: MatchingProblem,
    chosen: NDArray[np.intp],
    row_rank: NDArray[np.intp],
    col_rank: NDArray[np.intp],
) -> NDArray[np.intp]:
    """Positions of the candidate pairs that block the matching ``chosen`` (edge positions).

    A candidate pair ``(i, j)`` not in the matching blocks it when both ``i`` and ``j``
    either have room or rank the other above their worst non-forced partner.  Pairs
    ranked -1 (unacceptable) by either end never block.
    """
    n_r, n_c = inst.shape
    in_match = np.zeros(inst.n_edges, dtype=bool)
    in_match[chosen] = True
    deg_r = np.bincount(inst.rows[chosen], minlength=n_r)
    deg_c = np.bincount(inst.cols[chosen], minlength=n_c)
    droppable = in_match.copy()
    droppable[inst.forced_edges] = False
    worst_r = np.full(n_r, -1, np.intp)
    worst_c = np.full(n_c, -1, np.intp)
    np.maximum.at(worst_r, inst.rows[droppable], row_rank[droppable])
    np.maximum.at(worst_c, inst.cols[droppable], col_rank[droppable])
    r, c = inst.rows, inst.cols
    wants_r = (deg_r[r] < inst.row_max[r]) | (row_rank < worst_r[r])
    wants_c = (deg_c[c] < inst.col_max[c]) | (col_rank < worst_c[c])
    acceptable = (row_rank >= 0) & (col_rank >= 0)
    return np.flatnonzero(~in_match & acceptable & wants_r & wants_c)


def solve(
    inst: MatchingProblem,
    *,
    proposing: Literal["A", "B"] = "A",
    row_rank: NDArray[np.intp] | None = None,
    col_rank: NDArray[np.intp] | None = None,
) -> Solution:
    """Proposer-optimal stable matching of ``inst`` (see the module docstring).

    Parameters
    ----------
    inst : MatchingProblem
        Rows are side A, columns side B; candidate pairs are the acceptable pairs.
    proposing : {"A", "B"}
        Which side proposes (and gets its optimal stable matching).
    row_rank, col_rank : ndarray of intp, optional
        Explicit preferences per candidate pair (see :func:`score_ranks`; -1 marks a
        pair its owner finds unacceptable); default from the scores.

    Examples
    --------
    >>> w = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> solve(MatchingProblem.from_dense(w)).pairs.tolist()
    [[0, 0], [1, 1]]
    """
    if proposing not in ("A", "B"):
        raise OptionError(f"proposing must be 'A' or 'B', got {proposing!r}")
    if row_rank is None or col_rank is None:
        row_rank, col_rank = score_ranks(inst)
    free = (row_rank >= 0) & (col_rank >= 0)
    free[inst.forced_edges] = False
    fr, fc = inst.degrees(inst.forced_pairs)
    rows, cols = inst.rows[free], inst.cols[free]
    room_r = np.maximum(inst.row_max - fr, 0)
    room_c = np.maximum(inst.col_max - fc, 0)
    rr, cr = row_rank[free], col_rank[free]
    if proposing == "A":
        held = deferred_acceptance(rows, cols, rr, cr, room_r, room_c)
    else:
        held = deferred_acceptance(cols, rows, cr, rr, room_c, room_r)
    pairs = np.concatenate([inst.forced_pairs, np.column_stack([rows[held], cols[held]])]).astype(np.intp)
    return Solution(pairs, None, f"numpy.deferred_acceptance({proposing} proposing)")


REGISTRATION = Registration(
    name="stable", exact=False, description="deferred acceptance with capacities, stable"
)
