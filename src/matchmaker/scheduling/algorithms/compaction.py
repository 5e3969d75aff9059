"""Compact agendas: fewer idle gaps by swapping two slots along alternating paths.

Idle gaps are counted per participant and day: a participant whose meetings on a day
form ``r`` stretches of consecutive slots has ``r - 1`` gaps.  The local search here
moves meetings between two slots ``s`` and ``t`` without breaking the timetable:
the meetings in ``s`` or ``t`` form alternating paths and even cycles (each
participant has at most one meeting in each slot), and swapping the two slots on one
whole path or cycle (a *Kempe chain*) keeps every participant clash-free.  Inside a
chain only its two end participants change slot, so the effect of every chain on the
number of stretches is computed at once, and all improving chains of the pair are
swapped together (subject to availability, pinned meetings and tables per slot).
"""

from __future__ import annotations

import numpy as np

from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, busy_matrix, components, runs

__all__ = ["compact", "gap_counts"]


def gap_counts(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    slot: IntArray,
    n_slots: int,
    day_start: BoolArray | None = None,
) -> tuple[IntArray, IntArray]:
    """Idle gaps and idle slots of every participant (rows first, then columns).

    Returns ``(gaps, idle)``: the number of free stretches between two meetings on the
    same day, and the number of free slots between a participant's first and last
    meeting of each day.  ``rows, cols, n_rows, n_cols`` are the meetings (see
    :mod:`matchmaker.scheduling.algorithms._arrays`), ``slot`` their slots (``-1``:
    unplaced) among ``n_slots``, ``day_start[s]`` marks the first slot of each day
    (default: one day).

    >>> rows, cols = np.array([0, 0, 0]), np.array([0, 1, 2])
    >>> gaps, idle = gap_counts(rows, cols, 1, 3, np.array([0, 3, 4]), 5)
    >>> gaps.tolist(), idle.tolist()
    ([1, 0, 0, 0], [2, 0, 0, 0])
    """
    days = _day_start(day_start, n_slots)
    busy = busy_matrix(rows, cols, n_rows, n_cols, slot, n_slots)
    day = np.cumsum(days) - 1
    n_days = int(day[-1]) + 1 if n_slots else 0
    gaps = np.zeros(len(busy), dtype=np.intp)
    idle = np.zeros(len(busy), dtype=np.intp)
    for d in range(n_days):
        part = busy[:, day == d]
        if part.shape[1] == 0:
            continue
        used = part.any(axis=1)
        stretches = runs(part, np.eye(1, part.shape[1], dtype=bool)[0])
        gaps += np.where(used, stretches - 1, 0)
        first = np.argmax(part, axis=1)
        last = part.shape[1] - 1 - np.argmax(part[:, ::-1], axis=1)
        idle += np.where(used, last - first + 1 - part.sum(axis=1), 0)
    return gaps, idle


def compact(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    slot: IntArray,
    n_slots: int,
    *,
    day_start: BoolArray | None = None,
    allowed: BoolArray | None = None,
    capacity: IntArray | None = None,
    movable: BoolArray | None = None,
    max_passes: int = 3,
    max_work: int | None = None,
) -> IntArray:
    """Reduce idle gaps by Kempe-chain swaps between pairs of slots; returns a new ``slot``.

    Never makes the timetable worse: a chain is swapped only if it lowers the number
    of stretches of its end participants, keeps every meeting in a slot it is
    ``allowed`` in, moves no meeting that is not ``movable`` (pinned), and keeps every
    slot within its ``capacity``.  Unplaced meetings (``slot == -1``) stay unplaced.

    Parameters
    ----------
    rows, cols, n_rows, n_cols, slot, n_slots, day_start
        As for :func:`gap_counts`; ``slot`` must be clash-free and is not modified.
    allowed : ndarray of bool, optional
        ``(E, n_slots)``: meeting ``e`` may be held in slot ``s`` (default: all).
    capacity : ndarray of int, optional
        ``(n_slots,)``: most meetings per slot (default: no limit).
    movable : ndarray of bool, optional
        ``(E,)``: meetings that may change slot (default: all).
    max_passes : int
        Sweeps over all slot pairs; stops earlier when a sweep finds nothing.
    max_work : int, optional
        Meetings examined (each pair of slots counts the meetings of both) after
        which the search stops, checked between pairs of slots: a budget that, unlike
        a clock, does not depend on the machine's speed.

    Examples
    --------
    >>> rows, cols = np.array([0, 1, 1]), np.array([0, 0, 1])
    >>> slot = np.array([0, 2, 1])        # row 1 meets in slots 1 and 2, column 0 in 0 and 2
    >>> gap_counts(rows, cols, 2, 2, slot, 3)[0].sum()
    np.int64(1)
    >>> gap_counts(rows, cols, 2, 2, compact(rows, cols, 2, 2, slot, 3), 3)[0].sum()
    np.int64(0)
    """
    slot = np.array(slot, dtype=np.intp)
    days = _day_start(day_start, n_slots)
    busy = busy_matrix(rows, cols, n_rows, n_cols, slot, n_slots)
    counts = np.bincount(slot[slot >= 0], minlength=n_slots)
    work = 0
    for _ in range(max_passes):
        improved = False
        for s in range(n_slots):
            for t in range(s + 1, n_slots):
                if max_work is not None and work >= max_work:
                    return slot
                work += int(counts[s] + counts[t])
                if counts[s] or counts[t]:
                    change = _swap_chains(
                        rows, cols, n_rows, slot, busy, counts, s, t, days, allowed, capacity, movable
                    )
                    improved |= change
        if not improved:
            break
    return slot


def _swap_chains(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    slot: IntArray,
    busy: BoolArray,
    counts: IntArray,
    s: int,
    t: int,
    days: BoolArray,
    allowed: BoolArray | None,
    capacity: IntArray | None,
    movable: BoolArray | None,
) -> bool:
    """Swap every improving chain of slots ``s``/``t`` in place; whether any was swapped."""
    # Chain ends are exactly the participants busy in one of the two slots; only they change.
    ends = np.flatnonzero(busy[:, s] != busy[:, t])
    if len(ends) == 0:
        return False
    delta = _swap_delta(busy[ends], s, t, days)
    if not np.any(delta < 0):
        return False
    idx = np.flatnonzero((slot == s) | (slot == t))
    vertices, _, vertex_label, edge_label, n_chains = components(rows[idx], n_rows + cols[idx])
    gain = np.bincount(vertex_label[np.searchsorted(vertices, ends)], weights=delta, minlength=n_chains)
    good = gain < -0.5
    if not good.any():
        return False
    in_s = slot[idx] == s
    other = np.where(in_s, t, s)
    blocked = np.zeros(len(idx), dtype=bool)
    if allowed is not None:
        blocked |= ~allowed[idx, other]
    if movable is not None:
        blocked |= ~movable[idx]
    if blocked.any():
        good &= np.bincount(edge_label, weights=blocked, minlength=n_chains) < 0.5
    surplus = np.rint(np.bincount(edge_label, weights=np.where(in_s, 1.0, -1.0), minlength=n_chains))
    if capacity is not None:
        good = _within_capacity(good, surplus, gain, capacity[s] - counts[s], capacity[t] - counts[t])
    chosen = np.flatnonzero(good)
    if len(chosen) == 0:
        return False
    flip = np.isin(edge_label, chosen)
    slot[idx[flip]] = other[flip]
    moved_vertices = vertices[np.isin(vertex_label, chosen)]
    busy[np.ix_(moved_vertices, np.array([s, t]))] = busy[np.ix_(moved_vertices, np.array([t, s]))]
    net = int(surplus[chosen].sum())
    counts[s] -= net
    counts[t] += net
    return True


def _swap_delta(busy: BoolArray, s: int, t: int, days: BoolArray) -> IntArray:
    """Change in each row's number of stretches if its slots ``s`` and ``t`` are swapped.

    Only the stretch starts at ``s``, ``s+1``, ``t`` and ``t+1`` can change, so only
    those columns (and the ones before them) are read.
    """
    n_slots = busy.shape[1]
    where = sorted({j for j in (s, s + 1, t, t + 1) if j < n_slots})
    need = sorted(set(where) | {j - 1 for j in where if j > 0})
    before = busy[:, need]
    after = before.copy()
    at = {j: k for k, j in enumerate(need)}
    after[:, [at[s], at[t]]] = before[:, [at[t], at[s]]]
    delta = np.zeros(len(busy), dtype=np.intp)
    for j in where:
        k = at[j]
        if j == 0 or days[j]:
            delta += after[:, k].astype(np.intp) - before[:, k]
        else:
            delta += (after[:, k] & ~after[:, at[j - 1]]).astype(np.intp) - (
                before[:, k] & ~before[:, at[j - 1]]
            )
    return delta


def _within_capacity(
    good: BoolArray, surplus: np.ndarray, gain: np.ndarray, room_s: int, room_t: int
) -> BoolArray:
    """Keep the best improving chains whose net move from ``s`` to ``t`` fits both slots.

    A chain with surplus +1 moves one meeting from ``s`` to ``t``, -1 the other way;
    pairs of opposite chains cancel out.
    """
    to_t = np.flatnonzero(good & (surplus > 0))
    to_s = np.flatnonzero(good & (surplus < 0))
    to_t = to_t[np.argsort(gain[to_t], kind="stable")]
    to_s = to_s[np.argsort(gain[to_s], kind="stable")]
    n_t = min(len(to_t), len(to_s) + max(room_t, 0))
    n_s = min(len(to_s), n_t + max(room_s, 0))
    keep: BoolArray = good & (surplus == 0)
    keep[to_t[:n_t]] = True
    keep[to_s[:n_s]] = True
    return keep


def _day_start(day_start: BoolArray | None, n_slots: int) -> BoolArray:
    days = np.zeros(n_slots, dtype=bool) if day_start is None else np.array(day_start, dtype=bool)
    if n_slots:
        days[0] = True
    return days
