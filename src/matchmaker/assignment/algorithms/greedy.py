"""The greedy baseline: highest score first while capacities allow.

Pairs are taken in order of score (ties: lower row, then lower column) whenever both
participants still have room.  Forced pairs are fixed first.  Floors are served on a
best-effort basis: a first greedy pass only considers pairs that involve a participant
still short of its ``min`` (its room capped at the shortfall), then a second pass fills
the remaining capacity.  Greedy never guarantees the floors; what it misses is reported
by the caller (``Matching.violations``).  Pairs with a negative score are not taken
in the second pass (they would lower the total).

The scan is vectorised in rounds (no Python loop over pairs): in each round every
participant marks its best ``room`` remaining pairs; a pair marked by both sides is
exactly a pair the sequential scan would take (the pairs before it at either end are
too few to fill that end), so all such pairs are taken at once; full participants then
drop out.  The globally best remaining pair is always marked by both, so every round
makes progress, and the result is identical to the sequential scan.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment.algorithms.instance import Registration, Solution
from matchmaker.assignment.problem import MatchingProblem

__all__ = ["greedy_scan", "solve"]


def _rounds(
    edges: tuple[NDArray[np.intp], NDArray[np.intp]],
    order: NDArray[np.intp],
    rooms: tuple[NDArray[np.int64], NDArray[np.int64]],
) -> NDArray[np.intp]:
    """The pairs (positions in ``edges``) the sequential scan of ``order`` takes; updates ``rooms``."""
    rows, cols = edges
    row_room, col_room = rooms
    # Each side's lists: pair positions sorted by participant, then scan order (stable sorts).
    by_row = order[np.argsort(rows[order], kind="stable")]
    by_col = order[np.argsort(cols[order], kind="stable")]
    alive = (row_room[rows] > 0) & (col_room[cols] > 0)
    taken: list[NDArray[np.intp]] = []
    while True:
        by_row = by_row[alive[by_row]]
        by_col = by_col[alive[by_col]]
        if by_row.size == 0:
            break
        marked = np.ones(rows.size, dtype=bool)
        for perm, group, room in ((by_row, rows, row_room), (by_col, cols, col_room)):
            g = group[perm]
            new_group = np.empty(g.size, dtype=bool)
            new_group[0] = True
            np.not_equal(g[1:], g[:-1], out=new_group[1:])
            starts = np.flatnonzero(new_group)
            rank = np.arange(g.size) - np.repeat(starts, np.diff(np.append(starts, g.size)))
            marked[perm[rank >= room[g]]] = False
        both = by_row[marked[by_row]]
        taken.append(both)
        np.subtract.at(row_room, rows[both], 1)
        np.subtract.at(col_room, cols[both], 1)
        alive[both] = False
        alive &= (row_room[rows] > 0) & (col_room[cols] > 0)
    return np.concatenate(taken) if taken else np.zeros(0, np.intp)


def greedy_scan(
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    order: NDArray[np.intp],
    row_room: NDArray[np.int64],
    col_room: NDArray[np.int64],
) -> NDArray[np.intp]:
    """Positions (into ``rows``/``cols``) of the pairs the sequential greedy scan takes.

    Parameters
    ----------
    rows, cols : ndarray of intp
        The pairs.
    order : ndarray of intp
        The scan order: ``order[0]`` is the position of the pair considered first.
    row_room, col_room : ndarray of int64
        How many more pairs each row and column may take.  Not modified.

    Notes
    -----
    The scan decides each pair from the pairs before it only, so a prefix of the order
    can be settled first (in vectorised rounds, see the module docstring); later chunks
    keep only pairs whose two ends still have room.  Chunks start at twice the total
    room and double.

    Examples
    --------
    >>> greedy_scan(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([0, 1, 2]),
    ...             np.array([1, 1]), np.array([1, 1])).tolist()
    [0]
    """
    rooms = (row_room.copy(), col_room.copy())
    taken: list[NDArray[np.intp]] = []
    size = max(2 * int(min(row_room.sum(), col_room.sum())), 1 << 14)
    done = 0
    while done < order.size and (rooms[0] > 0).any() and (rooms[1] > 0).any():
        chunk = order[done : done + size]
        done += chunk.size
        size *= 2
        chunk = chunk[(rooms[0][rows[chunk]] > 0) & (rooms[1][cols[chunk]] > 0)]
        if chunk.size:
            taken.append(_rounds((rows, cols), chunk, rooms))
    return np.sort(np.concatenate(taken)) if taken else np.zeros(0, np.intp)


def solve(inst: MatchingProblem, *, max_total: int | None = None) -> Solution:
    """Greedy matching of ``inst`` (see the module docstring); at most ``max_total`` pairs in all.

    Examples
    --------
    >>> w = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> solve(MatchingProblem.from_dense(w)).pairs.tolist()
    [[0, 0], [1, 1]]
    """
    res = inst.residual()
    rows, cols, w = res.rows, res.cols, res.weights
    # Scan order: score descending, then row, then column (the edge list is row-major).
    order = np.argsort(-w, kind="stable")
    row_room, col_room = res.row_max.copy(), res.col_max.copy()
    short_r, short_c = res.row_min > 0, res.col_min > 0
    floors_first = bool(short_r.any() or short_c.any())
    taken = np.zeros(rows.size, dtype=bool)
    if floors_first:
        first = order[short_r[rows[order]] | short_c[cols[order]]]
        room_r = np.where(short_r, np.minimum(res.row_min, row_room), row_room)
        room_c = np.where(short_c, np.minimum(res.col_min, col_room), col_room)
        got = greedy_scan(rows, cols, first, room_r, room_c)
        taken[got] = True
        np.subtract.at(row_room, rows[got], 1)
        np.subtract.at(col_room, cols[got], 1)
    # Second pass: pairs with a negative score would lower the total; never taken.
    rest = order[~taken[order] & (w[order] >= 0)]
    more = greedy_scan(rows, cols, rest, row_room, col_room)
    if max_total is not None:  # the scan took pairs best first: keep the best that fit
        room = max(int(max_total) - len(inst.forced_pairs) - int(taken.sum()), 0)
        more = more[np.argsort(np.argsort(-w[more], kind="stable"), kind="stable") < room]
    taken[more] = True
    pairs = np.concatenate([inst.forced_pairs, np.column_stack([rows[taken], cols[taken]])]).astype(np.intp)
    return Solution(pairs, None, "numpy.greedy", {"floors_first": floors_first})


REGISTRATION = Registration(name="greedy", exact=False, description="highest score first: the baseline")
