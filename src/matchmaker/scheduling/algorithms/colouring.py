"""Bipartite edge colouring: König's Δ colours, and de Werra's equitable ``max(Δ, ⌈E/T⌉)``.

A timetable without availability limits is an edge colouring of the bipartite
multigraph of meetings (rows = side A, columns = side B): a colour is a slot, and
meetings of one participant must get different colours.  König's edge-colouring
theorem says Δ colours suffice (Δ = most meetings of any participant); with ``T``
tables a slot holds at most ``T`` meetings, and de Werra's theorem says the
colouring can be made *equitable* -- class sizes differing by at most one -- so
``max(Δ, ⌈E/T⌉)`` slots always suffice.  Both bounds are also necessary, so the
colouring here uses the fewest slots possible.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, components, degrees

__all__ = ["colour_bound", "edge_colouring", "equalise"]


def colour_bound(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, capacity: int | None = None
) -> int:
    """The fewest colours (slots) any timetable needs: ``max(Δ, ⌈E/capacity⌉)``.

    Parameters
    ----------
    rows, cols : ndarray of intp
        Meeting ``e`` joins row ``rows[e]`` (side A) and column ``cols[e]`` (side B).
    n_rows, n_cols : int
        Number of side-A and side-B participants.
    capacity : int, optional
        Meetings one slot can hold (tables); ``None`` for no limit.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1])
    >>> colour_bound(rows, cols, 3, 2), colour_bound(rows, cols, 3, 2, capacity=1)
    (3, 4)
    """
    if len(rows) == 0:
        return 0
    delta = int(degrees(rows, cols, n_rows, n_cols).max())
    if capacity is None:
        return delta
    return max(delta, -(-len(rows) // capacity))


def edge_colouring(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    n_cols: int,
    *,
    capacity: int | None = None,
    compact: bool = True,
) -> IntArray:
    """A proper edge colouring of a bipartite multigraph with ``colour_bound`` colours.

    Algorithm (iterated perfect matchings of a regular supergraph, as in the proof of
    König's theorem via Hall's theorem; see Schrijver, *Combinatorial Optimization*,
    2003, §20.1, and Alon, "A simple algorithm for edge-coloring bipartite
    multigraphs", *Information Processing Letters* 85 (2003) 301-302, for the
    merge-and-pad regularisation):

    1. With ``k = max(Δ, ⌈E/T⌉)``, merge the vertices of each side into groups whose
       degrees sum to at most ``k`` (first-fit decreasing packing), and pad both
       sides to the same number of groups and every group to degree ``k`` with dummy
       edges.  The result is a ``k``-regular bipartite multigraph, and a proper
       colouring of it is a proper colouring of the original (a group meets each
       colour once, so each of its vertices does).
    2. A regular bipartite multigraph has a perfect matching (Hall); remove one
       (Hopcroft-Karp, :func:`scipy.sparse.csgraph.maximum_bipartite_matching`) as
       a colour class and repeat: ``k`` matchings colour every edge.  With
       ``compact`` (the default) each matching prefers to continue the participants
       of the one before, so that agendas come out with few idle gaps
       (:func:`_peel_compact`); any perfect matching keeps the ``k`` colours.
    3. With a capacity ``T``, make the classes equitable by swapping colours along
       alternating paths (de Werra, "Equitable colorations of graphs", *Revue
       française d'informatique et de recherche opérationnelle* 5 (1971) 3-8; see
       :func:`equalise`).

    Parameters
    ----------
    rows, cols : ndarray of intp
        Meeting ``e`` joins row ``rows[e]`` (side A) and column ``cols[e]`` (side B);
        repeated pairs are allowed (a multigraph).
    n_rows, n_cols : int
        Number of side-A and side-B participants.
    capacity : int, optional
        Most meetings per colour (tables); ``None`` for no limit.
    compact : bool
        Build compact agendas (consecutive colours per participant) as far as the
        matchings allow; ``False`` takes the first perfect matching scipy finds
        (faster, about four times the idle gaps).

    Returns
    -------
    ndarray of intp
        ``colour[e]`` in ``0 .. k-1``; every participant's meetings get distinct colours
        and no colour is used more than ``capacity`` times.

    Examples
    --------
    >>> rows, cols = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 1, 0])
    >>> colour = edge_colouring(rows, cols, 3, 2)
    >>> int(colour.max()) + 1      # Δ = 3 (column 0 meets rows 0, 1 and 2)
    3
    >>> bool(np.all(np.bincount(edge_colouring(rows, cols, 3, 2, capacity=1)) <= 1))
    True
    """
    rows = np.asarray(rows, dtype=np.intp)
    cols = np.asarray(cols, dtype=np.intp)
    k = colour_bound(rows, cols, n_rows, n_cols, capacity)
    if k == 0:
        return np.zeros(0, dtype=np.intp)
    colour = (_peel_compact if compact else _peel_regular)(rows, cols, n_rows, n_cols, k)
    if capacity is not None:
        colour = equalise(rows, cols, n_rows, colour, k, capacity)
    return colour


def equalise(
    rows: IntArray, cols: IntArray, n_rows: int, colour: IntArray, k: int, capacity: int
) -> IntArray:
    """Recolour a proper ``k``-edge-colouring so that no class has more than ``capacity`` edges.

    Take the largest class ``s`` and the smallest ``t``.  The edges coloured ``s`` or
    ``t`` form paths and even cycles; a path with one more ``s``-edge than ``t``-edges
    moves one edge from ``s`` to ``t`` when its two colours are swapped, and there are
    at least ``|s| - |t|`` such paths (de Werra 1971).  Each round fills ``t`` or
    empties ``s`` down to ``capacity``, so at most ``k`` rounds are needed; every
    round is vectorised (connected components of the two classes).

    Requires ``k * capacity >= len(colour)``; returns a new array.

    >>> rows, cols = np.array([0, 1, 2]), np.array([0, 1, 2])
    >>> equalise(rows, cols, 3, np.array([0, 0, 0]), 3, 1).tolist()
    [1, 2, 0]
    """
    colour = np.array(colour, dtype=np.intp)
    if k * capacity < len(colour):
        raise ValueError(f"{len(colour)} meetings cannot fit in {k} slots of {capacity} tables")
    counts = np.bincount(colour, minlength=k)
    while counts.max() > capacity:
        s, t = int(np.argmax(counts)), int(np.argmin(counts))
        move = int(min(counts[s] - capacity, capacity - counts[t]))
        idx = np.flatnonzero((colour == s) | (colour == t))
        _, _, _, label, n_comp = components(rows[idx], n_rows + cols[idx])
        surplus = np.bincount(label, weights=np.where(colour[idx] == s, 1.0, -1.0), minlength=n_comp)
        chosen = np.flatnonzero(surplus > 0.5)[:move]
        flip = idx[np.isin(label, chosen)]
        colour[flip] = np.where(colour[flip] == s, t, s)
        counts[s] -= len(chosen)
        counts[t] += len(chosen)
    return colour


def _pack(degree: IntArray, k: int) -> tuple[IntArray, IntArray]:
    """Group vertices into bins of total degree ``<= k`` (first fit, largest first).

    Returns ``(bin_of_vertex, load_of_bin)``.  Vertices of one degree are placed
    together: first into the room left in earlier bins, then into new bins.

    The vertices come in order of decreasing degree (lowest number first within a
    degree) from one stable sort, and the loads live in one array of at most one bin
    per vertex: each degree is a slice of both, not a comparison over every vertex and
    a new load array (some forty degrees per side at 50,000 meetings).
    """
    group = np.zeros(len(degree), dtype=np.intp)
    by_degree = _stable_order(k - degree, k + 1)  # k - degree >= 0: larger degrees first
    ends = np.cumsum(np.bincount(k - degree, minlength=k + 1))[:k]  # where each degree's vertices end
    load = np.zeros(len(degree), dtype=np.intp)  # every bin holds a vertex: at most one bin per vertex
    bins = 0
    for d in range(k, 0, -1):
        lo, hi = (int(ends[k - d - 1]) if d < k else 0), int(ends[k - d])
        if lo == hi:
            continue
        members = by_degree[lo:hi]
        room = np.cumsum((k - load[:bins]) // d)
        fit = min(hi - lo, int(room[-1]) if bins else 0)
        per_bin = k // d
        where = np.empty(hi - lo, dtype=np.intp)
        if fit:
            where[:fit] = np.searchsorted(room, np.arange(fit), side="right")
        where[fit:] = bins + np.arange(hi - lo - fit) // per_bin
        if fit < hi - lo:
            bins = int(where[-1]) + 1
        load[:bins] += d * np.bincount(where, minlength=bins)
        group[members] = where
    return group, load[:bins].copy()


def _regularise(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, k: int
) -> tuple[IntArray, IntArray, IntArray, IntArray, int]:
    """Step 1 of :func:`edge_colouring`: the ``k``-regular supergraph of merged groups.

    Returns ``(u, v, member_u, member_v, n)``: the group of each end of every edge (the
    meetings first, then the dummy edges), the participant at each end (a group's
    dummy edges count as one more member, numbered ``n_rows + group`` resp.
    ``n_cols + group``), and the number of groups per side.
    """
    group_r, load_r = _pack(np.bincount(rows, minlength=n_rows), k)
    group_c, load_c = _pack(np.bincount(cols, minlength=n_cols), k)
    n = max(len(load_r), len(load_c))
    load_r = np.concatenate([load_r, np.zeros(n - len(load_r), np.intp)])
    load_c = np.concatenate([load_c, np.zeros(n - len(load_c), np.intp)])
    pad_r = np.repeat(np.arange(n), k - load_r)
    pad_c = np.repeat(np.arange(n), k - load_c)
    u = np.concatenate([group_r[rows], pad_r])
    v = np.concatenate([group_c[cols], pad_c])
    return u, v, np.concatenate([rows, n_rows + pad_r]), np.concatenate([cols, n_cols + pad_c]), n


def _matching(
    graph: csr_matrix, indptr: NDArray[np.int32], cols: NDArray[np.int32], ones: NDArray[np.int8]
) -> IntArray:
    """A maximum matching of the rows of ``indptr`` to the columns ``cols``, listed row by row: ``mate[row]``.

    Row ``r``'s columns are ``cols[indptr[r]:indptr[r + 1]]``, none listed twice
    (scipy's matching would write outside its arrays).

    scipy's Hopcroft-Karp starts from a greedy matching that gives each row, in row
    order, the first free column of its list: :func:`_peel_compact` orders the lists
    so that this greedy start is the matching it prefers.

    ``graph``, an ``n × n`` matrix made once, is refilled with these edges instead of
    building a new one: scipy's format checks cost about a tenth of a matching, and
    the arrays given here are well-formed by construction.  ``ones`` (at least one
    per edge) is its data, which the matching never reads.
    """
    graph.data, graph.indices, graph.indptr = ones[: len(cols)], cols, indptr
    mate: IntArray = maximum_bipartite_matching(graph, perm_type="column")
    return mate


def _stable_order(key: IntArray, bound: int) -> IntArray:
    """``np.argsort(key, kind="stable")`` for ``0 <= key < bound``.

    Keys below 2^16 (the colouring's: ``4 × groups``, 5,340 at 50,000 meetings) are
    cast to 8 or 16 bits, for which numpy's stable argsort is a radix sort: one or
    two passes over the keys.  Measured on the 40 lists of a colouring at 50,106
    meetings (52,000 keys down to 300): 7.3 ms in all, against 27 ms for a sort of
    each key packed with its position into one 32-bit word on the development
    machine, where numpy 2.4 picks its AVX-512 sort (about 1.4 ms for 50,000 random
    32-bit words; its AVX2 sort takes 0.2 ms, about what the radix sort takes, so
    this is no slower where numpy picks that).  Wider keys take the packed sort,
    whose distinct words make an unstable sort stable.
    """
    if bound <= 1 << 16:
        narrow = key.astype(np.uint8 if bound <= 1 << 8 else np.uint16, copy=False)
        small: IntArray = np.argsort(narrow, kind="stable")
        return small
    shift = max(len(key) - 1, 0).bit_length()
    position = np.arange(len(key), dtype=np.uint32 if shift <= 32 else np.uint64)
    if shift <= 32 and bound <= 1 << (32 - shift):
        packed = (key.astype(np.uint32) << np.uint32(shift)) | position
    elif shift <= 64 and bound <= 1 << (64 - shift):
        packed = (key.astype(np.uint64) << np.uint64(shift)) | position
    else:  # keys and positions need more than 64 bits
        out: IntArray = np.argsort(key, kind="stable")
        return out
    ordered: IntArray = (np.sort(packed) & ((1 << shift) - 1)).astype(np.intp)
    return ordered


def _peel_compact(rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, k: int) -> IntArray:
    """Steps 1-2 of :func:`edge_colouring`, peeling matchings that keep agendas compact.

    Every colour ``c = 0, 1, ...`` is a perfect matching of the ``k``-regular supergraph
    (so ``k`` colours still suffice), chosen to continue what colour ``c - 1`` started:
    an edge scores one for each end whose participant (a group's member) the group
    also met in colour ``c - 1``.  A maximum matching of the edges scoring two is
    taken first; then, in each group's list, those edges, then the other edges by
    score, and the groups with the best edges first: scipy's Hopcroft-Karp starts
    from the greedy matching in that order and only changes what it must to make
    the matching perfect.  A participant whose meetings are consecutive has no idle
    gap, so most agendas come out compact without a search afterwards.
    """
    u, v, member_u, member_v, n = _regularise(rows, cols, n_rows, n_cols, k)
    # Parallel edges (same two groups) are adjacent in this order: each matching
    # offers the best of them once.
    edge = _pair_order(u, v, n)
    # The edges not yet coloured, as compressed arrays (kept in this order by masking).
    # 32-bit indices where they fit (always, in practice): every round gathers, compares
    # and compresses these arrays, and half the bytes is a measurable part of a round.
    small = np.dtype("int32" if max(n_rows, n_cols, len(u)) + n < 1 << 31 else "intp")
    alive = edge.astype(small)
    # Every group has k edges (the graph is regular), so the sorted groups are each
    # group k times: no gather.
    au = np.repeat(np.arange(n, dtype=small), k)
    av = v.take(edge).astype(small)
    # The members only index the two small tables of the previous colour, every round:
    # ``take`` converts a 32-bit index array to ``intp`` first, so these stay ``intp``.
    mu, mv = member_u.take(edge), member_v.take(edge)
    same = (au[1:] == au[:-1]) & (av[1:] == av[:-1])
    multi = np.concatenate([same, [False]]) | np.concatenate([[False], same])  # a key of several edges
    # Whether each member met its group's partner in the previous colour: every member
    # belongs to one group, so "the group's last member is this edge's member" is a
    # look-up of the edge's member in a small table (no comparison over the edges).
    was_u = np.zeros(n_rows + n, dtype=bool)
    was_v = np.zeros(n_cols + n, dtype=bool)
    colour = np.empty(len(u), dtype=np.intp)
    live = np.ones(len(alive), dtype=bool)
    # One n × n matrix, refilled by every matching (both-ends and perfect): its rows are
    # the groups, in the order of each call's lists.
    graph, ones = csr_matrix((n, n), dtype=np.int8), np.ones(len(u), dtype=np.int8)
    # The greedy's order as keys ``4 × rank + 3 - score`` of the fewest bytes: numpy's
    # stable argsort is a radix sort for 8- and 16-bit keys (``4n`` is 5,340 at 50,000
    # meetings).
    key_type = np.min_scalar_type(4 * n - 1)
    bounds = np.zeros(n + 1, dtype=np.intp)  # each group's run of picks: bounds[g] to bounds[g + 1]
    single, several, start, several_group = _parallel(au, av, multi)
    for c in range(k):
        if c == k - 1:
            # Every group has one edge left (each matching took one of its k): together
            # they are the only perfect matching, the one Hopcroft-Karp would return.
            last = np.flatnonzero(live)
            if len(last) != n:  # pragma: no cover - k - 1 perfect matchings leave one edge per group
                raise RuntimeError("regular bipartite multigraph without a perfect matching")
            colour[alive.take(last)] = c
            break
        # Gathers use ``take``: numpy's fancy indexing goes through its general
        # index-iterator, about twice the time of ``take`` for these 1-D arrays (the
        # largest cost of a round after the matchings themselves).
        # Scores are 0-2 (3 after the both-ends matching): 8 bits keep the passes short.
        score = was_u.take(mu).view(np.int8) + was_v.take(mv).view(np.int8)
        # One entry per pair of groups: its best edge (the first of the best score).
        offered = live & single
        # Each perfect matching colours one edge at every group, so every group has
        # ``k - c`` edges left; it offers all of them but the parallel ones not chosen.
        count = np.full(n, k - c, dtype=np.intp)
        if len(several):  # few: mostly dummy edges
            live_several = live.take(several)
            value = np.where(
                live_several,
                score.take(several).astype(np.intp) * len(several) + np.arange(len(several))[::-1],
                -1,
            )
            top = np.maximum.reduceat(value, start)
            chosen = top >= 0
            offered[several.take(len(several) - 1 - top[chosen] % len(several))] = True
            # Per group: minus its live parallel edges, plus one for each pair offered.
            count -= np.bincount(several_group[live_several], minlength=n)
            count += np.bincount(several_group.take(start[chosen]), minlength=n)
        pick = np.flatnonzero(offered)
        # ``pick`` is sorted and every group has an edge left (the graph is regular): each
        # group's picks are one run, of ``count`` edges.  Everything per group is then
        # repeated over its run (``np.repeat``, a copy per group) instead of gathered per
        # edge (``take`` through an index array): about a sixth of the time for these arrays.
        np.cumsum(count, out=bounds[1:])
        first, last = bounds[:-1], bounds[1:]
        pv, ps = av.take(pick), score.take(pick)
        both = np.flatnonzero(ps == 2)
        if len(both):
            # Both sides keep their numbers: groups without such an edge are empty rows
            # and columns, which Hopcroft-Karp passes over without changing its choices
            # (a group's rows are visited in the same order, its lists are the same).
            indptr = np.zeros(n + 1, dtype=np.int32)
            indptr[1:] = np.searchsorted(both, last)
            bv = pv.take(both)
            mate = _matching(graph, indptr, bv.astype(np.int32, copy=False), ones)
            ps[both[bv == np.repeat(mate, np.diff(indptr))]] = 3
        # The greedy visits groups by best score, then by more edges offered (counted up
        # to 63: the key is 8 bits), then by number; inside a group, edges by score.  Each
        # group's best is one reduction over its run of edges.  (Ties by edges offered,
        # most first: at 50,106 meetings 7,150 idle gaps after the search instead of
        # 7,549 by number alone, 6,916 with the search's order from the last slots back;
        # fewest first was worse.  benchmarks/profiles/schedule-default-round13.txt.)
        best = np.maximum.reduceat(ps, first)
        group_key = (3 - best).astype(np.uint8) << 6
        group_key += (63 - np.minimum(count, 63)).astype(np.uint8)
        by_rank = _stable_order(group_key, 256)  # the groups in the greedy's order
        rank = np.empty(n, dtype=key_type)
        rank[by_rank] = np.arange(n, dtype=key_type) << 2
        order_key = np.repeat(rank, count)
        order_key += (3 - ps).view(np.uint8)
        order = _stable_order(order_key, 4 * n)
        # Row r of the matching is group by_rank[r]: its run of edges, sorted.
        row_count = count.take(by_rank)
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(row_count, out=indptr[1:])
        col = pv.take(order)
        mate = _matching(graph, indptr, col.astype(np.int32, copy=False), ones)
        # The edge each row took: the one of its list in the mate's column.
        # (32-bit both sides: no cast of the edges' columns; a boolean mask, not compress,
        # which is nonzero and take.)
        taken = pick.take(order[col == np.repeat(mate.astype(np.int32), row_count)])
        # A row's list names each column once, so every matched row took exactly one edge
        # and an unmatched row (mate -1) none: fewer than n edges means no perfect matching.
        if len(taken) < n:  # pragma: no cover - impossible for a regular bipartite multigraph
            raise RuntimeError("regular bipartite multigraph without a perfect matching")
        colour[alive.take(taken)] = c
        was_u[:] = False
        was_v[:] = False
        was_u[mu.take(taken)] = True
        was_v[mv.take(taken)] = True
        live[taken] = False
        if c % 4 == 3:  # drop the coloured edges now and then: masking is cheaper than copying
            kept = np.flatnonzero(live)
            alive, au, av, mu, mv = (x.take(kept) for x in (alive, au, av, mu, mv))
            multi = multi.take(kept)
            live = np.ones(len(alive), dtype=bool)
            single, several, start, several_group = _parallel(au, av, multi)
    return colour[: len(rows)]


def _pair_order(u: IntArray, v: IntArray, n: int) -> IntArray:
    """``np.argsort(u * n + v, kind="stable")`` for groups ``0 <= u, v < n``.

    With ``n <= 2^16`` (always, in practice: 1,335 groups at 50,000 meetings) two
    stable sorts of 16-bit keys, by ``v`` and then by ``u``, give the same order:
    numpy sorts those with a radix sort, where the 64-bit keys took its merge sort
    (0.9 against 1.2 ms for the 53,400 edges at 50,106 meetings).
    """
    if n <= 1 << 16:
        by_v: IntArray = np.argsort(v.astype(np.uint16), kind="stable")
        return by_v.take(np.argsort(u.astype(np.uint16).take(by_v), kind="stable"))
    out: IntArray = np.argsort(u.astype(np.int64) * n + v, kind="stable")
    return out


def _parallel(au: IntArray, av: IntArray, multi: BoolArray) -> tuple[BoolArray, IntArray, IntArray, IntArray]:
    """The edges alone between their two groups, the others, where each pair of groups starts among them.

    Also the group (``au``) of each of the others.

    Worked out once per compression of :func:`_peel_compact`'s arrays rather than every
    round (the coloured edges stay in place until then, masked out).  The edges are in
    order of their pair of groups ``(au, av)``, so a pair starts where either changes.
    """
    several = np.flatnonzero(multi)
    gu, gv = au[several], av[several]
    change = np.ones(len(several), dtype=bool)
    change[1:] = (gu[1:] != gu[:-1]) | (gv[1:] != gv[:-1])
    start = np.flatnonzero(change)
    return ~multi, several, start, gu


def _peel_regular(rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, k: int) -> IntArray:
    """Steps 1-2 of :func:`edge_colouring`: regularise to degree ``k`` and peel ``k`` perfect matchings."""
    u, v, _, _, n = _regularise(rows, cols, n_rows, n_cols, k)
    # Parallel edges share one matrix entry: group them and hand them out one per matching.
    key = u.astype(np.int64) * n + v
    order = np.argsort(key, kind="stable")
    keys, first, count = np.unique(key[order], return_index=True, return_counts=True)
    key_row = (keys // n).astype(np.intp)
    key_col = (keys % n).astype(np.intp)
    used = np.zeros(len(keys), dtype=np.intp)
    colour = np.empty(len(u), dtype=np.intp)
    for c in range(k):
        alive = np.flatnonzero(used < count)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(key_row[alive], minlength=n))])
        graph = csr_matrix((np.ones(len(alive), dtype=np.int8), key_col[alive], indptr), shape=(n, n))
        mate = maximum_bipartite_matching(graph, perm_type="column")
        if np.any(mate < 0):  # pragma: no cover - impossible for a regular bipartite multigraph
            raise RuntimeError("regular bipartite multigraph without a perfect matching")
        chosen = np.searchsorted(keys, np.arange(n, dtype=np.int64) * n + mate)
        colour[order[first[chosen] + used[chosen]]] = c
        used[chosen] += 1
    return colour[: len(rows)]
