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
from numpy.typing import NDArray

from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, busy_matrix, runs

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
    nearest_first: bool = False,
) -> IntArray:
    """Reduce idle gaps by Kempe-chain swaps between pairs of slots; returns a new ``slot``.

    A chain is swapped only if it lowers the number of stretches of its end
    participants, keeps every meeting in a slot it is ``allowed`` in, moves no meeting
    that is not ``movable`` (pinned), and keeps every slot within its ``capacity``.
    Unplaced meetings (``slot == -1``) stay unplaced.  Within one day fewer stretches
    are fewer idle gaps; across days a swap can empty a participant's day while
    splitting another of its days (its stretches stay, its gaps grow by one), so the
    total of gaps falls almost always but is not guaranteed to (4 instances in 2,000
    random several-day ones in the round-12 review).

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
    nearest_first : bool
        Visit the pairs of slots by distance, each distance from the last slots back,
        ``(n-2, n-1), ..., (0, 1), (n-3, n-1), ..., (0, 2), ...``, instead of ``(0, 1),
        (0, 2), ..., (1, 2), ...``: with a small budget that closes more gaps per meeting
        examined (not always with a large one).  Backwards because a colouring's last
        colours are its most broken up (the search can shorten 100-230 participants'
        stretches in each of the last pairs at 50,000 meetings, 1-10 in the first ones).

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
    if movable is not None and movable.all():
        movable = None  # (nothing pinned: no per-pair check of the chains' meetings)
    state = _SlotState(
        np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp), n_rows, n_cols, slot, n_slots
    )
    first_of_day = _day_start(day_start, n_slots).tolist()
    counts = np.bincount(slot[slot >= 0], minlength=n_slots)
    work = 0
    for _ in range(max_passes):
        improved = False
        # Generated, not listed: a budget often stops the search after a few dozen of the
        # (slots choose 2) pairs.
        if nearest_first:
            order = ((s, s + d) for d in range(1, n_slots) for s in range(n_slots - d - 1, -1, -1))
        else:
            order = ((s, t) for s in range(n_slots) for t in range(s + 1, n_slots))
        for s, t in order:
            if max_work is not None and work >= max_work:
                return slot
            work += int(counts[s] + counts[t])
            if counts[s] or counts[t]:
                improved |= _swap_chains(state, counts, s, t, first_of_day, allowed, capacity, movable)
        if not improved:
            break
    return slot


class _SlotState:
    """Who meets in which slot, kept in step with ``slot`` while chains are swapped.

    ``meet[s, p]`` is the meeting participant ``p`` (rows first, then columns) has in
    slot ``s`` (``-1``: none) and ``busy = meet >= 0``; both are slot-major so that the
    two slots of a pair are two contiguous rows.  ``pos`` is scratch space mapping a
    meeting to its position among the meetings of the current pair of slots.
    """

    def __init__(
        self, rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, slot: IntArray, n_slots: int
    ) -> None:
        self.rows, self.cols, self.n_rows, self.slot = rows, cols, n_rows, slot
        width = n_rows + n_cols
        self.meet = np.full((n_slots, width), -1, dtype=np.intp)
        placed = np.flatnonzero(slot >= 0)
        # Filled through the flat view: a 1-D index into it is one pass, where a pair of
        # index arrays goes through numpy's general multi-index iterator (about twice
        # the time at 50,000 meetings).
        at = slot.take(placed) * width
        flat = self.meet.reshape(-1)
        flat[at + rows.take(placed)] = placed
        flat[at + (n_rows + cols.take(placed))] = placed
        # One more row, always free: in _pair_delta "no slot before" (the first slot, a
        # day's first) and "no slot after" (the last slot, before a day's first).
        self.busy = np.zeros((n_slots + 1, width), dtype=bool)
        np.greater_equal(self.meet, 0, out=self.busy[:n_slots])
        self.pos = np.zeros(len(rows), dtype=np.intp)

    def move(self, edges: IntArray, new: IntArray) -> None:
        """Move meetings ``edges`` to slots ``new`` (both ends of each leave their old slot first)."""
        a, b, old = self.rows[edges], self.n_rows + self.cols[edges], self.slot[edges]
        self.meet[old, a] = -1
        self.meet[old, b] = -1
        self.meet[new, a] = edges
        self.meet[new, b] = edges
        self.busy[old, a] = False
        self.busy[old, b] = False
        self.busy[new, a] = True
        self.busy[new, b] = True
        self.slot[edges] = new


def _chain_labels(forward: IntArray) -> IntArray:
    """A label for the chain of every meeting of two slots: where walking ``forward`` ends.

    The meetings of two slots form paths and even cycles, each meeting linked to the
    other slot's meeting of its row and of its column.  Walking a chain alternates the
    two links, so "forward" (from a meeting of the first slot through its row, from
    one of the second through its column) is one direction along every chain;
    ``forward[x]`` is the next meeting that way, ``x`` itself at the end of a path.
    Every meeting of a path walks to the same end, so that end labels the path.  By
    pointer jumping, after ``r`` rounds each meeting is ``2^r`` steps on (or at its
    end), and while some meeting of a path has not arrived, each round brings at least
    one more (distances to an end are consecutive along a path): the first round that
    brings none is the last, about ``log2`` of the longest path's length.  Labels are
    positions in ``forward``, like its entries.

    A cycle has no end, and its meetings stop at meetings of the same cycle, perhaps
    several labels for one cycle.  That is harmless: a cycle has no end participant,
    so it changes no stretch and is never swapped, and no label is shared by two
    chains (every walk stays on its own chain).

    One direction, one gather and one count per round: the minimum label over both
    directions, as before, took three times the passes over twice the entries.
    """
    at_end = forward == np.arange(len(forward))
    # Two rounds before the first count (four steps): a pair's longest path is longer
    # (some 10 to 140 meetings), so counting sooner would only cost passes.
    label = forward.take(forward)
    label = label.take(label)
    arrived = int(np.count_nonzero(at_end.take(label)))
    while True:
        label = label.take(label)
        now = int(np.count_nonzero(at_end.take(label)))
        if now == arrived:
            return label
        arrived = now


def _swap_chains(
    state: _SlotState,
    counts: IntArray,
    s: int,
    t: int,
    first_of_day: list[bool],
    allowed: BoolArray | None,
    capacity: IntArray | None,
    movable: BoolArray | None,
) -> bool:
    """Swap every improving chain of the pair of slots ``(s, t)``; whether any was.

    One pair at a time, so that every gather reads one of two contiguous rows of the
    slot-major ``meet`` (an earlier version took several pairs in one set of arrays and
    paid for it in index arithmetic; :func:`compact` only ever passed one).  Gathers
    are ``take``: numpy's fancy indexing takes about twice as long for these 1-D arrays.
    """
    # Only a chain's two end participants (busy in one of the two slots) change stretches.
    delta = _pair_delta(state.busy, s, t, first_of_day)
    if delta.min(initial=0) >= 0:
        return False
    n_rows, cols, pos = state.n_rows, state.cols, state.pos
    meet_s, meet_t = state.meet[s], state.meet[t]
    # The meetings in the two slots, each once (through its row): those of s first.
    a_s = np.flatnonzero(state.busy[s, :n_rows])
    a_t = np.flatnonzero(state.busy[t, :n_rows])
    n_s = len(a_s)
    idx = np.concatenate([meet_s.take(a_s), meet_t.take(a_t)])
    m = len(idx)
    local = np.arange(m, dtype=np.intp)
    pos[idx] = local
    col_end = cols.take(idx)
    col_end += n_rows
    # The next meeting along each one's chain: the other slot's meeting of its row (a
    # meeting of s) or of its column (a meeting of t); itself where there is none.
    forward = np.concatenate([meet_t.take(a_s), meet_s.take(col_end[n_s:])])
    # (-1, no meeting, reads pos's last entry, which np.where then drops.)
    forward = np.where(forward >= 0, pos.take(forward), local)
    label = _chain_labels(forward)  # a path's label: the position of its end (a cycle's: any of its own)
    # A chain's gain is its end participants' change.  Each meeting adds its row's and its
    # column's: a participant busy in both slots changes nothing (swapping its two slots
    # leaves its agenda as it was), so only the ends count, each once.
    row_end = np.concatenate([a_s, a_t])
    change = delta.take(row_end) + delta.take(col_end)
    gain = np.bincount(label, weights=change, minlength=m)
    good = gain < -0.5
    if not good.any():
        return False
    if allowed is not None or movable is not None:
        blocked = np.zeros(m, dtype=bool)
        if allowed is not None:
            blocked |= ~allowed[idx, np.where(local < n_s, t, s)]
        if movable is not None:
            blocked |= ~movable.take(idx)
        if blocked.any():
            good &= np.bincount(label, weights=blocked, minlength=m) < 0.5
    if capacity is not None and good.any():
        # A chain's surplus: its meetings in s less those in t (what a swap moves from s to t).
        surplus = np.bincount(label, weights=np.where(local < n_s, 1.0, -1.0), minlength=m)
        # Ties between chains go to the one with the lowest row (whatever order the meetings came in).
        lowest = np.full(m, n_rows, dtype=np.intp)
        np.minimum.at(lowest, label, row_end)
        room_s, room_t = int(capacity[s] - counts[s]), int(capacity[t] - counts[t])
        good = _within_capacity(good, surplus, gain, room_s, room_t, lowest)
    flip = np.flatnonzero(good.take(label))  # positions, in order: those in s first
    if len(flip) == 0:
        return False
    from_s = int(np.searchsorted(flip, n_s))
    state.move(idx.take(flip), np.where(flip < n_s, t, s))
    net = from_s - (len(flip) - from_s)  # meetings moved from s to t, less those moved back
    counts[s] -= net
    counts[t] += net
    return True


def _pair_delta(busy: BoolArray, s: int, t: int, first_of_day: list[bool]) -> NDArray[np.int8]:
    """Change in each participant's stretches if slots ``s`` and ``t`` are swapped.

    Two neighbouring slots (``t == s + 1``) take the closed form of
    :func:`_adjacent_delta`; other pairs are computed as follows.
    ``busy`` is slot-major with one extra all-free row at the end ((slots + 1) ×
    participants); ``first_of_day[j]`` marks the first slot of each day.  Only the
    stretch starts at ``s``, ``s+1``, ``t`` and ``t+1`` can change, so only those slots
    and the ones before them are read.  A stretch starts at ``j`` where ``j`` is busy
    and the slot before is free ("a & ~b" for booleans is "a > b"); a start that reads
    the same two rows before and after the swap cancels out and is not computed (where a
    day starts at ``s+1`` or ``t+1``, or at both ``s`` and ``t``), and each remaining one
    is one comparison of two rows added into the change, not a gather of row blocks and
    two sums.
    """
    if t == s + 1:
        return _adjacent_delta(busy, s, first_of_day)
    n_slots = busy.shape[0] - 1
    free = n_slots  # the all-free row: "no slot before"
    swap = {s: t, t: s}
    now: list[tuple[int, int]] = []
    then: list[tuple[int, int]] = []
    for j in sorted({j for j in (s, s + 1, t, t + 1) if j < n_slots}):
        first = j == 0 or first_of_day[j]
        now.append((j, free if first else j - 1))
        then.append((swap.get(j, j), free if first else swap.get(j - 1, j - 1)))
    for pair in [p for p in now if p in then]:
        now.remove(pair)
        then.remove(pair)
    delta = np.zeros(busy.shape[1], dtype=np.int8)
    for a, b in then:
        delta += np.greater(busy[a], busy[b])
    for a, b in now:
        delta -= np.greater(busy[a], busy[b])
    return delta


def _adjacent_delta(busy: BoolArray, s: int, first_of_day: list[bool]) -> NDArray[np.int8]:
    """:func:`_pair_delta` for two neighbouring slots ``s`` and ``t = s + 1``, in three passes.

    With ``P`` the slot before ``s`` (the free row where a day starts at ``s``), ``A``
    and ``B`` slots ``s`` and ``t``, and ``N`` the slot after ``t`` (the free row where
    there is none or a day starts there), the starts that change are at ``s``, ``t`` and
    ``t + 1``; for 0/1 values ``[x > y] = x (1 - y)``, and their change sums to

        [B > P] + [A > B] + [N > A] - [A > P] - [B > A] - [N > B] = (B - A) (N - P)

    (the same where a day starts at ``t``: ``[A > 0] - [B > 0]`` is ``A - B`` too).  So
    one product of two differences of rows instead of six comparisons and additions: the
    search spends most of its pairs on neighbours.
    """
    n_slots = busy.shape[0] - 1
    t = s + 1
    before = n_slots if s == 0 or first_of_day[s] else s - 1
    after = n_slots if t + 1 >= n_slots or first_of_day[t + 1] else t + 1
    rows = busy.view(np.int8)
    delta: NDArray[np.int8] = rows[t] - rows[s]
    delta *= rows[after] - rows[before]
    return delta


def _within_capacity(
    good: BoolArray, surplus: np.ndarray, gain: np.ndarray, room_s: int, room_t: int, lowest: IntArray
) -> BoolArray:
    """Keep the best improving chains whose net move from ``s`` to ``t`` fits both slots.

    A chain with surplus +1 moves one meeting from ``s`` to ``t``, -1 the other way;
    pairs of opposite chains cancel out.  Chains of equal gain are taken by their
    ``lowest`` row.
    """
    to_t = np.flatnonzero(good & (surplus > 0))
    to_s = np.flatnonzero(good & (surplus < 0))
    to_t = to_t[np.lexsort((lowest[to_t], gain[to_t]))]
    to_s = to_s[np.lexsort((lowest[to_s], gain[to_s]))]
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
