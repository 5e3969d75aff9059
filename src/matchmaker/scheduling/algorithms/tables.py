"""Tables within each slot: keep a meeting's preferred table when it is free, fill the rest."""

from __future__ import annotations

import numpy as np

from matchmaker.scheduling.algorithms._arrays import IntArray

__all__ = ["assign_tables"]


def assign_tables(
    slot: IntArray, n_tables: int, preferred: IntArray, priority: IntArray | None = None
) -> IntArray:
    """A table for every placed meeting, no table used twice in a slot.

    Each meeting claims ``preferred[e]`` (``-1``: no preference); the first claimant of
    a table in a slot (lowest ``priority``, then lowest index) gets it, and every other
    meeting takes the free tables of its slot in increasing order.  Requires at most
    ``n_tables`` meetings per slot; returns ``-1`` for unplaced meetings.

    >>> assign_tables(np.array([0, 0, 1, -1]), 2, np.array([1, 1, 1, 0])).tolist()
    [1, 0, 1, -1]
    """
    table = np.full(len(slot), -1, dtype=np.intp)
    placed = np.flatnonzero(slot >= 0)
    if len(placed) == 0:
        return table
    n_slots = int(slot[placed].max()) + 1
    rank = np.zeros(len(slot), dtype=np.intp) if priority is None else priority
    wish = preferred.take(placed)
    mine = (wish >= 0) & (wish < n_tables)
    claim = placed[mine]
    key = slot.take(claim).astype(np.int64) * n_tables + wish[mine]
    taken = np.zeros(n_slots * n_tables, dtype=bool)
    taken[key] = True
    if np.count_nonzero(taken) == len(key):
        # No two meetings claim one table of one slot (a colouring's default preference,
        # one table per side-A participant, never does): every claimant keeps its table,
        # whatever the priorities, and the sorts below are not needed.
        winners = claim
    else:
        # ``claim`` is increasing, so a stable sort by rank orders by (rank, index) as a
        # lexsort would; both sorts are stable merges (timsort), cheap on the runs they get
        # (one rank for all, or a few), where the lexsort and np.unique's sort were not.
        by_rank = np.argsort(rank[claim], kind="stable")
        claim, key = claim[by_rank], key[by_rank]
        by_key = np.argsort(key, kind="stable")
        ordered = key[by_key]
        first = by_key[np.concatenate([[True], ordered[1:] != ordered[:-1]])]  # a clash: 2+ keys
        winners = claim[first]  # one per distinct key: ``taken`` marks the winners' tables already
    table[winners] = preferred[winners]
    rest = placed[table[placed] < 0]
    if len(rest) == 0:  # every meeting kept its table: no free tables to list
        return table
    rest = rest[np.argsort(slot[rest], kind="stable")]
    free_slot, free_table = np.nonzero(~taken.reshape(n_slots, n_tables))
    within = np.arange(len(rest)) - np.searchsorted(slot[rest], slot[rest])
    table[rest] = free_table[np.searchsorted(free_slot, slot[rest]) + within]
    return table
