"""``score(mission)``: validate the request, prepare the arrays, fill the A×B matrix block by block."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.reference.grdp import RegionalTable
from matchmaker.scoring.algorithms import DTYPE, PairArrays, score_dense
from matchmaker.scoring.custom import CustomComponent, resolve_custom
from matchmaker.scoring.engine import (
    DirectionPlan,
    LineArrays,
    build_direction,
    cols_sell,
    line_arrays,
    rows_sell,
    size_centres,
)
from matchmaker.scoring.regional import RegionalModel, regional_model
from matchmaker.scoring.rules import MET_BEFORE_MODES, met_before_pairs, requirement_sets
from matchmaker.scoring.scores import Scores, ScoringContext
from matchmaker.scoring.weights import FitParams, Weights, normalise
from matchmaker.scoring.wishes import wish_pairs

__all__ = ["ScoringInputs", "prepare_scoring", "score"]

T = TypeVar("T")
#: Below this many pairs the dense matrix is filled on one thread.
PARALLEL_PAIRS = 1_000_000


class _Problems:
    """Collects the problems of several checks, so that all are reported at once."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def attempt(self, check: Callable[[], T]) -> T | None:
        """``check()``, or ``None`` with its problems kept when it raises ValidationError."""
        try:
            return check()
        except ValidationError as exc:
            self.found += exc.problems
            return None


def _option_problems(mode: str, penalty: object, workers: object) -> list[Problem]:
    out = []
    if mode not in MET_BEFORE_MODES:
        out.append(
            Problem(
                f"met_before_mode must be 'penalise' or 'forbid', got {mode!r}",
                kind="invalid",
                field="met_before_mode",
            )
        )
    if isinstance(penalty, bool) or not isinstance(penalty, (int, float)) or not 0 <= penalty <= 1:
        out.append(
            Problem(
                f"met_before_penalty must be a number in [0, 1], got {penalty!r}",
                kind="invalid",
                field="met_before_penalty",
            )
        )
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        out.append(
            Problem(
                f"workers must be a positive whole number, got {workers!r}", kind="invalid", field="workers"
            )
        )
    return out


def _union(*pairs: NDArray[np.intp]) -> NDArray[np.intp]:
    joined = np.concatenate([p.reshape(-1, 2) for p in pairs]).astype(np.intp)
    out: NDArray[np.intp] = np.unique(joined, axis=0) if joined.size else joined.reshape(0, 2)
    out.setflags(write=False)
    return out


def _workers(workers: int | None, arrays: PairArrays) -> int:
    if workers is not None:
        return workers
    if arrays.n_rows * arrays.n_cols < PARALLEL_PAIRS:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def score(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    custom: Sequence[CustomComponent] = (),
    params: FitParams | None = None,
    year: int = 2020,
    regional_table: RegionalTable | None = None,
    sector_map: Mapping[str, str] | None = None,
    met_before: Iterable[Sequence[str]] = (),
    met_before_mode: str = "penalise",
    met_before_penalty: float = 0.5,
    workers: int | None = None,
) -> Scores:
    """Score every pair of a mission: rows are side A, columns side B (input order).

    Components (formulas in ``docs/scoring.md`` and each module's docstring):
    ``fit`` (sector/product fit, both directions), ``regional`` (location quotients of
    the two regions in the traded sectors), ``scale`` (stated sizes), ``wishes``, and the
    caller's ``custom`` components.  The total is their weighted sum with normalised
    weights, so it lies in [0, 1].  Hard rules give the ``forbidden`` mask and
    must-meet wishes the ``forced`` pairs.

    Parameters
    ----------
    mission : Mission
        The mission to score; not changed.
    weights : Weights or mapping, optional
        Weights of the built-in components (default :class:`Weights`); a mapping names
        some of ``fit, regional, scale, wishes`` (the others get 0).
    custom : sequence of CustomComponent
        The caller's own A×B components, each with its weight.
    params : FitParams, optional
        Decay parameters of the fit.
    year : int
        Year of the packaged GRDP table (2013-2020).
    regional_table : RegionalTable, optional
        A region × sector table to use instead (any country); participants are
        looked up by their ``province`` text (see :mod:`matchmaker.scoring.regional`).
    sector_map : mapping, optional
        PDRB group → sector of ``regional_table``, when its sectors differ.
    met_before : iterable of (id, id)
        Pairs that met before or already trade, in either order.
    met_before_mode : {"penalise", "forbid"}
        Multiply their total by ``1 - met_before_penalty``, or forbid them.
    met_before_penalty : float
        In [0, 1].
    workers : int, optional
        Threads that fill the matrix (default: 1 below a million pairs, else up to
        2 as the CPUs allow).  The result does not depend on it.

    Returns
    -------
    Scores

    Raises
    ------
    ValidationError
        Before any scoring, listing every problem: bad weights or parameters, a bad
        custom component (shape, NaN/inf, range), a participant whose region is not in
        the regional table, an unknown met-before id.

    Notes
    -----
    The kernel sums in single precision (float32) for speed; totals are float64 arrays
    exact to about 1e-7, far below any difference that matters between two pairs.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> s = score(east_java_south_sumatra_2020())
    >>> s.shape, bool(s.total.min() >= 0), bool(s.total.max() <= 1)
    ((46, 115), True, True)
    >>> a, b, value = s.top_pairs(1)[0]
    >>> print(s.explain(a, b).summary)  # doctest: +ELLIPSIS
    JT-... × SS-... 0... = fit ...
    """
    inputs = prepare_scoring(**locals())  # this function's arguments, as they are
    total, forbidden = score_dense(inputs.arrays, workers=_workers(workers, inputs.arrays))
    total.setflags(write=False)
    forbidden.setflags(write=False)
    return Scores(
        row_ids=mission.ids("A"),
        col_ids=mission.ids("B"),
        total=total,
        forbidden=forbidden,
        forced=inputs.forced,
        mission=mission,
        weights=inputs.weights,
        context=inputs.context,
    )


@dataclass(frozen=True, eq=False)
class ScoringInputs:
    """A checked scoring request turned into the kernel's arrays, before any pair is scored.

    :func:`score` fills the dense A×B matrix from it; the sparse pipeline
    (:func:`matchmaker.scoring.sparse.score_sparse`) scores only candidate pairs.

    Attributes
    ----------
    mission : Mission
        The mission (rows: side A, columns: side B).
    arrays : PairArrays
        The kernel's input (:mod:`matchmaker.scoring.algorithms`).
    context : ScoringContext
        What ``explain`` and ``component`` need besides the arrays.
    weights : mapping
        The normalised weight of each component.
    forced : ndarray of intp, shape (k, 2)
        Must-meet pairs (row, col), sorted, unique, read-only.
    lines : tuple of LineArrays
        Offers and needs of side A, then of side B (``offers_a, needs_a, offers_b, needs_b``).
    regions : tuple of ndarray
        Each participant's row in the regional table (side A, side B; -1 when unused).
    """

    mission: Mission
    arrays: PairArrays
    context: ScoringContext
    weights: Mapping[str, float]
    forced: NDArray[np.intp]
    lines: tuple[LineArrays, LineArrays, LineArrays, LineArrays]
    regions: tuple[NDArray[np.intp], NDArray[np.intp]]


def prepare_scoring(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    custom: Sequence[CustomComponent] = (),
    params: FitParams | None = None,
    year: int = 2020,
    regional_table: RegionalTable | None = None,
    sector_map: Mapping[str, str] | None = None,
    met_before: Iterable[Sequence[str]] = (),
    met_before_mode: str = "penalise",
    met_before_penalty: float = 0.5,
    workers: int | None = None,
) -> ScoringInputs:
    """Check a scoring request (all problems at once) and build the kernel's arrays.

    Takes the arguments of :func:`score` and raises the same ``ValidationError``;
    scores no pair.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> inputs = prepare_scoring(east_java_south_sumatra_2020())
    >>> inputs.arrays.n_rows, inputs.arrays.n_cols, round(sum(inputs.weights.values()), 9)
    (46, 115, 1.0)
    """
    if not isinstance(mission, Mission):
        raise ValidationError(
            Problem(f"score() needs a Mission, got {type(mission).__name__}", kind="type", field="mission")
        )
    mode = {"penalize": "penalise"}.get(met_before_mode, met_before_mode)
    checks = _Problems()
    checks.found += _option_problems(mode, met_before_penalty, workers)
    chosen: Weights | None
    if weights is None:
        chosen = Weights()
    elif isinstance(weights, Weights):
        chosen = weights
    else:
        named = weights
        chosen = checks.attempt(lambda: Weights.from_mapping(named))
    custom = tuple(custom)
    own_weights = [(c.name, c.weight) for c in custom if isinstance(c, CustomComponent)]
    base = chosen
    shares = checks.attempt(lambda: normalise(base, own_weights)) if base is not None else None
    met = checks.attempt(lambda: met_before_pairs(mission, met_before))
    side_a, side_b = mission.side("A"), mission.side("B")
    offers_a, needs_a = line_arrays(side_a, "offers"), line_arrays(side_a, "needs")
    offers_b, needs_b = line_arrays(side_b, "offers"), line_arrays(side_b, "needs")
    groups = (offers_a, needs_a, offers_b, needs_b)
    model: RegionalModel | None = None
    regions_a: NDArray[np.intp] | None = np.full(len(side_a), -1, dtype=np.intp)
    regions_b: NDArray[np.intp] | None = np.full(len(side_b), -1, dtype=np.intp)
    if shares is None or shares["regional"] > 0:
        codes = {key for g in groups for key in g.codes}
        model = checks.attempt(
            lambda: regional_model(codes, table=regional_table, year=year, sector_map=sector_map)
        )
        if model is not None:
            found = model
            regions_a = checks.attempt(lambda: found.regions(side_a))
            regions_b = checks.attempt(lambda: found.regions(side_b))
    values = checks.attempt(lambda: resolve_custom(custom, mission))
    if checks.found:
        raise ValidationError(checks.found)
    if shares is None or met is None or values is None or regions_a is None or regions_b is None:
        raise AssertionError("validation passed without a result")  # pragma: no cover

    plan = DirectionPlan(
        params=params or FitParams(),
        regional=model,
        regional_share=shares["regional"],
        scale_share=shares["scale"],
        centres=size_centres(groups),
        fit_scale=shares["fit"] if shares["fit"] > 0 else 1.0,
    )
    wishes = wish_pairs(mission)
    no_pairs = np.zeros((0, 2), dtype=np.intp)
    arrays = PairArrays(
        n_rows=len(side_a),
        n_cols=len(side_b),
        ab=rows_sell(
            build_direction(offers_a, needs_b, plan, regions_a, regions_b, requirement_sets(side_b, side_a)),
            DTYPE,
        ),
        ba=cols_sell(
            build_direction(offers_b, needs_a, plan, regions_b, regions_a, requirement_sets(side_a, side_b)),
            DTYPE,
        ),
        shares=np.array(list(shares.values())),
        custom=values,
        liked=wishes.liked,
        liked_values=wishes.values,
        banned=_union(wishes.vetoed, met if mode == "forbid" else no_pairs),
        penalised=met if mode == "penalise" else no_pairs,
        penalty=float(met_before_penalty),
        fit_scale=plan.fit_scale,
    )
    context = ScoringContext(
        arrays=arrays,
        params=plan.params,
        regional=model,
        custom_names=tuple(c.name for c in custom),
        met_before=met,
        met_before_mode=mode,
    )
    return ScoringInputs(
        mission=mission,
        arrays=arrays,
        context=context,
        weights=MappingProxyType(shares),
        forced=wishes.forced,
        lines=(offers_a, needs_a, offers_b, needs_b),
        regions=(regions_a, regions_b),
    )
