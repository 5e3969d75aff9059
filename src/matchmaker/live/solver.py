"""The re-planning solver on arrays: add the best meetings into free (participant, slot) cells.

Rows are side A, columns side B.  The meetings that can still happen stay where they are;
what is chosen is a set of triples ``(i, j, s)`` (side-A ``i`` meets side-B ``j`` in open
slot ``s``) of maximum total score such that

* ``i`` and ``j`` are both free in ``s`` (available, not already meeting someone);
* each participant gets at most ``room`` more meetings (its cap minus what it keeps);
* each pair meets at most once (the pairs that met or keep a meeting are not candidates);
* at most ``tables[s]`` meetings go into slot ``s`` (a shared pool of tables; ``None``:
  each host has its own table).

Two exact methods:

``"milp"``
    The problem above as an integer program (HiGHS through :func:`scipy.optimize.milp`),
    every constraint included; ``optimal`` is HiGHS's proof.
``"flow"``
    A min-cost flow ``source → i (room_i) → (i, s) (1) → (j, s) (1, cost −w_ij) → j (room_j)
    → sink``: each cell is used once, caps hold, and an integral optimum exists.  The flow
    does not know that a pair meets at most once, so its optimum is an upper bound.  When it
    repeats a pair, each repeated pair keeps its earliest slot, its other triples are
    removed and the flow is solved again, until no pair repeats (at most
    :data:`REPAIR_ROUNDS` times; then the later repeats are dropped).  ``optimal=True`` when the
    answer's value reaches the first flow's bound (to within the integer rounding of the
    costs, ``2**-32`` per meeting): then no answer is better.
    Pruned candidates (large events, see :func:`candidates`): the flow once, each repeated
    pair kept in its earliest slot, then up to :data:`PRUNED_REPAIR_ROUNDS` flows over what
    is still free (cells, room, pairs not chosen) add meetings.
    A shared table pool is not in the network either: the flow is used with a pool only
    beyond :data:`MILP_LIMIT`, keeping each slot's best meetings (``optimal=False``).

``"auto"`` solves the flow first (milliseconds); only when it cannot prove its answer
optimal (a repeated pair, a shared table pool) and there are at most :data:`MILP_LIMIT`
candidate triples is the integer program solved: its LP relaxation first (``method="lp"``
when that optimum is integral, hence optimal), else the MILP itself, HiGHS branching on at
most :data:`NODE_LIMIT` nodes (a work budget: a re-plan's time stays bounded and the same
input gives the same answer; ``optimal=False`` when the budget runs out).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from matchmaker._optional import is_available

__all__ = [
    "LEX_GRID",
    "LEX_LIMIT",
    "MILP_LIMIT",
    "NODE_LIMIT",
    "PAIR_SLOTS",
    "PRUNED_REPAIR_ROUNDS",
    "PRUNE_LIMIT",
    "REPAIR_ROUNDS",
    "SCORE_TOL",
    "TOP_K",
    "Candidates",
    "Fill",
    "LexFill",
    "candidates",
    "fill",
    "flow_bound",
    "lexicographic",
    "reaches_bound",
]

#: Most candidate triples the exact MILP is used for (``method="auto"``).
MILP_LIMIT = 4_000
#: Flows solved again to repair repeated pairs before the later repeats are simply dropped.
REPAIR_ROUNDS = 1
#: Branch-and-bound nodes HiGHS may explore (a work budget, not a clock: deterministic).
NODE_LIMIT = 200
#: Beyond this many candidate triples, each participant in focus keeps TOP_K per free meeting.
PRUNE_LIMIT = 60_000
TOP_K = 8
#: When pruned, each pair keeps its PAIR_SLOTS earliest slots, and after the flow (repeated
#: pairs kept in their earliest slot) up to PRUNED_REPAIR_ROUNDS smaller flows fill what is
#: still free (:func:`_flow_gaps`).  Measured on the largest re-plan of the 1,000 × 3,000 day
#: (67,000 triples): 0.55 s of CPU instead of 1.6 s (every slot, the whole flow solved twice),
#: for a higher value (1,076 against 996).
PAIR_SLOTS = 6
PRUNED_REPAIR_ROUNDS = 3

IntArray = NDArray[np.intp]
#: OR-Tools needs integer costs: scores in [0, 1] times 2**32 (node prices stay far below 2**63).
_SCALE = float(2**32)
#: Rounding the costs moves each chosen meeting's value by at most this much.
_TOL = 1.0 / _SCALE


@dataclass(frozen=True)
class Candidates:
    """Candidate triples: ``rows[k]`` meets ``cols[k]`` in ``slots[k]``, worth ``value[k]``."""

    rows: IntArray
    cols: IntArray
    slots: IntArray
    value: NDArray[np.float64]
    pruned: bool = False


@dataclass(frozen=True)
class Fill:
    """The chosen triples (indices into the candidates), the method and its proof."""

    chosen: IntArray
    method: str
    optimal: bool


def candidates(
    value: NDArray[np.float64],
    free_a: NDArray[np.bool_],
    free_b: NDArray[np.bool_],
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
    banned: NDArray[np.bool_] | None = None,
    *,
    focus_a: NDArray[np.bool_] | None = None,
    focus_b: NDArray[np.bool_] | None = None,
    limit: int = PRUNE_LIMIT,
    top_k: int = TOP_K,
) -> Candidates:
    """Every allowed triple of a free side-A cell, a free side-B cell and a slot.

    ``value`` is ``(A, B)`` with NaN for pairs that may not meet (vetoed, below the
    relevance floor, not a candidate of sparse scores); ``free_a``/``free_b`` are
    ``(A, S)``/``(B, S)`` (closed slots all False); ``banned`` is an ``(A, B)`` mask of
    pairs that may not meet again.

    When there are more than ``limit`` triples (large events), only participants in focus
    (``focus_a``/``focus_b``: those the day's changes touched; everyone when not given)
    keep triples, each its ``top_k × room`` best over all its slots, then each pair its
    :data:`PAIR_SLOTS` earliest slots, and ``Candidates.pruned`` says so.  A loop over
    slots (not pairs), each slot a vectorised block of the free cells.
    """
    n_a, n_b = value.shape
    fa = np.ones(n_a, bool) if focus_a is None else focus_a
    fb = np.ones(n_b, bool) if focus_b is None else focus_b
    allowed, open_a, open_b = _open(value, banned, free_a, free_b, room_a, room_b)
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    wide = int((open_a.sum(axis=0) * open_b.sum(axis=0)).sum()) > limit
    if wide:
        # too many cells could pair up: each participant in focus brings its best partners
        # (4 × top_k of those with room), then the slots both have free
        parts.append(_focus_triples(value, allowed, open_a, open_b, fa, 4 * top_k))
        c, r, s_ = _focus_triples(value.T, allowed.T, open_b, open_a, fb, 4 * top_k)
        new = ~fa[r]  # pairs of two in focus came with side A already
        parts.append((r[new], c[new], s_[new]))
    else:
        parts.append(_slot_triples(allowed, open_a, open_b))
    parts = [p for p in parts if p[0].size]
    if not parts:
        empty = np.zeros(0, np.intp)
        return Candidates(empty, empty, empty, np.zeros(0), False)
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    slots = np.concatenate([p[2] for p in parts])
    worth = value[rows, cols].astype(np.float64)
    if rows.size <= limit and not wide:
        return Candidates(rows, cols, slots, worth, False)
    # each triple belongs to its side-A participant when in focus, else to its side-B one
    owner = np.where(fa[rows], rows, np.where(fb[cols], n_a + cols, -1))
    quota = np.concatenate([room_a, room_b, [0]]).clip(min=0) * top_k  # owner -1: no quota
    # one float sort key: the owner, then the value descending (values lie in (0, top])
    order = np.argsort(owner + 0.5 * (1.0 - worth / float(worth.max())), kind="stable")
    ranked = owner[order]
    first = np.searchsorted(ranked, ranked, side="left")
    keep = np.zeros(owner.size, bool)
    keep[order[np.arange(order.size) - first < quota[ranked]]] = True
    rows, cols, slots, worth = rows[keep], cols[keep], slots[keep], worth[keep]
    # each pair keeps its PAIR_SLOTS earliest slots (see PAIR_SLOTS)
    pair = rows.astype(np.int64) * n_b + cols
    order = np.lexsort((slots, pair))
    ranked_pairs = pair[order]
    early = np.zeros(pair.size, bool)
    early[order[np.arange(order.size) - np.searchsorted(ranked_pairs, ranked_pairs) < PAIR_SLOTS]] = True
    pruned = wide or not (bool(np.all(keep)) and bool(np.all(early)))
    return Candidates(rows[early], cols[early], slots[early], worth[early], pruned)


def _open(
    value: NDArray[np.float64],
    banned: NDArray[np.bool_] | None,
    free_a: NDArray[np.bool_],
    free_b: NDArray[np.bool_],
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """The pairs that may meet (a value above 0, not banned: NaN compares False) and the
    free cells of participants with room left: where a new meeting can go."""
    allowed = value > 0
    if banned is not None:
        allowed &= ~banned
    return allowed, free_a & (room_a > 0)[:, None], free_b & (room_b > 0)[:, None]


def _slot_triples(
    allowed: NDArray[np.bool_], open_a: NDArray[np.bool_], open_b: NDArray[np.bool_]
) -> tuple[IntArray, IntArray, IntArray]:
    """Every allowed ``(row, col, slot)`` with both cells open: a loop over slots (not
    pairs), each slot one vectorised block."""
    parts = [(np.zeros(0, np.intp),) * 3]
    for s in range(open_a.shape[1]):
        ia, jb = np.flatnonzero(open_a[:, s]), np.flatnonzero(open_b[:, s])
        if ia.size and jb.size:
            r, c = np.nonzero(allowed[np.ix_(ia, jb)])
            parts.append((ia[r], jb[c], np.full(r.size, s, np.intp)))
    rows, cols, slots = (np.concatenate([p[k] for p in parts]).astype(np.intp) for k in range(3))
    return rows, cols, slots


def _focus_triples(
    value: NDArray[np.float64],
    allowed: NDArray[np.bool_],
    open_own: NDArray[np.bool_],
    open_other: NDArray[np.bool_],
    focus: NDArray[np.bool_],
    m: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """``(own, other, slot)`` triples of each participant in focus (rows of ``value``) with its
    ``m`` best allowed partners that have room, in every slot both have open."""
    own = np.flatnonzero(focus & open_own.any(axis=1))
    others = np.flatnonzero(open_other.any(axis=1))
    if not own.size or not others.size:
        empty = np.zeros(0, np.intp)
        return empty, empty, empty
    w = np.where(allowed[np.ix_(own, others)], value[np.ix_(own, others)], -np.inf)
    k = min(m, others.size)
    best = np.argpartition(-w, k - 1, axis=1)[:, :k]
    pair_own = np.repeat(own, k)
    pair_other = others[best.ravel()]
    ok = np.isfinite(w[np.repeat(np.arange(own.size), k), best.ravel()])
    pair_own, pair_other = pair_own[ok], pair_other[ok]
    both = open_own[pair_own] & open_other[pair_other]  # (pairs, slots)
    p, s = np.nonzero(both)
    return pair_own[p], pair_other[p], s.astype(np.intp)


def _group(keys: NDArray[np.int64]) -> tuple[IntArray, int]:
    """Dense group numbers of ``keys`` and the number of groups."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    return inverse.astype(np.intp).ravel(), int(uniq.size)


def _cells(rows: IntArray, cols: IntArray, slots: IntArray, n_s: int) -> tuple[IntArray, int, IntArray, int]:
    """Dense numbers of each triple's side-A cell ``(row, slot)`` and side-B cell
    ``(col, slot)``, and how many of each: a cell holds one meeting."""
    cell_a, na = _group(rows.astype(np.int64) * n_s + slots)
    cell_b, nb = _group(cols.astype(np.int64) * n_s + slots)
    return cell_a, na, cell_b, nb


def _incidence(groups: list[tuple[IntArray, int]], n: int, at: IntArray | None = None) -> sp.csr_array:
    """0/1 constraint rows, one per group of each ``(group of each variable, groups)``, over
    the variables ``at`` of ``n`` (all of them when not given)."""
    at = np.arange(n) if at is None else at
    mats = [sp.csr_array((np.ones(at.size), (g, at)), shape=(size, n)) for g, size in groups]
    return sp.vstack(mats, format="csr")


def _milp(
    cand: Candidates,
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
    tables: NDArray[np.int64] | None,
    *,
    relax: bool = False,
) -> tuple[IntArray, bool]:
    """The integer program (or, with ``relax``, its LP relaxation: the chosen triples when its
    optimum is integral, else no triples and ``False``)."""
    n = cand.rows.size
    n_a, n_b = room_a.size, room_b.size
    n_s = int(cand.slots.max()) + 1
    cell_a, na, cell_b, nb = _cells(cand.rows, cand.cols, cand.slots, n_s)
    pair, npair = _group(cand.rows.astype(np.int64) * n_b + cand.cols)
    groups = [(cell_a, na), (cell_b, nb), (pair, npair), (cand.rows, n_a), (cand.cols, n_b)]
    ubs = [np.ones(na), np.ones(nb), np.ones(npair), room_a, room_b]
    if tables is not None:
        groups.append((cand.slots, n_s))
        ubs.append(tables[:n_s])
    res = milp(
        -cand.value,
        constraints=LinearConstraint(_incidence(groups, n), -np.inf, np.concatenate(ubs).astype(np.float64)),
        integrality=np.zeros(n) if relax else np.ones(n),
        bounds=Bounds(0, 1),
        options={"node_limit": NODE_LIMIT},
    )
    if res.x is None:  # cannot happen: choosing nothing is feasible
        return np.zeros(0, np.intp), False
    if relax and bool((np.abs(res.x - np.rint(res.x)) > 1e-7).any()):
        return np.zeros(0, np.intp), False
    return np.flatnonzero(res.x > 0.5), bool(res.status == 0)


def _flow_once(cand: Candidates, room_a: NDArray[np.int64], room_b: NDArray[np.int64]) -> IntArray:
    """One min-cost flow (pair-once relaxed); the chosen candidate indices."""
    n = cand.rows.size
    n_a, n_b = room_a.size, room_b.size
    n_s = int(cand.slots.max()) + 1
    cell_a, na, cell_b, nb = _cells(cand.rows, cand.cols, cand.slots, n_s)
    a_of_cell = np.zeros(na, np.intp)
    a_of_cell[cell_a] = cand.rows
    b_of_cell = np.zeros(nb, np.intp)
    b_of_cell[cell_b] = cand.cols
    # nodes: source 0, sink 1, A 2.., A-cells, B-cells, B; arc sink → source
    o_a = 2
    o_ca = o_a + n_a
    o_cb = o_ca + na
    o_b = o_cb + nb
    if is_available("ortools"):
        from ortools.graph.python import min_cost_flow

        total = int(min(room_a.sum(), room_b.sum()))
        cost = -np.maximum(np.rint(cand.value * _SCALE), 1).astype(np.int64)
        tails = np.concatenate(
            [
                np.zeros(n_a, np.int64),
                o_a + a_of_cell,
                o_ca + cell_a,
                o_cb + np.arange(nb),
                o_b + np.arange(n_b),
                [1],
            ]
        )
        heads = np.concatenate(
            [
                o_a + np.arange(n_a),
                o_ca + np.arange(na),
                o_cb + cell_b,
                o_b + b_of_cell,
                np.ones(n_b, np.int64),
                [0],
            ]
        )
        caps = np.concatenate(
            [room_a, np.ones(na, np.int64), np.ones(n, np.int64), np.ones(nb, np.int64), room_b, [total]]
        )
        costs = np.concatenate([np.zeros(n_a + na, np.int64), cost, np.zeros(nb + n_b + 1, np.int64)])
        smcf = min_cost_flow.SimpleMinCostFlow()
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        # a circulation (sink → source closes it, no supplies): the negative-cost cycles
        # through the candidate arcs are the meetings worth adding
        if smcf.solve() != smcf.OPTIMAL:
            raise RuntimeError("OR-Tools could not solve the re-planning flow")
        flows = smcf.flows(arcs[n_a + na : n_a + na + n])
        return np.flatnonzero(flows > 0)
    # without OR-Tools: the same network as an LP; its matrix is totally unimodular, so
    # HiGHS's simplex returns an integral vertex
    a = _incidence([(cell_a, na), (cell_b, nb), (cand.rows, n_a), (cand.cols, n_b)], n)
    ub = np.concatenate([np.ones(na), np.ones(nb), room_a, room_b]).astype(np.float64)
    res = milp(
        -cand.value, constraints=LinearConstraint(a, -np.inf, ub), integrality=np.ones(n), bounds=Bounds(0, 1)
    )
    if res.x is None:
        raise RuntimeError("HiGHS could not solve the re-planning flow")
    return np.flatnonzero(res.x > 0.5)


def flow_bound(cand: Candidates, room_a: NDArray[np.int64], room_b: NDArray[np.int64]) -> float:
    """An upper bound of the value of every choice of the candidates that uses each cell once
    and each participant's room at most: the min-cost flow's optimum (a pair may be chosen in
    two slots there, so it is a bound, not always an answer).  Exact in the flow's integer
    costs (``2**-32`` per meeting); 0 without candidates.

    >>> c = Candidates(np.array([0, 0]), np.array([0, 0]), np.array([0, 1]), np.array([0.5, 0.5]))
    >>> flow_bound(c, np.array([2]), np.array([2]))  # the pair twice: one meeting can be chosen
    1.0
    """
    if cand.rows.size == 0:
        return 0.0
    return float(cand.value[_flow_once(cand, room_a, room_b)].sum())


def reaches_bound(
    value: NDArray[np.float64],
    free_a: NDArray[np.bool_],
    free_b: NDArray[np.bool_],
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
    banned: NDArray[np.bool_] | None,
    chosen: NDArray[np.float64],
    *,
    limit: int = MILP_LIMIT,
) -> bool:
    """Whether new meetings worth ``chosen`` (their values) reach :func:`flow_bound` of every
    allowed triple of the cells ``free_a`` / ``free_b`` (as :func:`candidates` takes them):
    then no choice of those triples is worth more.  False, proving nothing, when the cells
    could form more than ``limit`` triples (larger events: a proof is not worth a flow that
    size on every re-plan, the answer's own was cut anyway), checked before any pair is read."""
    open_a = free_a & (room_a > 0)[:, None]
    open_b = free_b & (room_b > 0)[:, None]
    if int((open_a.sum(axis=0) * open_b.sum(axis=0)).sum()) > limit:
        return False
    allowed, open_a, open_b = _open(value, banned, free_a, free_b, room_a, room_b)
    rows, cols, slots = _slot_triples(allowed, open_a, open_b)
    top = flow_bound(Candidates(rows, cols, slots, value[rows, cols].astype(np.float64)), room_a, room_b)
    return float(chosen.sum()) >= top - _TOL * max(chosen.size, 1)


def _repeats(
    cand: Candidates, chosen: IntArray, n_b: int
) -> tuple[NDArray[np.bool_], IntArray, NDArray[np.int64]]:
    """Which ``chosen`` triples repeat a pair chosen in an earlier slot; the order (by pair,
    then slot) and the pair keys used to find them."""
    key = cand.rows[chosen].astype(np.int64) * n_b + cand.cols[chosen]
    order = np.lexsort((cand.slots[chosen], key))
    dup = np.zeros(chosen.size, bool)
    dup[order[1:]] = key[order[1:]] == key[order[:-1]]
    return dup, order, key


def _pool(cand: Candidates, chosen: IntArray, tables: NDArray[np.int64]) -> IntArray:
    """A shared pool of tables: each slot keeps its best chosen meetings that fit."""
    order = np.lexsort((-cand.value[chosen], cand.slots[chosen]))
    chosen = chosen[order]
    slots = cand.slots[chosen]
    rank = np.arange(chosen.size) - np.searchsorted(slots, slots, side="left")
    return np.sort(chosen[rank < tables[slots]])


def _flow(
    cand: Candidates, room_a: NDArray[np.int64], room_b: NDArray[np.int64], tables: NDArray[np.int64] | None
) -> tuple[IntArray, bool]:
    n_b = room_b.size
    keep = np.arange(cand.rows.size)
    bound = np.inf
    for rounds in range(REPAIR_ROUNDS + 1):
        sub = Candidates(cand.rows[keep], cand.cols[keep], cand.slots[keep], cand.value[keep], cand.pruned)
        chosen = keep[_flow_once(sub, room_a, room_b)] if keep.size else keep
        if rounds == 0:  # the relaxation's optimum bounds every solution from above
            bound = float(cand.value[chosen].sum())
        dup, order, key = _repeats(cand, chosen, n_b)
        if not dup.any():
            break
        if rounds == REPAIR_ROUNDS:  # the budget is spent: drop the later repeats outright
            chosen = np.sort(chosen[~dup])
            break
        # each repeated pair keeps the earliest of its chosen slots; its other triples go
        first = chosen[order[~dup[order]]]
        repeated = np.unique(key[dup])
        keys_all = cand.rows[keep].astype(np.int64) * n_b + cand.cols[keep]
        stays = ~np.isin(keys_all, repeated) | np.isin(keep, first)
        keep = keep[stays]
    # proven optimal when the repaired answer reaches the relaxation's bound (ties are common)
    exact = tables is None and float(cand.value[chosen].sum()) >= bound - _TOL * max(chosen.size, 1)
    if tables is not None:
        chosen = _pool(cand, chosen, tables)
    return chosen, exact


def _flow_gaps(
    cand: Candidates, room_a: NDArray[np.int64], room_b: NDArray[np.int64], rounds: int
) -> IntArray:
    """Pruned candidates: one flow, each repeated pair kept in its earliest chosen slot, then
    up to ``rounds`` flows over the triples still possible (both cells free, both with room
    left, the pair not chosen), each adding what it finds.  Far smaller than solving the
    whole network again: the first flow is most of the time."""
    n_b, n_s = room_b.size, int(cand.slots.max()) + 1
    chosen = _flow_once(cand, room_a, room_b)
    chosen = chosen[~_repeats(cand, chosen, n_b)[0]]
    pair = cand.rows.astype(np.int64) * n_b + cand.cols
    for _ in range(rounds):
        busy_a = np.zeros((room_a.size, n_s), bool)
        busy_a[cand.rows[chosen], cand.slots[chosen]] = True
        busy_b = np.zeros((n_b, n_s), bool)
        busy_b[cand.cols[chosen], cand.slots[chosen]] = True
        left_a = room_a - np.bincount(cand.rows[chosen], minlength=room_a.size)
        left_b = room_b - np.bincount(cand.cols[chosen], minlength=n_b)
        still = (
            ~busy_a[cand.rows, cand.slots]
            & ~busy_b[cand.cols, cand.slots]
            & (left_a[cand.rows] > 0)
            & (left_b[cand.cols] > 0)
            & ~np.isin(pair, pair[chosen])
        )
        idx = np.flatnonzero(still)
        if not idx.size:
            break
        sub = Candidates(cand.rows[idx], cand.cols[idx], cand.slots[idx], cand.value[idx], True)
        more = idx[_flow_once(sub, left_a, left_b)]
        more = more[~_repeats(cand, more, n_b)[0]]
        if not more.size:
            break
        chosen = np.concatenate([chosen, more])
    return np.sort(chosen)


def fill(
    cand: Candidates,
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
    tables: NDArray[np.int64] | None = None,
    *,
    method: str = "auto",
) -> Fill:
    """Choose the triples of maximum total value (see the module docstring).

    ``"auto"``: the flow first (fast); when its optimum repeats a pair (or a shared table
    pool applies) and there are at most :data:`MILP_LIMIT` candidates, the MILP decides.

    >>> c = Candidates(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0, 0, 0]),
    ...                np.array([0.9, 0.5, 0.8]))
    >>> f = fill(c, np.array([1, 1]), np.array([1, 1]))
    >>> f.chosen.tolist(), f.method, f.optimal
    ([0, 2], 'flow', True)
    """
    if method not in ("auto", "milp", "flow"):
        raise ValueError(f"unknown re-planning method {method!r}; known: auto, milp, flow")
    if cand.rows.size == 0:
        return Fill(np.zeros(0, np.intp), "none", not cand.pruned)
    if cand.pruned:  # not proven optimal: the candidates were cut
        chosen = _flow_gaps(cand, room_a, room_b, PRUNED_REPAIR_ROUNDS)
        return Fill(chosen if tables is None else _pool(cand, chosen, tables), "flow", False)
    if method == "milp":
        chosen, optimal = _milp(cand, room_a, room_b, tables)
        return Fill(chosen, "milp", optimal)
    chosen, optimal = _flow(cand, room_a, room_b, tables)
    if optimal or method == "flow" or cand.rows.size > MILP_LIMIT:
        return Fill(chosen, "flow", optimal)
    exact, integral = _milp(cand, room_a, room_b, tables, relax=True)  # often integral: no branching
    if integral:
        return Fill(exact, "lp", True)
    exact, proven = _milp(cand, room_a, room_b, tables)
    if not proven and cand.value[exact].sum() < cand.value[chosen].sum():
        return Fill(chosen, "flow", False)  # the node budget ran out below the flow's answer
    return Fill(exact, "milp", proven)


def _lex_milp(gain: NDArray[np.float64], moves: NDArray[np.bool_], cons: LinearConstraint) -> OptimizeResult:
    """Maximise ``gain`` (integers: scores on the grid), then the fewest ``moves``, in one
    program: costs ``gain · M − moves`` with ``M`` one more than the possible moves."""
    n = gain.size
    big = float(int(moves.sum()) + 1)
    # integer costs: exact in doubles while round(w · 2**20) · big < 2**53
    cost = gain * big - moves
    # the LP relaxation first: often integral (then optimal, no branching)
    res = milp(-cost, constraints=cons, integrality=np.zeros(n), bounds=Bounds(0, 1))
    if res.x is None or bool((np.abs(res.x - np.rint(res.x)) > 1e-7).any()):
        res = milp(
            -cost,
            constraints=cons,
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            options={"node_limit": NODE_LIMIT, "mip_rel_gap": 0.0},
        )
    return res


def _fewer_moves(
    fine: NDArray[np.float64], moves: NDArray[np.bool_], cap: int, floor: float, cons: LinearConstraint
) -> tuple[NDArray[np.bool_] | None, bool]:
    """The second stage of :func:`lexicographic`, one step: the answer of the most score
    (``fine``: integers on a fine grid) with at most ``cap`` moves, when that score reaches
    ``floor`` (else ``None``), and whether that is proven.  The LP relaxation first: its
    optimum bounds every answer's, so below ``floor`` it is the proof (often, without
    branching); else, unless integral, the MILP (:data:`NODE_LIMIT` nodes, ``mip_rel_gap=0``)."""
    n = fine.size
    capped = [cons, LinearConstraint(moves.astype(np.float64)[None, :], -np.inf, float(cap))]
    # costs of about the first program's size (2**20 a unit of score; a power of two, so
    # exact): as large as 2**36, HiGHS failed on a small program ("solve error")
    cost = -fine / _FINE_COST
    res = milp(cost, constraints=capped, integrality=np.zeros(n), bounds=Bounds(0, 1))
    if res.x is None:  # HiGHS failed: the program is feasible (nothing moved, nothing new)
        return None, False
    if res.status == 0 and -float(res.fun) * _FINE_COST < floor:
        return None, True
    if res.status != 0 or bool((np.abs(res.x - np.rint(res.x)) > 1e-7).any()):
        res = milp(
            cost,
            constraints=capped,
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            options={"node_limit": NODE_LIMIT, "mip_rel_gap": 0.0},
        )
        if res.x is None:
            return None, False
    y = res.x > 0.5
    return (y if float(fine[y].sum()) >= floor else None), bool(res.status == 0)


#: Most variables (new and kept triples) of the exact lexicographic program (see :func:`lexicographic`).
LEX_LIMIT = 1_500
#: Scores are compared on this grid in the lexicographic program (see :func:`lexicographic`).
LEX_GRID = 2**20
#: Re-plans whose scores differ by less than this count as equally good: the fewest moves
#: among them win (the second stage of :func:`lexicographic`).
SCORE_TOL = 5e-7
#: The second stage's score grid: ``round(w · 2**36)``, integers (sums exact in doubles,
#: 1,500 · 2**36 < 2**47): each meeting's rounding (at most 2**-37) summed over
#: :data:`LEX_LIMIT` meetings stays below 10**-8, far inside :data:`SCORE_TOL`.
_FINE = float(2**36)
#: HiGHS sees the second stage's scores divided by this (2**20 a unit of score), so that its
#: tolerances (10**-6 of a cost at most) are 10**-12 of a score (see :func:`_fewer_moves`).
_FINE_COST = float(2**16)


@dataclass(frozen=True)
class LexFill:
    """The lexicographic program's answer: chosen new triples (indices into ``new``), the
    slot each kept meeting goes to, whether it is proven optimal (``solved``: HiGHS proved the
    first program optimal; ``optimal``: the answer is the lexicographic optimum of the whole
    re-plan, the best score and then the fewest moves, the second stage proven too when it
    was solved), the new triples, and ``best_score``: the score is proven the largest of
    every re-plan (the fewest moves aside).

    ``best_score`` holds when the whole program (every kept meeting that could move) was
    solved to optimality with ``move_cost`` 0, or when the new meetings reach the flow bound
    of every re-plan's new meetings (:func:`flow_bound`): the kept meetings score the same
    wherever they are held.  The bound does not depend on where the program started (a
    closure too large for the whole program) or on its node budget.  ``optimal`` holds when
    the whole program was solved (and the second stage, when it was solved), or when the
    bound is reached without a move."""

    chosen: IntArray
    kept_slots: IntArray
    optimal: bool
    solved: bool
    new: Candidates
    best_score: bool = False


def lexicographic(
    value: NDArray[np.float64],
    cell_a: NDArray[np.bool_],
    cell_b: NDArray[np.bool_],
    room_a: NDArray[np.int64],
    room_b: NDArray[np.int64],
    banned: NDArray[np.bool_],
    kept: tuple[IntArray, IntArray, IntArray],
    tables: NDArray[np.int64] | None = None,
    *,
    moved_pairs: NDArray[np.bool_] | None = None,
    move_cost: float = 0.0,
    new_a: NDArray[np.bool_] | None = None,
    new_b: NDArray[np.bool_] | None = None,
    limit: int = LEX_LIMIT,
) -> LexFill | None:
    """The re-plan's lexicographic objective solved exactly: first the total score of the
    meetings held from the first open slot on, then the fewest moved meetings.

    ``kept`` are the meetings that can still happen in the open slots (rows, cols, slots):
    each must be held, in its slot or moved to another open slot both can use.  ``cell_a`` /
    ``cell_b`` mark the open cells a meeting may use (available, open, not held by a frozen
    meeting; the kept meetings' own cells included).  New meetings: pairs not ``banned``
    with a value, each participant at most ``room`` of them (its cap minus what it holds and
    keeps), each pair once.  ``moved_pairs`` (``(A, B)``) marks pairs whose new meeting
    counts as a move (a meeting that cannot happen where it is, booked again elsewhere).
    ``tables``: at most ``tables[s]`` meetings (kept and new) in slot ``s``.

    One integer program (HiGHS, ``mip_rel_gap=0``, :data:`NODE_LIMIT` nodes) with integer
    costs ``round(w · LEX_GRID) · M − moved``, ``M`` one more than the number of meetings
    that could move: on the grid two different totals differ by at least one unit of
    ``LEX_GRID``, i.e. ``M`` in cost, and all moves together cost less than ``M``, so the
    score on the grid comes first and moves break its ties.  But each meeting's score is
    rounded to the grid on its own, so two equal totals can differ there by a unit or more
    (0.22 + 0.27 lands a unit above 0.49): the grid's best could move a meeting for no
    gain.  So when its answer moves a meeting, a second stage asks for the most score with
    a move fewer (the same program with a cap on the moves, :data:`NODE_LIMIT` nodes, scores
    on a grid of ``2**-36``: each meeting's rounding at most ``2**-37``, under 10⁻⁸ over
    :data:`LEX_LIMIT` meetings, far inside the tolerance); while that score is within
    :data:`SCORE_TOL` (5·10⁻⁷) of the best found, it is the answer and the stage asks again
    with a move fewer.  Its LP relaxation's bound is usually the proof that none comes that
    close.  So totals closer than ``SCORE_TOL`` count as equal and the fewest moves win among
    them (then the most score): no meeting moves for a gain below it.  The first program's
    score is the best to within its grid's rounding (``2**-21`` per meeting, under 0.001
    over :data:`LEX_LIMIT`): scores in hundredths (totals 0.01 apart at least, as in the
    tests) are compared exactly.  An answer without a move has the fewest moves already: the
    second stage is not solved.

    ``new_a`` / ``new_b`` (optional, as ``cell_a`` / ``cell_b``) mark the cells a *new*
    meeting may use where that is narrower (the check-in desk's rule, day by day);
    kept meetings move within ``cell_a`` / ``cell_b``, and to an earlier slot only where both
    ``new_a`` and ``new_b`` allow (one not known present keeps its time or a later one).
    ``None`` when there are more than ``limit`` variables.  ``move_cost`` (default
    0: the lexicographic objective) charges each move that much score as well: then a move
    must gain more than ``move_cost`` (an option for organisers who want fewer moves).

    >>> v = np.array([[0.5, 0.9], [0.8, np.nan]])
    >>> free = np.ones((2, 2), bool)
    >>> free_a = np.array([[True, True], [True, False]])  # side-A 1 only comes to slot 0
    >>> kept = (np.array([0]), np.array([0]), np.array([0]))  # 0 meets 0 in slot 0
    >>> f = lexicographic(v, free_a, free, np.array([1, 1]), np.array([1, 1]),
    ...                   np.eye(2, dtype=bool), kept)
    >>> f.kept_slots.tolist(), f.optimal  # moved to slot 1, making room for 1 meets 0 in slot 0
    ([1], True)
    >>> [(int(f.new.rows[k]), int(f.new.cols[k]), int(f.new.slots[k])) for k in f.chosen]
    [(0, 1, 0), (1, 0, 0)]
    """
    n_a, n_b = value.shape
    n_s = cell_a.shape[1]
    allowed, can_a, can_b = _open(
        value,
        banned,
        cell_a if new_a is None else cell_a & new_a,
        cell_b if new_b is None else cell_b & new_b,
        room_a,
        room_b,
    )
    if int((can_a.sum(axis=0) * can_b.sum(axis=0)).sum()) > 20 * limit:
        return None  # far too many cells could pair up (large events): not even tried
    empty = np.zeros(0, np.intp)
    rows, cols, slots = _slot_triples(allowed, can_a, can_b)
    if rows.size > limit:
        return None
    ki, kj, ks = kept
    # which kept meetings may move: those on a cell a new meeting could use, then those on a
    # cell one of them could move to, and so on (the closure); a kept meeting outside it
    # frees only cells nobody else can use, so moving it could only add a move (with a
    # shared pool, a slot's tables count as such a cell: every kept meeting of the slot)
    at_a = np.full((n_a, n_s), -1, np.intp)
    at_b = np.full((n_b, n_s), -1, np.intp)
    at_a[ki, ks] = np.arange(ki.size)
    at_b[kj, ks] = np.arange(ki.size)
    movable = np.zeros(ki.size, bool)
    touched = np.concatenate([at_a[rows, slots], at_b[cols, slots]])
    movable[touched[touched >= 0]] = True
    dest = cell_a[ki] & cell_b[kj]  # (kept, slots): where each kept meeting could go
    if new_a is not None or new_b is not None:
        # the desk's rule for kept meetings: one may move earlier only into cells where both
        # could take a new meeting; someone not known present keeps the time they were given
        # or a later one (they may be on their way for it, not here to be told of an earlier one)
        earlier = np.arange(n_s) < ks[:, None]
        ok_a = np.ones((ki.size, n_s), bool) if new_a is None else new_a[ki]
        ok_b = np.ones((ki.size, n_s), bool) if new_b is None else new_b[kj]
        dest &= ~earlier | (ok_a & ok_b)
    if tables is not None:  # a shared pool: a kept meeting also holds a table of its slot
        movable |= np.isin(ks, slots)
    first = movable.copy()
    closed = False
    while rows.size + int(dest[movable].sum()) <= limit:
        mk = np.flatnonzero(movable)
        k_idx, s_idx = np.nonzero(dest[mk])
        occ = np.concatenate([at_a[ki[mk[k_idx]], s_idx], at_b[kj[mk[k_idx]], s_idx]])
        grow = np.zeros(ki.size, bool)
        grow[occ[occ >= 0]] = True
        if tables is not None:
            grow |= np.isin(ks, s_idx)
        grow &= ~movable
        if not grow.any():
            closed = True
            break
        movable |= grow
    if not closed:
        # the closure is too large: only the meetings on a cell a new meeting could use may
        # move, and only to cells both have free (a restriction: not proven optimal)
        movable = first
        dest = dest & (at_a[ki] < 0) & (at_b[kj] < 0)
        if rows.size + int(dest[movable].sum()) > limit:
            return None
    mk = np.flatnonzero(movable)
    # a movable meeting goes to its own slot or a cell both have free or a movable one holds
    fixed_a = (at_a >= 0) & ~np.concatenate([movable, [False]])[at_a]
    fixed_b = (at_b >= 0) & ~np.concatenate([movable, [False]])[at_b]
    go = dest[mk] & ~fixed_a[ki[mk]] & ~fixed_b[kj[mk]]
    go[np.arange(mk.size), ks[mk]] = True
    new = Candidates(rows, cols, slots, value[rows, cols].astype(np.float64), False)
    kv_local, kslot = np.nonzero(go)
    kv = mk[kv_local]
    # the fixed kept meetings hold their cells and tables
    fix = ~movable
    if tables is not None:
        tables = tables - np.bincount(ks[fix], minlength=n_s)
    n_new, n_k = rows.size, kv.size
    if n_new + n_k == 0:
        # nothing to add, nothing to move
        return LexFill(empty, ks.copy(), True, True, new, best_score=True)
    var_a = np.concatenate([rows, ki[kv]])
    var_b = np.concatenate([cols, kj[kv]])
    var_s = np.concatenate([slots, kslot])
    moves = np.concatenate(
        [
            np.zeros(n_new, bool) if moved_pairs is None else moved_pairs[rows, cols],
            kslot != ks[kv],
        ]
    )
    worth = np.concatenate([new.value, np.nan_to_num(value[ki[kv], kj[kv]])])
    # move_cost > 0 (not the default): a move must also gain that much score (then the
    # objective is score minus move_cost per move, moves still breaking ties)
    gain = np.rint(worth * LEX_GRID) - moves * np.rint(move_cost * LEX_GRID)
    n = n_new + n_k
    cell_a_id, na, cell_b_id, nb = _cells(var_a, var_b, var_s, n_s)
    groups = [(cell_a_id, na), (cell_b_id, nb)]
    lo, hi = [np.zeros(na + nb)], [np.ones(na + nb)]
    if tables is not None:
        groups.append((var_s, n_s))
        lo.append(np.zeros(n_s))
        hi.append(tables[:n_s].astype(np.float64))
    mats = [_incidence(groups, n)]
    if n_new:
        pair, npair = _group(rows.astype(np.int64) * n_b + cols)
        mats.append(_incidence([(pair, npair), (rows, n_a), (cols, n_b)], n, np.arange(n_new)))
        lo.append(np.zeros(npair + n_a + n_b))
        hi.append(np.concatenate([np.ones(npair), room_a, room_b]).astype(np.float64))
    if n_k:  # every movable kept meeting is held exactly once
        mats.append(_incidence([(kv_local, mk.size)], n, n_new + np.arange(n_k)))
        lo.append(np.ones(mk.size))
        hi.append(np.ones(mk.size))
    cons = LinearConstraint(sp.vstack(mats, format="csr"), np.concatenate(lo), np.concatenate(hi))
    res = _lex_milp(gain, moves, cons)
    if res.x is None:  # the node budget ran out before any solution was found
        return None
    x = res.x > 0.5
    proven = bool(res.status == 0)
    fewest = True  # the answer has the fewest moves of the answers of its score
    if moves[x].any():
        # the second stage: each meeting's score was rounded to the grid on its own, so two
        # equal totals can differ by a unit there (0.22 + 0.27 one above 0.49) and the
        # program prefer a move for no gain.  So: the most score with a move fewer, on a
        # grid fine enough that its rounding stays far inside SCORE_TOL; while that is
        # within SCORE_TOL of the best score found, it is the answer, and again with a move
        # fewer (usually one LP relaxation proves there is none: a move gains far more)
        fine = np.rint((worth - moves * move_cost) * _FINE)
        tol = float(np.rint(SCORE_TOL * _FINE))
        floor = float(fine[x].sum()) - tol
        while moves[x].any():
            y, proven_y = _fewer_moves(fine, moves, int(moves[x].sum()) - 1, floor, cons)
            fewest = fewest and proven_y
            if y is None:
                break
            x = y
            floor = max(floor, float(fine[x].sum()) - tol)
    kept_slots = ks.copy()
    chosen_k = np.flatnonzero(x[n_new:])
    kept_slots[kv[chosen_k]] = kslot[chosen_k]
    chosen = np.flatnonzero(x[:n_new])
    # the kept meetings' score is the same wherever they are held: the re-plan's score is the
    # largest possible when the new meetings reach a bound of every re-plan's new meetings
    # (each on a free cell or a kept meeting's, within the room, pairs repeated allowed: the
    # flow of solver.fill), moves or not.  Before, that bound was tried only when nothing
    # moved, so a restricted program (a closure too large) that moved a meeting was "not
    # proven" whatever its score, and the same plan, re-planned with nothing new, "proven"
    got = float(new.value[chosen].sum())
    reached = got >= flow_bound(new, room_a, room_b) - _TOL * max(chosen.size, 1)
    # the program's own proof is of the lexicographic optimum with move_cost 0 (else of the
    # score less the moves' cost)
    whole = closed and proven
    best = reached or (whole and move_cost == 0)
    # the fewest moves too: the whole program proven (both stages), or the best score
    # without a move
    optimal = (whole and fewest) or (reached and not moves[x].any())
    return LexFill(chosen, kept_slots, optimal, proven, new, best_score=best)
