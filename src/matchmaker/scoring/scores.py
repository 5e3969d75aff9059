"""The result of scoring: :class:`Scores` (A×B arrays) and :class:`Explanation` (one pair, in words)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant
from matchmaker.scoring import fit as fitmod
from matchmaker.scoring.algorithms import PairArrays, block_components, block_rows
from matchmaker.scoring.components import component_specs
from matchmaker.scoring.regional import RegionalModel
from matchmaker.scoring.rules import missing_certifications, missing_for_line
from matchmaker.scoring.scale import HEADROOM, capacity, compatibility, describe_size, need_size, size_gap
from matchmaker.scoring.weights import FitParams
from matchmaker.scoring.wishes import wish_reasons

__all__ = ["ComponentExplanation", "Explanation", "Scores", "ScoresBase", "explain_pair"]


@dataclass(frozen=True)
class ComponentExplanation:
    """One component of one pair's score.

    Attributes
    ----------
    name : str
        A component's name (:mod:`matchmaker.scoring.components`) or a custom one.
    raw : float
        The component's value for the pair, in [0, 1].
    weight : float
        Its normalised weight (the shares sum to 1).
    contribution : float
        ``weight · raw``: its part of the total.
    reasons : tuple of str
        Why, in words (which codes met, the LQs, the sizes, the wishes).
    """

    name: str
    raw: float
    weight: float
    contribution: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it does.

    ``total == sum(c.contribution for c in components) + adjustment`` (up to rounding).

    Attributes
    ----------
    a_id, b_id, a_name, b_name : str
        The pair: a side-A (row) and a side-B (column) participant.
    total : float
        The pair's total score (as in ``Scores.total``).
    components : tuple of ComponentExplanation
        Every component computed, in the order of the components' table (optional
        components of weight 0, ``regional`` and ``scale``, are not computed nor listed).
    adjustment : float
        The met-before penalty (negative) or 0.
    adjustment_reason : str or None
        Why the adjustment applies.
    forbidden, forced : bool
        The pair's hard status (a pair may be both; the matching diagnoses that).
    forbidden_reasons, forced_reasons : tuple of str
        Which rule or wish makes it so.
    matches : tuple of LineMatch
        How each need line is met, A→B (B's needs) first then B→A (A's needs).
    """

    a_id: str
    b_id: str
    a_name: str
    b_name: str
    total: float
    components: tuple[ComponentExplanation, ...]
    adjustment: float = 0.0
    adjustment_reason: str | None = None
    forbidden: bool = False
    forbidden_reasons: tuple[str, ...] = ()
    forced: bool = False
    forced_reasons: tuple[str, ...] = ()
    matches: tuple[fitmod.LineMatch, ...] = ()

    @property
    def summary(self) -> str:
        """One line for lists of top pairs: total, the main contributions and the best match.

        For example ``JT-015 × SS-003 0.789 = fit 0.550 + scale 0.108 + wishes 0.100 +
        regional 0.031 | JT-015 sells 10130 for need 10130; SS-003 wishes``.
        """
        shown = sorted((c for c in self.components if c.contribution > 0), key=lambda c: -c.contribution)
        parts = " + ".join(f"{c.name} {c.contribution:.3f}" for c in shown) or "0"
        if self.adjustment:
            parts += f" {self.adjustment:+.3f} (met before)"
        reasons = []
        best = max(self.matches, key=lambda m: m.weight * m.fit, default=None)
        if best is not None and best.fit > 0 and best.offers:
            seller = self.a_id if best.direction == "A→B" else self.b_id
            reasons.append(
                f"{seller} sells {fitmod.code_label(best.offers[0])} for need {fitmod.code_label(best.need)}"
            )
        wish = next((c for c in self.components if c.name == "wishes" and c.raw > 0), None)
        if wish is not None:
            reasons.append("mutual wish" if wish.raw >= 1 else "one-sided wish")
        if self.forced:
            reasons.append("forced")
        if self.forbidden:
            reasons.append("FORBIDDEN")
        return f"{self.a_id} × {self.b_id} {self.total:.3f} = {parts}" + (
            f" | {'; '.join(reasons)}" if reasons else ""
        )

    def __str__(self) -> str:
        lines = [f"{self.a_id} {self.a_name} × {self.b_id} {self.b_name}: total {self.total:.3f}"]
        for c in self.components:
            lines.append(f"  {c.name:<9} {c.raw:.3f} × weight {c.weight:.3f} = {c.contribution:.3f}")
            lines += [f"      {reason}" for reason in c.reasons]
        if self.adjustment_reason:
            lines.append(f"  adjustment {self.adjustment:+.3f}: {self.adjustment_reason}")
        if self.forbidden:
            lines.append("  FORBIDDEN: " + "; ".join(self.forbidden_reasons))
        if self.forced:
            lines.append("  FORCED: " + "; ".join(self.forced_reasons))
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class ScoringContext:
    """What ``explain`` and ``component`` need besides the arrays (kept with the scores)."""

    arrays: PairArrays
    params: FitParams
    regional: RegionalModel | None
    custom_names: tuple[str, ...]
    met_before: NDArray[np.intp]
    met_before_mode: str


@dataclass(frozen=True, eq=False, kw_only=True)
class ScoresBase:
    """What dense and sparse scores share: ids, forced pairs, weights, ``index``, ``explain``.

    :class:`Scores` (every pair, dense arrays) and
    :class:`~matchmaker.scoring.SparseScores` (candidate pairs, ``scipy.sparse``) derive
    from it and say forbidden the same way: ``forbidden`` is a boolean (A, B) mask, an
    ndarray for dense scores and a ``scipy.sparse`` array for sparse ones (which never
    store a forbidden pair, so it holds no entry); :meth:`is_forbidden` asks about one
    pair of either.

    Attributes
    ----------
    row_ids, col_ids : tuple of str
        Side-A ids (rows) and side-B ids (columns), in ``mission.ids`` order.
    forced : ndarray of intp, shape (k, 2)
        ``(row, col)`` pairs named in a must-meet wish by either side, sorted, unique,
        read-only.
    mission : Mission or None
        The mission scored.
    weights : mapping
        The normalised weight of each component (summing to 1).
    """

    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    forced: NDArray[np.intp]
    mission: Mission | None
    weights: Mapping[str, float] = field(default_factory=dict)
    context: ScoringContext | None = field(default=None, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        """``(A, B)``."""
        return len(self.row_ids), len(self.col_ids)

    def _ctx(self) -> ScoringContext:
        if self.context is None or self.mission is None:
            raise ValueError("these scores carry no mission context; use matchmaker.scoring.score(mission)")
        return self.context

    def index(self, a_id: str, b_id: str) -> tuple[int, int]:
        """``(row, col)`` of a pair given as (side-A id, side-B id), or the other way round."""
        mission = self.mission
        if mission is None:
            return self.row_ids.index(a_id), self.col_ids.index(b_id)
        (s1, i1), (s2, i2) = mission.locate(a_id), mission.locate(b_id)
        if s1 == s2:
            raise ValueError(f"{a_id!r} and {b_id!r} are both on side {s1}; a pair joins side A and side B")
        return (i1, i2) if s1 == "A" else (i2, i1)

    def _pair(self, i: int, j: int) -> tuple[float, bool]:
        """The total and the forbidden flag of pair (row ``i``, column ``j``)."""
        raise NotImplementedError

    def is_forbidden(self, a_id: str, b_id: str) -> bool:
        """Whether a hard rule forbids the pair (given in either order), candidate or not."""
        return self._pair(*self.index(a_id, b_id))[1]

    def _component_key(self, name: str) -> str:
        """The kernel's key of component ``name`` (see :meth:`Scores.component`); ValueError if unknown."""
        ctx = self._ctx()
        if name in ctx.custom_names:
            return f"custom:{ctx.custom_names.index(name)}"
        specs = {s.name: s for s in component_specs()}
        if name in specs and specs[name].optional and self.weights.get(name, 0.0) == 0.0:
            raise ValueError(f"component {name!r} was not computed (its weight is 0)")
        if name not in specs and name not in ("fit_ab", "fit_ba"):
            known = ", ".join([*specs, "fit_ab", "fit_ba", *ctx.custom_names])
            raise ValueError(f"unknown component {name!r}; known components: {known}")
        return name

    def explain(self, a_id: str, b_id: str) -> Explanation:
        """Each component's value, weight and contribution for one pair, with the reasons.

        The pair may be given as (side-A id, side-B id) or the other way round; for
        sparse scores it need not be a candidate (it is scored on the spot).
        """
        ctx = self._ctx()
        assert self.mission is not None
        i, j = self.index(a_id, b_id)
        total, forbidden = self._pair(i, j)
        return explain_pair(
            ctx, self.mission, self.weights, i, j, total=total, forbidden=forbidden, forced=self.forced
        )


@dataclass(frozen=True, eq=False, kw_only=True)
class Scores(ScoresBase):
    """Scores of every pair of a mission: rows side A, columns side B.

    Attributes
    ----------
    row_ids : tuple of str
        Side-A ids in ``mission.ids("A")`` order (the rows).
    col_ids : tuple of str
        Side-B ids in ``mission.ids("B")`` order (the columns).
    total : ndarray of float64, shape (A, B)
        The weighted total of each pair, finite, in [0, 1]; read-only.
    forbidden : ndarray of bool, shape (A, B)
        Pairs a hard rule forbids (certification, do-not-meet, met-before with
        ``"forbid"``); read-only.
    forced : ndarray of intp, shape (k, 2)
        ``(row, col)`` pairs named in a must-meet wish by either side, sorted, unique,
        read-only.  A forced pair may also be forbidden.
    mission : Mission or None
        The mission scored.
    weights : mapping
        The normalised weight of each component (summing to 1).
    kernel : {"numpy", "numba"}
        What computed the totals (``score(kernel="auto")`` records its choice); the
        numbers do not depend on it.

    Examples
    --------
    >>> from matchmaker.scoring import score
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> s = score(east_java_south_sumatra_2020())
    >>> s.total.shape, len(s.row_ids), len(s.col_ids)
    ((46, 115), 46, 115)
    >>> a, b, value = s.top_pairs(1)[0]
    >>> bool(value == s.total[s.row_ids.index(a), s.col_ids.index(b)])
    True
    """

    total: NDArray[np.float64]
    forbidden: NDArray[np.bool_]
    kernel: str = "numpy"

    def _pair(self, i: int, j: int) -> tuple[float, bool]:
        return float(self.total[i, j]), bool(self.forbidden[i, j])

    def component(self, name: str) -> NDArray[np.float64]:
        """One component for every pair, shape (A, B), computed now (not stored).

        ``name`` is a component's name (``"fit"``, ``"regional"``, ``"scale"``,
        ``"wishes"``, a registered one: :mod:`matchmaker.scoring.components`), a custom
        component's name, or ``"fit_ab"`` / ``"fit_ba"`` (the fit of one direction:
        A sells to B, B sells to A).  Optional components (``"regional"``, ``"scale"``)
        exist only when their weight is positive.
        """
        ctx = self._ctx()
        key = self._component_key(name)
        out = np.empty(self.shape)
        for start, stop in block_rows(*self.shape):
            out[start:stop] = block_components(ctx.arrays, start, stop, (key,))[key]
        out.setflags(write=False)
        return out

    def top_pairs(self, k: int) -> list[tuple[str, str, float]]:
        """The ``k`` best pairs that are not forbidden, as ``(a_id, b_id, score)``.

        Sorted by score, highest first; ties by row, then column (input order).
        """
        n_cols = self.shape[1]
        if k <= 0 or n_cols == 0:
            return []
        best_vals = np.empty(0)
        best_flat = np.empty(0, dtype=np.int64)
        step = max(1, (1 << 20) // n_cols)
        for start in range(0, self.shape[0], step):
            stop = min(start + step, self.shape[0])
            allowed = ~self.forbidden[start:stop].ravel()
            flat = np.flatnonzero(allowed)
            values = self.total[start:stop].ravel()[flat]
            if values.size > k:  # keep the k best of the block, the lowest positions among ties
                kth = np.partition(values, values.size - k)[values.size - k]
                above = np.flatnonzero(values > kth)
                tied = np.flatnonzero(values == kth)[: k - above.size]
                keep = np.concatenate([above, tied])
                values, flat = values[keep], flat[keep]
            values = np.concatenate([best_vals, values])
            flat = np.concatenate([best_flat, flat + start * n_cols])
            order = np.lexsort((flat, -values))[:k]
            best_vals, best_flat = values[order], flat[order]
        return [
            (self.row_ids[int(f) // n_cols], self.col_ids[int(f) % n_cols], float(v))
            for v, f in zip(best_vals, best_flat, strict=True)
        ]


def explain_pair(
    ctx: ScoringContext,
    mission: Mission,
    weights: Mapping[str, float],
    i: int,
    j: int,
    *,
    total: float,
    forbidden: bool,
    forced: NDArray[np.intp],
) -> Explanation:
    """The :class:`Explanation` of pair (row ``i``, column ``j``) whose ``total`` and ``forbidden`` are known.

    Shared by :meth:`Scores.explain` and the sparse scores of
    :mod:`matchmaker.scoring.sparse`: each component is recomputed for the pair's row.
    """
    a, b = mission.side("A")[i], mission.side("B")[j]
    specs = [s for s in component_specs() if not s.optional or weights.get(s.name, 0.0) > 0]
    keys = [
        *(s.name for s in specs),
        *(f"custom:{k}" for k in range(len(ctx.custom_names))),
        "fit_ab",
        "fit_ba",
    ]
    row = block_components(ctx.arrays, i, i + 1, keys)
    raw = {name: float(row[name][0, j]) for name in keys}
    reasons = _Reasons(ctx, a, b, raw)
    components = []
    for spec in specs:
        weight, value = float(weights[spec.name]), raw[spec.name]
        components.append(
            ComponentExplanation(spec.name, value, weight, weight * value, tuple(spec.explain(reasons)))
        )
    for k, name in enumerate(ctx.custom_names):
        weight, value = float(weights[name]), raw[f"custom:{k}"]
        components.append(
            ComponentExplanation(
                name, value, weight, weight * value, ("custom component, given by the caller",)
            )
        )
    subtotal = math.fsum(c.contribution for c in components)
    penalised = _contains(ctx.arrays.penalised, i, j)
    adjustment = total - subtotal if penalised else 0.0
    _, _, forced_reasons, vetoed = wish_reasons(a, b)
    forbidden_reasons = list(vetoed) + reasons.certification_forbids()
    if ctx.met_before_mode == "forbid" and _contains(ctx.met_before, i, j):
        forbidden_reasons.append(f"{a.id} and {b.id} have met before (met_before_mode='forbid')")
    return Explanation(
        a_id=a.id,
        b_id=b.id,
        a_name=a.name,
        b_name=b.name,
        total=total,
        components=tuple(components),
        adjustment=adjustment,
        adjustment_reason=(f"met before: total × (1 - {ctx.arrays.penalty:g})" if penalised else None),
        forbidden=forbidden,
        forbidden_reasons=tuple(forbidden_reasons),
        forced=bool(_contains(forced, i, j)),
        forced_reasons=tuple(forced_reasons),
        matches=tuple(reasons.matches),
    )


def _contains(pairs: NDArray[np.intp], i: int, j: int) -> bool:
    return bool(np.any((pairs[:, 0] == i) & (pairs[:, 1] == j))) if pairs.size else False


class _Reasons:
    """The words behind one pair's components, from the scalar functions of each component."""

    def __init__(self, ctx: ScoringContext, a: Participant, b: Participant, raw: Mapping[str, float]) -> None:
        self.ctx, self.a, self.b, self.raw = ctx, a, b, raw
        self.blocked = {
            "A→B": missing_certifications(a, b),
            "B→A": missing_certifications(b, a),
        }
        self.directions = {"A→B": (a, b), "B→A": (b, a)}
        self.matches: list[fitmod.LineMatch] = []
        # per direction, the need lines (by position) that a certification of their own blocks:
        # each is told in its place, under its direction, instead of "nothing offered"
        self.line_blocked: dict[str, dict[int, str]] = {label: {} for label in self.directions}
        self.per_direction: dict[str, list[fitmod.LineMatch]] = {}
        for label, (seller, buyer) in self.directions.items():
            cover = fitmod.coverage(seller.offers, ctx.params)
            weights = fitmod.line_weights(buyer.needs)
            found = []
            for k, (need, weight) in enumerate(zip(buyer.needs, weights, strict=True)):
                chosen, _, common, via_link = fitmod.best_offers(seller.offers, need, ctx.params)
                value = fitmod.need_fit(cover, need, ctx.params)
                offered = tuple(seller.offers[c] for c in chosen)
                lacking = missing_for_line(seller, buyer, need)
                if lacking and value > 0:  # the line's own certification blocks it: it counts for nothing
                    self.line_blocked[label][k] = (
                        f"need {fitmod.code_label(need)} (weight {weight:.2f}): {buyer.id} requires "
                        f"{', '.join(lacking)} for it, which {seller.id} lacks → 0"
                    )
                    value, offered = 0.0, ()
                found.append(fitmod.LineMatch(need, float(weight), value, offered, common, via_link, label))
            self.per_direction[label] = found
            self.matches += found

    def binds(self, label: str) -> bool:
        """Whether a certification blocks direction ``label`` (the seller lacks it and would sell)."""
        return bool(self.blocked[label]) and any(m.weight * m.fit > 0 for m in self.per_direction[label])

    def _active(self) -> list[tuple[str, Participant, Participant, fitmod.LineMatch]]:
        """Need lines that count: positive fit, direction not blocked."""
        out = []
        for label, (seller, buyer) in self.directions.items():
            if not self.binds(label):
                out += [(label, seller, buyer, m) for m in self.per_direction[label] if m.weight * m.fit > 0]
        return out

    def fit(self) -> list[str]:
        out: list[str] = []
        for label, (seller, buyer) in self.directions.items():
            value = self.raw["fit_ab" if label == "A→B" else "fit_ba"]
            head = f"{label}: {seller.id} sells to {buyer.id}: {value:.3f}"
            if not seller.offers:
                out.append(f"{head} ({seller.id} offers nothing)")
                continue
            if not buyer.needs:
                out.append(f"{head} ({buyer.id} needs nothing)")
                continue
            matched = self.per_direction[label]
            if self.binds(label):
                lacking = ", ".join(self.blocked[label])
                out.append(f"{head} (blocked: {buyer.id} requires {lacking}, which {seller.id} lacks)")
            else:
                out.append(head + " = Σ weight × fit over the needs:")
            told = self.line_blocked[label]
            out += [f"  {told.get(k) or m.describe()}" for k, m in enumerate(matched)]
        out.append("fit = min(1, A→B + B→A): both directions of trade count, up to one exact match")
        return out

    def regional(self) -> list[str]:
        model = self.ctx.regional
        if model is None:
            return []
        active = self._active()
        if not active:
            return ["no fit, so no regional potential"]
        out = [f"fit × the fit-weighted mean over the matched needs ({model.table.source}):"]
        for label, seller, buyer, m in active:
            out.append(f"  {label} {model.reason(seller, buyer, m.need)} (weight {m.weight * m.fit:.3f})")
        weights = [m.weight * m.fit for _, _, _, m in active]
        values = [model.potential_of(s, b, m.need) for _, s, b, m in active]
        mean = math.fsum(w * v for w, v in zip(weights, values, strict=True)) / math.fsum(weights)
        out.append(
            f"regional = fit × Σ weight × potential / Σ weight = {self.raw['fit']:.3f} × {mean:.3f} "
            f"= {self.raw['fit'] * mean:.3f}"
        )
        return out

    def scale(self) -> list[str]:
        active = self._active()
        if not active:
            return ["no fit, so no scale"]
        out = [
            f"fit / (1 + M²), M² the fit-weighted mean of d², d = log10(need / capacity) + {HEADROOM:g} "
            "(1 when unknown; a seller about 3 times the need is ideal):"
        ]
        ratios: list[float] = []
        for label, seller, _buyer, m in active:
            size = need_size(m.need)
            ratios.append(1.0)
            if size is None:
                out.append(f"  {label} need {fitmod.code_label(m.need)}: no size stated → one decade")
                continue
            channel, wanted = size
            chosen = [seller.offers.index(o) for o in m.offers]
            cap = capacity(seller.offers, chosen, channel)
            if cap is None:
                what = "value" if channel == "IDR" else f"volume in {channel}"
                need = f"{fitmod.code_label(m.need)} {describe_size(channel, wanted)}"
                out.append(f"  {label} need {need}: {seller.id} states no {what} for it → one decade")
                continue
            ratios[-1] = size_gap(wanted, cap)
            sizes = f"{describe_size(channel, wanted)} vs capacity {describe_size(channel, cap)}"
            out.append(
                f"  {label} need {fitmod.code_label(m.need)} {sizes}: d {ratios[-1]:+.2f} "
                f"(weight {m.weight * m.fit:.3f})"
            )
        value = compatibility(ratios, [m.weight * m.fit for _, _, _, m in active])
        gated = self.raw["fit"] * value
        out.append(f"scale = fit × 1 / (1 + M²) = {self.raw['fit']:.3f} × {value:.3f} = {gated:.3f}")
        return out

    def wishes(self) -> list[str]:
        _, wishes, _, _ = wish_reasons(self.a, self.b)
        return wishes or ["no wishes between them"]

    def certification_forbids(self) -> list[str]:
        out = []
        active_any = bool(self._active())
        for label, (seller, buyer) in self.directions.items():
            if self.binds(label) and not active_any:
                lacking = ", ".join(self.blocked[label])
                out.append(
                    f"{buyer.id} requires {lacking} of its sellers, which {seller.id} lacks, and no other "
                    "direction of trade remains"
                )
        return out
