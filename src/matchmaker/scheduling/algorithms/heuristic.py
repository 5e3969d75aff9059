"""A fast timetabling heuristic for availability limits: a matching per slot, then repair.

1. **Kept meetings.**  Meetings with a preferred slot (re-scheduling) that is still
   allowed and free go back to it first.
2. **One matching per slot, most urgent first.**  Slot by slot, the meetings still
   unplaced that may be held then, between two participants free then, form a
   bipartite graph; a maximum-*weight* matching of it (:func:`max_weight_matching`)
   is placed in the slot, weighted by urgency: meetings with few slots left and
   participants with many meetings for their remaining free slots come first.
   Solved by OR-Tools' min-cost flow when the ``ortools`` extra is installed, else by
   scipy's LAPJVsp; both are exact, but they may break ties differently.  A slot
   graph of more than :data:`EXACT_EDGES` candidate meetings takes a *priority*
   matching instead: a maximum matching (Hopcroft-Karp) of the most urgent level's
   meetings, then of the next level's among the participants still free, and so on.
   The exact solve grows faster than the graph (~0.65 s a slot, 9,000 hosts, at
   10,000 × 50,000 with own time windows: 13 of the heuristic's 15 s CPU); with the
   priority matching the whole heuristic took 1.7 s CPU and placed the same 181,149
   meetings (the flow bound), and 345,778 of 345,778 at 20,000 × 50,000.  The threshold is a size, not
   a clock, so the result does not depend on the machine; medium events (and
   every event of ``benchmarks/heuristic_gap.py``) stay exact.
   (A plain maximum matching fills early slots with meetings that could have waited;
   on a 120 × 400 event with a fifth of side B free only in the morning it placed
   91 % of the meetings, the weighted one all of them.)
3. **Repair.**  Every meeting left over is retried: in a slot where both participants
   are free; else by swapping two slots ``s``/``t`` along the alternating path
   (Kempe chain) that frees one participant (the argument of König's edge-colouring
   proof, restricted to swaps every moved meeting's availability allows); else by
   moving one meeting out of a full slot to make room for it.
4. **Exact windows.**  While meetings are still left over (and fewer are placed than
   ``upper_bound``, when given), a window of consecutive slots is re-solved exactly
   by the integer model of :mod:`.milp`: the leftover meetings that may be held in
   the window and the meetings placed there near them (sharing a participant, two
   steps out) may take any of the window's slots, everything else stays.  A window
   is taken only when it places more, so the count never drops.  Windows hold at
   most :data:`WINDOW_VARIABLES` (meeting, slot) pairs and all windows together
   :data:`WINDOW_WORK`, and HiGHS gets a node limit: work budgets, not clocks, so the
   result does not depend on the machine.  On the 80 medium events of
   ``benchmarks/heuristic_gap.py`` this step closes what steps 1-3 left short of the
   optimum to at most 1 %.

The loops of step 3 walk single paths and run over the (few) leftover meetings only.
Nothing here proves optimality; callers compare with :mod:`.flow`'s upper bound.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from matchmaker._optional import is_available, require
from matchmaker.errors import ValidationError
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray
from matchmaker.scheduling.algorithms.milp import solve_milp

__all__ = [
    "EXACT_EDGES",
    "MATCHING_BACKENDS",
    "WINDOW_VARIABLES",
    "WINDOW_WORK",
    "iterated_matchings",
    "matching_backend",
    "max_weight_matching",
]

#: Largest slot graph (candidate meetings) whose matching is exact (step 2); larger
#: ones take a maximum matching per urgency level, most urgent first.
EXACT_EDGES = 20_000
#: Most (meeting, slot) variables of one exact window (step 4).
WINDOW_VARIABLES = 2_000
#: Work budget of step 4: (meeting, slot) variables over all windows solved.
WINDOW_WORK = 20_000
#: Branch-and-bound nodes HiGHS may use on one window.
WINDOW_NODES = 30

#: Exact maximum-weight bipartite matching backends, fastest first.
MATCHING_BACKENDS = ("ortools", "scipy")

_FREE, _FIXED = -1, -2


def iterated_matchings(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    allowed: BoolArray,
    *,
    capacity: IntArray | None = None,
    blocked: BoolArray | None = None,
    prefer: IntArray | None = None,
    backend: str = "scipy",
    upper_bound: int | None = None,
    window_work: int = WINDOW_WORK,
) -> IntArray:
    """Place as many meetings as the heuristic can; returns ``slot`` (``-1`` = unplaced).

    Parameters
    ----------
    rows, cols, n_rows, n_cols
        The meetings, rows = side A, columns = side B (see
        :mod:`matchmaker.scheduling.algorithms._arrays`).
    allowed, capacity
        ``(E, S)``: meeting ``e`` may be held in slot ``s``; and, optionally,
        ``(S,)``: most meetings per slot (default no limit).
    blocked : ndarray of bool, optional
        ``(n_rows + n_cols, S)``: participant already busy (a pinned meeting).
    prefer : ndarray of intp, optional
        ``(E,)``: slot to keep each meeting in if possible (``-1``: none).
    backend : {"scipy", "ortools"}
        Solver of each slot's matching (see :func:`max_weight_matching`); both are
        exact, but may break ties differently.
    upper_bound : int, optional
        A proven upper bound on the meetings placed (e.g. :mod:`.flow`'s): the exact
        windows stop when it is reached.
    window_work : int
        Work budget of the exact windows (step 4), in (meeting, slot) variables; 0
        skips them.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1]), np.array([0, 1, 0])
    >>> allowed = np.array([[1, 1], [1, 0], [1, 1]], dtype=bool)
    >>> iterated_matchings(rows, cols, 2, 2, allowed).tolist()
    [1, 0, 0]
    """
    state = _State(rows, cols, n_rows, n_cols, allowed, capacity, blocked, backend)
    if prefer is not None:
        state.keep(prefer)
    for s in range(allowed.shape[1]):
        state.match_slot(s)
    progress = True
    while progress and (state.slot < 0).any():
        progress = state.repair()
    _exact_windows(state, prefer, upper_bound, window_work)
    return state.slot


def _exact_windows(state: _State, prefer: IntArray | None, upper_bound: int | None, work: int) -> None:
    """Step 4 of :func:`iterated_matchings`: re-solve windows of slots exactly while it pays.

    A window solved without gain is not solved again while its slots and its meetings
    stay the same (the same problem has the same answer), so later passes only pay for
    the windows that the gains around them changed.
    """
    n_slots = state.allowed.shape[1]
    changed = np.zeros(n_slots, dtype=np.intp)  # the step at which each slot last changed
    tried: dict[bytes, int] = {}  # a window's slots and meetings -> the step it was solved at
    step = 0
    improved = True
    while improved and work > 0:
        improved = False
        s = 0
        while s < n_slots and work > 0:
            left = np.flatnonzero(state.slot < 0)
            if len(left) == 0 or (upper_bound is not None and len(state.slot) - len(left) >= upper_bound):
                return
            window, chosen, size = _window(state, left, s)
            if size == 0:
                s += 1
                continue
            s += max(1, len(window) // 2)
            key = np.concatenate([window[[0, -1]], chosen]).tobytes()
            if key in tried and changed[window].max() < tried[key]:
                continue
            step += 1
            work -= size
            if _solve_window(state, window, chosen, prefer):
                changed[window] = step
                improved = True
            else:
                tried[key] = step


def _window(state: _State, left: IntArray, start: int) -> tuple[IntArray, IntArray, int]:
    """The widest window of slots from ``start`` within :data:`WINDOW_VARIABLES`, its meetings and size.

    Its meetings: the leftover ones that may be held in it, and the ones placed in it
    that share a participant with them or with those (two steps out).
    """
    n_slots = state.allowed.shape[1]
    best: tuple[IntArray, IntArray, int] = (np.zeros(0, np.intp), np.zeros(0, np.intp), 0)
    for stop in range(start + 1, n_slots + 1):
        window = np.arange(start, stop)
        free = left[state.allowed[left][:, window].any(axis=1)]
        if len(free) == 0:
            continue
        inside = np.flatnonzero((state.slot >= start) & (state.slot < stop))
        near = np.zeros(len(state.occ), dtype=bool)
        near[state.ends[free].ravel()] = True
        for _ in range(2):
            touch = inside[near[state.ends[inside]].any(axis=1)]
            near[state.ends[touch].ravel()] = True
        chosen = np.concatenate([free, inside[near[state.ends[inside]].any(axis=1)]])
        size = int(state.allowed[chosen][:, window].sum())
        if size > WINDOW_VARIABLES:
            break
        best = (window, chosen, size)
    return best


def _solve_window(state: _State, window: IntArray, chosen: IntArray, prefer: IntArray | None) -> bool:
    """Re-place ``chosen`` within ``window`` exactly, keeping everything else; whether more are placed."""
    before = state.slot[chosen]
    state.unplace(chosen[before >= 0])
    # what stays in the window blocks its participants and takes its tables
    busy = state.occ[:, window] != _FREE
    allowed = state.allowed[chosen][:, window] & ~busy[state.ends[chosen, 0]] & ~busy[state.ends[chosen, 1]]
    ends, index = np.unique(state.ends[chosen], return_inverse=True)
    index = index.reshape(-1, 2)
    room = state.capacity[window] - state.counts[window]
    sub_prefer = None
    if prefer is not None:
        sub_prefer = np.where(np.isin(prefer[chosen], window), prefer[chosen] - window[0], -1)
    result = solve_milp(
        index[:, 0],
        index[:, 1],
        len(ends),
        len(ends),
        allowed,
        capacity=room,
        prefer=sub_prefer,
        time_limit=float("inf"),
        incumbent=np.where(before >= 0, before - window[0], -1),
        node_limit=WINDOW_NODES,
    )
    after = np.where(result.slot >= 0, result.slot + window[0], -1)
    if int((after >= 0).sum()) <= int((before >= 0).sum()):
        after = before
    placed = after >= 0
    state.place(chosen[placed], after[placed])
    return bool((after >= 0).sum() > (before >= 0).sum())


def matching_backend(backend: str = "auto") -> str:
    """The backend ``backend`` names: ``"auto"`` is OR-Tools when installed, else scipy.

    >>> matching_backend("scipy")
    'scipy'
    """
    if backend == "auto":
        return "ortools" if is_available("ortools.graph.python.min_cost_flow") else "scipy"
    if backend not in MATCHING_BACKENDS:
        raise ValidationError(f"unknown matching backend {backend!r}: use 'auto', 'ortools' or 'scipy'")
    return backend


def max_weight_matching(
    rows: IntArray, cols: IntArray, weight: np.ndarray, *, backend: str = "scipy"
) -> tuple[IntArray, IntArray]:
    """A maximum-weight matching of a bipartite graph with positive integer edge weights.

    ``backend="ortools"``: a min-cost flow (OR-Tools ``SimpleMinCostFlow``) source → row
    (capacity 1) → column (cost ``-weight``) → sink, with a free arc source → sink so
    that any number of pairs may be matched; the least cost is the most weight.

    ``backend="scipy"``: a reduction to a minimum-weight *perfect* matching (LAPJVsp,
    :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`): the left side is
    the rows plus a copy of the columns, the right side the columns plus a copy of
    the rows; every row may pair with its own copy and every column with its own
    (leaving it unmatched), and the copies of an edge's ends may pair with each
    other.  Costs are ``M - weight`` on real edges and ``M`` elsewhere, so a perfect
    matching of least cost is a matching of most weight.  Weights are integers
    because LAPJVsp can cycle on ties between floating-point costs.

    Returns the matched ``(rows, cols)``.  Only vertices with an edge enter the graph;
    of several edges between one pair, the heaviest counts.

    >>> r, c = max_weight_matching(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([3, 2, 2]))
    >>> sorted(zip(r.tolist(), c.tolist()))
    [(0, 1), (1, 0)]
    """
    rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    chosen = _matched_edges(rows, cols, np.asarray(weight, dtype=np.int64), backend)
    return rows[chosen], cols[chosen]


def _matched_edges(
    rows: IntArray, cols: IntArray, weight: np.ndarray, backend: str, *, exact: bool = True
) -> IntArray:
    """Indices of the edges of a maximum-weight matching (see :func:`max_weight_matching`).

    ``exact=False``: of a priority matching instead (:func:`_priority_matching`).
    """
    if len(weight) == 0:
        return np.zeros(0, np.intp)
    # one edge per pair, the heaviest (the first of equals): LAPJVsp would add duplicates up
    key = rows.astype(np.int64) * (int(cols.max()) + 1) + cols
    order = np.lexsort((-weight, key))
    _, first = np.unique(key[order], return_index=True)
    keep = order[first]
    used_r, r = np.unique(rows[keep], return_inverse=True)
    used_c, c = np.unique(cols[keep], return_inverse=True)
    if not exact:
        solve = _priority_matching
    elif matching_backend(backend) == "ortools":
        solve = _flow_matching
    else:
        solve = _perfect_matching
    chosen: IntArray = keep[solve(r, c, len(used_r), len(used_c), weight[keep])]
    return chosen


def _priority_matching(r: IntArray, c: IntArray, n_rows: int, n_cols: int, weight: np.ndarray) -> IntArray:
    """Indices of the chosen edges: a maximum matching per weight level, heaviest level first.

    Each level's edges between vertices still unmatched get a maximum-cardinality
    matching (Hopcroft-Karp in C, :func:`scipy.sparse.csgraph.maximum_bipartite_matching`),
    so no edge of a level is passed over for a lighter one at either end and the
    result is maximal.  Not a maximum-*weight* matching, but some 15-40 levels of
    near-linear matchings instead of one superlinear solve: at 10,000 × 50,000 with
    own time windows each slot's exact matching took ~0.65 s (9,000 rows).
    """
    order = np.argsort(-weight, kind="stable")
    level = weight[order]
    starts = np.flatnonzero(np.concatenate([[True], level[1:] != level[:-1]]))
    free_r, free_c = np.ones(n_rows, dtype=bool), np.ones(n_cols, dtype=bool)
    chosen: list[IntArray] = []
    for lo, hi in zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True):
        idx = order[lo:hi]
        idx = idx[free_r[r[idx]] & free_c[c[idx]]]
        if len(idx) == 0:
            continue
        graph = csr_matrix((np.ones(len(idx), np.int8), (r[idx], c[idx])), shape=(n_rows, n_cols))
        mate = maximum_bipartite_matching(graph, perm_type="column")
        got_r = np.flatnonzero(mate >= 0)
        got_c = mate[got_r]
        key = r[idx].astype(np.int64) * n_cols + c[idx]
        by_key = np.argsort(key, kind="stable")
        chosen.append(idx[by_key[np.searchsorted(key[by_key], got_r.astype(np.int64) * n_cols + got_c)]])
        free_r[got_r] = False
        free_c[got_c] = False
    out: IntArray = np.concatenate(chosen) if chosen else np.zeros(0, np.intp)
    return out


def _flow_matching(r: IntArray, c: IntArray, n_rows: int, n_cols: int, weight: np.ndarray) -> IntArray:
    """Indices of the chosen edges, by OR-Tools' min-cost flow."""
    mcf = require(
        "ortools.graph.python.min_cost_flow", extra="ortools", feature="The ortools matching backend"
    )
    source, sink, k = n_rows + n_cols, n_rows + n_cols + 1, min(n_rows, n_cols)
    tails = np.concatenate([np.full(n_rows, source), r, n_rows + np.arange(n_cols), [source]])
    heads = np.concatenate([np.arange(n_rows), n_rows + c, np.full(n_cols, sink), [sink]])
    capacity = np.concatenate([np.ones(n_rows + len(r) + n_cols, np.int64), [k]])
    cost = np.concatenate([np.zeros(n_rows, np.int64), -weight, np.zeros(n_cols + 1, np.int64)])
    solver = mcf.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacity, cost
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[[source, sink]] = k, -k
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    if solver.solve() != solver.OPTIMAL:  # cannot happen: the free arc always carries the supply
        raise RuntimeError("OR-Tools found no optimal matching")
    flows = np.asarray(solver.flows(np.asarray(arcs)[n_rows : n_rows + len(r)]))
    chosen: IntArray = np.flatnonzero(flows > 0)
    return chosen


def _perfect_matching(r: IntArray, c: IntArray, n_rows: int, n_cols: int, weight: np.ndarray) -> IntArray:
    """Indices of the chosen edges, by scipy's LAPJVsp on the graph with a way out per vertex.

    The smaller side is matched in full: each of its vertices to a real neighbour (cost
    ``top - weight``) or to a private dummy (cost ``top``, i.e. unmatched), so the
    cheapest such assignment is a matching of most weight.  Only the smaller side
    gets dummies: the problem is ``small × (large + small)`` with ``E + small`` entries,
    not the doubled ``(n_rows + n_cols)²`` graph with ``2E + n_rows + n_cols``.
    """
    if n_rows > n_cols:  # LAPJVsp augments once per row: rows = the smaller side
        return _perfect_matching(c, r, n_cols, n_rows, weight)
    top = int(weight.max()) + 1
    left = np.concatenate([r, np.arange(n_rows)])
    right = np.concatenate([c, n_cols + np.arange(n_rows)])
    cost = np.concatenate([top - weight, np.full(n_rows, top)]).astype(np.float64)
    graph = coo_matrix((cost, (left, right)), shape=(n_rows, n_cols + n_rows)).tocsr()
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < n_cols
    key = r.astype(np.int64) * n_cols + c
    order = np.argsort(key, kind="stable")
    want = row_ind[real].astype(np.int64) * n_cols + col_ind[real]
    chosen: IntArray = order[np.searchsorted(key[order], want)]
    return chosen


def _bits(flags: BoolArray) -> NDArray[np.uint64]:
    """``(..., S)`` booleans as ``(..., ceil(S / 64))`` words of bits (slot ``s``: bit ``s % 64``)."""
    packed = np.packbits(flags, axis=-1, bitorder="little")
    pad = -packed.shape[-1] % 8
    if pad:
        packed = np.concatenate([packed, np.zeros((*packed.shape[:-1], pad), np.uint8)], axis=-1)
    words: NDArray[np.uint64] = np.ascontiguousarray(packed).view(np.uint64)
    return words


_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _count(words: NDArray[np.uint64]) -> IntArray:
    """Set bits of each row of words (slots in each set)."""
    if hasattr(np, "bitwise_count"):
        out: IntArray = np.bitwise_count(words).sum(axis=-1, dtype=np.intp)
        return out
    return _count_bytes(words)


def _count_bytes(words: NDArray[np.uint64]) -> IntArray:
    """:func:`_count` for numpy < 2.0, which has no ``bitwise_count`` (the project allows
    numpy 1.24): each byte's bits from a 256-entry table."""
    as_bytes = np.ascontiguousarray(words).view(np.uint8)
    out: IntArray = _BYTE_BITS[as_bytes].sum(axis=-1, dtype=np.intp)
    return out


class _State:
    """The timetable being built: slot of each meeting and occupancy of each participant."""

    def __init__(
        self,
        rows: IntArray,
        cols: IntArray,
        n_rows: int,
        n_cols: int,
        allowed: BoolArray,
        capacity: IntArray | None,
        blocked: BoolArray | None,
        backend: str,
    ) -> None:
        self.rows, self.cols, self.n_rows, self.n_cols = rows, cols, n_rows, n_cols
        self.backend = matching_backend(backend)
        self.ends = np.stack([rows, n_rows + cols], axis=1)
        # entry 2e + k of ``ends.ravel()`` is end k of meeting e; here in participant order
        self._by_end: IntArray = np.argsort(self.ends.ravel(), kind="stable")
        self._allowed_bits = _bits(allowed)
        self.allowed = allowed
        n_slots = allowed.shape[1]
        self.capacity = (
            np.full(n_slots, len(rows) + 1, dtype=np.intp) if capacity is None else np.asarray(capacity)
        )
        self.slot = np.full(len(rows), -1, dtype=np.intp)
        self.occ = np.full((n_rows + n_cols, n_slots), _FREE, dtype=np.intp)
        if blocked is not None:
            self.occ[blocked] = _FIXED
        self.counts = np.zeros(n_slots, dtype=np.intp)

    def place(self, edges: IntArray, s: IntArray | int) -> None:
        s = np.broadcast_to(np.asarray(s, dtype=np.intp), edges.shape)
        self.slot[edges] = s
        self.occ[self.ends[edges, 0], s] = edges
        self.occ[self.ends[edges, 1], s] = edges
        np.add.at(self.counts, s, 1)

    def free(self, edges: IntArray) -> BoolArray:
        """``(len(edges), S)``: both participants of each meeting are free in each slot."""
        out: BoolArray = (self.occ[self.ends[edges, 0]] == _FREE) & (self.occ[self.ends[edges, 1]] == _FREE)
        return out

    def keep(self, prefer: IntArray) -> None:
        edges = np.flatnonzero(prefer >= 0)
        s = prefer[edges]
        ok = self.allowed[edges, s] & self.free(edges)[np.arange(len(edges)), s]
        edges, s = edges[ok], s[ok]
        for end in (0, 1):
            _, first = np.unique(self.ends[edges, end] * len(self.counts) + s, return_index=True)
            first.sort()
            edges, s = edges[first], s[first]
        order = np.argsort(s, kind="stable")
        edges, s = edges[order], s[order]
        rank = np.arange(len(s)) - np.searchsorted(s, s)
        ok = rank < self.capacity[s]
        self.place(edges[ok], s[ok])

    def match_slot(self, s: int) -> None:
        room = int(self.capacity[s] - self.counts[s])
        if room <= 0:
            return
        edges = np.flatnonzero((self.slot < 0) & self.allowed[:, s])
        edges = edges[
            (self.occ[self.ends[edges, 0], s] == _FREE) & (self.occ[self.ends[edges, 1], s] == _FREE)
        ]
        if len(edges) == 0:
            return
        weight = self.urgency(edges, s)
        # a pair with several meetings left competes with its most urgent one
        chosen = _matched_edges(
            self.rows[edges], self.cols[edges], weight, self.backend, exact=len(edges) <= EXACT_EDGES
        )
        if len(chosen) > room:
            chosen = chosen[np.argsort(-weight[chosen], kind="stable")[:room]]
        self.place(edges[chosen], s)

    def urgency(self, edges: IntArray, s: int) -> IntArray:
        """Integer weight of placing each candidate meeting in slot ``s`` (higher: more urgent).

        ``1 + 1/options + pressure(a) + pressure(b)``, scaled to integers: ``options`` is
        the slots from ``s`` on still open to the meeting, a participant's pressure its
        unplaced meetings over its open slots from ``s`` on.  Tenths are kept: finer
        weights made LAPJVsp twice as slow at 50,000 meetings for no more placed.
        """
        # slot sets as bit masks (64 slots a word): an AND and a popcount per meeting
        # instead of gathering and reducing (meetings × slots) booleans, once per slot
        later = _bits(np.arange(self.allowed.shape[1]) >= s)
        free = _bits(self.occ == _FREE) & later
        options = np.maximum(
            _count(self._allowed_bits[edges] & free[self.ends[edges, 0]] & free[self.ends[edges, 1]]), 1
        )
        unplaced = self.slot < 0
        # the meetings' ends are sorted by participant once (``_by_end``): no sort per slot
        entries = self._by_end[unplaced[self._by_end >> 1]]
        owner = self.ends.ravel()[entries]
        first = np.flatnonzero(np.diff(owner, prepend=-1))
        open_ = np.zeros(free.shape, dtype=np.uint64)
        if len(first):
            open_[owner[first]] = np.bitwise_or.reduceat(self._allowed_bits[entries >> 1], first, axis=0)
        need = np.bincount(owner, minlength=len(self.occ))
        pressure = need / np.maximum(_count(open_ & free), 1)
        score = 1.0 + 1.0 / options + pressure[self.ends[edges, 0]] + pressure[self.ends[edges, 1]]
        out: IntArray = np.rint(score * 10).astype(np.intp)
        return out

    def repair(self) -> bool:
        """One pass over the unplaced meetings, most constrained first; whether any was placed."""
        todo = np.flatnonzero(self.slot < 0)
        todo = todo[np.argsort(self.allowed[todo].sum(axis=1), kind="stable")]
        placed = False
        for e in todo.tolist():
            placed |= self.direct(e) or self.kempe(e) or self.make_room(e)
        return placed

    def direct(self, e: int) -> bool:
        a, b = self.ends[e]
        ok = self.allowed[e] & (self.occ[a] == _FREE) & (self.occ[b] == _FREE) & (self.counts < self.capacity)
        if not ok.any():
            return False
        self.place(np.array([e]), int(np.argmax(ok)))
        return True

    def kempe(self, e: int) -> bool:
        a, b = (int(v) for v in self.ends[e])
        free_a = np.flatnonzero(self.allowed[e] & (self.occ[a] == _FREE))
        free_b = np.flatnonzero(self.allowed[e] & (self.occ[b] == _FREE))
        for s in free_a.tolist():
            for t in free_b.tolist():
                if self.swap_and_place(e, b, s, t) or self.swap_and_place(e, a, t, s):
                    return True
        return False

    def swap_and_place(self, e: int, start: int, s: int, t: int) -> bool:
        """Free ``start`` in slot ``s`` by swapping ``s``/``t`` along its path, then place ``e`` in ``s``."""
        path: list[int] = []
        v, c = start, s
        while True:
            f = int(self.occ[v, c])
            if f == _FREE:
                break
            if f == _FIXED:
                return False
            path.append(f)
            v = int(self.ends[f, 1] if self.ends[f, 0] == v else self.ends[f, 0])
            c = t if c == s else s
        edges = np.array(path, dtype=np.intp)
        new = np.where(self.slot[edges] == s, t, s)
        if not self.allowed[edges, new].all():
            return False
        n_s = int((new == t).sum())
        n_t = len(edges) - n_s
        if self.counts[s] - n_s + n_t + 1 > self.capacity[s] or self.counts[t] - n_t + n_s > self.capacity[t]:
            return False
        self.unplace(edges)
        self.place(edges, new)
        self.place(np.array([e]), s)
        return True

    def unplace(self, edges: IntArray) -> None:
        s = self.slot[edges]
        self.occ[self.ends[edges, 0], s] = _FREE
        self.occ[self.ends[edges, 1], s] = _FREE
        np.add.at(self.counts, s, -1)
        self.slot[edges] = -1

    def make_room(self, e: int) -> bool:
        """Place ``e`` in a full slot after moving one meeting of that slot to a slot with room."""
        a, b = self.ends[e]
        full = np.flatnonzero(
            self.allowed[e] & (self.occ[a] == _FREE) & (self.occ[b] == _FREE) & (self.counts >= self.capacity)
        )
        for s in full.tolist():
            there = np.flatnonzero(self.slot == s)
            ok = self.allowed[there] & self.free(there) & (self.counts < self.capacity)
            movable = np.flatnonzero(ok.any(axis=1))
            if len(movable):
                f = there[movable[0]]
                self.unplace(np.array([f]))
                self.place(np.array([f]), int(np.argmax(ok[movable[0]])))
                self.place(np.array([e]), s)
                return True
        return False
