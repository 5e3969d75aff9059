"""Timetabling a general (non-bipartite) meeting graph: Misra–Gries edge colouring, Δ + 1 slots.

With three or more groups that all meet each other, the meetings form a general graph
(a triangle of three participants from three groups is possible), König's theorem no
longer holds and some graphs need Δ + 1 colours (a triangle needs 3 with Δ = 2).
Vizing's theorem says Δ + 1 always suffice for a simple graph (each pair meets at most
once), and Misra & Gries ("A constructive proof of Vizing's theorem", *Information
Processing Letters* 41 (1992) 131-133) give the O(E·V) algorithm used here: colour edge
``(u, v)`` by building a maximal fan of ``u``, inverting a ``cd``-path and rotating the
fan.  Most edges are coloured directly by the smallest colour free at both ends; the fan
step runs only when none is.

With ``T`` tables a colour class may hold at most ``T`` meetings.  Swapping the two
colours of a component of two classes keeps a colouring proper in any graph (the
union of two classes is a set of paths and even cycles), so de Werra's equalisation
(:func:`~matchmaker.scheduling.algorithms.colouring.equalise`) applies unchanged: with
``k = max(c, ⌈E/T⌉)`` colours, ``c ≤ Δ + 1`` those Misra–Gries used, every class fits.

**Slot bound reached:** ``max(c, ⌈E/T⌉) ≤ max(Δ + 1, ⌈E/T⌉)``, at most one above the
lower bound ``max(Δ, ⌈E/T⌉)`` that any timetable needs (tested against the exact integer
program on small events).  Deciding whether Δ colours suffice is NP-hard in general
graphs (Holyer 1981), so the one extra slot is the price of a polynomial method.

Participants are vertices ``0 .. n-1`` and a meeting ``e`` joins ``u[e]`` and ``v[e]``.

**Group meetings** (one participant with several others at one table for ``L``
consecutive slots) are hyperedges with a length, so no colouring applies: "items"
(:func:`first_fit_items`, :func:`solve_items_milp`) generalise meetings to any number
of participants and any length, each participant ``p`` holding at most ``team[p]``
items at a time (a team's representatives), each on-site item taking one table for its
whole length.  :func:`interval_colouring` then gives every item its representatives and
its table, the same over all its slots.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray
from matchmaker.scheduling.algorithms.colouring import equalise

__all__ = [
    "fill_free",
    "first_fit",
    "first_fit_items",
    "general_bound",
    "general_edge_colouring",
    "interval_colouring",
    "misra_gries",
    "solve_items_milp",
]


def general_bound(u: IntArray, v: IntArray, n: int, capacity: int | None = None) -> tuple[int, int]:
    """``(lower, upper)``: ``max(Δ, ⌈E/T⌉)`` slots are needed and ``max(Δ + 1, ⌈E/T⌉)`` suffice.

    >>> general_bound(np.array([0, 1, 0]), np.array([1, 2, 2]), 3)   # a triangle
    (2, 3)
    """
    if len(u) == 0:
        return 0, 0
    delta = int(np.bincount(np.concatenate([u, v]), minlength=n).max())
    fill = 0 if capacity is None else -(-len(u) // capacity)
    return max(delta, fill), max(delta + 1, fill)


def misra_gries(u: IntArray, v: IntArray, n: int) -> IntArray:
    """A proper edge colouring of a simple graph with at most Δ + 1 colours (Misra–Gries).

    Parameters
    ----------
    u, v : ndarray of intp
        Endpoints of each edge; no loops, each pair at most once.
    n : int
        Number of vertices.

    Returns
    -------
    ndarray of intp
        ``colour[e]`` in ``0 .. Δ``; the edges at any vertex get distinct colours.

    Raises
    ------
    ValueError
        On a loop or a repeated pair (Vizing's bound is for simple graphs).

    Examples
    --------
    >>> colour = misra_gries(np.array([0, 1, 0]), np.array([1, 2, 2]), 3)
    >>> sorted(colour.tolist())
    [0, 1, 2]
    """
    u = np.asarray(u, dtype=np.intp)
    v = np.asarray(v, dtype=np.intp)
    m = len(u)
    if m == 0:
        return np.zeros(0, dtype=np.intp)
    if (u == v).any():
        raise ValueError("a meeting joins a participant with itself")
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    if len(np.unique(lo.astype(np.int64) * n + hi)) < m:
        raise ValueError("a pair meets twice; Misra-Gries needs a simple graph")
    # at[x][c] = the neighbour y joined to x by the edge of colour c
    at: list[dict[int, int]] = [{} for _ in range(n)]
    edge_of: dict[tuple[int, int], int] = {}
    colour = np.full(m, -1, dtype=np.intp)

    def free(x: int) -> int:
        c = 0
        used = at[x]
        while c in used:
            c += 1
        return c

    def set_colour(x: int, y: int, c: int) -> None:
        at[x][c] = y
        at[y][c] = x
        colour[edge_of[(x, y) if x < y else (y, x)]] = c

    def colour_of(x: int, y: int) -> int:
        return int(colour[edge_of[(x, y) if x < y else (y, x)]])

    for e, (x, y) in enumerate(zip(u.tolist(), v.tolist(), strict=False)):
        edge_of[(x, y) if x < y else (y, x)] = e
    for x, y in zip(u.tolist(), v.tolist(), strict=False):
        # fast path: a colour free at both ends (most edges)
        c = 0
        while c in at[x] or c in at[y]:
            c += 1
        if c <= max(len(at[x]), len(at[y])):
            set_colour(x, y, c)
            continue
        _fan_step(x, y, at, free, set_colour, colour_of)
    return colour


def _fan_step(
    x: int, y: int, at: list[dict[int, int]], free: object, set_colour: object, colour_of: object
) -> None:
    """Colour the uncoloured edge ``x–y`` by Misra–Gries' fan rotation."""
    assert callable(free)
    assert callable(set_colour)
    assert callable(colour_of)
    fan = [y]
    in_fan = {y}
    grown = True
    while grown:  # maximal fan: fan[i+1]'s edge colour is free on fan[i]
        grown = False
        last = fan[-1]
        for col, z in at[x].items():
            if z not in in_fan and col not in at[last]:
                fan.append(z)
                in_fan.add(z)
                grown = True
                break
    c = free(x)
    d = free(fan[-1])
    if c != d:
        # invert the cd-path from x (x has c free, so the path starts with a d edge)
        path: list[tuple[int, int, int]] = []
        here, want = x, d
        while want in at[here]:
            there = at[here][want]
            path.append((here, there, want))
            here, want = there, (c if want == d else d)
        for a, b, col in path:
            del at[a][col]
            del at[b][col]
        for a, b, col in path:
            set_colour(a, b, c if col == d else d)
    # the first fan vertex with d free whose prefix is still a fan
    w = -1
    for i, z in enumerate(fan):
        if i > 0 and colour_of(x, z) in at[fan[i - 1]]:
            break
        if d not in at[z]:
            w = i
            break
    if w < 0:
        raise AssertionError("Misra-Gries invariant broken")  # pragma: no cover - proven impossible
    # rotate the fan prefix: fan[i] takes fan[i+1]'s colour, fan[w] gets d
    shifted = [colour_of(x, fan[i + 1]) for i in range(w)]
    for i in range(1, w + 1):
        col = colour_of(x, fan[i])
        del at[x][col]
        del at[fan[i]][col]
    for i in range(w):
        set_colour(x, fan[i], shifted[i])
    set_colour(x, fan[w], d)


def general_edge_colouring(u: IntArray, v: IntArray, n: int, *, capacity: int | None = None) -> IntArray:
    """A proper edge colouring with ``max(c, ⌈E/T⌉) ≤ max(Δ + 1, ⌈E/T⌉)`` colours, ≤ ``T`` per colour.

    Misra–Gries, then de Werra's equalisation when a capacity is given (see the module
    docstring).

    >>> u, v = np.array([0, 1, 0, 2]), np.array([1, 2, 2, 3])
    >>> colour = general_edge_colouring(u, v, 4, capacity=1)
    >>> sorted(colour.tolist())
    [0, 1, 2, 3]
    """
    u = np.asarray(u, dtype=np.intp)
    v = np.asarray(v, dtype=np.intp)
    colour = misra_gries(u, v, n)
    if len(colour) == 0:
        return colour
    used = int(colour.max()) + 1
    if capacity is None:
        return colour
    k = max(used, -(-len(u) // capacity))
    # equalise's vertex numbering is rows then n_rows + cols; with n_rows = 0 both
    # endpoints share one numbering, which is what a general graph needs
    return equalise(u, v, 0, colour, k, capacity)


def first_fit(
    u: IntArray,
    v: IntArray,
    n: int,
    allowed: BoolArray,
    capacity: IntArray,
    needs_table: BoolArray | None = None,
) -> IntArray:
    """Place meetings one by one in the earliest slot both can make (availability limits).

    Meetings with the fewest allowed slots go first.  A meeting that fits nowhere gets
    ``-1``.  ``needs_table[e]`` False (an online meeting) means it takes no table.
    Greedy, not optimal: :func:`~matchmaker.scheduling.algorithms.milp.solve_milp` is
    the exact model for small events.

    >>> allowed = np.array([[1, 1], [1, 1], [0, 1]], dtype=bool)
    >>> first_fit(np.array([0, 1, 0]), np.array([1, 2, 2]), 3, allowed, np.array([5, 5])).tolist()
    [0, -1, 1]
    """
    order = np.argsort(allowed.sum(axis=1), kind="stable")
    empty = np.full(allowed.shape[0], -1, dtype=np.intp)
    return fill_free(empty, u, v, n, allowed, capacity, order, needs_table)


def fill_free(
    slot: IntArray,
    u: IntArray,
    v: IntArray,
    n: int,
    allowed: BoolArray,
    capacity: IntArray,
    order: IntArray,
    needs_table: BoolArray | None = None,
) -> IntArray:
    """First-fit the meetings ``order`` (in that order) into what the placed ones leave free.

    ``slot`` is the placement so far (``-1``: not placed; not modified); each meeting of
    ``order`` goes to the earliest slot it is allowed in where both ends are free and,
    when ``needs_table[e]``, a table is left.  A meeting that fits nowhere keeps its slot.

    >>> allowed = np.ones((2, 2), dtype=bool)
    >>> fill_free(np.array([0, -1]), np.array([0, 0]), np.array([1, 2]), 3, allowed,
    ...           np.array([1, 1]), np.array([1])).tolist()
    [0, 1]
    """
    n_slots = allowed.shape[1]
    table = np.ones(len(slot), dtype=bool) if needs_table is None else needs_table
    busy = np.zeros((n, n_slots), dtype=bool)
    placed = slot >= 0
    busy[u[placed], slot[placed]] = True
    busy[v[placed], slot[placed]] = True
    load = np.bincount(slot[placed & table], minlength=n_slots)
    out = slot.copy()
    for e in order.tolist():
        a, b = int(u[e]), int(v[e])
        ok = allowed[e] & ~busy[a] & ~busy[b]
        if table[e]:
            ok &= load < capacity
        hit = np.flatnonzero(ok)
        if len(hit):
            s = int(hit[0])
            out[e] = s
            busy[a, s] = busy[b, s] = True
            load[s] += int(table[e])
    result: IntArray = out
    return result


def _windows_free(ok: BoolArray, length: int) -> BoolArray:
    """``out[k]``: ``ok[k:k+length]`` all True (False where the window runs past the end)."""
    bad = np.concatenate([[0], np.cumsum(~ok)])
    out = np.zeros(len(ok), dtype=bool)
    last = len(ok) - length + 1
    if last > 0:
        out[:last] = bad[length : length + last] - bad[:last] == 0
    return out


def first_fit_items(
    members: Sequence[IntArray],
    length: IntArray,
    starts: BoolArray,
    team: IntArray,
    tables: IntArray,
    needs_table: BoolArray,
    order: IntArray,
) -> IntArray:
    """Place items one by one (in ``order``) at the earliest start where all their members fit.

    Parameters
    ----------
    members : sequence of ndarray of intp
        The participants of each item (two for a meeting, more for a group meeting).
    length : ndarray of intp, shape (I,)
        Consecutive slots each item lasts.
    starts : ndarray of bool, shape (I, S)
        Slots each item may start in (its members free over its whole length, the slots
        consecutive).
    team : ndarray of intp, shape (P,)
        Items a participant may hold at once (its representatives).
    tables : ndarray of intp, shape (S,)
        Tables of each slot.
    needs_table : ndarray of bool, shape (I,)
        False for an online item.
    order : ndarray of intp
        The items, in the order they are placed.

    Returns
    -------
    ndarray of intp
        Start slot of each item, ``-1`` where none is left.

    Examples
    --------
    A group meeting of 0 with 1 and 2 for two slots, then a meeting 0–1, in three slots:

    >>> members = [np.array([0, 1, 2]), np.array([0, 1])]
    >>> starts = np.array([[1, 1, 0], [1, 1, 1]], dtype=bool)
    >>> first_fit_items(members, np.array([2, 1]), starts, np.ones(3, np.intp), np.array([1, 1, 1]),
    ...                 np.array([True, True]), np.array([0, 1])).tolist()
    [0, 2]
    """
    n_items, n_slots = starts.shape
    load = np.zeros((len(team), n_slots), dtype=np.intp)
    table_load = np.zeros(n_slots, dtype=np.intp)
    start = np.full(n_items, -1, dtype=np.intp)
    for i in order.tolist():
        who, size = members[i], int(length[i])
        ok = (load[who] < team[who, None]).all(axis=0)
        if needs_table[i]:
            ok &= table_load < tables
        hit = np.flatnonzero(starts[i] & _windows_free(ok, size))
        if len(hit):
            k = int(hit[0])
            start[i] = k
            load[who, k : k + size] += 1
            table_load[k : k + size] += int(needs_table[i])
    return start


def solve_items_milp(
    members: Sequence[IntArray],
    length: IntArray,
    starts: BoolArray,
    team: IntArray,
    tables: IntArray,
    needs_table: BoolArray,
    weight: NDArray[np.float64],
) -> tuple[IntArray, bool]:
    """The items of most total ``weight`` that fit, exactly (HiGHS, no time limit: small events).

    One binary per (item, allowed start); each item starts at most once; each
    participant holds at most ``team[p]`` items in any slot; each slot holds at most
    ``tables[s]`` on-site items.  Returns ``(start, optimal)``.

    >>> members = [np.array([0, 1, 2]), np.array([0, 1])]
    >>> starts = np.array([[1, 1, 0], [1, 1, 1]], dtype=bool)
    >>> start, optimal = solve_items_milp(members, np.array([3, 1]), starts, np.ones(3, np.intp),
    ...                                   np.ones(3, np.intp), np.array([True, True]), np.array([3.0, 1.0]))
    >>> start.tolist(), optimal
    ([0, -1], True)
    """
    n_items, n_slots = starts.shape
    item, when = np.nonzero(starts)
    inside = when + length[item] <= n_slots  # an item never runs past the last slot
    item, when = item[inside], when[inside]
    start = np.full(n_items, -1, dtype=np.intp)
    if len(item) == 0:
        return start, True
    size = length[item]
    # (variable, participant, slot) for every slot a variable's item occupies
    var_rows, person, slot = [], [], []
    for x, (i, k) in enumerate(zip(item.tolist(), when.tolist(), strict=True)):
        span = np.arange(k, k + int(size[x]))
        who = members[i]
        var_rows.append(np.full(len(who) * len(span), x))
        person.append(np.repeat(who, len(span)))
        slot.append(np.tile(span, len(who)))
    var = np.concatenate(var_rows)
    key = np.concatenate(person).astype(np.int64) * n_slots + np.concatenate(slot)
    cells, row = np.unique(key, return_inverse=True)
    n_x = len(item)
    once = coo_matrix((np.ones(n_x), (item, np.arange(n_x))), shape=(n_items, n_x))
    held = coo_matrix((np.ones(len(var)), (row, var)), shape=(len(cells), n_x))
    constraints = [
        LinearConstraint(once.tocsr(), -np.inf, 1),
        LinearConstraint(held.tocsr(), -np.inf, team[cells // n_slots].astype(float)),
    ]
    onsite = needs_table[item]
    if onsite.any():
        # each on-site variable occupies its item's slots: one table in each
        tvar = np.concatenate([np.full(int(size[x]), x) for x in np.flatnonzero(onsite).tolist()])
        tslot = np.concatenate(
            [np.arange(when[x], when[x] + size[x]) for x in np.flatnonzero(onsite).tolist()]
        )
        at_table = coo_matrix((np.ones(len(tvar)), (tslot, tvar)), shape=(n_slots, n_x))
        constraints.append(LinearConstraint(at_table.tocsr(), -np.inf, tables.astype(float)))
    res = milp(-weight[item], integrality=np.ones(n_x), bounds=Bounds(0, 1), constraints=constraints)
    if res.x is None:
        return start, False
    on = res.x > 0.5
    start[item[on]] = when[on]
    return start, bool(res.status == 0)


def interval_colouring(owner: IntArray, start: IntArray, length: IntArray) -> IntArray:
    """Colour intervals ``[start, start + length)`` of each owner so that overlapping ones differ.

    Greedy in start order, reusing the lowest colour free again: an owner whose
    intervals overlap at most ``h`` at a time gets colours ``0 .. h-1`` (interval graphs
    are perfect), so a team of ``h`` never needs a representative it does not have and
    ``T`` tables always suffice when at most ``T`` on-site items meet at a time.

    >>> interval_colouring(np.array([0, 0, 0, 1]), np.array([0, 1, 2, 0]), np.array([2, 1, 1, 1])).tolist()
    [0, 1, 0, 0]
    """
    colour = np.zeros(len(owner), dtype=np.intp)
    order = np.lexsort((np.arange(len(owner)), start, owner))
    current = -1
    ends: list[int] = []  # end slot of the interval holding each colour of the current owner
    for x in order.tolist():
        if owner[x] != current:
            current, ends = int(owner[x]), []
        s = int(start[x])
        c = next((k for k, e in enumerate(ends) if e <= s), len(ends))
        if c == len(ends):
            ends.append(0)
        ends[c] = s + int(length[x])
        colour[x] = c
    return colour
