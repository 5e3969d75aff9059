"""Candidate generation from the structure of the codes, with a proof of what pruning leaves out.

The sparse pipeline (:mod:`matchmaker.scoring.sparse`) keeps each participant's top-k
partners.  Scoring all A×B pairs to find them is what it must avoid, so pairs are
generated from an **inverted index of the code tree** and scored in **bands**, most
promising first; a bound on the score of every pair not yet generated says when a
participant's top-k is final.  Axis convention: rows are side A, columns side B.

The bound
---------
The fit of one need line ``u`` against a seller is ``Σ_k cov(v_k)·inc_k`` over the
lineage ``v_0 … v_ℓ`` of ``u`` (:mod:`matchmaker.scoring.fit`), and the nodes a seller
covers form a prefix of that lineage.  So a seller whose deepest covered node is
``v_k`` fits ``u`` by at most ::

    reach(u, k) = Σ_{j ≤ k} max(inc_j, 0)          (1 for an exact 5-digit match)

and a seller that covers no node with ``reach > τ`` fits ``u`` by at most ``τ``.
A buyer's fit in one direction is a weighted mean over its need lines (weights summing
to 1), so a pair that shares no node with ``reach > τ`` in either direction has
``fit ≤ min(1, τ·D)``, ``D`` the number of directions in which the two can trade at
all.  Regional potential and scale are gated by the fit: at most ``fit·R`` (``R`` the
largest potential of the mission's regions in the needed sectors) and ``fit``; wishes
are known pairs, generated anyway.  So every pair not generated at level ``τ`` scores
at most ::

    UB(τ) = (w_fit + w_regional·R + w_scale)·min(1, τ·D) + Σ w_custom   (τ > 0)
    UB(0) = Σ w_custom                                                  (no fit at all)

Bands
-----
Levels ``τ_1 > τ_2 > … > 0`` (:data:`LEVELS`) cut the ``reach`` values into bands
``(τ_1, ∞), (τ_2, τ_1], …``.  Round ``r`` generates, for each index node ``v``, the
block ``sellers covering v × buyers whose need reaches v in band r`` (only the
shallowest in-band node of a need line: a seller covering a deeper one covers it too).
Round 1 takes every participant; after it, a participant whose ``k``-th best score
found so far exceeds ``UB(τ_1)`` is **certified**: no pair left out can enter its
top-k.  Later rounds generate pairs only for the participants not yet certified, as
buyers (their needs in the band, against every seller) and as sellers (every buyer's
needs in the band, against them).  After the band down to 0 every pair with a
positive fit has been scored for the participants still uncertified; pairs without
any fit score exactly 0 (plus custom components) and are not candidates — wished and
forced pairs always are.  With custom components of positive weight, a last round
scores the remaining uncertified participants against everyone.

So the top-k lists are **exact** (the same pairs a dense scoring would rank first, ties
broken by the partner's index), while the work grows with the pairs that share a
specific node (an exact product or its group) rather than with A×B.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.lines import TradeLine
from matchmaker.scoring import fit as fitmod
from matchmaker.scoring.components import component_specs
from matchmaker.scoring.engine import LineArrays
from matchmaker.scoring.prepare import LEVELS, ScoringInputs
from matchmaker.scoring.weights import FitParams

__all__ = ["EPSILON", "LEVELS", "Block", "CandidateIndex", "DirectionIndex"]

#: Margin on the bound for the kernel's float32 sums (totals are exact to about 1e-7).
EPSILON = 1e-6
_DEPTH = fitmod.MAX_DEPTH + 1

IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Block:
    """A rectangle of pairs to score: ``rows × cols`` (ascending global indices)."""

    rows: IntArray
    cols: IntArray

    @property
    def pairs(self) -> int:
        """Number of pairs in the rectangle."""
        return int(self.rows.size) * int(self.cols.size)

    def tiles(self, rows: int, cols: int) -> Iterator[Block]:
        """The rectangle cut into tiles of at most ``rows × cols`` pairs."""
        for r0 in range(0, self.rows.size, rows):
            for c0 in range(0, self.cols.size, cols):
                yield Block(self.rows[r0 : r0 + rows], self.cols[c0 : c0 + cols])


class _Keys:
    """Interns index nodes ``(view, node)`` as small integers."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}

    def __call__(self, key: tuple[str, str]) -> int:
        return self.ids.setdefault(key, len(self.ids))


def _postings(owner: IntArray, key: IntArray, n_keys: int) -> tuple[IntArray, IntArray]:
    """Per key, its owners ascending and unique: ``(ptr, owners)`` in CSR form."""
    if owner.size:
        packed = np.sort(key.astype(np.int64) * (int(owner.max()) + 1) + owner)
        packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
        width = int(owner.max()) + 1
        key, owner = (packed // width).astype(np.intp), (packed % width).astype(np.intp)
    ptr = np.concatenate([[0], np.cumsum(np.bincount(key, minlength=n_keys))]).astype(np.intp)
    return ptr, owner


@dataclass(frozen=True, eq=False)
class DirectionIndex:
    """One direction of trade as an inverted index.

    Attributes
    ----------
    sellers_are_rows : bool
        True for "rows sell to columns" (side A sells), False for the reverse.
    cover_ptr, cover_sellers : ndarray of intp
        For each index node, the sellers covering it (CSR over nodes, ascending).
    need_owner : ndarray of intp, shape (L,)
        The buyer of each need line.
    need_keys : ndarray of intp, shape (L, 5)
        The index node of each depth of the line's lineage (-1 past its depth).
    need_reach : ndarray of float64, shape (L, 5)
        ``reach`` of each of those nodes (-inf past the depth).
    n_sellers, n_buyers : int
        Sizes of the selling and the buying side.
    """

    sellers_are_rows: bool
    cover_ptr: IntArray
    cover_sellers: IntArray
    need_owner: IntArray
    need_keys: IntArray
    need_reach: NDArray[np.float64]
    n_sellers: int
    n_buyers: int

    @property
    def sellers(self) -> NDArray[np.bool_]:
        """Which sellers cover any node (have an offer line)."""
        out = np.zeros(self.n_sellers, dtype=bool)
        out[self.cover_sellers] = True
        return out

    @property
    def buyers(self) -> NDArray[np.bool_]:
        """Which buyers have a need line."""
        out = np.zeros(self.n_buyers, dtype=bool)
        out[self.need_owner] = True
        return out

    def band(self, lo: float, hi: float) -> tuple[IntArray, IntArray]:
        """Buyers per index node for the band ``(lo, hi]``: CSR ``(ptr, buyers)``.

        A need line is listed under the shallowest node of its lineage whose reach
        falls in the band.
        """
        inside = (self.need_reach > lo) & (self.need_reach <= hi)
        lines = np.flatnonzero(inside.any(axis=1))
        first = np.argmax(inside[lines], axis=1)
        keys = self.need_keys[lines, first]
        return _postings(self.need_owner[lines], keys, self.cover_ptr.size - 1)

    def blocks(
        self,
        lo: float,
        hi: float,
        open_sellers: NDArray[np.bool_] | None,
        open_buyers: NDArray[np.bool_] | None,
    ) -> Iterator[Block]:
        """The rectangles of band ``(lo, hi]`` (see the module docstring).

        ``open_*`` mark the participants not yet certified (None: everyone, round 1):
        open buyers against every seller, open sellers against the other buyers.
        """
        ptr, buyers = self.band(lo, hi)
        for key in np.flatnonzero((np.diff(ptr) > 0) & (np.diff(self.cover_ptr) > 0)).tolist():
            b = buyers[ptr[key] : ptr[key + 1]]
            s = self.cover_sellers[self.cover_ptr[key] : self.cover_ptr[key + 1]]
            if open_sellers is None or open_buyers is None:
                parts = [(s, b)]
            else:
                mine = open_buyers[b]
                parts = [(s, b[mine]), (s[open_sellers[s]], b[~mine])]
            for sellers, needing in parts:
                if sellers.size and needing.size:
                    yield Block(sellers, needing) if self.sellers_are_rows else Block(needing, sellers)


def _direction(
    offers: LineArrays,
    needs: LineArrays,
    keys: _Keys,
    params: FitParams,
    sellers_are_rows: bool,
) -> tuple[IntArray, IntArray, IntArray, IntArray, NDArray[np.float64]]:
    """Covered nodes of each seller (owner, node) and the lineage of each need line."""
    cover_owner: list[int] = []
    cover_key: list[int] = []
    by_code: dict[tuple[str, str], list[int]] = {}
    for system, code in sorted(set(offers.codes)):
        line = TradeLine(code, system)  # type: ignore[arg-type]
        by_code[system, code] = sorted(
            {keys((view, node)) for view, node, value in fitmod.coverage_entries(line, params) if value > 0}
        )
    for owner, key in zip(offers.owner.tolist(), offers.codes, strict=True):
        cover_owner += [owner] * len(by_code[key])
        cover_key += by_code[key]
    need_keys = np.full((len(needs.codes), _DEPTH), -1, dtype=np.intp)
    need_reach = np.full((len(needs.codes), _DEPTH), -np.inf)
    lineage: dict[tuple[str, str], tuple[list[int], NDArray[np.float64]]] = {}
    for system, code in sorted(set(needs.codes)):
        nodes = fitmod.need_nodes(system, code)
        reach = np.cumsum(np.maximum(fitmod.increments(len(nodes) - 1, params), 0.0))
        lineage[system, code] = [keys(node) for node in nodes], reach
    for n, key in enumerate(needs.codes):
        ids, reach = lineage[key]
        need_keys[n, : len(ids)] = ids
        need_reach[n, : len(ids)] = reach
    return (
        np.array(cover_owner, dtype=np.intp),
        np.array(cover_key, dtype=np.intp),
        needs.owner.astype(np.intp),
        need_keys,
        need_reach,
    )


@dataclass(frozen=True, eq=False)
class CandidateIndex:
    """The inverted index of a mission's codes and the bound of pairs left out (module docstring).

    Attributes
    ----------
    n_rows, n_cols : int
        Sizes of side A (rows) and side B (columns).
    ab, ba : DirectionIndex
        Rows selling to columns, columns selling to rows.
    directions : tuple of ndarray of int
        For each participant (side A, side B), the number of directions (0-2) in which
        it can trade with anyone: the ``D`` of the bound.
    fit_share, rest, custom_share : float
        ``w_fit``; ``w · bound`` summed over the other components gated by the fit
        (``w_regional·R + w_scale``); and over the ungated ones (pairwise and custom
        components; wishes have bound 0).  The bounds are the components' table's.
    levels : tuple of float
        The levels τ of the bands, descending, the last 0.
    """

    n_rows: int
    n_cols: int
    ab: DirectionIndex
    ba: DirectionIndex
    directions: tuple[NDArray[np.int64], NDArray[np.int64]]
    fit_share: float
    rest: float
    custom_share: float
    levels: tuple[float, ...] = LEVELS

    @classmethod
    def build(cls, inputs: ScoringInputs, levels: Sequence[float] = LEVELS) -> CandidateIndex:
        """Index the offers and needs of a prepared scoring request.

        Examples
        --------
        >>> from matchmaker.datasets import east_java_south_sumatra_2020
        >>> from matchmaker.scoring.api import prepare_scoring
        >>> index = CandidateIndex.build(prepare_scoring(east_java_south_sumatra_2020()))
        >>> index.n_rows, index.n_cols, index.levels
        (46, 115, (0.5, 0.4, 0.25, 0.125, 0.0))
        >>> top, nothing = index.bound(0.5)[0].max(), index.bound(0.0)[0].max()
        >>> round(float(top), 3), float(nothing)  # trading both ways: 0.55·min(1, 2·0.5) + 0.1·R + 0.15
        (0.745, 0.0)
        """
        offers_a, needs_a, offers_b, needs_b = inputs.lines
        params = inputs.context.params
        n_rows, n_cols = inputs.arrays.n_rows, inputs.arrays.n_cols
        keys = _Keys()
        parts_ab = _direction(offers_a, needs_b, keys, params, True)
        parts_ba = _direction(offers_b, needs_a, keys, params, False)
        n_keys = len(keys.ids)
        made = []
        for (c_owner, c_key, owner, need_keys, reach), rows_sell, n_s, n_b in (
            (parts_ab, True, n_rows, n_cols),
            (parts_ba, False, n_cols, n_rows),
        ):
            ptr, sellers = _postings(c_owner, c_key, n_keys)
            made.append(DirectionIndex(rows_sell, ptr, sellers, owner, need_keys, reach, n_s, n_b))
        ab, ba = made
        # a participant trades in a direction when it sells and someone buys, or the reverse
        d_rows = (ab.sellers & ab.buyers.any()).astype(np.int64) + (ba.buyers & ba.sellers.any())
        d_cols = (ab.buyers & ab.sellers.any()).astype(np.int64) + (ba.sellers & ba.buyers.any())
        # each component's share of the bound, from the components' table: those gated by the
        # fit scale with it, the others (and the custom components) add their largest value
        w = inputs.weights
        specs = {s.name: s for s in component_specs()}
        gated = [s for s in specs.values() if s.gated and s.name != "fit"]
        rest = 0.0
        for s in gated:
            rest += float(w.get(s.name, 0.0)) * s.bound_of(inputs)
        ungated = [
            float(v) * (specs[name].bound_of(inputs) if name in specs else 1.0)
            for name, v in w.items()
            if name not in specs or not specs[name].gated
        ]
        return cls(
            n_rows,
            n_cols,
            ab,
            ba,
            (d_rows, d_cols),
            float(w.get("fit", 0.0)),
            rest,
            float(sum(ungated)),
            tuple(float(x) for x in levels),
        )

    def bound(self, level: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``UB(τ)`` of every participant (side A, side B): no pair left out at level τ scores more."""
        out = []
        for d in self.directions:
            if level > 0:  # regional and scale are gated by the fit (at most min(1, τ·D))
                fit = (self.fit_share + self.rest) * np.minimum(1.0, level * d)
            else:
                fit = np.zeros(d.shape)
            out.append(fit + self.custom_share)
        return out[0], out[1]

    def blocks(
        self, round_: int, open_rows: NDArray[np.bool_] | None, open_cols: NDArray[np.bool_] | None
    ) -> Iterator[Block]:
        """The rectangles of round ``round_`` (0-based) for the open (uncertified) participants.

        Round 0 takes everyone (pass None); rounds ``len(levels)`` and on (only with
        custom components) pair the open participants with everyone.
        """
        if round_ >= len(self.levels):
            assert open_rows is not None
            assert open_cols is not None
            every_col = np.arange(self.n_cols, dtype=np.intp)
            rows = np.flatnonzero(open_rows)
            if rows.size:
                yield Block(rows, every_col)
            shut, cols = np.flatnonzero(~open_rows), np.flatnonzero(open_cols)
            if shut.size and cols.size:
                yield Block(shut, cols)
            return
        lo = self.levels[round_]
        hi = np.inf if round_ == 0 else self.levels[round_ - 1]
        yield from self.ab.blocks(lo, hi, open_rows, open_cols)
        yield from self.ba.blocks(lo, hi, open_cols, open_rows)
