"""A scoring request: its options (:class:`ScoreOptions`), checked and turned into the kernel's arrays.

:func:`prepare_scoring` is shared by the dense and the sparse scores
(:func:`matchmaker.scoring.score` with and without ``top_k``): it checks every option at
once and builds :class:`ScoringInputs`, scoring no pair.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.reference.grdp import RegionalTable
from matchmaker.scoring import compiled
from matchmaker.scoring.algorithms import (
    DTYPE,
    Direction,
    PairArrays,
    Pairwise,
    compiled_agrees,
    compiled_problem,
)
from matchmaker.scoring.compiled import KERNELS, Kernel
from matchmaker.scoring.components import component_specs
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
from matchmaker.scoring.scores import ScoringContext
from matchmaker.scoring.weights import FitParams, Weights, normalise
from matchmaker.scoring.wishes import wish_pairs

__all__ = ["LEVELS", "TILE", "ScoreOptions", "ScoringInputs", "prepare_scoring"]

#: The bands of sparse candidate generation (see :mod:`matchmaker.scoring.candidates`).
LEVELS = (0.5, 0.4, 0.25, 0.125, 0.0)
#: Default tile (rows, columns) of sparse scoring: a task of a few tenths of a second.
TILE = (1024, 4096)


@dataclass(frozen=True, kw_only=True)
class ScoreOptions:
    """Everything :func:`matchmaker.scoring.score` can be told, besides the mission and ``top_k``.

    ``score(mission, weights, year=2019)`` and
    ``score(mission, options=ScoreOptions(weights=weights, year=2019))`` are the same
    call; the run config (``[weights]`` and ``[scoring]``, :mod:`matchmaker.config`)
    builds one too.  Nothing is checked when it is made: :func:`prepare_scoring`
    checks every option at once (:meth:`problems`) together with the mission.

    Parameters
    ----------
    weights : Weights or mapping, optional
        Weights of the components (default :class:`Weights`); a mapping names some of
        them (the others get 0).
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
        Threads (dense: 1 below a million pairs, else up to 2 as the CPUs allow; sparse:
        the thread executor's).  The result does not depend on it.
    kernel : {"auto", "numpy", "numba"}
        What computes the totals: NumPy passes, or one compiled pass
        (:mod:`matchmaker.scoring.compiled`, the ``fast`` extra).  ``"auto"`` takes numba
        when it can be imported, gives NumPy's numbers on this machine and the mission has
        at least :data:`~matchmaker.scoring.compiled.MIN_PAIRS` pairs.  The same numbers,
        bit for bit; the result records which ran (``Scores.kernel``,
        ``SparseScores.stats``).  With a registered or custom component of positive
        weight, and on an executor other than ``"serial"`` or ``"threads"`` (a Dask
        cluster), NumPy runs (and is recorded) whatever is asked.
    executor : None, "serial", "threads", "dask", a ``dask.distributed.Client`` or an Executor
        Sparse scoring only: where tiles are scored
        (:func:`matchmaker.scoring.distributed.resolve_executor`).
    levels : sequence of float
        Sparse scoring only: the bands of candidate generation, decreasing to 0.  They
        change the work, not the result.
    tile : (int, int)
        Sparse scoring only: most rows and columns of a tile.  Changes the work, not the result.
    progress : callable, optional
        Sparse scoring only: called with a line of text after each round.

    Examples
    --------
    >>> options = ScoreOptions(weights={"fit": 1}, met_before_mode="forbid")
    >>> options.year, options.problems()
    (2020, [])
    >>> ScoreOptions.from_keywords({"yaer": 2019}).problems()[0].message
    "score() takes no option 'yaer'"
    """

    weights: Weights | Mapping[str, float] | None = None
    custom: Sequence[CustomComponent] = ()
    params: FitParams | None = None
    year: int = 2020
    regional_table: RegionalTable | None = None
    sector_map: Mapping[str, str] | None = None
    met_before: Iterable[Sequence[str]] = ()
    met_before_mode: str = "penalise"
    met_before_penalty: float = 0.5
    workers: int | None = None
    kernel: str = "auto"
    executor: object = None
    levels: Sequence[float] = LEVELS
    tile: tuple[int, int] = TILE
    progress: Callable[[str], None] | None = None
    unknown: tuple[str, ...] = field(default=(), repr=False)  # names given that are no option

    #: The options a run config may set in its ``[scoring]`` section (weights go in ``[weights]``).
    CONFIG_KEYS = ("year", "met_before_mode", "met_before_penalty", "workers", "kernel")

    def __post_init__(self) -> None:
        # iterables are read once, so that the options can be used twice
        object.__setattr__(self, "custom", tuple(self.custom))
        object.__setattr__(self, "met_before", tuple(tuple(p) for p in self.met_before))

    @classmethod
    def from_keywords(cls, keywords: Mapping[str, object], base: ScoreOptions | None = None) -> ScoreOptions:
        """``base`` (default: the defaults) with the options named in ``keywords``; unknown names are kept
        for :meth:`problems` to report."""
        known = {f.name for f in dataclasses.fields(cls)} - {"unknown"}
        good: dict[str, Any] = {k: v for k, v in keywords.items() if k in known}  # checked by problems()
        base = base or cls()
        # names the base was given that are no option stay, to be reported with the new ones
        bad = tuple(sorted({*base.unknown, *(k for k in keywords if k not in known)}))
        return dataclasses.replace(base, **good, unknown=bad)

    @property
    def mode(self) -> str:
        """``met_before_mode`` with the American spelling accepted."""
        mode: object = self.met_before_mode  # a config can give any value; problems() names it
        return "penalise" if mode == "penalize" else self.met_before_mode

    def keywords(self) -> dict[str, object]:
        """The options that differ from the defaults, as keyword arguments of ``score``."""
        default = ScoreOptions()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name != "unknown" and getattr(self, f.name) != getattr(default, f.name)
        }

    def problems(self) -> list[Problem]:
        """What is wrong with the options themselves (the mission's problems are found later)."""
        names = ", ".join(f.name for f in dataclasses.fields(self) if f.name != "unknown")
        out = [
            Problem(
                f"score() takes no option {name!r}",
                kind="unknown-option",
                field=name,
                hint=f"the options: {names}",
            )
            for name in self.unknown
        ]
        penalty: object = self.met_before_penalty
        workers: object = self.workers
        kernel: object = self.kernel
        invalid = (
            (
                self.mode not in MET_BEFORE_MODES,
                "met_before_mode",
                f"met_before_mode must be 'penalise' or 'forbid', got {self.met_before_mode!r}",
            ),
            (
                isinstance(penalty, bool) or not isinstance(penalty, (int, float)) or not 0 <= penalty <= 1,
                "met_before_penalty",
                f"met_before_penalty must be a number in [0, 1], got {penalty!r}",
            ),
            (
                workers is not None
                and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1),
                "workers",
                f"workers must be a positive whole number, got {workers!r}",
            ),
            (
                kernel not in KERNELS,
                "kernel",
                f"kernel must be one of {', '.join(map(repr, KERNELS))}, got {kernel!r}",
            ),
        )
        out += [Problem(message, kind="invalid", field=name) for bad, name, message in invalid if bad]
        return out


T = TypeVar("T")


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


def _union(*pairs: NDArray[np.intp]) -> NDArray[np.intp]:
    """The distinct (row, col) pairs of ``pairs``, sorted by row, then column.

    >>> _union(np.array([[1, 0], [0, 5]]), np.array([[1, 0]])).tolist()
    [[0, 5], [1, 0]]
    """
    joined = np.concatenate([p.reshape(-1, 2) for p in pairs]).astype(np.intp)
    if not joined.size:
        out: NDArray[np.intp] = joined.reshape(0, 2)
    else:  # one key per pair, in row-then-column order: np.unique(axis=0) is many times slower
        width = int(joined[:, 1].max()) + 1
        keys = np.unique(joined[:, 0] * width + joined[:, 1])
        out = np.stack((keys // width, keys % width), axis=1)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class ScoringInputs:
    """A checked scoring request turned into the kernel's arrays, before any pair is scored.

    :func:`~matchmaker.scoring.score` fills the dense A×B matrix from it, or (with
    ``top_k``) scores only the candidate pairs (:mod:`matchmaker.scoring.sparse`).

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
    options: ScoreOptions = field(default_factory=ScoreOptions)


def prepare_scoring(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    options: ScoreOptions | None = None,
    **keywords: object,
) -> ScoringInputs:
    """Check a scoring request (all problems at once) and build the kernel's arrays.

    Takes the arguments of :func:`~matchmaker.scoring.score` (the options as a
    :class:`ScoreOptions`, or as keywords, or both: keywords win) and raises the same
    ``ValidationError``; scores no pair.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> inputs = prepare_scoring(east_java_south_sumatra_2020())
    >>> inputs.arrays.n_rows, inputs.arrays.n_cols, round(sum(inputs.weights.values()), 9)
    (46, 115, 1.0)
    """
    return prepare_options(mission, *resolve_options(weights, options, keywords))


def resolve_options(
    weights: Weights | Mapping[str, float] | None,
    options: ScoreOptions | None,
    keywords: Mapping[str, object],
) -> tuple[ScoreOptions, list[Problem]]:
    """One :class:`ScoreOptions` from ``score``'s arguments (``options``, then the keywords, then
    ``weights``) and the problem of weights given twice."""
    opts = ScoreOptions.from_keywords(keywords, options)
    if weights is None:
        return opts, []
    if opts.weights is not None:
        twice = Problem(
            "weights are given twice: as an argument and in options=",
            kind="conflict",
            field="weights",
            hint="give them once",
        )
        return opts, [twice]
    return dataclasses.replace(opts, weights=weights), []


def _shares(opts: ScoreOptions, checks: _Problems) -> dict[str, float] | None:
    """The weights' shares (the built-in and custom components'), or None with the problems in ``checks``."""
    weights = opts.weights
    chosen: Weights | None
    if weights is None:
        chosen = Weights()
    elif isinstance(weights, Weights):
        chosen = weights
    else:
        named = weights
        chosen = checks.attempt(lambda: Weights.from_mapping(named))
    own_weights = [(c.name, c.weight) for c in opts.custom if isinstance(c, CustomComponent)]
    base = chosen
    return checks.attempt(lambda: normalise(base, own_weights)) if base is not None else None


def chosen_kernel(mission: Mission, opts: ScoreOptions, problems: list[Problem]) -> Kernel:
    """The kernel ``opts.kernel`` runs on ``mission``: ``"numpy"`` or ``"numba"``.

    Asked before any work: numba is imported and checked here (:func:`compiled_problem`),
    before threads start.  ``"auto"`` takes NumPy below :data:`compiled.MIN_PAIRS` pairs
    and whenever numba fails to import, to compile or to agree with NumPy.  ``"numba"``
    without numba raises :class:`~matchmaker.errors.MissingDependencyError` (naming the
    extra); where it cannot stand in for NumPy, the reason is added to ``problems``
    (reported with the others).  A value that is no kernel is left to
    :meth:`ScoreOptions.problems`.
    """
    kernel = opts.kernel
    if kernel not in ("auto", "numba") or not isinstance(mission, Mission):
        return "numpy"
    if kernel == "auto":
        if len(mission.side("A")) * len(mission.side("B")) < compiled.MIN_PAIRS:
            return "numpy"
        return "numba" if compiled_agrees() else "numpy"
    found = kernel_problem()
    problems += found
    return "numpy" if found else "numba"


def kernel_problem() -> list[Problem]:
    """Why ``kernel="numba"`` cannot run here, as problems (none when it can).

    Raises :class:`~matchmaker.errors.MissingDependencyError` without numba.
    """
    reason = compiled_problem()
    if reason is None:
        return []
    return [
        Problem(
            f"kernel='numba' cannot be used here: {reason}",
            kind="kernel-unusable",
            field="kernel",
            hint="use kernel 'auto' (it takes NumPy here) or 'numpy': the scores are the same",
            data={"reason": reason},
        )
    ]


def weight_problems(opts: ScoreOptions) -> list[Problem]:
    """The problems of ``opts``' weights (its and the custom components'), found without the participants.

    :func:`prepare_options` reports them too (with the rest); the dense ``score()`` asks
    first, after ``opts.problems()``, so that a request wrong in these does not map its
    outputs (9 bytes per pair) before it is refused.
    """
    checks = _Problems()
    _shares(opts, checks)
    return checks.found


def prepare_options(
    mission: Mission, opts: ScoreOptions, problems: Sequence[Problem] = (), *, threads: int = 1
) -> ScoringInputs:
    """:func:`prepare_scoring` on resolved options; ``problems`` found before are reported with the others.

    With ``threads > 1`` the two directions of trade are built side by side (the same arrays).
    """
    if not isinstance(mission, Mission):
        raise ValidationError(
            Problem(f"score() needs a Mission, got {type(mission).__name__}", kind="type", field="mission")
        )
    custom, mode = opts.custom, opts.mode
    checks = _Problems()
    checks.found += [*problems, *opts.problems()]
    shares = _shares(opts, checks)
    met = checks.attempt(lambda: met_before_pairs(mission, opts.met_before))
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
            lambda: regional_model(
                codes, table=opts.regional_table, year=opts.year, sector_map=opts.sector_map
            )
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
        params=opts.params or FitParams(),
        regional=model,
        regional_share=shares["regional"],
        scale_share=shares["scale"],
        centres=size_centres(groups),
        fit_scale=shares["fit"] if shares["fit"] > 0 else 1.0,
    )
    wishes = wish_pairs(mission)
    no_pairs = np.zeros((0, 2), dtype=np.intp)

    def a_sells() -> Direction:
        needed = requirement_sets(side_b, side_a)
        return rows_sell(build_direction(offers_a, needs_b, plan, regions_a, regions_b, needed), DTYPE)

    def b_sells() -> Direction:
        needed = requirement_sets(side_a, side_b)
        return cols_sell(build_direction(offers_b, needs_a, plan, regions_b, regions_a, needed), DTYPE)

    if threads > 1:
        # B's direction on a second thread while this one builds A's: most of a direction's
        # time is NumPy on (lines x codes) arrays, which releases the GIL (10k x 10k: 87 and
        # 30 ms one after the other, ~40 ms less side by side).  The same arrays either way.
        with ThreadPoolExecutor(max_workers=1) as pool:
            later = pool.submit(b_sells)
            ab = a_sells()
            ba = later.result()
    else:
        ab, ba = a_sells(), b_sells()
    arrays = PairArrays(
        n_rows=len(side_a),
        n_cols=len(side_b),
        ab=ab,
        ba=ba,
        shares=np.array(list(shares.values())),
        custom=values,
        liked=wishes.liked,
        liked_values=wishes.values,
        banned=_union(wishes.vetoed, met if mode == "forbid" else no_pairs),
        penalised=met if mode == "penalise" else no_pairs,
        penalty=float(opts.met_before_penalty),
        fit_scale=plan.fit_scale,
        pairwise=tuple(
            Pairwise(s.name, s.features(side_a), s.features(side_b), s.pair)
            for s in component_specs()
            if s.slot == "pairwise" and s.features is not None and s.pair is not None
        ),
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
        options=opts,
    )
