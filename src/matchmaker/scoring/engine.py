"""From a mission to the kernel's arrays: code trees, coverage, line weights, sizes and regions.

Loops here run over participants, lines and distinct codes (never over pairs); every
per-pair operation happens in :mod:`matchmaker.scoring.algorithms`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matchmaker._arrays import small_unique
from matchmaker.model.lines import TradeLine
from matchmaker.model.participant import Participant
from matchmaker.scoring import fit as fitmod
from matchmaker.scoring.algorithms import Direction, csr_product
from matchmaker.scoring.regional import RegionalModel, gap, supply
from matchmaker.scoring.rules import RequirementSets
from matchmaker.scoring.scale import HEADROOM, IDR
from matchmaker.scoring.weights import FitParams

__all__ = [
    "DirectionParts",
    "DirectionPlan",
    "LineArrays",
    "build_direction",
    "cols_sell",
    "line_arrays",
    "need_weights",
    "rows_sell",
]


@dataclass(frozen=True)
class DirectionPlan:
    """How to build a direction: fit parameters, and the weights folded into the coefficients.

    ``regional`` is ``None`` (and ``regional_share`` 0) when the component is off;
    ``scale_share`` 0 leaves the scale terms out.  ``fit_scale`` multiplies every
    coefficient (the kernel's ``den`` is ``fit_scale · Σ w``): the fit's share when it is
    positive, so that ``min(den, fit_scale)`` is already the fit's contribution.
    """

    params: FitParams
    regional: RegionalModel | None
    regional_share: float
    scale_share: float
    centres: dict[str, float]
    fit_scale: float = 1.0


@dataclass(frozen=True, eq=False)
class LineArrays:
    """One field (offers or needs) of one side, flattened: a line per entry, owners ascending."""

    owner: NDArray[np.intp]
    codes: tuple[tuple[str, str], ...]  # (system, code) of each line
    value: NDArray[np.float64]  # value_idr, NaN when not given
    volume: NDArray[np.float64]  # NaN when not given
    unit: tuple[str | None, ...]  # case-folded
    n_owners: int


def _floats(lines: Sequence[Any], name: str) -> NDArray[np.float64]:
    """Attribute ``name`` of every line as float64, NaN where it is None."""
    nan = math.nan
    return np.array([nan if v is None else v for v in map(attrgetter(name), lines)], dtype=np.float64)


def line_arrays(people: Sequence[Participant], field: str) -> LineArrays:
    """Flatten the ``offers`` or ``needs`` of ``people``."""
    groups = [getattr(p, field) for p in people]
    counts = np.array([len(g) for g in groups], dtype=np.intp)
    lines = [line for group in groups for line in group]
    # One list per attribute, read by attrgetter: no tuple per line.  This runs on every
    # score() call, and at 10,000 x 10,000 a 4-tuple per line (then zip(*rows)) was some
    # 70,000 short-lived containers per call: enough to set off a full garbage collection
    # of the whole heap (70-300 ms) in most calls.
    return LineArrays(
        np.repeat(np.arange(len(people), dtype=np.intp), counts),
        tuple(map(attrgetter("system", "code"), lines)),
        _floats(lines, "value_idr"),
        _floats(lines, "volume"),
        tuple(u.casefold() if u else None for u in map(attrgetter("unit"), lines)),
        len(people),
    )


def size_centres(groups: Sequence[LineArrays]) -> dict[str, float]:
    """Median log10 size of each channel (``"IDR"`` and each unit) over all lines of ``groups``.

    The log sizes of the scale component are centred on these medians, which keeps the
    expansion of the squared log ratio accurate; no score depends on the centre (both
    sizes of a ratio share their channel's centre).

    >>> from matchmaker.model import Participant
    >>> people = [Participant("a", "A", "X", "Jatim", offers="10721=1000000000; 10722=100000000000")]
    >>> size_centres([line_arrays(people, "offers")])
    {'IDR': 10.0}
    """
    values = np.concatenate([g.value for g in groups]) if groups else np.zeros(0)
    out: dict[str, float] = {}
    positive = values[values > 0]
    if positive.size:
        out[IDR] = float(np.median(np.log10(positive)))
    volumes = np.concatenate([g.volume for g in groups]) if groups else np.zeros(0)
    units = np.array([u or "" for g in groups for u in g.unit], dtype=object)
    usable = (volumes > 0) & (units != "")
    for unit in sorted(set(units[usable])):
        out[str(unit)] = float(np.median(np.log10(volumes[usable & (units == unit)])))
    return dict(sorted(out.items()))


def need_weights(needs: LineArrays) -> NDArray[np.float64]:
    """``ω`` of every line (:func:`matchmaker.scoring.fit.line_weights`, all participants at once)."""
    n = needs.n_owners
    count = np.bincount(needs.owner, minlength=n).astype(np.float64)
    known = ~np.isnan(needs.value)
    n_known = np.bincount(needs.owner[known], minlength=n).astype(np.float64)
    sum_known = np.bincount(needs.owner[known], weights=needs.value[known], minlength=n)
    usable = (n_known > 0) & (sum_known > 0)
    mean = np.divide(sum_known, n_known, out=np.zeros(n), where=usable)
    filled = np.where(known, needs.value, mean[needs.owner])
    total = np.bincount(needs.owner, weights=np.where(usable[needs.owner], filled, 0.0), minlength=n)
    equal = 1.0 / np.maximum(count, 1.0)
    return np.where(
        usable[needs.owner], filled / np.where(usable, total, 1.0)[needs.owner], equal[needs.owner]
    )


@functools.cache
def _need_entries(
    system: str, code: str, params: FitParams
) -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    keys = fitmod.need_nodes(system, code)
    inc = fitmod.increments(len(keys) - 1, params, system)
    return keys, tuple(float(x) for x in inc)


@functools.cache
def _offer_entries(system: str, code: str, params: FitParams) -> tuple[tuple[tuple[str, str], float], ...]:
    line = TradeLine(code, system)  # type: ignore[arg-type]
    return tuple(((view, node), value) for view, node, value in fitmod.coverage_entries(line, params))


@dataclass(frozen=True, eq=False)
class _Codes:
    """What the fit needs of a set of need codes and offer codes (nothing about participants)."""

    n_nodes: int
    increments: NDArray[np.float64]  # (nodes, need codes): F(k) - F(k-1) on each lineage node
    per_code: NDArray[np.intp]  # number of covered nodes of each offer code
    nodes: NDArray[np.intp]  # the covered nodes, offer code by offer code
    values: NDArray[np.float64]  # their coverage (1 or the link factor)
    start: NDArray[np.intp]  # where each offer code's nodes start
    fit: NDArray[np.float64]  # (offer codes, need codes): each offer code's own fit of each need


@functools.lru_cache(maxsize=64)
def _code_structure(
    need_keys: tuple[tuple[str, str], ...], offer_keys: tuple[tuple[str, str], ...], params: FitParams
) -> _Codes:
    """Lineage nodes, increments and coverage of the codes of one direction (cached: codes only)."""
    node_col: dict[tuple[str, str], int] = {}
    w_rows: list[int] = []
    w_cols: list[int] = []
    w_vals: list[float] = []
    for u, (system, code) in enumerate(need_keys):
        chain, inc = _need_entries(system, code, params)
        for node, value in zip(chain, inc, strict=True):
            w_rows.append(node_col.setdefault(node, len(node_col)))
            w_cols.append(u)
            w_vals.append(value)
    increments = np.zeros((len(node_col), len(need_keys)))
    increments[w_rows, w_cols] = w_vals
    entries = [
        [(node_col[node], value) for node, value in _offer_entries(system, code, params) if node in node_col]
        for system, code in offer_keys
    ]
    per_code = np.array([len(e) for e in entries], dtype=np.intp)
    nodes = np.array([c for e in entries for c, _ in e], dtype=np.intp)
    values = np.array([v for e in entries for _, v in e], dtype=np.float64)
    cover = np.zeros((len(offer_keys), len(node_col)))
    cover[np.repeat(np.arange(len(offer_keys)), per_code), nodes] = values
    for arr in (increments, per_code, nodes, values, cover):
        arr.setflags(write=False)
    return _Codes(
        len(node_col),
        increments,
        per_code,
        nodes,
        values,
        np.concatenate([[0], np.cumsum(per_code)]).astype(np.intp),
        cover @ increments,
    )


def _index(keys: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], NDArray[np.intp]]:
    """Distinct keys (sorted) and each entry's index among them."""
    distinct = sorted(set(keys))
    where = {k: i for i, k in enumerate(distinct)}
    return distinct, np.array([where[k] for k in keys], dtype=np.intp)


def build_direction(
    offers: LineArrays,
    needs: LineArrays,
    plan: DirectionPlan,
    seller_regions: NDArray[np.intp],
    buyer_regions: NDArray[np.intp],
    requirements: RequirementSets,
) -> DirectionParts:
    """Tables and coefficients of one direction: ``offers``' owners sell to ``needs``' owners.

    Tables (one column per seller), for the need codes ``u`` and the size keys
    ``κ = (u, channel)`` of the buyers' lines:

    ``fit[u]``
        the seller's fit of need code ``u`` (:func:`matchmaker.scoring.fit.need_fit`);
    ``fit·supply[u]``
        times the supply transform of its region's LQ in ``u``'s sector;
    ``w·Λ²[κ], w·Λ[κ], w[κ]``
        ``w = fit[u]`` where the seller states a capacity for ``κ`` (else 0), ``Λ`` the
        centred log10 capacity.

    Coefficients per buyer line ``n`` (weight ``ω``, centred log10 size ``ℓ``), with
    ``s_r, s_s`` the regional and scale shares::

        fit:       c · ω                          on fit[u_n]
        regional:  s_r · ω · gap(LQ_q)             on fit·supply[u_n]
        scale:     c² · 2ω / s_s                  on fit[u_n]
                   c² · (ω, -2ωℓ, ω(ℓ² - 1)) / s_s on w·Λ²[κ_n], w·Λ[κ_n], w[κ_n]

    with ``c = plan.fit_scale`` and ``ℓ`` shifted by :data:`~matchmaker.scoring.scale.HEADROOM`.
    Summed over a buyer's lines the scale row gives ``c² · (2·Σw + Σ w(d² - 1)) / s_s``
    with ``w = ω · fit`` and ``d = ℓ - Λ`` where both sizes are known, which the kernel
    turns into ``s_s / (1 + M²) / c`` and gates by the fit (see
    :mod:`matchmaker.scoring.algorithms` and :mod:`matchmaker.scoring.scale`).
    """
    params = plan.params
    n_s, n_b = offers.n_owners, needs.n_owners
    code_keys, u_of_need = _index(needs.codes)
    n_codes = len(code_keys)

    offer_keys, code_of_offer = _index(offers.codes)
    codes = _code_structure(tuple(code_keys), tuple(offer_keys), params)
    n_nodes, increments = codes.n_nodes, codes.increments
    per_code, code_nodes, code_values, code_start = codes.per_code, codes.nodes, codes.values, codes.start
    # a seller covers a node as well as its best line does
    counts = per_code[code_of_offer]
    line_of_entry = np.repeat(np.arange(code_of_offer.size), counts)
    entry = code_start[code_of_offer][line_of_entry] + (
        np.arange(line_of_entry.size) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    seller_cover = _max_duplicates(
        offers.owner[line_of_entry], code_nodes[entry], code_values[entry], n_s, n_nodes
    )
    fit_table = csr_product(*seller_cover, increments) if n_codes else np.zeros((n_s, 0))
    line_fit = codes.fit[code_of_offer]
    sector_code = np.arange(n_codes)  # the need code each column of fit_table stands for
    if (
        requirements.of_line is not None
        and requirements.line_ok is not None
        and (requirements.of_line >= 0).any()
    ):
        # a need line with its own certification (10631:halal) reads a column of its code
        # masked by the sellers that hold it: one column per (code, certification set)
        of_line, n_sets = requirements.of_line, requirements.line_ok.shape[0]
        req = np.flatnonzero(of_line >= 0)
        combos, where = small_unique(u_of_need[req] * n_sets + of_line[req])
        code_k, set_k = combos // n_sets, combos % n_sets
        fit_table = np.hstack([fit_table, fit_table[:, code_k] * requirements.line_ok[set_k].T])
        line_fit = np.hstack([line_fit, line_fit[:, code_k]])
        sector_code = np.concatenate([sector_code, code_k])
        u_of_need = u_of_need.copy()
        u_of_need[req] = n_codes + where.reshape(-1)
        n_codes += combos.size

    weights = need_weights(needs)
    tables: list[NDArray[np.float64]] = [fit_table]
    rows: list[NDArray[np.intp]] = [3 * needs.owner]
    cols: list[NDArray[np.intp]] = [u_of_need]
    vals: list[NDArray[np.float64]] = [plan.fit_scale * weights]

    if plan.regional is not None and plan.regional_share > 0 and n_codes:
        model = plan.regional
        sector = model.sectors(code_keys)[sector_code]  # the lookup seller_lq makes too, done once
        seller_lq = model.seller_lq(np.maximum(seller_regions, 0), code_keys)[:, sector_code]
        tables.append(fit_table * supply(seller_lq))
        buyer_lq = model.lq[np.maximum(buyer_regions, 0)[needs.owner], sector[u_of_need]]
        rows.append(3 * needs.owner + 1)
        cols.append(n_codes + u_of_need)
        vals.append(plan.regional_share * weights * gap(buyer_lq))

    if plan.scale_share > 0 and n_codes:
        size_tables, lines, key_cols, key_vals = _size_terms(
            offers, needs, line_fit, fit_table, u_of_need, weights, plan.centres
        )
        offset = sum(t.shape[1] for t in tables)
        tables += size_tables
        rows += [3 * needs.owner + 2, 3 * needs.owner[lines] + 2]
        cols += [u_of_need, offset + key_cols]
        scale = plan.fit_scale * plan.fit_scale / plan.scale_share
        vals += [2.0 * scale * weights, scale * key_vals]

    return DirectionParts(
        tuple(tables),
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(vals),
        n_b,
        requirements,
    )


@dataclass(frozen=True, eq=False)
class DirectionParts:
    """A direction before its kernel layout.

    ``tables`` are (sellers × terms) pieces, side by side in this order (the kernel's
    layouts stack them once, straight into their precision: no float64 copy of the
    whole); the coefficients are given as entries (row ``3b + q``, term, value).
    """

    tables: tuple[NDArray[np.float64], ...]
    rows: NDArray[np.intp]
    cols: NDArray[np.intp]
    vals: NDArray[np.float64]
    n_buyers: int
    requirements: RequirementSets

    @property
    def n_terms(self) -> int:
        """Columns of the stacked tables."""
        return sum(t.shape[1] for t in self.tables)

    def stacked(self, dtype: type, *, sellers_first: bool) -> NDArray[Any]:
        """The tables side by side in ``dtype``: (sellers, terms), or (terms, sellers), C-contiguous.

        The same numbers as ``np.hstack(tables).astype(dtype)`` (or its transpose): each
        float64 entry is rounded to ``dtype`` once, on its way into the result.
        """
        n_sellers = self.tables[0].shape[0]
        out: NDArray[Any] = np.empty(
            (n_sellers, self.n_terms) if sellers_first else (self.n_terms, n_sellers), dtype=dtype
        )
        at = 0
        for table in self.tables:
            width = table.shape[1]
            if sellers_first:
                out[:, at : at + width] = table
            else:
                out[at : at + width] = table.T
            at += width
        return out


def rows_sell(parts: DirectionParts, dtype: type) -> Direction:
    """Kernel layout of "rows sell to columns" (the sellers are the rows of the score matrix).

    The tables are stored column-major (a block of seller columns is contiguous).  A
    buyer that requires certification set ``s`` reads block ``1 + s`` of the stacked
    operand ``[x; x·holds_0; x·holds_1; ...]`` that the kernel builds per row block;
    ``req_coef`` holds the requiring buyers' fit coefficients on ``[x·lacks_0; ...]``.
    """
    n_terms = parts.n_terms
    req = parts.requirements
    rows, cols, vals = parts.rows, parts.cols, parts.vals
    buyer_set = req.of_buyer
    sets = buyer_set[rows // 3] if rows.size else np.zeros(0, dtype=np.intp)
    shifted = np.where(sets >= 0, cols + n_terms * (1 + sets), cols)
    n_sets = req.ok.shape[0]
    requiring = np.flatnonzero(buyer_set >= 0)
    position = np.full(buyer_set.size, -1, dtype=np.intp)
    position[requiring] = np.arange(requiring.size)
    fit_req = (sets >= 0) & (rows % 3 == 0)
    return Direction(
        tables=parts.stacked(dtype, sellers_first=True).T,  # (terms, sellers), a block of sellers contiguous
        coef=_csr(vals, rows, shifted, (3 * parts.n_buyers, n_terms * (1 + n_sets)), dtype),
        holds=req.ok,
        buyer_set=buyer_set,
        requiring=requiring,
        req_coef=_csr(
            vals[fit_req],
            position[rows[fit_req] // 3],
            cols[fit_req] + n_terms * sets[fit_req],
            (requiring.size, n_terms * n_sets),
            dtype,
        ),
    )


def cols_sell(parts: DirectionParts, dtype: type) -> Direction:
    """Kernel layout of "columns sell to rows" (the sellers are the columns of the score matrix).

    Coefficient rows are ordered by quantity, then buyer (row ``q · n_buyers + b``);
    the buyers that require certifications are left out of ``coef`` and kept in
    ``req_coef`` (row ``q · len(requiring) + k``): the kernel computes them apart and
    masks them by the sellers' ``holds``.
    """
    req = parts.requirements
    n_b, n_terms = parts.n_buyers, parts.n_terms
    rows, cols, vals = parts.rows, parts.cols, parts.vals
    buyer, quantity = rows // 3, rows % 3
    requiring = np.flatnonzero(req.of_buyer >= 0)
    position = np.full(n_b, -1, dtype=np.intp)
    position[requiring] = np.arange(requiring.size)
    free = position[buyer] < 0
    return Direction(
        tables=parts.stacked(dtype, sellers_first=False),
        coef=_csr(vals[free], quantity[free] * n_b + buyer[free], cols[free], (3 * n_b, n_terms), dtype),
        holds=req.ok,
        buyer_set=req.of_buyer,
        requiring=requiring,
        req_coef=_csr(
            vals[~free],
            quantity[~free] * requiring.size + position[buyer[~free]],
            cols[~free],
            (3 * requiring.size, n_terms),
            dtype,
        ),
    )


def _csr(
    vals: NDArray[np.float64],
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    shape: tuple[int, int],
    dtype: type,
) -> sparse.csr_array:
    """A CSR matrix from entries without repeats (a buyer lists each code once)."""
    # one sort of a combined key, not lexsort's two: the entries are distinct, so the order is the same
    order = np.argsort(rows.astype(np.int64) * max(shape[1], 1) + cols)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=shape[0]))])
    return sparse.csr_array((vals[order].astype(dtype), cols[order], indptr), shape=shape)


def _max_duplicates(
    rows: NDArray[np.intp], cols: NDArray[np.intp], data: NDArray[np.float64], n_rows: int, n_cols: int
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """``(indptr, indices, data)`` of the CSR matrix of the entries ``(rows, cols, data)``, keeping the
    largest of repeated entries (columns ascending in each row)."""
    key = rows.astype(np.int64) * n_cols + cols
    order = np.lexsort((data, key))
    key, data = key[order], data[order]
    last = np.flatnonzero(np.concatenate((key[1:] != key[:-1], [True]))) if key.size else key
    kept_rows = key[last] // max(n_cols, 1)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(kept_rows, minlength=n_rows))])
    return indptr, key[last] % max(n_cols, 1), data[last]


def _size_terms(
    offers: LineArrays,
    needs: LineArrays,
    line_fit: NDArray[np.float64],
    fit_table: NDArray[np.float64],
    u_of_need: NDArray[np.intp],
    weights: NDArray[np.float64],
    centres: dict[str, float],
) -> tuple[list[NDArray[np.float64]], NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Tables ``w·Λ², w·Λ, w`` per size key; the sized need lines, their columns and coefficients.

    ``line_fit`` is the fit of each offer line on its own, shape (offer lines, need codes);
    a seller's capacity for a need code sums the sizes of its lines that fit it best.
    """
    n_sellers = fit_table.shape[0]
    channels = [IDR, *sorted({u for u in (*needs.unit, *offers.unit) if u})]
    channel_id = {c: k for k, c in enumerate(channels)}
    n_ch = len(channels)
    # the size each need line is compared by: its value, else its volume in its unit
    has_value = needs.value > 0  # False for NaN
    unit_id = np.array([channel_id[u] if u else -1 for u in needs.unit], dtype=np.intp)
    has_volume = ~has_value & (needs.volume > 0) & (unit_id > 0)
    channel = np.where(has_value, 0, np.where(has_volume, unit_id, -1))
    size = np.where(has_value, needs.value, needs.volume)
    sized = np.flatnonzero(channel >= 0)
    keys, k_n = small_unique(u_of_need[sized] * n_ch + channel[sized])
    n_keys = keys.size
    key_code, key_channel = keys // n_ch, keys % n_ch
    # capacity of each seller for each key: the sizes of its lines that fit the need code best
    capacity = np.zeros((n_sellers, n_keys))
    if offers.owner.size and n_keys:
        first = np.concatenate(([True], offers.owner[1:] != offers.owner[:-1]))
        starts = np.flatnonzero(first)
        lengths = np.diff(np.append(starts, offers.owner.size))
        best = _by_seller(np.maximum, line_fit, starts, lengths)  # per seller with lines
        seller_of_line = np.cumsum(first) - 1  # each line's seller among those with lines
        # equal fits computed along different crosswalk paths may differ in the last bits:
        # within fitmod.TIE of the best is a tie, as in :func:`~matchmaker.scoring.fit.best_offers`
        is_best = line_fit >= best[seller_of_line] * (1.0 - fitmod.TIE)
        is_best &= line_fit > 0
        offer_unit = np.array([channel_id[u] if u else -1 for u in offers.unit], dtype=np.intp)
        # each key's column of the lines' sizes, all channels side by side, so that one
        # segment sum and one row write fill ``capacity`` (not a 2-D scatter per channel)
        contrib = np.empty((offers.owner.size, n_keys))
        for ch in np.flatnonzero(np.bincount(key_channel, minlength=n_ch)):  # the channels in use
            offer_size = offers.value if ch == 0 else np.where(offer_unit == ch, offers.volume, 0.0)
            offer_size = np.where(offer_size > 0, offer_size, 0.0)  # NaN and 0 state no size
            in_channel = np.flatnonzero(key_channel == ch)
            if in_channel.size == n_keys:  # one channel: straight into contrib, no column scatter
                np.multiply(is_best.take(key_code, axis=1), offer_size[:, None], out=contrib)
            else:
                contrib[:, in_channel] = is_best[:, key_code[in_channel]] * offer_size[:, None]
        capacity[offers.owner[starts]] = _by_seller(np.add, contrib, starts, lengths)
    centre_of = np.array([centres.get(c, 0.0) for c in channels])
    has = capacity > 0
    log_cap = np.where(has, capacity, 1.0)
    np.log10(log_cap, out=log_cap)  # in place: each temporary of this size is a page-faulted allocation
    log_cap -= centre_of[key_channel]
    np.copyto(log_cap, 0.0, where=~has)
    w = fit_table.take(key_code, axis=1)  # a fresh copy, zeroed in place where no capacity is stated
    np.copyto(w, 0.0, where=~has)
    w_log = w * log_cap
    tables = [w_log * log_cap, w_log, w]  # w·Λ·Λ left to right, as w * log_cap * log_cap was
    ell = np.log10(size[sized]) - centre_of[channel[sized]] + HEADROOM  # asymmetric: see scale.py
    om = weights[sized]
    cols = np.concatenate([k_n, n_keys + k_n, 2 * n_keys + k_n])
    vals = np.concatenate([om, -2.0 * om * ell, om * (ell * ell - 1.0)])
    return tables, np.tile(sized, 3), cols, vals


def _by_seller(
    ufunc: np.ufunc, values: NDArray[np.float64], starts: NDArray[np.intp], lengths: NDArray[np.intp]
) -> NDArray[np.float64]:
    """``ufunc.reduceat(values, starts, axis=0)`` for runs of a few rows (a seller's lines), same bits.

    ``reduceat`` along axis 0 pays a call per run, ~10,000 runs of 1-4 lines at 10k x 10k.
    For a run of up to 8 rows NumPy's reduction computes ``x0 ∘ (x1 ∘ x2 ∘ ...)``, the tail
    left to right (its pairwise sum starts blocking at 8 terms): that order is kept
    here one run position at a time; longer runs take ``reduceat`` itself.

    >>> _by_seller(np.add, np.arange(5.0)[:, None], np.array([0, 1]), np.array([1, 4])).tolist()
    [[0.0], [10.0]]
    """
    longest = int(lengths.max(initial=1))
    if longest > 8:
        out_: NDArray[np.float64] = ufunc.reduceat(values, starts, axis=0)
        return out_
    out = values[starts]
    if longest == 1:
        return out
    runs = np.flatnonzero(lengths > 1)
    tail = values[starts[runs] + 1]
    for k in range(2, longest):
        more = np.flatnonzero(lengths[runs] > k)
        tail[more] = ufunc(tail[more], values[starts[runs[more]] + k])
    out[runs] = ufunc(out[runs], tail)
    return out
